package org.gridwatch.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import org.gridwatch.GridwatchApplication;
import org.gridwatch.geodata.DistrictImporter;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OGC API – Features at the benchmark city's scale (1,000,000 features), on H2GIS or PostGIS, through HTTP:
 * <ol>
 *   <li>a page of 1,000 items of the largest feature collection, warm: first pages and pages at random
 *       depths (cursor anywhere in the id range), with numberMatched, median / p95 / max;</li>
 *   <li>the same filter (status and a box) as queryable parameters and as a CQL2 filter (text and JSON),
 *       a page of 1,000 each, warm;</li>
 *   <li>every feature-type collection read page by page (limit 10,000) following {@code next} links,
 *       checking that every id comes exactly once and that together they are all 1,000,000 features.</li>
 * </ol>
 * <pre>
 * MAVEN_OPTS=-Xmx1g mvn -q test-compile exec:java -Dexec.mainClass=org.gridwatch.bench.OgcApiBenchmark \
 *      -Dexec.args="--store h2 --city /tmp/bench-city [--data-dir DIR-OF-AN-EARLIER-RUN]"
 * </pre>
 * PostGIS ({@code --store postgis}): the database of GRIDWATCH_TEST_PG_URL (default 127.0.0.1:5432/gridwatch_test,
 * user postgres), in a scratch schema dropped at the end.
 */
public final class OgcApiBenchmark {

    private static final int WARMUP = 20;
    private static final int MEASURED = 100;
    private static final int PAGE = 1_000;
    private static final int FULL_READ_PAGE = 10_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        String store = opts.getOrDefault("store", "h2");
        Path city = Path.of(opts.getOrDefault("city", "/tmp/bench-city"));
        if (!Files.isRegularFile(city.resolve("features.geojson"))) {
            System.err.println("No benchmark city at " + city + "; generate it first (see StoreBenchmark)");
            System.exit(2);
        }
        List<String> appArgs = new ArrayList<>(List.of("--server.port=0", "--gridwatch.sample.enabled=false",
                // Reads only: measured without sign-in, as a public-read installation serves them.
                "--gridwatch.security.public-read=true",
                "--logging.level.root=WARN"));
        String pgUrl = System.getenv().getOrDefault("GRIDWATCH_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/gridwatch_test");
        // --schema: a PostGIS schema loaded before (by this or VectorTileBenchmark), kept at the end.
        boolean keep = opts.containsKey("schema");
        String schema = opts.getOrDefault("schema", "gw_ogc_bench_" + UUID.randomUUID().toString().substring(0, 8));
        if (store.equals("postgis")) {
            appArgs.addAll(List.of("--spring.profiles.active=postgis",
                    "--spring.datasource.url=" + pgUrl + "?currentSchema=" + schema + ",public",
                    "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--spring.flyway.schemas=" + schema, "--spring.flyway.default-schema=" + schema));
        } else {
            // --data-dir reuses an H2 store this benchmark loaded before (the load takes minutes).
            String dir = opts.containsKey("data-dir") ? opts.get("data-dir")
                    : Files.createTempDirectory("gridwatch-ogc-bench-").toString();
            appArgs.add("--gridwatch.data-dir=" + dir);
        }
        System.out.printf("store=%s city=%s max heap=%d MiB cores=%d%n", store, city,
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        ConfigurableApplicationContext app = SpringApplication.run(GridwatchApplication.class, appArgs.toArray(String[]::new));
        try {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            long already = jdbc.queryForObject("SELECT COUNT(*) FROM feature", Long.class);
            if (already == 0) {
                long t0 = System.nanoTime();
                DistrictImporter.Counts counts = app.getBean(DistrictImporter.class).load(DistrictImporter.directory(city));
                System.out.printf("loaded %d large grids, %d small grids, %d streets, %d features in %.1f s%n",
                        counts.largeGrids(), counts.smallGrids(), counts.streets(), counts.features(), (System.nanoTime() - t0) / 1e9);
            } else {
                System.out.printf("reusing a store with %d features%n", already);
            }
            String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port") + "/ogcapi";
            HttpClient http = HttpClient.newHttpClient();

            long s = System.nanoTime();
            JsonNode collections = get(http, base + "/collections");
            System.out.printf("GET /collections (cold extents of %d collections): %.0f ms%n",
                    collections.path("collections").size(), (System.nanoTime() - s) / 1e6);

            List<Map<String, Object>> perType = jdbc.queryForList(
                    "SELECT type_key, COUNT(*) AS n, MIN(id) AS lo, MAX(id) AS hi FROM feature GROUP BY type_key ORDER BY n DESC");
            Map<String, Object> largest = perType.get(0);
            String type = (String) largest.get("type_key");
            long lo = ((Number) largest.get("lo")).longValue(), hi = ((Number) largest.get("hi")).longValue();
            System.out.printf("largest collection: %s with %d features%n", type, ((Number) largest.get("n")).longValue());

            String first = base + "/collections/" + type + "/items?limit=" + PAGE;
            timePages(http, "first page", i -> first);
            SplittableRandom random = new SplittableRandom(1);
            timePages(http, "page at a random depth", i -> first + "&cursor=" + random.nextLong(lo, hi));
            String gkPage = first + "&crs=http%3A%2F%2Fwww.opengis.net%2Fdef%2Fcrs%2FEPSG%2F0%2F4547";
            timePages(http, "first page in EPSG:4547", i -> gkPage);

            // The same selection as queryables (?status=...&bbox=...) and as a CQL2 filter: Part 3 should cost no more.
            Map<String, Object> extent = jdbc.queryForMap("SELECT MIN(ST_X(geom)) AS x0, MIN(ST_Y(geom)) AS y0, "
                    + "MAX(ST_X(geom)) AS x1, MAX(ST_Y(geom)) AS y1 FROM feature WHERE type_key = ?", type);
            double x0 = ((Number) extent.get("x0")).doubleValue(), y0 = ((Number) extent.get("y0")).doubleValue();
            double x1 = ((Number) extent.get("x1")).doubleValue(), y1 = ((Number) extent.get("y1")).doubleValue();
            double qx = (x1 - x0) / 4, qy = (y1 - y0) / 4;
            String box = String.format(java.util.Locale.ROOT, "%.6f,%.6f,%.6f,%.6f", x0 + qx, y0 + qy, x1 - qx, y1 - qy);
            timePages(http, "queryable status", i -> first + "&status=active");
            timePages(http, "CQL2 status", i -> first + "&filter=" + enc("status = 'active'"));
            timePages(http, "queryable status removed", i -> first + "&status=removed");
            timePages(http, "CQL2 status removed", i -> first + "&filter=" + enc("status = 'removed'"));
            timePages(http, "queryable status + bbox", i -> first + "&status=active&bbox=" + box);
            timePages(http, "CQL2 status + S_INTERSECTS", i -> first + "&filter=" + enc("status = 'active' AND "
                    + "S_INTERSECTS(geometry, BBOX(" + box + "))"));
            timePages(http, "CQL2 JSON status + bbox", i -> first + "&filter-lang=cql2-json&filter=" + enc(
                    "{\"op\":\"and\",\"args\":[{\"op\":\"=\",\"args\":[{\"property\":\"status\"},\"active\"]},"
                            + "{\"op\":\"s_intersects\",\"args\":[{\"property\":\"geometry\"},{\"bbox\":[" + box + "]}]}]}"));

            if (!Boolean.parseBoolean(opts.getOrDefault("full-read", "true"))) return;
            long total = 0;
            long readStart = System.nanoTime();
            BitSet seen = new BitSet();
            for (Map<String, Object> t : perType) {
                String key = (String) t.get("type_key");
                long expected = ((Number) t.get("n")).longValue();
                long ts = System.nanoTime();
                String url = base + "/collections/" + key + "/items?limit=" + FULL_READ_PAGE;
                long read = 0, previous = -1;
                int pages = 0;
                while (url != null) {
                    JsonNode page = get(http, url);
                    for (JsonNode f : page.path("features")) {
                        long id = f.path("id").asLong();
                        if (id <= previous) throw new IllegalStateException("ids out of order at " + id);
                        if (seen.get((int) id)) throw new IllegalStateException("id " + id + " served twice");
                        seen.set((int) id);
                        previous = id;
                        read++;
                    }
                    pages++;
                    url = null;
                    for (JsonNode l : page.path("links")) {
                        if (l.path("rel").asString().equals("next")) url = l.path("href").asString();
                    }
                }
                if (read != expected) throw new IllegalStateException(key + ": read " + read + " of " + expected);
                System.out.printf("  %-18s %,9d features in %4d pages, each id once, %.1f s%n", key, read, pages,
                        (System.nanoTime() - ts) / 1e9);
                total += read;
            }
            long inDb = jdbc.queryForObject("SELECT COUNT(*) FROM feature", Long.class);
            if (total != inDb || seen.cardinality() != inDb) {
                throw new IllegalStateException("read " + total + " features, " + seen.cardinality() + " distinct, of " + inDb);
            }
            System.out.printf("full read: %,d features (all collections, limit %d) each exactly once in %.1f s (%.0f features/s)%n",
                    total, FULL_READ_PAGE, (System.nanoTime() - readStart) / 1e9, total / ((System.nanoTime() - readStart) / 1e9));
        } finally {
            app.close();
            if (store.equals("postgis") && !keep) {
                try (Connection c = DriverManager.getConnection(pgUrl, "postgres", ""); Statement st = c.createStatement()) {
                    st.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    private static void timePages(HttpClient http, String label, java.util.function.IntFunction<String> url) throws Exception {
        long[] nanos = new long[MEASURED];
        long bytes = 0;
        long first = 0;
        for (int i = -WARMUP; i < MEASURED; i++) {
            String u = url.apply(i);
            long s = System.nanoTime();
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(u)).header("Accept", "application/geo+json").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            long e = System.nanoTime() - s;
            if (i == -WARMUP) first = e;
            if (r.statusCode() != 200) throw new IllegalStateException(r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
            if (i >= 0) {
                nanos[i] = e;
                bytes += r.body().length;
                if (i == 0) {
                    JsonNode page = JSON.readTree(r.body());
                    if (page.path("numberReturned").asInt() != PAGE || !page.has("numberMatched")) {
                        throw new IllegalStateException("expected a full page with numberMatched: " + u);
                    }
                }
            }
        }
        Arrays.sort(nanos);
        System.out.printf("%-26s %d items, HTTP, first %.1f ms; warm, %d runs: p50 %.1f ms, p95 %.1f ms, max %.1f ms (%.0f KiB)%n",
                label + ":", PAGE, first / 1e6, MEASURED, nanos[MEASURED / 2] / 1e6, nanos[(int) (MEASURED * 0.95)] / 1e6, nanos[MEASURED - 1] / 1e6,
                bytes / (double) MEASURED / 1024);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static JsonNode get(HttpClient http, String url) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/geo+json").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw new IllegalStateException(url + " -> " + r.statusCode());
        return JSON.readTree(r.body());
    }
}
