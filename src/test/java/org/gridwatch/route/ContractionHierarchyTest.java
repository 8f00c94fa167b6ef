package org.gridwatch.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.gridwatch.geo.GeometryFactories;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.LineString;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The contraction hierarchy's many-to-many distances against plain Dijkstra searches: on random graphs
 * with one-way and closed edges (every pair of nodes), and on the real Monaco network through
 * {@link RoutingNetwork} (places snapped part-way along streets), on foot and by vehicle.
 */
class ContractionHierarchyTest {

    @Test
    void everyNodePairMatchesDijkstraOnRandomGraphsWithOneWayEdges() {
        for (long seed = 1; seed <= 6; seed++) {
            System.out.println("ContractionHierarchyTest random graph seed " + seed);
            Random r = new Random(seed);
            int n = 150 + r.nextInt(150);
            double[] xs = new double[n];
            double[] ys = new double[n];
            for (int i = 0; i < n; i++) {
                xs[i] = r.nextDouble() * 1000;
                ys[i] = r.nextDouble() * 1000;
            }
            List<int[]> edges = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                // Each node to a few near nodes, some twice (parallel edges), a few self-loops.
                for (int k = 0; k < 3; k++) {
                    int j = r.nextInt(20) == 0 ? i : nearRandom(r, xs, ys, i);
                    edges.add(new int[]{i, j});
                }
            }
            int m = edges.size();
            int[] from = new int[m];
            int[] to = new int[m];
            double[] len = new double[m];
            byte[] access = new byte[m];
            for (int e = 0; e < m; e++) {
                from[e] = edges.get(e)[0];
                to[e] = edges.get(e)[1];
                len[e] = Math.hypot(xs[from[e]] - xs[to[e]], ys[from[e]] - ys[to[e]]) * (1 + r.nextDouble() * 0.3);
                int walk = StreetGraph.WALK_FORWARD | StreetGraph.WALK_BACKWARD;
                int drive = switch (r.nextInt(5)) {
                    case 0 -> StreetGraph.DRIVE_FORWARD;
                    case 1 -> StreetGraph.DRIVE_BACKWARD;
                    case 2 -> 0;
                    default -> StreetGraph.DRIVE_FORWARD | StreetGraph.DRIVE_BACKWARD;
                };
                access[e] = (byte) (walk | drive);
            }
            StreetGraph g = new StreetGraph(xs, ys, from, to, len, access);
            for (Profile profile : Profile.values()) {
                ContractionHierarchy ch = ContractionHierarchy.build(g, profile);
                ContractionHierarchy.Endpoint[] all = new ContractionHierarchy.Endpoint[n];
                for (int v = 0; v < n; v++) all[v] = new ContractionHierarchy.Endpoint(new int[]{v}, new double[]{0});
                double[][] d = ch.manyToMany(all, all, 2);
                Dijkstra dijkstra = new Dijkstra(g, profile);
                int infinite = 0;
                for (int s = 0; s < n; s++) {
                    dijkstra.run(s, null, Double.POSITIVE_INFINITY);
                    for (int t = 0; t < n; t++) {
                        double expected = dijkstra.distanceM(t);
                        if (expected == Double.POSITIVE_INFINITY) {
                            infinite++;
                            assertEquals(expected, d[s][t], profile + " " + s + "→" + t);
                        } else {
                            assertEquals(expected, d[s][t], 1e-6, profile + " " + s + "→" + t);
                        }
                    }
                }
                if (profile == Profile.VEHICLE) assertTrue(infinite > 0, "one-way and closed edges leave some pairs apart");
            }
        }
    }

    /** One of the six nodes nearest {@code i}, so the graph looks like streets (planar-ish, short edges). */
    private static int nearRandom(Random r, double[] xs, double[] ys, int i) {
        Integer[] order = new Integer[xs.length];
        for (int j = 0; j < order.length; j++) order[j] = j;
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(j -> Math.hypot(xs[i] - xs[j], ys[i] - ys[j])));
        return order[1 + r.nextInt(6)];
    }

    @Test
    void snappedPlacesOnTheRealMonacoNetworkGetDijkstrasDistancesOnFootAndByVehicle() throws Exception {
        StreetNetwork network = monaco();
        Random r = new Random(7);
        List<Coordinate> places = new ArrayList<>();
        for (int i = 0; i < 80; i++) places.add(new Coordinate(7.409 + r.nextDouble() * 0.030, 43.725 + r.nextDouble() * 0.026));
        for (Profile profile : Profile.values()) {
            RoutingNetwork byHierarchy = RoutingNetwork.streets(network, places, profile);
            assertTrue(places.size() >= RoutingNetwork.HIERARCHY_MIN_PLACES);
            SnapSearch search = new SnapSearch(network.graph(), profile);
            StreetNetwork.EdgeSnap[] snaps = new StreetNetwork.EdgeSnap[places.size()];
            var projection = network.projection();
            for (int i = 0; i < snaps.length; i++) snaps[i] = network.snap(projection.project(places.get(i).x, places.get(i).y), profile);
            int compared = 0;
            int apart = 0;
            for (int i = 0; i < snaps.length; i++) {
                search.run(snaps[i], snaps, Double.POSITIVE_INFINITY);
                for (int j = 0; j < snaps.length; j++) {
                    if (i == j) continue;
                    double expected = search.distanceM(snaps[j]);
                    double actual = byHierarchy.alongM(i, j);
                    if (expected == Double.POSITIVE_INFINITY) {
                        apart++;
                        assertEquals(expected, actual, profile + " " + i + "→" + j);
                    } else {
                        assertEquals(expected, actual, 1e-6, profile + " " + i + "→" + j);
                        compared++;
                    }
                }
            }
            System.out.println(profile + ": " + compared + " pairs compared, " + apart + " not connected");
            assertTrue(compared > 3000, "most pairs are connected: " + compared);
        }
    }

    /** The Monaco OSM extract as a network with each way's vehicle access. */
    static StreetNetwork monaco() throws Exception {
        JsonNode root;
        try (InputStream in = ContractionHierarchyTest.class.getResourceAsStream("monaco-highways.geojson")) {
            root = JsonMapper.builder().build().readTree(in);
        }
        List<StreetNetwork.Line> lines = new ArrayList<>();
        for (JsonNode f : root.get("features")) {
            JsonNode p = f.get("properties");
            String other = p.has("other_tags") && !p.get("other_tags").isNull() ? p.get("other_tags").asString() : "";
            String oneway = other.contains("\"oneway\"=>\"-1\"") ? "-1"
                    : other.contains("\"oneway\"=>\"yes\"") || other.contains("\"junction\"=>\"roundabout\"") ? "yes" : null;
            List<Coordinate> cs = new ArrayList<>();
            for (JsonNode c : f.get("geometry").get("coordinates")) cs.add(new Coordinate(c.get(0).asDouble(), c.get(1).asDouble()));
            LineString l = GeometryFactories.WGS84.createLineString(cs.toArray(Coordinate[]::new));
            lines.add(new StreetNetwork.Line(l, StreetAccess.of(p.get("highway").asString(), oneway)));
        }
        return StreetNetwork.of(lines);
    }
}
