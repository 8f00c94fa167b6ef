package org.gridwatch.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.geo.MetricProjection;
import org.gridwatch.route.ChinesePostman;
import org.gridwatch.route.Profile;
import org.gridwatch.route.RoutingNetwork;
import org.gridwatch.route.RuralPostman;
import org.gridwatch.route.StreetGraph;
import org.gridwatch.route.StreetGraphBuilder;
import org.gridwatch.route.StreetNetwork;
import org.gridwatch.route.TspSolver;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.LineString;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The route kernels the two speed targets of issue 20 are about, timed warm (each run five times after
 * two warm-up runs; median and worst printed):
 *
 * <ol>
 *   <li>the postman walk over the whole real network of Monaco (860 OSM ways, ~82 km, the test data
 *       {@code src/test/resources/org/gridwatch/route/monaco-highways.geojson}): target &lt; 2 s;</li>
 *   <li>a 300-stop visit route on a 100,000-segment street lattice (a 224 × 224 city of 50 m blocks):
 *       snapping, the 300 × 300 street distances on the whole network and the tour. Target &lt; 1 s.</li>
 * </ol>
 *
 * Not measured here yet: the same through HTTP on H2GIS and PostGIS (the route cache makes the network
 * read once per change of the streets; a request then pays the stamp query plus the kernel).
 *
 * <pre>mvn -q -B test-compile exec:java -Dexec.mainClass=org.gridwatch.bench.RouteBenchmark</pre>
 */
public final class RouteBenchmark {

    private RouteBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        postmanOverMonaco();
        visitOnALattice(224, 300);
    }

    interface Run {
        String run() throws Exception;
    }

    private static void time(String what, Run run) throws Exception {
        for (int i = 0; i < 2; i++) run.run();
        double[] ms = new double[5];
        String last = "";
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            last = run.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        java.util.Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "%-44s median %8.1f ms, worst %8.1f ms  (%s)%n", what, ms[2], ms[4], last);
    }

    static void postmanOverMonaco() throws Exception {
        Path file = Path.of("src/test/resources/org/gridwatch/route/monaco-highways.geojson");
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = JsonMapper.builder().build().readTree(in);
        }
        List<LineString> lines = new ArrayList<>();
        Envelope env = new Envelope();
        for (JsonNode f : root.get("features")) {
            List<Coordinate> cs = new ArrayList<>();
            for (JsonNode c : f.get("geometry").get("coordinates")) cs.add(new Coordinate(c.get(0).asDouble(), c.get(1).asDouble()));
            LineString l = GeometryFactories.WGS84.createLineString(cs.toArray(Coordinate[]::new));
            lines.add(l);
            env.expandToInclude(l.getEnvelopeInternal());
        }
        time("postman, whole Monaco network (860 ways)", () -> {
            MetricProjection projection = MetricProjection.centredOn(env);
            StreetGraphBuilder b = new StreetGraphBuilder();
            for (LineString l : lines) b.add(projection.project(l), StreetGraph.OPEN | StreetGraph.REQUIRED);
            StreetGraph g = b.build().graph();
            ChinesePostman.Result r = RuralPostman.solve(g, null);
            return String.format(Locale.ROOT, "%.1f km streets, walk %.1f km, %d circuits", r.streetLengthM() / 1000,
                    r.lengthM() / 1000, r.circuits().size());
        });
    }

    static void visitOnALattice(int side, int stops) throws Exception {
        double lon0 = 121.0, lat0 = 31.0, block = 50;
        MetricProjection projection = MetricProjection.centredOn(lon0, lat0);
        List<StreetNetwork.Line> lines = new ArrayList<>();
        for (int i = 0; i < side; i++) {
            for (int j = 0; j + 1 < side; j++) {
                lines.add(line(projection, i * block, j * block, i * block, (j + 1) * block));
                lines.add(line(projection, j * block, i * block, (j + 1) * block, i * block));
            }
        }
        long t = System.nanoTime();
        StreetNetwork network = StreetNetwork.of(lines);
        System.out.printf(Locale.ROOT, "lattice of %d segments built (once per change of the streets) in %.0f ms%n",
                lines.size(), (System.nanoTime() - t) / 1e6);
        SplittableRandom random = new SplittableRandom(1);
        List<Coordinate> places = new ArrayList<>();
        for (int s = 0; s < stops; s++) {
            Coordinate c = projection.unproject(random.nextDouble() * (side - 1) * block, random.nextDouble() * (side - 1) * block);
            places.add(c);
        }
        time(stops + "-stop street distances (matrix only)", () -> {
            RoutingNetwork n = RoutingNetwork.streets(network, places, Profile.WALKING);
            n.matrix(false);
            return "300 x 300";
        });
        time(stops + "-stop visit route, " + lines.size() + " segments", () -> {
            RoutingNetwork n = RoutingNetwork.streets(network, places, Profile.WALKING);
            TspSolver.Tour tour = new TspSolver(1, Duration.ofSeconds(2), 0).closedTour(n.matrix(false), 0);
            n.walk(tour.order(), true);
            return String.format(Locale.ROOT, "%.1f km", tour.length() / 1000);
        });
    }

    private static StreetNetwork.Line line(MetricProjection p, double x0, double y0, double x1, double y1) {
        Coordinate a = p.unproject(x0, y0);
        Coordinate b = p.unproject(x1, y1);
        return new StreetNetwork.Line(GeometryFactories.WGS84.createLineString(new Coordinate[]{a, b}), StreetGraph.OPEN);
    }
}
