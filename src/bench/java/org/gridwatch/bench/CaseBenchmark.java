package org.gridwatch.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

import org.gridwatch.GridwatchApplication;
import org.gridwatch.geodata.DistrictImporter;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The case loop's five speed figures of issue 21 on the benchmark city with a year of cases, timed as the
 * HTTP requests the user waits for, on H2GIS or PostGIS, cold (the first request of its kind after the
 * service started) and warm (p50/p95 after warm-up):
 * <ol>
 * <li>a grid's open cases, {@code GET /api/cases?grid=…&status=…} (target &lt; 50 ms);</li>
 * <li>the dispatcher's queue, first page by urgency, {@code GET /api/cases/queue} (&lt; 100 ms);</li>
 * <li>the case layer of a street-scale viewport (zoom 17, 1,400 × 800 px), {@code GET /api/cases?bbox=…&status=…}
 *     with the open statuses, as the map's layer asks by default (&lt; 100 ms);</li>
 * <li>the evaluation of every small grid for a year, {@code GET /api/cases/evaluation?by=smallGrid} (&lt; 2 s);</li>
 * <li>creating a case (grid lookup and duplicate check inside), {@code POST /api/cases}, by 50 concurrent
 *     reporters (p95 &lt; 20 ms).</li>
 * </ol>
 *
 * <pre>
 * java -jar target/gridwatch-0.1.0.jar generate --out /tmp/bench-city --large 50 --small 20000 \
 *      --features 1000000 --streets 100000 --seed 1
 * MAVEN_OPTS=-Xmx3g mvn -q test-compile exec:java -Dexec.mainClass=org.gridwatch.bench.CaseBenchmark \
 *      -Dexec.args="--store h2 --city /tmp/bench-city --cases 1000000 --data-dir /tmp/case-bench-h2"
 * MAVEN_OPTS=-Xmx3g mvn -q test-compile exec:java -Dexec.mainClass=org.gridwatch.bench.CaseBenchmark \
 *      -Dexec.args="--store postgis --city /tmp/bench-city --cases 1000000 --schema gw_case_bench"
 * </pre>
 * The city and the cases are loaded once: a second run with the same {@code --data-dir} (H2) or
 * {@code --schema} (PostGIS, kept unless {@code --drop true}) measures only. {@code --load-only true} stops
 * after loading; {@code --only evaluation,create} measures only those. The cases are written by {@link CaseLoader} straight into the tables (a year of reports
 * through the service would take hours), then the service is restarted so that the first requests are cold (on
 * H2 run {@code --load-only true} first and measure in a second run: see the comment in {@code main}).
 */
public final class CaseBenchmark {

    private static final String PASSWORD = "case-bench-Admin-7q2x";
    private static final int WARMUP = 5, RUNS = 40, REPORTERS = 50, CREATES_PER_REPORTER = 20;
    private static final long BUDGET_NANOS = 90_000_000_000L;

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        String store = opts.getOrDefault("store", "h2");
        Path city = Path.of(opts.getOrDefault("city", "/tmp/bench-city"));
        long cases = Long.parseLong(opts.getOrDefault("cases", "1000000"));
        if (!Files.isRegularFile(city.resolve("features.geojson"))) {
            System.err.println("No benchmark city at " + city + " (java -jar target/gridwatch-0.1.0.jar generate --out "
                    + city + " --large 50 --small 20000 --features 1000000 --streets 100000 --seed 1)");
            System.exit(2);
        }
        List<String> appArgs = new ArrayList<>(List.of("--server.port=0", "--gridwatch.sample.enabled=false",
                // the evaluation's index is built by the first evaluation, not at start: its cold figure includes
                // the build, and the heap it takes is measured around it
                "--gridwatch.cases.evaluation.preload=false",
                "--gridwatch.security.admin-password=" + PASSWORD,
                "--logging.level.root=WARN", "--logging.level.org.gridwatch=INFO"));
        String pgUrl = System.getenv().getOrDefault("GRIDWATCH_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/gridwatch_test");
        String schema = opts.getOrDefault("schema", "gw_case_bench");
        if (store.equals("postgis")) {
            appArgs.addAll(List.of("--spring.profiles.active=postgis",
                    "--spring.datasource.url=" + pgUrl + "?currentSchema=" + schema + ",public&reWriteBatchedInserts=true",
                    "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--spring.flyway.schemas=" + schema, "--spring.flyway.default-schema=" + schema));
        } else {
            Path dataDir = opts.containsKey("data-dir") ? Path.of(opts.get("data-dir"))
                    : Files.createTempDirectory("gridwatch-case-bench-");
            appArgs.add("--gridwatch.data-dir=" + dataDir);
        }
        System.out.printf("store=%s city=%s cases=%,d max heap=%d MiB cores=%d load average %.1f%n", store, city, cases,
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        String[] argv = appArgs.toArray(String[]::new);
        try {
            ConfigurableApplicationContext app = SpringApplication.run(GridwatchApplication.class, argv);
            boolean loaded;
            try {
                loaded = load(app, city, cases);
            } finally {
                if (Boolean.parseBoolean(opts.getOrDefault("load-only", "false"))) app.close();
            }
            if (Boolean.parseBoolean(opts.getOrDefault("load-only", "false"))) return;
            if (loaded) {
                // Restarted so that the first requests are cold. On H2 a restart in the same JVM can fail: closing
                // the first service interrupts its background map index, and an interrupt closes H2's file; there,
                // load with --load-only true and measure in a second run.
                app.close();
                app = SpringApplication.run(GridwatchApplication.class, argv);
            }
            try {
                measure(app, opts.getOrDefault("only", "grid,queue,layer,evaluation,create"));
            } finally {
                app.close();
            }
        } finally {
            if (store.equals("postgis") && Boolean.parseBoolean(opts.getOrDefault("drop", "false"))) {
                try (Connection c = DriverManager.getConnection(pgUrl, "postgres", ""); Statement st = c.createStatement()) {
                    st.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    /** @return whether anything was loaded */
    private static boolean load(ConfigurableApplicationContext app, Path city, long cases) throws Exception {
        JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
        if (jdbc.queryForObject("SELECT COUNT(*) FROM grid", Long.class) == 0) {
            long t0 = System.nanoTime();
            DistrictImporter.Counts counts = app.getBean(DistrictImporter.class).load(DistrictImporter.directory(city));
            System.out.printf("city loaded: %d small grids, %d features in %.0f s%n", counts.smallGrids(), counts.features(),
                    (System.nanoTime() - t0) / 1e9);
        }
        long present = jdbc.queryForObject("SELECT COUNT(*) FROM cases", Long.class);
        if (present > 0 && cases > present) {
            // a load stopped half-way would be continued from its first day again (duplicate case numbers)
            System.out.printf("cases: %,d present (fewer than %,d: an earlier load was stopped); measuring those%n", present, cases);
            return false;
        }
        if (present >= cases) {
            System.out.printf("cases: %,d present, none added%n", present);
            return false;
        }
        long t0 = System.nanoTime();
        CaseGenerator.Calendar calendar = BenchCalendar.of(app);
        long written = CaseLoader.load(app.getBean(DataSource.class), cases - present, Instant.now(), BenchCalendar.zone(app),
                calendar, 21);
        System.out.printf("cases loaded: %,d with %,d transitions in %.0f s%n", written,
                jdbc.queryForObject("SELECT COUNT(*) FROM case_transitions", Long.class), (System.nanoTime() - t0) / 1e9);
        if (jdbc.getDataSource() != null && !isH2(jdbc)) {
            jdbc.execute("ANALYZE cases");
            jdbc.execute("ANALYZE case_transitions");
        }
        return true;
    }

    private static boolean isH2(JdbcTemplate jdbc) {
        return Boolean.TRUE.equals(jdbc.execute((java.sql.Connection c) -> c.getMetaData().getURL().startsWith("jdbc:h2")));
    }

    /** @param only the figures to measure, comma-separated: grid, queue, layer, evaluation, create */
    private static void measure(ConfigurableApplicationContext app, String only) throws Exception {
        List<String> which = List.of(only.split(","));
        JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
        CaseLoader.finish(jdbc);
        String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
        HttpClient http = HttpClient.newHttpClient();
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        System.out.printf("store holds %,d cases (%,d open), %,d small grids; load average %.1f%n",
                jdbc.queryForObject("SELECT COUNT(*) FROM cases", Long.class),
                jdbc.queryForObject("SELECT COUNT(*) FROM cases WHERE status NOT IN ('closed', 'rejected', 'merged')", Long.class),
                jdbc.queryForObject("SELECT COUNT(*) FROM grid WHERE level = 'small'", Long.class),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        List<String> gridCodes = jdbc.queryForList("SELECT code FROM grid WHERE level = 'small' ORDER BY code", String.class);
        Map<String, Object> ext = jdbc.queryForMap("SELECT MIN(ST_XMin(geom)) AS x0, MAX(ST_XMax(geom)) AS x1, "
                + "MIN(ST_YMin(geom)) AS y0, MAX(ST_YMax(geom)) AS y1 FROM grid");
        double x0 = num(ext, "x0"), x1 = num(ext, "x1"), y0 = num(ext, "y0"), y1 = num(ext, "y1");
        double widthDeg = 1400 * 360 / (256 * Math.pow(2, 17));
        double heightDeg = widthDeg * 800 / 1400 * Math.cos(Math.toRadians((y0 + y1) / 2));
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        String year = "from=" + today.minusDays(364) + "&to=" + today;
        String open = "&status=" + URLEncoder.encode("reported,registered,dispatched,handled,verified", StandardCharsets.UTF_8);
        SplittableRandom random = new SplittableRandom(17);

        if (which.contains("grid")) time("grid's open cases", 50, http, auth, i -> base + "/api/cases?grid="
                + URLEncoder.encode(gridCodes.get(random.nextInt(gridCodes.size())), StandardCharsets.UTF_8) + open);
        if (which.contains("queue")) time("dispatcher queue, first page", 100, http, auth, i -> base + "/api/cases/queue");
        if (which.contains("layer")) time("case layer, zoom-17 viewport", 100, http, auth, i -> {
            double lon = random.nextDouble(x0, x1 - widthDeg), lat = random.nextDouble(y0, y1 - heightDeg);
            // As the map's case layer asks (js/layers/case-layer.js with the panel's default filter): the
            // open cases of the viewport, at most the layer's 2,000.
            return base + "/api/cases?bbox=" + lon + "," + lat + "," + (lon + widthDeg) + "," + (lat + heightDeg)
                    + open + "&limit=2000";
        });
        if (which.contains("evaluation")) {
            java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
            System.gc();
            long heapBefore = memory.getHeapMemoryUsage().getUsed();
            time("evaluation, all small grids, a year", 2000, http, auth, i -> base + "/api/cases/evaluation?" + year
                    + "&by=smallGrid&x=" + i);   // x: no two requests alike (H2's result cache)
            System.gc();
            long heapAfter = memory.getHeapMemoryUsage().getUsed();
            long[] index = app.getBean(org.gridwatch.cases.evaluation.CaseEvaluationIndex.class).sizeAndBytes();
            System.out.printf("evaluation index: %,d cases, arrays %.1f MiB; heap used after GC %.1f -> %.1f MiB (+%.1f MiB)%n",
                    index[0], index[1] / 1048576.0, heapBefore / 1048576.0, heapAfter / 1048576.0,
                    (heapAfter - heapBefore) / 1048576.0);
        }
        if (which.contains("create")) creates(http, auth, base, x0, x1, y0, y1, gridCodes.size());
    }

    private interface Url {
        String of(int i);
    }

    /** Thrown for a 404/405: the endpoint is not in this build (cases-core's API not merged yet). */
    private static final class Missing extends RuntimeException {
        Missing(String url, int status) {
            super(url + " -> " + status);
        }
    }

    private static void time(String what, double targetMillis, HttpClient http, String auth, Url url) throws Exception {
        long cold;
        try {
            cold = get(http, auth, url.of(-1));
        } catch (Missing e) {
            System.out.printf("%-40s not measured: %s (endpoint not in this build)%n", what, e.getMessage());
            return;
        }
        // a slow endpoint gets fewer runs (at least 3 after one warm-up): the whole run stays within minutes
        long budget = System.nanoTime() + BUDGET_NANOS;
        int warm = 0;
        for (; warm < WARMUP && (warm == 0 || System.nanoTime() < budget); warm++) get(http, auth, url.of(warm));
        long[] all = new long[RUNS];
        int runs = 0;
        for (; runs < RUNS && (runs < 3 || System.nanoTime() < budget); runs++) all[runs] = get(http, auth, url.of(WARMUP + runs));
        long[] nanos = Arrays.copyOf(all, runs);
        Arrays.sort(nanos);
        System.out.printf("%-40s cold %8.1f ms | warm p50 %8.1f ms, p95 %8.1f ms (%d runs; target < %.0f ms)%n", what,
                cold / 1e6, nanos[runs / 2] / 1e6, nanos[Math.min(runs - 1, (int) Math.ceil(runs * 0.95) - 1)] / 1e6, runs,
                targetMillis);
    }

    private static long get(HttpClient http, String auth, String url) throws Exception {
        long s = System.nanoTime();
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        long e = System.nanoTime() - s;
        if (r.statusCode() == 404 || r.statusCode() == 405) throw new Missing(url, r.statusCode());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " -> " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return e;
    }

    /**
     * 50 reporters at once, each creating cases at random points of the city, in three rounds: a warm-up and
     * the saturation run, both without any pause between one reporter's creates (what the 2-core machine can
     * take: p50/p95 and creates per second), then the paced run, each reporter pausing a random 0.5-1.5 s
     * between reports (about 50 reports a second in all, still far more than 50 people in the field can type).
     */
    private static void creates(HttpClient http, String auth, String base, double x0, double x1, double y0, double y1,
                                int grids) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(REPORTERS);
        try {
            String[] rounds = {"cold, no pause", "warm, no pause", "warm, paced 0.5-1.5 s"};
            for (int round = 0; round < rounds.length; round++) {
                boolean paced = round == 2;
                List<Future<long[]>> futures = new ArrayList<>();
                long roundStart = System.nanoTime();
                for (int r = 0; r < REPORTERS; r++) {
                    int reporter = r, seed = round;
                    futures.add(pool.submit(() -> {
                        SplittableRandom random = new SplittableRandom(reporter * 31L + seed);
                        long[] nanos = new long[CREATES_PER_REPORTER];
                        // paced reporters start spread over the first pause, as people do not all press at once
                        if (paced) Thread.sleep((long) random.nextDouble(0, 1000));
                        for (int i = 0; i < CREATES_PER_REPORTER; i++) {
                            String body = "{\"source\":\"field\",\"classCode\":\"exposed_garbage\",\"lon\":"
                                    + random.nextDouble(x0 + (x1 - x0) * 0.1, x1 - (x1 - x0) * 0.1) + ",\"lat\":"
                                    + random.nextDouble(y0 + (y1 - y0) * 0.1, y1 - (y1 - y0) * 0.1)
                                    + ",\"description\":\"bench\",\"clientId\":\"" + UUID.randomUUID() + "\"}";
                            long s = System.nanoTime();
                            HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(base + "/api/cases"))
                                    .header("Authorization", auth).header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                            nanos[i] = System.nanoTime() - s;
                            if (resp.statusCode() == 404 || resp.statusCode() == 405) throw new Missing("POST /api/cases", resp.statusCode());
                            if (resp.statusCode() != 201 && resp.statusCode() != 200 && resp.statusCode() != 422
                                    && resp.statusCode() != 400) {
                                throw new IllegalStateException("POST /api/cases -> " + resp.statusCode() + " " + resp.body());
                            }
                            if (paced) Thread.sleep((long) random.nextDouble(500, 1500));
                        }
                        return nanos;
                    }));
                }
                long[] all = new long[REPORTERS * CREATES_PER_REPORTER];
                int k = 0;
                try {
                    for (Future<long[]> f : futures) for (long n : f.get()) all[k++] = n;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof Missing)) throw e;
                    System.out.printf("%-40s not measured: %s (endpoint not in this build)%n",
                            "create case, 50 concurrent reporters", e.getCause().getMessage());
                    return;
                }
                double seconds = (System.nanoTime() - roundStart) / 1e9;
                Arrays.sort(all);
                System.out.printf("%-40s %s: p50 %8.1f ms, p95 %8.1f ms, max %8.1f ms, %.0f creates/s (%d reporters × %d; "
                                + "target p95 < 20 ms)%n", "create case, 50 concurrent reporters", rounds[round],
                        all[all.length / 2] / 1e6, all[(int) (all.length * 0.95)] / 1e6, all[all.length - 1] / 1e6,
                        all.length / seconds, REPORTERS, CREATES_PER_REPORTER);
            }
        } finally {
            pool.shutdown();
        }
    }

    private static double num(Map<String, Object> row, String key) {
        return ((Number) row.get(key)).doubleValue();
    }
}
