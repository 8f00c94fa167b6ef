package org.gridwatch.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gridwatch.GridwatchApplication;
import org.gridwatch.geodata.DistrictImporter;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The foundation's scale figures on the benchmark city, on H2GIS or PostGIS:
 * the bulk load of every grid, street and feature (time and peak heap), then viewport queries
 * ({@code /api/features?bbox=} over about 1 km², some 5,000 features) through HTTP, warm, with
 * their median and 95th percentile, after 300 warm-up queries spread over the same city.
 *
 * <pre>
 * java -jar target/gridwatch-0.1.0.jar generate --out /tmp/bench-city --large 50 --small 20000 \
 *      --features 1000000 --streets 100000 --seed 1
 * MAVEN_OPTS=-Xmx1g mvn -q test-compile exec:java -Dexec.mainClass=org.gridwatch.bench.StoreBenchmark \
 *      -Dexec.args="--store postgis --city /tmp/bench-city"
 * </pre>
 * PostGIS: the database of GRIDWATCH_TEST_PG_URL (default 127.0.0.1:5432/gridwatch_test, user
 * postgres), in a scratch schema dropped at the end. {@code --data-dir DIR} (H2) keeps the embedded
 * store; a second run with the same directory skips the load and measures the queries only.
 */
public final class StoreBenchmark {

    private static final int WARMUP_QUERIES = 300;
    private static final int MEASURED_QUERIES = 200;
    private static final double VIEWPORT_METERS = 1000;

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        String store = opts.getOrDefault("store", "h2");
        Path city = Path.of(opts.getOrDefault("city", "/tmp/bench-city"));
        if (!Files.isRegularFile(city.resolve("features.geojson"))) {
            System.err.println("No benchmark city at " + city + "; generate it first (see the javadoc of this class)");
            System.exit(2);
        }
        List<String> appArgs = new ArrayList<>(List.of("--server.port=0", "--gridwatch.sample.enabled=false",
                // Reads only: measured without sign-in, as a public-read installation serves them.
                "--gridwatch.security.public-read=true",
                "--logging.level.root=WARN", "--logging.level.org.gridwatch=INFO"));
        String pgUrl = System.getenv().getOrDefault("GRIDWATCH_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/gridwatch_test");
        String schema = "gw_bench_" + UUID.randomUUID().toString().substring(0, 8);
        Path dataDir = opts.containsKey("data-dir") ? Path.of(opts.get("data-dir"))
                : Files.createTempDirectory("gridwatch-bench-");
        if (store.equals("postgis")) {
            appArgs.addAll(List.of("--spring.profiles.active=postgis",
                    "--spring.datasource.url=" + pgUrl + "?currentSchema=" + schema + ",public",
                    "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--spring.flyway.schemas=" + schema, "--spring.flyway.default-schema=" + schema));
        } else {
            appArgs.add("--gridwatch.data-dir=" + dataDir);
        }
        System.out.printf("store=%s city=%s max heap=%d MiB cores=%d%n", store, city,
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        ConfigurableApplicationContext app = SpringApplication.run(GridwatchApplication.class, appArgs.toArray(String[]::new));
        try {
            DistrictImporter importer = app.getBean(DistrictImporter.class);
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            if (jdbc.queryForObject("SELECT COUNT(*) FROM grid", Long.class) > 0) {
                // --data-dir of an earlier run: measure the queries on the store as it is.
                System.out.printf("bulk load: skipped, the store at %s already holds %d features%n", dataDir,
                        jdbc.queryForObject("SELECT COUNT(*) FROM feature", Long.class));
            } else {
                System.gc();
                resetPeaks();
                long t0 = System.nanoTime();
                DistrictImporter.Counts counts = importer.load(DistrictImporter.directory(city));
                double loadSeconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("bulk load: %d large grids, %d small grids, %d streets, %d features in %.1f s; peak heap (sum of pool peaks) %d MiB%n",
                        counts.largeGrids(), counts.smallGrids(), counts.streets(), counts.features(), loadSeconds,
                        peakHeapMiB());
            }

            Map<String, Object> ext = jdbc.queryForMap(
                    "SELECT MIN(ST_XMin(geom)) AS minx, MAX(ST_XMax(geom)) AS maxx, MIN(ST_YMin(geom)) AS miny, MAX(ST_YMax(geom)) AS maxy FROM grid");
            double minx = ((Number) ext.get("minx")).doubleValue(), maxx = ((Number) ext.get("maxx")).doubleValue();
            double miny = ((Number) ext.get("miny")).doubleValue(), maxy = ((Number) ext.get("maxy")).doubleValue();
            double latMid = (miny + maxy) / 2;
            double dLon = VIEWPORT_METERS / (111_320 * Math.cos(Math.toRadians(latMid))), dLat = VIEWPORT_METERS / 110_574;

            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            HttpClient http = HttpClient.newHttpClient();
            SplittableRandom random = new SplittableRandom(1);
            Pattern returned = Pattern.compile("\"numberReturned\":(\\d+)");
            long[] nanos = new long[MEASURED_QUERIES];
            long featuresReturned = 0;
            for (int i = -WARMUP_QUERIES; i < MEASURED_QUERIES; i++) {
                double x = random.nextDouble(minx, maxx - dLon), y = random.nextDouble(miny, maxy - dLat);
                URI uri = URI.create("http://localhost:" + port + "/api/features?bbox=" + x + "," + y + "," + (x + dLon)
                        + "," + (y + dLat));
                long s = System.nanoTime();
                HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(uri).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                // Read the body as a browser would, in chunks, keeping only its tail: holding each
                // 2 MB answer as a String would put the client's garbage into the server's heap
                // (they share this JVM) and measure the client's GC pauses instead of the service.
                byte[] chunk = new byte[1 << 16];
                byte[] tail = new byte[256];
                int tailLength = 0;
                try (java.io.InputStream body = r.body()) {
                    for (int n; (n = body.read(chunk)) > 0; ) {
                        if (n >= tail.length) {
                            System.arraycopy(chunk, n - tail.length, tail, 0, tail.length);
                            tailLength = tail.length;
                        } else {
                            int keep = Math.min(tailLength, tail.length - n);
                            System.arraycopy(tail, tailLength - keep, tail, 0, keep);
                            System.arraycopy(chunk, 0, tail, keep, n);
                            tailLength = keep + n;
                        }
                    }
                }
                long e = System.nanoTime() - s;
                if (r.statusCode() != 200) throw new IllegalStateException("HTTP " + r.statusCode());
                if (i >= 0) {
                    nanos[i] = e;
                    Matcher m = returned.matcher(new String(tail, 0, tailLength, java.nio.charset.StandardCharsets.UTF_8));
                    if (m.find()) featuresReturned += Long.parseLong(m.group(1));
                }
            }
            Arrays.sort(nanos);
            System.out.printf("viewport queries (%.0f m x %.0f m, warm, HTTP, %d runs): mean %.0f features; p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
                    VIEWPORT_METERS, VIEWPORT_METERS, MEASURED_QUERIES, featuresReturned / (double) MEASURED_QUERIES,
                    nanos[MEASURED_QUERIES / 2] / 1e6, nanos[(int) (MEASURED_QUERIES * 0.95)] / 1e6,
                    nanos[MEASURED_QUERIES - 1] / 1e6);
        } finally {
            app.close();
            if (store.equals("postgis")) {
                try (Connection c = DriverManager.getConnection(pgUrl, "postgres", "");
                     Statement st = c.createStatement()) {
                    st.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
        }
    }

    private static long peakHeapMiB() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) sum += pool.getPeakUsage().getUsed();
        }
        return sum >> 20;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            m.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return m;
    }
}
