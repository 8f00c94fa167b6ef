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
        System.out.printf(Locale.ROOT, "cores %d, max heap %d MiB, load average %.1f%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        postmanOverMonaco();
        Path city = Path.of(args.length > 0 && !args[0].startsWith("--") ? args[0] : "/tmp/bench-city");
        if (Files.isRegularFile(city.resolve("streets.geojson"))) visitInTheCity(city.resolve("streets.geojson"), 300);
        visitOnALattice(224, 300);
        if (!List.of(args).contains("--kernels-only") && Files.isRegularFile(city.resolve("streets.geojson"))) {
            RouteHttpBenchmark.run("h2", city);
            RouteHttpBenchmark.run("postgis", city);
        }
    }

    /** The benchmark city's streets (GeoJSON lines with {@code class}), as the store would hand them to the route cache. */
    static List<StreetNetwork.Line> cityStreets(Path file) throws Exception {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = JsonMapper.builder().build().readTree(in);
        }
        List<StreetNetwork.Line> lines = new ArrayList<>();
        for (JsonNode f : root.get("features")) {
            List<Coordinate> cs = new ArrayList<>();
            for (JsonNode c : f.get("geometry").get("coordinates")) cs.add(new Coordinate(c.get(0).asDouble(), c.get(1).asDouble()));
            lines.add(new StreetNetwork.Line(GeometryFactories.WGS84.createLineString(cs.toArray(Coordinate[]::new)), StreetGraph.OPEN));
        }
        return lines;
    }

    static void visitInTheCity(Path streets, int stops) throws Exception {
        List<StreetNetwork.Line> lines = cityStreets(streets);
        Envelope env = new Envelope();
        for (StreetNetwork.Line l : lines) env.expandToInclude(l.lonLat().getEnvelopeInternal());
        long t = System.nanoTime();
        StreetNetwork network = StreetNetwork.of(lines);
        System.out.printf(Locale.ROOT, "benchmark city: %d streets, graph %d nodes / %d edges built in %.0f ms%n", lines.size(),
                network.graph().nodeCount(), network.graph().edgeCount(), (System.nanoTime() - t) / 1e6);
        t = System.nanoTime();
        var ch = network.hierarchy(Profile.WALKING);
        System.out.printf(Locale.ROOT, "contraction hierarchy (once per change of the streets) built in %.0f ms, %d shortcuts%n",
                (System.nanoTime() - t) / 1e6, ch.shortcuts());
        List<Coordinate> places = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(1);
        // Stops on the streets anywhere in the city (near a random street point), as bins along the roads.
        for (int s = 0; s < stops; s++) {
            LineString l = lines.get(random.nextInt(lines.size())).lonLat();
            Coordinate c = l.getCoordinateN(0);
            places.add(new Coordinate(c.x + 0.0001, c.y + 0.0001));
        }
        visit("city", network, places, lines.size());
    }

    private static void visit(String where, StreetNetwork network, List<Coordinate> places, int segments) throws Exception {
        int stops = places.size();
        time(stops + "-stop street distances, " + where, () -> {
            RoutingNetwork n = RoutingNetwork.streets(network, places, Profile.WALKING);
            n.matrix(false);
            return stops + " x " + stops;
        });
        RoutingNetwork prepared = RoutingNetwork.streets(network, places, Profile.WALKING);
        var matrix = prepared.matrix(false);
        TspSolver.Tour[] tours = new TspSolver.Tour[1];
        time(stops + "-stop tour search only, " + where, () -> {
            tours[0] = new TspSolver(1, Duration.ofSeconds(2), 0).closedTour(matrix, 0);
            return String.format(Locale.ROOT, "%.1f km", tours[0].length() / 1000);
        });
        time(stops + "-stop legs' geometry only, " + where, () -> {
            prepared.walk(tours[0].order(), true);
            return "";
        });
        time(stops + "-stop visit route, " + segments + " segments, " + where, () -> {
            RoutingNetwork n = RoutingNetwork.streets(network, places, Profile.WALKING);
            TspSolver.Tour tour = new TspSolver(1, Duration.ofSeconds(2), 0).closedTour(n.matrix(false), 0);
            n.walk(tour.order(), true);
            return String.format(Locale.ROOT, "%.1f km", tour.length() / 1000);
        });
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
        long tc = System.nanoTime();
        network.hierarchy(Profile.WALKING);
        System.out.printf(Locale.ROOT, "contraction hierarchy built in %.0f ms%n", (System.nanoTime() - tc) / 1e6);
        visit("lattice", network, places, lines.size());
    }

    private static StreetNetwork.Line line(MetricProjection p, double x0, double y0, double x1, double y1) {
        Coordinate a = p.unproject(x0, y0);
        Coordinate b = p.unproject(x1, y1);
        return new StreetNetwork.Line(GeometryFactories.WGS84.createLineString(new Coordinate[]{a, b}), StreetGraph.OPEN);
    }
}
