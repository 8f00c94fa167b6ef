package org.gridwatch.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.gridwatch.GridwatchApplication;
import org.gridwatch.geo.BoundingBox;
import org.gridwatch.map.MapService;
import org.gridwatch.support.HeadlessChromium;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Speed a person feels (issue 18), measured in a real browser: the service started in this JVM, Debian's
 * Chromium driven headless through ChromeDriver (empty profile, window 1366×768 unless {@code --window}), with
 * typed text and pointer input at screen positions only. Timed in the page by {@link RedrawProbe}:
 * <ol>
 *   <li><b>sign-in</b>: from the click on the login form's button until the map has drawn large grids, small
 *       grids (in views small enough to load them) and features, and until every request is answered;</li>
 *   <li><b>pan and zoom</b> on the district view: 300 px drags right, down, left, up (held still before the
 *       release, so no inertia glide), the + and − buttons;</li>
 *   <li><b>zoom sweep</b>: from the whole city (the view after sign-in) to a street (zoom 18), one wheel turn of
 *       one level at a time over the densest spot in view, then 300 px drags at the street, then back out.</li>
 * </ol>
 * Each gesture is timed from its end (pointer released, wheel turned) to two moments: <i>moved</i>, the first
 * frame after the map stood still (Leaflet's zoom animation is 250 ms; what the map holds is drawn at the new
 * view), and <i>drawn</i>, the first frame after every layer has loaded and drawn the new view's data (a zoom's
 * requests start with its animation, a pan's at its end). The first visit (empty browser cache, service just started) is
 * printed alone and not counted; then {@code --runs} runs each sign in afresh and make every gesture. Printed:
 * p50 / p95 / max per step with the target (sample district: sign-in ≤ 1 s, pan and zoom ≤ 200 ms;
 * benchmark city: every zoom step ≤ 500 ms) and the load average, which matters: the browser, the service and
 * the store share the machine.
 *
 * <pre>
 * nice -n 19 mvn -q test-compile exec:java -Dexec.mainClass=org.gridwatch.bench.MapSpeedBrowserBenchmark \
 *      -Dexec.classpathScope=test -Dexec.args="--runs 5"                    # the sample district, H2
 * MAVEN_OPTS=-Xmx3g mvn -q test-compile exec:java -Dexec.mainClass=org.gridwatch.bench.MapSpeedBrowserBenchmark \
 *      -Dexec.classpathScope=test -Dexec.args="--city /tmp/bench-city --store postgis --schema tiles_bench --runs 5"
 * </pre>
 * Stores: without {@code --data-dir} (H2) or {@code --schema} (PostGIS, database of GRIDWATCH_TEST_PG_URL,
 * default 127.0.0.1:5432/gridwatch_test, user postgres) a new store is made, filled at start by the service
 * (the sample district, or {@code --city} as {@code gridwatch.sample.dir}) and dropped at the end. A given
 * store is kept; one that already holds grids is only read (no sample, nothing loaded) and started with public
 * reads, so that the map can still be timed (from opening it) when its accounts do not know the password. The
 * first admin of a new store gets the benchmark's password; {@code --user} / {@code --password} sign in as
 * another account. Base maps are off (this machine is offline; tiles are not what is measured).
 */
public final class MapSpeedBrowserBenchmark {

    /** The first admin's password in a store this benchmark makes. */
    static final String BENCH_PASSWORD = "map-speed-Admin-7q2x";
    /** Street level: from here on the map draws every feature on its own (feature-layer.js). */
    static final double STREET_ZOOM = 18;
    private static final Duration REDRAW_TIMEOUT = Duration.ofSeconds(90);

    private MapSpeedBrowserBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        MapSpeedOptions o;
        try {
            o = MapSpeedOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("MapSpeedBrowserBenchmark: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (!Files.isExecutable(HeadlessChromium.CHROMIUM) || !Files.isExecutable(HeadlessChromium.CHROMEDRIVER)) {
            System.err.println("MapSpeedBrowserBenchmark needs " + HeadlessChromium.CHROMIUM + " and " + HeadlessChromium.CHROMEDRIVER
                    + " (apt-get install chromium chromium-driver)");
            System.exit(2);
        }
        System.out.printf("%s store=%s city=%s window=%dx%d runs=%d cores=%d max heap=%d MiB load average %.2f%n",
                Instant.now(), o.store(), o.city() == null ? "sample district" : o.city(), o.widthPx(), o.heightPx(),
                o.runs(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, loadAverage());
        Store store = Store.prepare(o);
        try {
            long t0 = System.nanoTime();
            ConfigurableApplicationContext app = SpringApplication.run(GridwatchApplication.class, store.appArgs().toArray(String[]::new));
            try {
                JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
                System.out.printf("service started in %.1f s on %s: %d large grids, %d small grids, %d features%n",
                        (System.nanoTime() - t0) / 1e9, store.description(),
                        jdbc.queryForObject("SELECT COUNT(*) FROM grid WHERE level = 'large'", Long.class),
                        jdbc.queryForObject("SELECT COUNT(*) FROM grid WHERE level = 'small'", Long.class),
                        jdbc.queryForObject("SELECT COUNT(*) FROM feature", Long.class));
                settle(app);
                String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port") + "/";
                System.out.printf("load average %.2f when the browser starts%n", loadAverage());
                StepTimings timings = measure(o, store, base);
                System.out.println();
                System.out.println("moved: from the end of the gesture to the first frame with the map standing still;"
                        + " drawn: to the first frame after every layer drew the new view's data (sign-in: from the click)");
                timings.print("moved", "drawn");
                System.out.printf("load average %.2f at the end, %s%n", loadAverage(), Instant.now());
            } finally {
                app.close();
            }
        } finally {
            store.cleanUp();
        }
    }

    private static StepTimings measure(MapSpeedOptions o, Store store, String base) {
        StepTimings timings = new StepTimings();
        try (MapSpeedSession browser = MapSpeedSession.start(base, o.widthPx(), o.heightPx(), REDRAW_TIMEOUT)) {
            try {
                measure(o, store, browser, timings);
            } catch (RuntimeException e) {
                System.out.println("failed; the page's console errors: " + browser.consoleErrors());
                throw e;
            }
        }
        return timings;
    }

    private static void measure(MapSpeedOptions o, Store store, MapSpeedSession browser, StepTimings timings) {
        boolean city = o.city() != null;
        String password = o.password() != null ? o.password() : BENCH_PASSWORD;
        System.out.println("browser: " + browser.capabilities().get("browserName") + " " + browser.capabilities().get("browserVersion"));
        RedrawProbe.Shown first = browser.signIn(o.user(), password);
        boolean signIn = first != null;
        if (!signIn) {
            if (!store.reused()) throw new IllegalStateException("the new store refused " + o.user() + "'s sign-in");
            System.out.println("The store's accounts refused " + o.user() + " with that password (give --user/--password):"
                    + " timing the map opened without signing in (the store is started with public reads) instead");
            first = browser.open();
        }
        String entry = signIn ? "sign-in" : "open map (public read)";
        Map<String, Object> page = first.page();
        Map<?, ?> stats = (Map<?, ?>) page.get("stats");
        System.out.printf("page: window %s, viewport %s, map %s px, workspace %s, zoom %s; drawn: %s%n",
                o.widthPx() + "x" + o.heightPx(), page.get("viewport"), page.get("map"), page.get("workspace"), page.get("zoom"),
                Stream.of("largeGrids", "smallGrids", "streets", "markers", "bubbles", "cases")
                        .map(k -> k + " " + stats.get(k)).collect(Collectors.joining(", ")));
        System.out.println("first visit (empty browser cache, service just started, not counted): " + describe(entry, first));
        gestures(browser, city, null, false);
        List<String> errors = browser.consoleErrors();
        if (!errors.isEmpty()) System.out.println("console errors in the first visit: " + errors);
        for (int run = 1; run <= o.runs(); run++) {
            RedrawProbe.Shown shown = signIn ? browser.signIn(o.user(), password) : browser.open();
            timings.add(entry + " -> grids and features drawn", Double.NaN, shown.shownMillis(), city ? null : 1000.0);
            timings.add(entry + " -> every request answered", Double.NaN, shown.idleMillis(), null);
            // The first run shows where the time goes: each wait with the requests it made.
            if (run == 1) System.out.println("run 1, " + describe(entry, shown));
            gestures(browser, city, timings, run == 1);
            System.out.printf("run %d of %d done, load average %.2f%n", run, o.runs(), loadAverage());
        }
        errors = browser.consoleErrors();
        if (!errors.isEmpty()) System.out.println("console errors during the runs: " + errors);
    }

    private static String describe(String entry, RedrawProbe.Shown shown) {
        List<?> loaded = (List<?>) shown.page().get("pageLoaded");
        return String.format("%s -> grids and features drawn %.0f ms, every request answered %.0f ms (from the %s; page"
                        + " received %s ms, DOMContentLoaded %s ms; requests, start-end ms: %s)", entry, shown.shownMillis(),
                shown.idleMillis(), shown.fromSubmit() ? "click" : "navigation", loaded.get(0), loaded.get(1),
                requests((List<?>) shown.page().get("requests")));
    }

    private static String requests(List<?> requests) {
        StringBuilder s = new StringBuilder();
        for (Object r : requests) {
            List<?> x = (List<?>) r;
            s.append(s.isEmpty() ? "" : ", ").append(x.get(0)).append(' ').append(x.get(1)).append('-').append(x.get(2));
        }
        return s.toString();
    }

    /**
     * Every gesture of one run, from the view after sign-in; recorded into {@code timings} unless it is null, each
     * printed with its requests when {@code verbose}.
     */
    private static void gestures(MapSpeedSession browser, boolean city, StepTimings timings, boolean verbose) {
        Double panZoomTarget = city ? null : 200.0, sweepTarget = city ? 500.0 : 200.0;
        Recorder record = (label, r, target) -> {
            if (timings != null) timings.add(label, r.movedMillis(), r.drawnMillis(), target);
            if (verbose) {
                System.out.printf("  %s: moved %.0f ms, drawn %.0f ms; requests %s%n", label, r.movedMillis(), r.drawnMillis(),
                        requests(r.requests()));
            }
        };
        double home = browser.zoom();
        String view = String.format("%s view z%.1f", city ? "city" : "district", home);
        int[][] pans = {{300, 0}, {0, 300}, {-300, 0}, {0, -300}};
        for (int[] p : pans) record.add("pan 300 px, " + view, browser.pan(p[0], p[1], "pan"), panZoomTarget);
        record.add("+ button (0.5 level), " + view, browser.press(".leaflet-control-zoom-in", "+ button"), panZoomTarget);
        record.add("- button (0.5 level), " + view, browser.press(".leaflet-control-zoom-out", "- button"), panZoomTarget);

        int[] spot = browser.densestSpot();
        if (verbose) System.out.printf("  zoom sweep over the densest spot in view, (%+d, %+d) px from the map's centre%n", spot[0], spot[1]);
        double zoom = home;
        for (int step = 0; zoom < STREET_ZOOM && step < 30; step++) {
            RedrawProbe.Redraw r = browser.wheel(spot, -MapSpeedSession.WHEEL_ONE_LEVEL_PX, "wheel zoom in");
            record.add(String.format("wheel zoom in  z%.1f -> z%.1f", zoom, r.zoom()), r, sweepTarget);
            zoom = r.zoom();
        }
        String street = String.format("street view z%.1f", zoom);
        for (int[] p : pans) record.add("pan 300 px, " + street, browser.pan(p[0], p[1], "pan"), panZoomTarget);
        for (int step = 0; zoom > home && step < 30; step++) {
            RedrawProbe.Redraw r = browser.wheel(spot, MapSpeedSession.WHEEL_ONE_LEVEL_PX, "wheel zoom out");
            record.add(String.format("wheel zoom out z%.1f -> z%.1f", zoom, r.zoom()), r, sweepTarget);
            zoom = r.zoom();
        }
    }

    private interface Recorder {
        void add(String label, RedrawProbe.Redraw redraw, Double targetMillis);
    }

    /**
     * Waits for the work the service starts after it is ready (the tiles' point index, the map's count index,
     * the coverage index): measured while it runs, every figure would carry it. The last wait is for this JVM's
     * other threads to use under 5 % of a core for two seconds in a row.
     */
    private static void settle(ConfigurableApplicationContext app) throws Exception {
        long t0 = System.nanoTime();
        Class<?> tiles = Class.forName("org.gridwatch.ogcapi.TileService");
        Method await = tiles.getDeclaredMethod("awaitPointIndex", Duration.class);
        await.setAccessible(true);
        if (!(Boolean) await.invoke(app.getBean(tiles), Duration.ofMinutes(10))) {
            throw new IllegalStateException("the tiles' point index was not read within 10 minutes");
        }
        MapService maps = app.getBean(MapService.class);
        BoundingBox extent = maps.extent();
        if (extent != null) {
            double cell = Math.max(extent.maxLon() - extent.minLon(), extent.maxLat() - extent.minLat()) / 50;
            maps.countByCell(extent, List.of(), Math.min(cell, 10)); // waits for the count index of large views
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        for (int quiet = 0; quiet < 2 && System.nanoTime() < deadline; ) {
            long before = otherThreadsCpuNanos(threads);
            Thread.sleep(1000);
            quiet = otherThreadsCpuNanos(threads) - before < 50_000_000L ? quiet + 1 : 0;
        }
        System.out.printf("background work after the start finished in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private static long otherThreadsCpuNanos(ThreadMXBean threads) {
        long me = Thread.currentThread().getId(), sum = 0;
        for (long id : threads.getAllThreadIds()) {
            if (id != me) sum += Math.max(0, threads.getThreadCpuTime(id));
        }
        return sum;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Where the service keeps its data for this run, and what to do with it at the end. */
    record Store(String description, boolean reused, List<String> appArgs, Runnable atEnd) {

        static Store prepare(MapSpeedOptions o) throws Exception {
            List<String> args = new ArrayList<>(List.of("--server.port=0", "--logging.level.root=WARN",
                    "--gridwatch.map.default-base-map=none"));
            boolean reused;
            String description;
            Runnable cleanUp;
            if (o.store().equals("postgis")) {
                String url = System.getenv().getOrDefault("GRIDWATCH_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/gridwatch_test");
                String schema = o.schema() != null ? o.schema() : "gw_map_speed_" + UUID.randomUUID().toString().substring(0, 8);
                reused = o.schema() != null && holdsGrids(url, schema);
                args.addAll(List.of("--spring.profiles.active=postgis",
                        "--spring.datasource.url=" + url + "?currentSchema=" + schema + ",public&reWriteBatchedInserts=true",
                        "--spring.datasource.username=postgres", "--spring.datasource.password=",
                        "--spring.flyway.schemas=" + schema, "--spring.flyway.default-schema=" + schema));
                description = "PostGIS schema " + schema + (reused ? " (reused, read only)" : o.schema() != null ? " (new, kept)" : " (scratch)");
                cleanUp = o.schema() != null ? () -> { } : () -> dropSchema(url, schema);
            } else {
                Path dir = o.dataDir() != null ? o.dataDir() : Files.createTempDirectory("gridwatch-map-speed-");
                reused = Files.isRegularFile(dir.resolve("gridwatch.mv.db"));
                args.add("--gridwatch.data-dir=" + dir);
                description = "H2 in " + dir + (reused ? " (reused, read only)" : o.dataDir() != null ? " (new, kept)" : " (temporary)");
                cleanUp = o.dataDir() != null ? () -> { } : () -> deleteTree(dir);
            }
            if (reused) {
                args.addAll(List.of("--gridwatch.sample.enabled=false", "--gridwatch.security.public-read=true"));
            } else {
                args.add("--gridwatch.security.admin-password=" + BENCH_PASSWORD);
                if (o.city() != null) {
                    args.add("--gridwatch.sample.dir=" + o.city().toAbsolutePath());
                    System.out.println("the service loads " + o.city() + " into the new store at start (minutes for 1,000,000 features)");
                }
            }
            return new Store(description, reused, args, cleanUp);
        }

        void cleanUp() {
            atEnd.run();
        }

        /** Whether {@code schema} has a grid table with rows (read only). */
        private static boolean holdsGrids(String url, String schema) throws Exception {
            try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT to_regclass('" + schema + ".grid') IS NOT NULL")) {
                    if (!rs.next() || !rs.getBoolean(1)) return false;
                }
                try (ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM " + schema + ".grid)")) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        }

        private static void dropSchema(String url, String schema) {
            try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (Exception e) {
                System.err.println("the scratch schema " + schema + " was not dropped: " + e.getMessage());
            }
        }

        private static void deleteTree(Path dir) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            } catch (IOException e) {
                System.err.println("the temporary store " + dir + " was not deleted: " + e.getMessage());
            }
        }
    }
}
