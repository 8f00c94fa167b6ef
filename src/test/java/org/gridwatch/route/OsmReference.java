package org.gridwatch.route;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An independent reference for route tests on real OpenStreetMap ways (a GDAL {@code lines} GeoJSON):
 * a plain graph whose nodes are the ways' vertices (shared vertices, keyed by their exact
 * coordinate text, are OSM's junctions) and a textbook Dijkstra over it, with lengths from the
 * WGS84 ellipsoid's radii of curvature at each segment's middle latitude. It shares no code with
 * the service's routing (no JTS, no projection, no snapping), so agreement means something.
 *
 * <p>Vehicle travel follows the OSM rules directly from the tags: no footway, path, steps,
 * pedestrian, cycleway, track or bridleway; {@code oneway=yes|true|1} and roundabouts only along the
 * way, {@code oneway=-1} only against it.
 */
final class OsmReference {

    static final double A = 6378137.0;
    static final double E2 = 6.69437999014e-3;

    /** One OSM way as read: its vertices (lon, lat), highway class, oneway (1 along, -1 against, 0 both), name. */
    record Way(List<double[]> points, String highway, int oneway, String name, String osmId) {
    }

    final List<Way> ways = new ArrayList<>();
    final List<double[]> nodes = new ArrayList<>();
    private final Map<String, Integer> nodeAt = new HashMap<>();
    /** Per node: {neighbour, metres·1000 as long bits} adjacency for walking and for vehicles. */
    final List<List<double[]>> walk = new ArrayList<>();
    final List<List<double[]>> drive = new ArrayList<>();
    double totalWalkM;

    static OsmReference load(String resource) throws IOException {
        try (InputStream in = OsmReference.class.getResourceAsStream(resource)) {
            return of(JsonMapper.builder().build().readTree(in));
        }
    }

    static OsmReference of(JsonNode collection) {
        OsmReference r = new OsmReference();
        for (JsonNode f : collection.get("features")) {
            JsonNode p = f.get("properties");
            String other = p.has("other_tags") && !p.get("other_tags").isNull() ? p.get("other_tags").asString() : "";
            int oneway = 0;
            if (other.contains("\"oneway\"=>\"yes\"") || other.contains("\"oneway\"=>\"true\"")
                    || other.contains("\"oneway\"=>\"1\"") || other.contains("\"junction\"=>\"roundabout\"")) oneway = 1;
            if (other.contains("\"oneway\"=>\"-1\"")) oneway = -1;
            if (other.contains("\"oneway\"=>\"no\"")) oneway = 0;
            List<double[]> pts = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (JsonNode c : f.get("geometry").get("coordinates")) {
                pts.add(new double[]{c.get(0).asDouble(), c.get(1).asDouble()});
                keys.add(c.get(0).asString() + "," + c.get(1).asString());
            }
            String name = p.has("name") && !p.get("name").isNull() ? p.get("name").asString() : null;
            Way way = new Way(pts, p.get("highway").asString(), oneway, name, p.get("osm_id").asString());
            r.ways.add(way);
            boolean drivable = !List.of("footway", "path", "steps", "pedestrian", "cycleway", "track", "bridleway",
                    "corridor").contains(way.highway());
            for (int i = 1; i < pts.size(); i++) {
                int a = r.node(keys.get(i - 1), pts.get(i - 1));
                int b = r.node(keys.get(i), pts.get(i));
                if (a == b) continue;
                double m = metres(pts.get(i - 1), pts.get(i));
                r.totalWalkM += m;
                r.walk.get(a).add(new double[]{b, m});
                r.walk.get(b).add(new double[]{a, m});
                if (drivable) {
                    if (oneway >= 0) r.drive.get(a).add(new double[]{b, m});
                    if (oneway <= 0) r.drive.get(b).add(new double[]{a, m});
                }
            }
        }
        return r;
    }

    private int node(String key, double[] p) {
        Integer n = nodeAt.get(key);
        if (n != null) return n;
        nodeAt.put(key, nodes.size());
        nodes.add(p);
        walk.add(new ArrayList<>());
        drive.add(new ArrayList<>());
        return nodes.size() - 1;
    }

    /** Metres between two lon/lat points on the WGS84 ellipsoid (local radii of curvature; exact enough below a kilometre). */
    static double metres(double[] p, double[] q) {
        double lat = Math.toRadians((p[1] + q[1]) / 2);
        double s = Math.sin(lat);
        double w = Math.sqrt(1 - E2 * s * s);
        double meridian = A * (1 - E2) / (w * w * w);
        double normal = A / w;
        double dx = Math.toRadians(q[0] - p[0]) * normal * Math.cos(lat);
        double dy = Math.toRadians(q[1] - p[1]) * meridian;
        return Math.hypot(dx, dy);
    }

    /** Metres from {@code source} to every node (+∞ where not reached), walking or driving. */
    double[] dijkstra(int source, boolean vehicle) {
        List<List<double[]>> adj = vehicle ? drive : walk;
        double[] dist = new double[nodes.size()];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        dist[source] = 0;
        PriorityQueue<double[]> queue = new PriorityQueue<>((x, y) -> Double.compare(x[0], y[0]));
        queue.add(new double[]{0, source});
        while (!queue.isEmpty()) {
            double[] top = queue.poll();
            int v = (int) top[1];
            if (top[0] > dist[v]) continue;
            for (double[] e : adj.get(v)) {
                int u = (int) e[0];
                double nd = dist[v] + e[1];
                if (nd < dist[u]) {
                    dist[u] = nd;
                    queue.add(new double[]{nd, u});
                }
            }
        }
        return dist;
    }

    /** Per node, a label shared by exactly the nodes of its walking component. */
    int[] componentLabels() {
        int[] label = new int[nodes.size()];
        Arrays.fill(label, -1);
        for (int s = 0; s < nodes.size(); s++) {
            if (label[s] >= 0) continue;
            double[] d = dijkstra(s, false);
            for (int v = 0; v < d.length; v++) if (d[v] < Double.POSITIVE_INFINITY) label[v] = s;
        }
        return label;
    }

    /** The node at a vertex of a way (its exact position), or -1. */
    int nodeAt(double[] p) {
        for (int v = 0; v < nodes.size(); v++) if (nodes.get(v)[0] == p[0] && nodes.get(v)[1] == p[1]) return v;
        return -1;
    }

    /** The nodes of the largest walking component. */
    int[] largestComponent() {
        int[] label = new int[nodes.size()];
        Arrays.fill(label, -1);
        int best = -1;
        int bestSize = 0;
        for (int s = 0; s < nodes.size(); s++) {
            if (label[s] >= 0) continue;
            double[] d = dijkstra(s, false);
            int size = 0;
            for (int v = 0; v < d.length; v++) {
                if (d[v] < Double.POSITIVE_INFINITY) {
                    label[v] = s;
                    size++;
                }
            }
            if (size > bestSize) {
                bestSize = size;
                best = s;
            }
        }
        int chosen = best;
        return java.util.stream.IntStream.range(0, nodes.size()).filter(v -> label[v] == chosen).toArray();
    }

    /** The shortest closed tour through {@code stops} by trying every order (few stops only), from cost {@code d[i][j]}. */
    static double bestTour(double[][] d) {
        int n = d.length;
        int[] perm = new int[n - 1];
        for (int i = 0; i < perm.length; i++) perm[i] = i + 1;
        double[] best = {Double.POSITIVE_INFINITY};
        permute(perm, 0, d, best);
        return best[0];
    }

    private static void permute(int[] a, int k, double[][] d, double[] best) {
        if (k == a.length) {
            double sum = d[0][a[0]];
            for (int i = 1; i < a.length; i++) sum += d[a[i - 1]][a[i]];
            sum += d[a[a.length - 1]][0];
            if (sum < best[0]) best[0] = sum;
            return;
        }
        for (int i = k; i < a.length; i++) {
            int t = a[k]; a[k] = a[i]; a[i] = t;
            permute(a, k + 1, d, best);
            t = a[k]; a[k] = a[i]; a[i] = t;
        }
    }
}
