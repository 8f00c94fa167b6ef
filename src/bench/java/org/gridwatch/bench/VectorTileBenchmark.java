package org.gridwatch.bench;

import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import org.gridwatch.GridwatchApplication;
import org.gridwatch.feature.FeaturesChanged;
import org.gridwatch.grid.GridsChanged;
import org.gridwatch.geodata.DistrictImporter;
import org.gridwatch.ogcapi.tiles.WebMercatorQuad;
import org.locationtech.jts.geom.Envelope;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Vector tiles (OGC API – Tiles, MVT) on a generated city, on H2GIS or PostGIS, through HTTP. Tiles are of
 * all layers ({@code /ogcapi/tiles/WebMercatorQuad/z/y/x}, what the map reads), chosen at random among
 * the tiles over the city's features:
 * <ol>
 *   <li>z14 tiles, each requested once with the tile cache off (every request reads the store and encodes);</li>
 *   <li>a mix of zooms 10-18, cache off;</li>
 *   <li>the same mix again with the cache on, each tile twice (first read, then from the cache).</li>
 * </ol>
 * Printed: p50 / p95 / p99 / max and the mean tile size; then the heap the points in memory take (measured after the
 * timed tiles: it reads every point once more).
 * <pre>
 * MAVEN_OPTS=-Xmx1500m mvn -q test-compile exec:java -Dexec.mainClass=org.gridwatch.bench.VectorTileBenchmark \
 *      -Dexec.args="--store h2 --city /tmp/bench-city [--tiles 300] [--data-dir DIR-OF-AN-EARLIER-RUN]"
 * </pre>
 * PostGIS ({@code --store postgis}): the database of GRIDWATCH_TEST_PG_URL (default 127.0.0.1:5432/gridwatch_test,
 * user postgres), in a scratch schema dropped at the end.
 *
 * <p>{@code --direct true} times the tile service itself (no HTTP: the encoding kernel, read from memory or the
 * store), which shows changes to the encoding better on a loaded machine; {@code --dump DIR} writes every timed tile
 * to {@code DIR/z-x-y.mvt} (to compare the bytes of two versions); {@code --edits false} leaves out the edits (so a
 * store kept for later runs is only read); {@code --aged false} times the tiles at once after the start instead of
 * after the cache age (see below).
 */
public final class VectorTileBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        String store = opts.getOrDefault("store", "h2");
        int count = Integer.parseInt(opts.getOrDefault("tiles", "300"));
        Path city = Path.of(opts.getOrDefault("city", "/tmp/bench-city"));
        if (!Files.isRegularFile(city.resolve("features.geojson"))) {
            System.err.println("No city at " + city + "; generate one first (README, Sample district and benchmark city)");
            System.exit(2);
        }
        String pgUrl = System.getenv().getOrDefault("GRIDWATCH_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/gridwatch_test");
        // --schema (PostGIS) and --data-dir (H2) keep the loaded store for later runs (the load takes many minutes).
        boolean keep = opts.containsKey("schema") || opts.containsKey("data-dir");
        String schema = opts.getOrDefault("schema", "gw_tile_bench_" + UUID.randomUUID().toString().substring(0, 8));
        String dataDir = opts.containsKey("data-dir") ? opts.get("data-dir")
                : Files.createTempDirectory("gridwatch-tile-bench-").toString();
        System.out.printf("store=%s city=%s max heap=%d MiB cores=%d%n", store, city,
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        boolean loadOnly = Boolean.parseBoolean(opts.getOrDefault("load-only", "false"));
        // One configuration per run: on H2 a second start in the same JVM can fail (see CaseBenchmark).
        boolean cache = !loadOnly && Boolean.parseBoolean(opts.getOrDefault("cache", "false"));
        boolean direct = Boolean.parseBoolean(opts.getOrDefault("direct", "false"));
        boolean edits = Boolean.parseBoolean(opts.getOrDefault("edits", "true"));
        boolean aged = Boolean.parseBoolean(opts.getOrDefault("aged", "true"));
        Path dump = opts.containsKey("dump") ? Files.createDirectories(Path.of(opts.get("dump"))) : null;
        try {
            long startNanos = System.nanoTime();
            ConfigurableApplicationContext app = start(store, pgUrl, schema, dataDir, cache);
            System.out.printf("started in %.1f s; load average %.1f%n", (System.nanoTime() - startNanos) / 1e9,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            try {
                JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
                long already = jdbc.queryForObject("SELECT COUNT(*) FROM feature", Long.class);
                if (already == 0) {
                    long t0 = System.nanoTime();
                    DistrictImporter.Counts counts = app.getBean(DistrictImporter.class).load(DistrictImporter.directory(city));
                    System.out.printf("loaded %d large grids, %d small grids, %d streets, %d features in %.1f s%n",
                            counts.largeGrids(), counts.smallGrids(), counts.streets(), counts.features(),
                            (System.nanoTime() - t0) / 1e9);
                    if (loadOnly) return;
                    pointIndexCurrent(app, true);
                } else {
                    System.out.printf("reusing a store with %d features%n", already);
                    if (loadOnly) return;
                }
                // Tiles over features: the tiles of randomly chosen features (a dense area is chosen more often, as a map user would);
                // in id order, so that every run of a store draws the same tiles.
                List<double[]> points = jdbc.query("SELECT ST_X(geom) AS x, ST_Y(geom) AS y FROM feature WHERE MOD(id, 97) = 0 ORDER BY id",
                        (rs, i) -> new double[] {rs.getDouble("x"), rs.getDouble("y")});
                SplittableRandom random = new SplittableRandom(7);
                List<WebMercatorQuad.Tile> z14 = new ArrayList<>(), mix = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    double[] p = points.get(random.nextInt(points.size()));
                    z14.add(WebMercatorQuad.tileAt(p[0], p[1], 14));
                    double[] q = points.get(random.nextInt(points.size()));
                    mix.add(WebMercatorQuad.tileAt(q[0], q[1], 10 + random.nextInt(9)));
                }
                // Warm-up tiles from their own draws, none of them timed later (with the cache on, a timed tile
                // drawn during the warm-up would be answered from the cache at its "first request").
                java.util.Set<WebMercatorQuad.Tile> timed = new java.util.HashSet<>(z14);
                timed.addAll(mix);
                SplittableRandom warmRandom = new SplittableRandom(8);
                List<WebMercatorQuad.Tile> warm = new ArrayList<>();
                for (int tries = 0; warm.size() < 200 && tries < 100_000; tries++) {
                    double[] q = points.get(warmRandom.nextInt(points.size()));
                    WebMercatorQuad.Tile w = WebMercatorQuad.tileAt(q[0], q[1], 10 + warmRandom.nextInt(9));
                    if (!timed.contains(w)) warm.add(w);
                }
                String base = base(app);
                HttpClient http = HttpClient.newHttpClient();
                Fetcher fetcher = direct ? direct(app) : new Fetcher() {
                    @Override
                    public byte[] tile(WebMercatorQuad.Tile t) throws Exception {
                        return fetchBytes(http, base, t);
                    }

                    @Override
                    public long size(WebMercatorQuad.Tile t) throws Exception {
                        return fetchCounted(http, base, t);
                    }
                };
                String mode = (cache ? "cache on" : "cache off") + (direct ? ", direct" : "");
                // Cold: the very first tile after the start, before the points are in memory (it reads the store).
                report("first z14 tile after start (" + mode + ")", time(fetcher, z14.subList(0, 1), null));
                pointIndexCurrent(app, false);
                long indexesRead = System.nanoTime();
                awaitSettled();
                // Timed as a service that has run past its cache age: the first tiles after it have the points,
                // grids and streets in memory checked against the store (a running service does that every cache
                // age, gridwatch.tiles.cache-seconds), so that work falls among the timed tiles, as it would.
                if (aged) {
                    long ageNanos = Duration.ofSeconds(Long.parseLong(app.getEnvironment()
                            .getProperty("gridwatch.tiles.cache-seconds", "60")) + 1).toNanos();
                    long wait = indexesRead + ageNanos - System.nanoTime();
                    if (wait > 0) Thread.sleep(wait / 1_000_000);
                    System.out.printf("waited until the indexes in memory were older than the cache age (%d s)%n",
                            ageNanos / 1_000_000_000L);
                }
                for (WebMercatorQuad.Tile w : warm) fetcher.tile(w); // warm the JIT (the HTTP path as well as the encoding) and the connection pool
                report("z14, all layers, " + mode + (cache ? ", first request" : ""), time(fetcher, z14, dump));
                if (cache) report("z14, all layers, cache on, again", time(fetcher, z14, null));
                Timing mixed = time(fetcher, mix, dump);
                report("zooms 10-18, all layers, " + mode + (cache ? ", first request" : ""), mixed);
                if (direct) byZoom(mix, mixed);
                if (cache) report("zooms 10-18, all layers, cache on, again", time(fetcher, mix, null));
                // After the timed tiles: reading a second copy of every point and the full GCs around it are not the
                // service's work, and on the embedded store (read in this JVM) their aftermath (promoted copies,
                // marking) was still slowing the young GCs of the tiles timed after it.
                if (!direct) heapOfThePoints(app);
                if (edits) afterEdits(app, http, base, jdbc, points, mode);
            } finally {
                app.close();
            }
        } finally {
            if (store.equals("postgis") && !keep) {
                try (Connection c = DriverManager.getConnection(pgUrl, "postgres", ""); Statement st = c.createStatement()) {
                    st.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    /**
     * Edits, each followed by the z14 and z17 tiles holding the edited feature (cold: the edit dropped them from the
     * cache and changed the points in memory), then the same tiles again. Each edit moves a feature by a few metres and
     * renames it in the store and announces it as another instance's change feed relays an edit (the event every
     * edit publishes, so the tiles take the same path as after an edit through the API); the edit itself is not timed.
     */
    private static void afterEdits(ConfigurableApplicationContext app, HttpClient http, String base, JdbcTemplate jdbc,
                                   List<double[]> points, String mode) throws Exception {
        int edits = 50;
        SplittableRandom random = new SplittableRandom(11);
        List<WebMercatorQuad.Tile> tiles = new ArrayList<>();
        long[] cold = new long[edits * 2], warm = new long[edits * 2];
        long bytes = 0;
        long updateNanos = 0;
        for (int i = 0; i < edits; i++) {
            double[] p = points.get(random.nextInt(points.size()));
            Map<String, Object> f = jdbc.queryForMap("SELECT id, ST_X(geom) AS x, ST_Y(geom) AS y FROM feature WHERE "
                    + "ST_X(geom) = ? AND ST_Y(geom) = ?", p[0], p[1]);
            long id = ((Number) f.get("id")).longValue();
            double x = ((Number) f.get("x")).doubleValue(), y = ((Number) f.get("y")).doubleValue();
            double nx = x + 0.00003, ny = y + 0.00002;
            jdbc.update("UPDATE feature SET geom = ST_SetSRID(ST_MakePoint(?, ?), 4326), name = ? WHERE id = ?", nx, ny,
                    "bench edit " + i, id);
            p[0] = nx;
            p[1] = ny;
            Envelope touched = new Envelope(x, nx, y, ny);
            long s = System.nanoTime();
            app.publishEvent(new FeaturesChanged(touched, true));
            updateNanos += System.nanoTime() - s;
            int k = 0;
            for (int z : new int[] {14, 17}) {
                WebMercatorQuad.Tile t = WebMercatorQuad.tileAt(nx, ny, z);
                long c = System.nanoTime();
                byte[] tile = fetchBytes(http, base, t);
                cold[i * 2 + k] = System.nanoTime() - c;
                bytes += tile.length;
                if (z == 17 && !new String(tile, java.nio.charset.StandardCharsets.UTF_8).contains("bench edit " + i)) {
                    throw new IllegalStateException("the z17 tile after edit " + i + " does not show it: " + t);
                }
                long w = System.nanoTime();
                fetch(http, base, t);
                warm[i * 2 + k] = System.nanoTime() - w;
                k++;
            }
        }
        System.out.printf("%d edits: points in memory and cache brought up to date in %.2f ms per edit (mean)%n", edits,
                updateNanos / 1e6 / edits);
        report("z14+z17 tile of an edit, first (" + mode + ")", new Timing(cold, bytes, new long[cold.length]));
        report("the same tile again (" + mode + ")", new Timing(warm, bytes, new long[warm.length]));
    }

    /** Heap taken by the points in memory: a second copy read and held, measured as the used heap after full GCs. */
    private static void heapOfThePoints(ConfigurableApplicationContext app) throws Exception {
        Class<?> type = Class.forName("org.gridwatch.ogcapi.PointStoreUpdates");
        Method read = type.getDeclaredMethod("read");
        read.setAccessible(true);
        Object updates = app.getBean(type);
        long before = usedAfterGc();
        Object copy = read.invoke(updates);
        long after = usedAfterGc();
        Method size = copy.getClass().getMethod("size");
        System.out.printf("points in memory: %,d points take %.1f MiB of heap (%.0f bytes each)%n", (Long) size.invoke(copy),
                (after - before) / 1048576.0, (after - before) / (double) (Long) size.invoke(copy));
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /**
     * The load above writes without announcing it (as imports do): announced here as a change of everything, as
     * another instance would relay it, and then waited for until the tiles' in-memory indexes are read again.
     */
    /**
     * Waits until the service's background work after the start (the coverage and inspection indexes read from the
     * store) is over: this process's CPU time grows by less than a tenth of a core over two seconds. Warm figures
     * are of a settled service; the cold one above is the first tile after the start.
     */
    private static void awaitSettled() throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long t0 = System.nanoTime(), end = t0 + Duration.ofMinutes(10).toNanos();
        long before = os.getProcessCpuTime();
        while (System.nanoTime() < end) {
            Thread.sleep(2000);
            long now = os.getProcessCpuTime();
            boolean quiet = now - before < 200_000_000L;
            before = now;
            if (quiet) break;
        }
        System.out.printf("the service settled (background work after the start done) in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private static void pointIndexCurrent(ConfigurableApplicationContext app, boolean announce) throws Exception {
        long t0 = System.nanoTime();
        if (announce) {
            app.publishEvent(new FeaturesChanged(new Envelope(-180, 180, -90, 90), true));
            app.publishEvent(new GridsChanged(new Envelope(-180, 180, -90, 90), true));
        }
        Class<?> type = Class.forName("org.gridwatch.ogcapi.TileService");
        Method await = type.getDeclaredMethod("awaitPointIndex", Duration.class);
        await.setAccessible(true);
        if (!(Boolean) await.invoke(app.getBean(type), Duration.ofMinutes(10))) {
            throw new IllegalStateException("the point index was not read within 5 minutes");
        }
        System.out.printf("point, grid and street indexes read in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private static ConfigurableApplicationContext start(String store, String pgUrl, String schema, String dataDir, boolean cache) {
        List<String> appArgs = new ArrayList<>(List.of("--server.port=0", "--gridwatch.sample.enabled=false",
                "--gridwatch.security.public-read=true", "--logging.level.root=WARN",
                "--gridwatch.tiles.cache-entries=" + (cache ? 20000 : 0)));
        if (store.equals("postgis")) {
            appArgs.addAll(List.of("--spring.profiles.active=postgis",
                    "--spring.datasource.url=" + pgUrl + "?currentSchema=" + schema + ",public",
                    "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--spring.flyway.schemas=" + schema, "--spring.flyway.default-schema=" + schema));
        } else {
            appArgs.add("--gridwatch.data-dir=" + dataDir);
        }
        return SpringApplication.run(GridwatchApplication.class, appArgs.toArray(String[]::new));
    }

    private static String base(ConfigurableApplicationContext app) {
        return "http://localhost:" + app.getEnvironment().getProperty("local.server.port") + "/ogcapi/tiles/WebMercatorQuad/";
    }

    private static int fetch(HttpClient http, String base, WebMercatorQuad.Tile t) throws Exception {
        return fetchBytes(http, base, t).length;
    }

    /**
     * A tile's size, its body read as a stream into one reused buffer and counted within the time: the client shares
     * the service's heap, and a copy of every tile was a sixth of what the timed tiles allocated on H2 (JFR), making
     * the service's young GCs more frequent (as RequestBenchmark found, d151601).
     */
    private static long fetchCounted(HttpClient http, String base, WebMercatorQuad.Tile t) throws Exception {
        HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base + t.z() + "/" + t.y() + "/" + t.x()))
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        long n = 0;
        try (java.io.InputStream in = r.body()) {
            byte[] buf = COUNT_BUFFER.get();
            for (int k; (k = in.read(buf)) >= 0; ) n += k;
        }
        if (r.statusCode() != 200) throw new IllegalStateException(t + " -> " + r.statusCode());
        return n;
    }

    private static final ThreadLocal<byte[]> COUNT_BUFFER = ThreadLocal.withInitial(() -> new byte[64 * 1024]);

    private static byte[] fetchBytes(HttpClient http, String base, WebMercatorQuad.Tile t) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + t.z() + "/" + t.y() + "/" + t.x()))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw new IllegalStateException(t + " -> " + r.statusCode());
        return r.body();
    }

    /** Wall time per tile, and (direct calls only: they run on this thread) the thread's CPU time per tile. */
    private record Timing(long[] nanos, long bytes, long[] cpuNanos) {
    }

    /** Gets one tile of all layers. */
    private interface Fetcher {
        byte[] tile(WebMercatorQuad.Tile t) throws Exception;

        /** The tile's size; over HTTP read as a stream and counted, not kept (see {@link #fetchCounted}). */
        default long size(WebMercatorQuad.Tile t) throws Exception {
            return tile(t).length;
        }
    }

    /** The tile service called directly (what the controller calls for {@code /ogcapi/tiles/...}), no HTTP. */
    private static Fetcher direct(ConfigurableApplicationContext app) throws Exception {
        Class<?> serviceType = Class.forName("org.gridwatch.ogcapi.TileService");
        Class<?> collectionsType = Class.forName("org.gridwatch.ogcapi.OgcApiService");
        Method tile = serviceType.getDeclaredMethod("tile", List.class, WebMercatorQuad.Tile.class);
        tile.setAccessible(true);
        Method collections = collectionsType.getDeclaredMethod("collections");
        collections.setAccessible(true);
        Object service = app.getBean(serviceType);
        Object layers = collections.invoke(app.getBean(collectionsType));
        return t -> (byte[]) tile.invoke(service, layers, t);
    }

    private static Timing time(Fetcher fetcher, List<WebMercatorQuad.Tile> tiles, Path dump) throws Exception {
        long[] nanos = new long[tiles.size()], cpu = new long[tiles.size()];
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long bytes = 0;
        for (int i = 0; i < tiles.size(); i++) {
            WebMercatorQuad.Tile t = tiles.get(i);
            long c = threads.getCurrentThreadCpuTime();
            long s = System.nanoTime();
            byte[] tile = dump == null ? null : fetcher.tile(t);
            long size = tile == null ? fetcher.size(t) : tile.length;
            nanos[i] = System.nanoTime() - s;
            cpu[i] = threads.getCurrentThreadCpuTime() - c;
            bytes += size;
            if (dump != null) Files.write(dump.resolve(t.z() + "-" + t.x() + "-" + t.y() + ".mvt"), tile);
        }
        return new Timing(nanos, bytes, cpu);
    }

    /** The mean and worst time per zoom of a mix, to see which zooms make its tail. */
    private static void byZoom(List<WebMercatorQuad.Tile> tiles, Timing t) {
        StringBuilder line = new StringBuilder("  by zoom (tiles, mean / max ms):");
        for (int z = 10; z <= 18; z++) {
            int k = 0;
            long sum = 0, max = 0;
            for (int i = 0; i < tiles.size(); i++) {
                if (tiles.get(i).z() != z) continue;
                k++;
                sum += t.nanos()[i];
                max = Math.max(max, t.nanos()[i]);
            }
            if (k > 0) line.append(String.format(" z%d (%d) %.1f / %.1f;", z, k, sum / 1e6 / k, max / 1e6));
        }
        System.out.println(line);
    }

    private static void report(String label, Timing t) {
        // JVM uptime at the end, to find the run's phases in a GC log or a JFR recording (both count from JVM start)
        System.out.printf("[at %.1f s of JVM uptime] ", java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
        long[] n = t.nanos().clone();
        Arrays.sort(n);
        int k = n.length;
        System.out.printf("%-40s %d tiles: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms, mean %.1f KiB%n", label + ":", k,
                n[k / 2] / 1e6, n[(int) Math.min(k - 1, Math.ceil(k * 0.95) - 1)] / 1e6,
                n[(int) Math.min(k - 1, Math.ceil(k * 0.99) - 1)] / 1e6, n[k - 1] / 1e6, t.bytes() / (double) k / 1024);
        if (label.contains("direct")) {
            // The encoding ran on this thread: its CPU time, which other processes on a busy machine do not inflate.
            long[] c = t.cpuNanos().clone();
            Arrays.sort(c);
            System.out.printf("%-40s CPU p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n", "", c[k / 2] / 1e6,
                    c[(int) Math.min(k - 1, Math.ceil(k * 0.95) - 1)] / 1e6,
                    c[(int) Math.min(k - 1, Math.ceil(k * 0.99) - 1)] / 1e6, c[k - 1] / 1e6);
        }
    }
}
