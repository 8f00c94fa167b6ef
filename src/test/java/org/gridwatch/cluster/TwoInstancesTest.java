package org.gridwatch.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.support.Shapes.gridFeature;
import static org.gridwatch.support.Shapes.pointFeature;
import static org.gridwatch.support.Shapes.rectangle;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.gridwatch.GridwatchApplication;
import org.gridwatch.support.PostgisTestDatabase;
import org.gridwatch.support.TestIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two instances of the service (two application contexts, each on its own random port) on one
 * PostGIS schema, as behind a load balancer: what is written through A shows in B's cached views.
 * The heatmap's own stamp polling is set to an hour here, so only the change feed can make B's tiles
 * fresh within the wait. The wait is generous because a loaded CI machine once took over a second to
 * relay; how fast the relay is (tens of ms) is a figure printed here, not a pass condition.
 */
class TwoInstancesTest {

    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = TestIdentity.adminHttpClient();
    private static final double LON = 116.40, LAT = 39.90;
    /** About 17 × 22 km: answered from B's in-memory count index, not counted in the database. */
    private static final String WIDE_BBOX = "116.3,39.8,116.5,40.0";

    private static ConfigurableApplicationContext a, b;
    private static String schema;
    private static String urlA, urlB;

    private static Map<String, Object> props;

    private static Map<String, Object> startProps() {
        return props;
    }

    @BeforeAll
    static void startTwoInstances() {
        PostgisTestDatabase.assumeAvailable();
        props = new HashMap<>();
        schema = PostgisTestDatabase.register((name, value) -> props.put(name, ((Supplier<?>) value).get()));
        props.put("gridwatch.sample.enabled", "false");
        props.put("server.port", "0");
        props.put("gridwatch.security.admin-password", TestIdentity.ADMIN_PASSWORD);
        props.put("logging.level.org.gridwatch.cluster", "debug");
        props.put("gridwatch.heatmap.version-check-interval", "1h");
        a = start(props);
        b = start(props);
        urlA = "http://127.0.0.1:" + a.getEnvironment().getProperty("local.server.port");
        urlB = "http://127.0.0.1:" + b.getEnvironment().getProperty("local.server.port");
    }

    private static ConfigurableApplicationContext start(Map<String, Object> props) {
        // As command-line arguments: builder properties are defaults, which the profile's yml would override.
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(GridwatchApplication.class).profiles("postgis").run(args);
    }

    @AfterAll
    static void stop() throws Exception {
        if (b != null) b.close();
        if (a != null) a.close();
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(PostgisTestDatabase.URL, PostgisTestDatabase.USER,
                    PostgisTestDatabase.PASSWORD); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    @Test
    void bothInstancesRunTheFeedAndIgnoreTheirOwnMessages() {
        assertThat(a.getBean(ChangeFeed.class).active()).isTrue();
        assertThat(b.getBean(ChangeFeed.class).active()).isTrue();
        assertThat(a.getBean(ChangeFeed.class).instanceId()).isNotEqualTo(b.getBean(ChangeFeed.class).instanceId());
        // No channel configured: both take their schema's, not the database-wide default.
        assertThat(a.getBean(ChangeFeed.class).channel()).isEqualTo(schema + "_changes")
                .isEqualTo(b.getBean(ChangeFeed.class).channel());
    }

    @Test
    void featureCountsHeatmapTilesAndGridCodesOfBFollowWritesThroughA() throws Exception {
        // B builds its views first, so they are cached before A writes.
        long before = wideCount(urlB);
        int z = 14;
        long x = tileX(LON, z), y = tileY(LAT, z);
        String tile = "/api/heatmap/" + z + "/" + x + "/" + y + ".png?type=rat_bait_station&radius=300&max=50";
        byte[] tileBefore = get(urlB, tile).body();
        assertThat(getHeader(urlB, tile)).isEqualTo("hit");

        // A writes features in that tile.
        long receivedBefore = b.getBean(ChangeFeed.class).receivedCount();
        for (int i = 0; i < 5; i++) {
            post(urlA, "/api/features", pointFeature("rat_bait_station", LON + i * 1e-4, LAT + i * 1e-4, "A-" + i), 201);
        }
        long t0 = System.nanoTime();
        awaitTrue(() -> wideCount(urlB) == before + 5, "B's approximate feature counts include A's 5 features (in no grid yet)");
        awaitTrue(() -> !Arrays.equals(get(urlB, tile).body(), tileBefore), "B's heatmap tile shows A's features");
        System.out.printf("A's writes visible in B's counts and tiles after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(b.getBean(ChangeFeed.class).receivedCount()).isGreaterThan(receivedBefore);

        // A draws grids around them: B's in-memory index places them in A's new small grid.
        post(urlA, "/api/grids", gridFeature(rectangle(LON, LAT, -500, -500, 500, 500), "L-1", "大网格", "large", null), 201);
        post(urlA, "/api/grids", gridFeature(rectangle(LON, LAT, -200, -200, 200, 200), "S-1", "小网格", "small", "L-1"), 201);
        awaitTrue(() -> {
            JsonNode counts = json(get(urlB, "/api/map/feature-counts?by=cell&cell=0.05&bbox=" + WIDE_BBOX).body());
            return counts.get("total").asLong() == before + 5 && counts.get("outsideGrids").asLong() == 0;
        }, "B's index counts A's features inside A's new small grid");
        JsonNode page = json(get(urlB, "/api/features?bbox=" + WIDE_BBOX).body());
        assertThat(page.get("features").get(0).get("properties").get("gridCode").asString()).isEqualTo("S-1");

        // And the other way round: B deletes, A's cached count follows.
        // A's own index catches up with A's own writes first (it rebuilds in the background too).
        awaitTrue(() -> wideCount(urlA) == before + 5, "A's index has A's features");
        long countA = before + 5;
        long id = page.get("features").get(0).get("id").asLong();
        HttpResponse<byte[]> deleted = HTTP.send(HttpRequest.newBuilder(URI.create(urlB + "/api/features/" + id))
                .DELETE().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(deleted.statusCode()).isEqualTo(204);
        awaitTrue(() -> wideCount(urlA) == countA - 1, "A's approximate counts lose the feature B deleted");
    }

    /**
     * The coverage table is kept in memory by each instance: B's follows a station A creates and deletes (through
     * the change feed), and an instance started afterwards builds the same table from the store.
     */
    @Test
    void coverageTableOfBFollowsEditsThroughAAndANewInstanceBuildsTheSame() throws Exception {
        double lon = 116.70, lat = 39.90;
        post(urlA, "/api/grids", gridFeature(rectangle(lon, lat, -300, -300, 300, 300), "CL-1", "覆盖大网格", "large", null), 201);
        post(urlA, "/api/grids", gridFeature(rectangle(lon, lat, -300, -300, 0, 300), "CS-1", "覆盖小网格1", "small", "CL-1"), 201);
        post(urlA, "/api/grids", gridFeature(rectangle(lon, lat, 0, -300, 300, 300), "CS-2", "覆盖小网格2", "small", "CL-1"), 201);
        String table = "/api/coverage?level=small&type=rat_bait_station&radius=50";
        awaitTrue(() -> coverageRow(urlB, table, "CS-1") != null, "B's coverage table lists A's new small grids");
        assertThat(coverageRow(urlB, table, "CS-1").at("/counts/rat_bait_station").intValue()).isZero();

        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(urlA + "/api/features"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        pointFeature("rat_bait_station", lon - 0.001, lat, "覆盖站"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        long id = JSON.readTree(created.body()).get("id").asLong();
        awaitTrue(() -> coverageRow(urlB, table, "CS-1").at("/counts/rat_bait_station").intValue() == 1,
                "B's coverage count includes the station A created");
        assertThat(coverageRow(urlB, table, "CS-1").get("coveredShare").doubleValue()).isGreaterThan(0.02);
        assertThat(coverageRow(urlB, table, "CS-2").at("/counts/rat_bait_station").intValue()).isZero();

        try (ConfigurableApplicationContext c = start(startProps())) {
            String urlC = "http://127.0.0.1:" + c.getEnvironment().getProperty("local.server.port");
            JsonNode fromB = coverageRow(urlB, table, "CS-1");
            assertThat(coverageRow(urlC, table, "CS-1")).as("a freshly started instance builds the same row").isEqualTo(fromB);
        }

        HttpResponse<byte[]> deleted = HTTP.send(HttpRequest.newBuilder(URI.create(urlA + "/api/features/" + id))
                .DELETE().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(deleted.statusCode()).isEqualTo(204);
        awaitTrue(() -> coverageRow(urlB, table, "CS-1").at("/counts/rat_bait_station").intValue() == 0
                && coverageRow(urlB, table, "CS-1").get("coveredShare").doubleValue() == 0,
                "B's coverage loses the station A deleted");
    }

    private static JsonNode coverageRow(String base, String path, String code) {
        for (JsonNode row : json(get(base, path).body()).get("rows")) {
            if (row.get("code").asString().equals(code)) return row;
        }
        return null;
    }

    private static long wideCount(String base) {
        JsonNode counts = json(get(base, "/api/map/feature-counts?by=cell&cell=0.05&bbox=" + WIDE_BBOX).body());
        assertThat(counts.get("approximate").asBoolean()).as("wide views come from the in-memory index").isTrue();
        // total counts features in small grids; outsideGrids those in none (anywhere, for the index)
        return counts.get("total").asLong() + counts.get("outsideGrids").asLong();
    }

    /** Polls for at most {@link #VISIBLE_WITHIN}; the index rebuilds in the background, so a few polls are normal. */
    private static void awaitTrue(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
        while (true) {
            if (condition.get()) return;
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + VISIBLE_WITHIN + ": " + what);
            Thread.sleep(20);
        }
    }

    private static long tileX(double lon, int z) {
        return (long) Math.floor((lon + 180) / 360 * (1 << z));
    }

    private static long tileY(double lat, int z) {
        double r = Math.toRadians(lat);
        return (long) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * (1 << z));
    }

    private static HttpResponse<byte[]> get(String base, String path) {
        try {
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as(path + ": " + new String(r.body())).isEqualTo(200);
            return r;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String getHeader(String base, String path) {
        return get(base, path).headers().firstValue("X-Heatmap-Cache").orElse("");
    }

    private static void post(String base, String path, String body, int expected) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(expected);
    }

    private static JsonNode json(byte[] body) {
        return JSON.readTree(body);
    }
}
