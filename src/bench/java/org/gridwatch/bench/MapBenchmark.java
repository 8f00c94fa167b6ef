package org.gridwatch.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.gridwatch.GridwatchApplication;
import org.gridwatch.geodata.DistrictImporter;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the web map asks the service for on the benchmark city (1,000,000 features), timed over
 * HTTP, warm: at each zoom level the page first asks {@code /api/map/feature-counts} for the
 * viewport (80 px cluster cells on a 1,400 × 800 px map) and, when at most 5,000 features are in
 * view, {@code /api/features} for them; small grids and streets load only in views up to 25 km².
 *
 * <pre>
 * MAVEN_OPTS=-Xmx1g mvn -q -B test-compile exec:java -Dexec.mainClass=org.gridwatch.bench.MapBenchmark \
 *      -Dexec.args="--city /tmp/bench-city [--data-dir DIR]"
 * </pre>
 * With {@code --data-dir} the H2 store lives there and a store already holding the city is reused
 * (loading a million features takes minutes). Views are placed at random (seeded) so that no two
 * requests are the same: H2 would otherwise answer a repeated query from its result cache.
 * The embedded H2GIS store only (the PostGIS figures of the same SQL are the store benchmark's business).
 */
public final class MapBenchmark {

    private static final int WIDTH_PX = 1400, HEIGHT_PX = 800, CELL_PX = 80, MAX_MARKERS = 5000;
    private static final int WARMUP = 3, RUNS = 20;

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        Path city = Path.of(opts.getOrDefault("city", "/tmp/bench-city"));
        if (!Files.isRegularFile(city.resolve("features.geojson"))) {
            System.err.println("No benchmark city at " + city + " (java -jar target/gridwatch-0.1.0.jar generate --out "
                    + city + " --large 50 --small 20000 --features 1000000 --streets 100000 --seed 1)");
            System.exit(2);
        }
        Path dataDir = opts.containsKey("data-dir") ? Path.of(opts.get("data-dir"))
                : Files.createTempDirectory("gridwatch-map-bench-");
        ConfigurableApplicationContext app = SpringApplication.run(GridwatchApplication.class,
                "--server.port=0", "--gridwatch.sample.enabled=false",
                // Reads only: measured without sign-in, as a public-read installation serves them.
                "--gridwatch.security.public-read=true", "--gridwatch.data-dir=" + dataDir,
                "--logging.level.root=WARN", "--logging.level.org.gridwatch=INFO");
        try {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            if (jdbc.queryForObject("SELECT COUNT(*) FROM grid", Long.class) == 0) {
                long t0 = System.nanoTime();
                DistrictImporter.Counts counts = app.getBean(DistrictImporter.class).load(DistrictImporter.directory(city));
                System.out.printf("loaded %d small grids, %d features in %.0f s into %s%n", counts.smallGrids(),
                        counts.features(), (System.nanoTime() - t0) / 1e9, dataDir);
            }
            System.out.printf("store %s: %d small grids, %d features%n", dataDir,
                    jdbc.queryForObject("SELECT COUNT(*) FROM grid WHERE level = 'small'", Long.class),
                    jdbc.queryForObject("SELECT COUNT(*) FROM feature", Long.class));
            long tIndex = System.nanoTime();
            get(HttpClient.newHttpClient(), "http://localhost:" + app.getEnvironment().getProperty("local.server.port")
                    + "/api/map/feature-counts?cell=5&bbox=-180,-85,180,85");
            System.out.printf("first whole-world count (builds the per-grid index): %.0f ms%n", (System.nanoTime() - tIndex) / 1e6);
            Map<String, Object> ext = jdbc.queryForMap(
                    "SELECT MIN(ST_XMin(geom)) AS x0, MAX(ST_XMax(geom)) AS x1, MIN(ST_YMin(geom)) AS y0, MAX(ST_YMax(geom)) AS y1 FROM grid");
            double x0 = num(ext, "x0"), x1 = num(ext, "x1"), y0 = num(ext, "y0"), y1 = num(ext, "y1");
            String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
            HttpClient http = HttpClient.newHttpClient();
            System.out.printf("city %.3f..%.3f E, %.3f..%.3f N; map %d x %d px, warm, %d runs each%n", x0, x1, y0, y1,
                    WIDTH_PX, HEIGHT_PX, RUNS);

            // Zoom 12 shows the whole city; each further level halves the view.
            for (int zoom : new int[]{12, 14, 16, 17, 18}) {
                double widthDeg = WIDTH_PX * 360 / (256 * Math.pow(2, zoom));
                double heightDeg = widthDeg * HEIGHT_PX / WIDTH_PX * Math.cos(Math.toRadians((y0 + y1) / 2));
                SplittableRandom random = new SplittableRandom(zoom);
                long[] nanos = new long[RUNS];
                long totalInView = 0, markers = 0;
                for (int i = -WARMUP; i < RUNS; i++) {
                    double minLon = widthDeg >= x1 - x0 ? (x0 + x1 - widthDeg) / 2 + random.nextDouble(-0.01, 0.01)
                            : random.nextDouble(x0, x1 - widthDeg);
                    double minLat = heightDeg >= y1 - y0 ? (y0 + y1 - heightDeg) / 2 + random.nextDouble(-0.01, 0.01)
                            : random.nextDouble(y0, y1 - heightDeg);
                    String bbox = minLon + "," + minLat + "," + (minLon + widthDeg) + "," + (minLat + heightDeg);
                    long s = System.nanoTime();
                    String countsJson = get(http, base + "/api/map/feature-counts?bbox=" + bbox + "&cell="
                            + widthDeg / WIDTH_PX * CELL_PX);
                    long total = Long.parseLong(countsJson.replaceAll("(?s).*?\"total\":(\\d+).*", "$1"));
                    if (total <= MAX_MARKERS) {
                        get(http, base + "/api/features?bbox=" + bbox + "&limit=" + MAX_MARKERS);
                    }
                    long e = System.nanoTime() - s;
                    if (i >= 0) {
                        nanos[i] = e;
                        totalInView += total;
                        if (total <= MAX_MARKERS) markers += total;
                    }
                }
                Arrays.sort(nanos);
                System.out.printf("zoom %2d (%.2f km wide): %,9.0f features in view, %,6.0f drawn as markers; counts+features p50 %6.1f ms, p95 %6.1f ms%n",
                        zoom, widthDeg * 111.32 * Math.cos(Math.toRadians((y0 + y1) / 2)), totalInView / (double) RUNS,
                        markers / (double) RUNS, nanos[RUNS / 2] / 1e6, nanos[(int) (RUNS * 0.95)] / 1e6);
            }
            List<Long> search = new ArrayList<>();
            for (String q : new String[]{"JNS-17", "凤盛", "垃圾桶1号", "JNS-42-274", "no such name"}) {
                long s = System.nanoTime();
                get(http, base + "/api/map/search?q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8));
                search.add((System.nanoTime() - s) / 1_000_000);
            }
            System.out.println("search (grids by code/name, features by name over 1M rows), ms per query: " + search);
        } finally {
            app.close();
        }
    }

    private static double num(Map<String, Object> row, String key) {
        return ((Number) row.get(key)).doubleValue();
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException(url + " -> " + r.statusCode() + " " + r.body());
        return r.body();
    }
}
