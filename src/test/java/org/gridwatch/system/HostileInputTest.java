package org.gridwatch.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.support.Shapes.gridFeature;
import static org.gridwatch.support.Shapes.pointFeature;
import static org.gridwatch.support.Shapes.rectangle;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.gridwatch.support.H2TestDatabase;
import org.gridwatch.support.TestIdentity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile requests against a real server (so Tomcat's own multipart and chunked handling take
 * part): oversized bodies and uploads, SQL injection in every filter parameter, absurd boxes and
 * paging, geometry with a million positions. Each is refused with problem+json (or, for a filter,
 * matches nothing) and leaves the store as it was. Limits are lowered here so tests stay small.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gridwatch.sample.enabled=false",
        "gridwatch.limits.max-body-bytes=65536",
        "gridwatch.limits.max-bulk-body-bytes=131072",
        "spring.servlet.multipart.max-file-size=262144",
        "spring.servlet.multipart.max-request-size=262144"})
class HostileInputTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final double LON = 116.40, LAT = 39.90;

    /** Classic payloads: quote breaking, stacked statements, comments, UNION, boolean tautologies. */
    private static final List<String> INJECTIONS = List.of(
            "' OR '1'='1",
            "x'; DROP TABLE feature; --",
            "1; DELETE FROM grid",
            "trash_bin' UNION SELECT code,name,NULL FROM grid --",
            "\" OR 1=1 --",
            "1) OR (1=1",
            "%' OR 1=1 /*",
            "116.3,39.8,116.5,40.0); DROP TABLE feature; --");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void seed() throws Exception {
        if (jdbc.queryForObject("SELECT COUNT(*) FROM grid", Long.class) > 0) return;
        send("POST", "/api/grids", gridFeature(rectangle(LON, LAT, -500, -500, 500, 500), "L-1", "大网格", "large", null), 201);
        send("POST", "/api/grids", gridFeature(rectangle(LON, LAT, -200, -200, 200, 200), "S-1", "小网格", "small", "L-1"), 201);
        for (int i = 0; i < 3; i++) {
            send("POST", "/api/features", pointFeature("trash_bin", LON + i * 1e-4, LAT, "桶" + i), 201);
        }
    }

    // ---- sizes ----

    @Test
    void aJsonBodyOverTheLimitIsRefusedWith413InTheCallersLanguage() throws Exception {
        Map<String, Long> before = rowCounts();
        String big = pointFeature("trash_bin", LON, LAT, "x".repeat(70_000));
        HttpResponse<String> zh = send("POST", "/api/features", big, 413);
        assertProblem(zh, "request.bodyTooLarge");
        assertThat(json(zh).get("detail").asString()).contains("65536").contains("字节");
        assertThat(json(zh).get("maxBytes").asLong()).isEqualTo(65536);
        HttpResponse<String> en = HTTP.send(request("PUT", "/api/grids/S-1", big).header("Accept-Language", "en").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(en.statusCode()).isEqualTo(413);
        assertThat(json(en).get("detail").asString()).isEqualTo("The request body is larger than the 65536 bytes allowed");
        assertThat(rowCounts()).isEqualTo(before);
    }

    @Test
    void aChunkedBodyWithoutALengthIsCutOffAtTheLimit() throws Exception {
        Map<String, Long> before = rowCounts();
        byte[] big = ("{\"type\":\"FeatureCollection\",\"features\":[" + "{},".repeat(60_000) + "{}]}")
                .getBytes(StandardCharsets.UTF_8);
        // ofInputStream has no known length, so the client sends it chunked.
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/api/features/bulk")).header("Authorization", TestIdentity.adminBasicHeader())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(big.length).isGreaterThan(131_072);
        assertThat(r.statusCode()).isEqualTo(413);
        assertProblem(r, "request.bodyTooLarge");
        assertThat(rowCounts()).isEqualTo(before);
    }

    @Test
    void bulkBodiesHaveTheirOwnLargerLimit() throws Exception {
        // 80 KB: over the general limit, under the bulk one; the records are checked, not the size.
        String records = String.join(",", java.util.Collections.nCopies(700,
                pointFeature("no_such_type", LON, LAT, "b")));
        HttpResponse<String> r = send("POST", "/api/features/bulk",
                "{\"type\":\"FeatureCollection\",\"features\":[" + records + "]}", 400);
        assertProblem(r, "feature.bulk.rejected");
    }

    @Test
    void anUploadOverTheMultipartLimitIsRefusedWith413ProblemJson() throws Exception {
        Map<String, Long> before = rowCounts();
        String boundary = "gwboundary";
        byte[] file = new byte[300_000];
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.zip\"\r\n"
                + "Content-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + file.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(tail, 0, body, head.length + file.length, tail.length);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/api/import/features")).header("Authorization", TestIdentity.adminBasicHeader())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertProblem(r, "request.tooLarge");
        assertThat(rowCounts()).isEqualTo(before);
    }

    // ---- geometry size ----

    @Test
    void aPolygonWithAMillionPositionsIsRefusedBeforeItIsBuilt() throws Exception {
        Map<String, Long> before = rowCounts();
        // Compact on purpose ([0,0] is 5 bytes) so that it passes a raised body limit and only the
        // position count can stop it; sent to a context-free parse as the controller does.
        StringBuilder ring = new StringBuilder(6_000_000).append("[[");
        for (int i = 0; i < 1_000_000; i++) ring.append("[0,0],");
        ring.append("[0,0]]]");
        String body = "{\"type\":\"Feature\",\"properties\":{\"code\":\"S-9\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                + ring + "}}";
        long t0 = System.nanoTime();
        org.gridwatch.geo.GeoJsonFormatException refused = org.junit.jupiter.api.Assertions.assertThrows(
                org.gridwatch.geo.GeoJsonFormatException.class,
                () -> org.gridwatch.geo.GeoJsonReader.parseSingleGeometryDocument(body));
        assertThat(refused.messageKey()).isEqualTo("geometry.tooManyPositions");
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms to refuse").isLessThan(2_000);
        // Through the API it meets the body limit first (this context allows 64 KB).
        assertProblem(send("POST", "/api/grids", body, 413), "request.bodyTooLarge");
        assertThat(rowCounts()).isEqualTo(before);
    }

    @Test
    void aPolygonJustOverThePositionLimitIsRefusedWithAClearMessageOverTheApi() {
        // Within the body limit of a default deployment but over MAX_POSITIONS, in a tree (bulk/import path).
        StringBuilder ring = new StringBuilder().append("[[");
        for (int i = 0; i <= org.gridwatch.geo.GeoJsonReader.MAX_POSITIONS; i++) ring.append("[0,0],");
        ring.append("[0,0]]]");
        JsonNode geometry = JSON.readTree("{\"type\":\"Polygon\",\"coordinates\":" + ring + "}");
        org.gridwatch.geo.GeoJsonFormatException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.gridwatch.geo.GeoJsonFormatException.class, () -> org.gridwatch.geo.GeoJsonReader.geometry(geometry));
        assertThat(e.messageKey()).isEqualTo("geometry.tooManyPositions");
        assertThat(e.getMessage()).contains("100000");
    }

    // ---- injection ----

    @Test
    void sqlInjectionInEveryFilterParameterMatchesNothingOrIsRefused() throws Exception {
        Map<String, Long> before = rowCounts();
        List<String> templates = List.of(
                "/api/features?type=%s", "/api/features?grid=%s", "/api/features?status=%s", "/api/features?bbox=%s",
                "/api/features?limit=%s", "/api/features?offset=%s",
                "/api/grids?level=%s", "/api/grids?parent=%s", "/api/grids?bbox=%s",
                "/api/streets?bbox=%s",
                "/api/map/feature-counts?bbox=%s", "/api/map/feature-counts?bbox=116.3,39.8,116.5,40.0&by=grid&type=%s",
                "/api/map/feature-counts?bbox=116.3,39.8,116.5,40.0&by=%s",
                "/api/map/feature-counts?bbox=116.39,39.89,116.41,39.91&cell=%s",
                "/api/map/search?q=%s", "/api/map/search?q=x&limit=%s",
                "/api/coverage?type=%s", "/api/coverage?level=%s", "/api/coverage?radius=%s",
                "/api/heatmap/14/13492/6208.png?type=%s", "/api/heatmap/14/13492/6208.png?type=trash_bin&weight=%s",
                "/api/heatmap/14/13492/6208.png?type=trash_bin&from=%s",
                "/api/export/features?type=%s", "/api/export/features?format=%s", "/api/export/features?crs=%s",
                "/api/export/features?status=%s",
                "/ogcapi/collections/trash_bin/items?name=%s", "/ogcapi/collections/small_grids/items?code=%s",
                "/ogcapi/collections/trash_bin/items?bbox=%s", "/ogcapi/collections/trash_bin/items?datetime=%s",
                "/ogcapi/collections/trash_bin/items?limit=%s", "/ogcapi/collections/trash_bin/items?cursor=%s",
                "/ogcapi/collections/trash_bin/items?crs=%s", "/ogcapi/collections/%s/items",
                "/ogcapi/collections/trash_bin/items?filter=%s", "/ogcapi/collections/trash_bin/items?filter-lang=cql2-json&filter=%s",
                "/ogcapi/collections/trash_bin/items?filter-crs=%s&filter=status%%3D%%27x%%27",
                "/ogcapi/collections/small_grids/items?areaM2=%s", "/ogcapi/collections/trash_bin/items?createdAt=%s",
                "/api/cases?status=%s", "/api/cases?class=%s", "/api/cases?department=%s", "/api/cases?source=%s",
                "/api/cases?from=%s", "/api/cases?to=%s", "/api/cases?bbox=%s", "/api/cases?grid=%s",
                "/api/cases?overdue=%s", "/api/cases?limit=%s", "/api/cases/queue?page=%s", "/api/cases/mine?size=%s",
                "/api/work-calendar?year=%s");
        List<String> leaks = new ArrayList<>();
        for (String template : templates) {
            for (String payload : INJECTIONS) {
                // An encoded '/' in a path segment is refused by Tomcat itself before routing.
                if (template.contains("/%s/") && payload.contains("/")) continue;
                String path = String.format(template, URLEncoder.encode(payload, StandardCharsets.UTF_8));
                HttpResponse<String> r = HTTP.send(request("GET", path, null).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() >= 500) {
                    leaks.add(r.statusCode() + " " + path);
                } else if (r.statusCode() >= 400) {
                    if (!r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                        leaks.add("not problem+json: " + path);
                    }
                } else if (r.headers().firstValue("Content-Type").orElse("").contains("json")) {
                    // Accepted as a literal value: then it must match nothing (no tautology took effect).
                    JsonNode body = JSON.readTree(r.body());
                    if (body.has("features") && !body.get("features").isEmpty()
                            && !template.contains("cursor") && !template.contains("limit") && !template.contains("crs")) {
                        leaks.add("matched " + body.get("features").size() + ": " + path);
                    }
                }
            }
        }
        assertThat(leaks).isEmpty();
        assertThat(rowCounts()).isEqualTo(before);
    }

    @Test
    void injectionInWrittenTextIsStoredAsText() throws Exception {
        String evil = "x'); DELETE FROM feature; --";
        HttpResponse<String> r = send("POST", "/api/features", pointFeature("trash_bin", LON, LAT + 1e-4, evil), 201);
        long id = json(r).get("id").asLong();
        assertThat(jdbc.queryForObject("SELECT name FROM feature WHERE id = ?", String.class, id)).isEqualTo(evil);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM feature", Long.class)).isGreaterThanOrEqualTo(4);
        send("DELETE", "/api/features/" + id, null, 204);
    }

    // ---- absurd numbers ----

    @Test
    void absurdBoxesAndPagingAreRefusedWithProblemJson() throws Exception {
        Map<String, String> cases = new TreeMap<>(Map.ofEntries(
                Map.entry("/api/features?bbox=NaN,0,1,1", "bbox.format"),
                Map.entry("/api/features?bbox=0,0,Infinity,1", "bbox.format"),
                Map.entry("/api/features?bbox=-Infinity,-90,180,90", "bbox.format"),
                Map.entry("/api/features?bbox=1e308,0,1e309,1", "bbox.format"),
                Map.entry("/api/features?bbox=0,0,1", "bbox.format"),
                Map.entry("/api/features?bbox=0,0,1,1,1", "bbox.format"),
                Map.entry("/api/features?bbox=10,10,0,0", "bbox.order"),
                Map.entry("/api/features?bbox=-181,0,0,1", "bbox.range"),
                Map.entry("/api/features?limit=1000000000", "request.paging"),
                Map.entry("/api/features?limit=0", "request.paging"),
                Map.entry("/api/features?limit=-5", "request.paging"),
                Map.entry("/api/features?offset=-1", "request.paging"),
                Map.entry("/api/features?limit=99999999999999999999", "request.parameter"),
                Map.entry("/api/features?offset=NaN", "request.parameter"),
                Map.entry("/api/grids?bbox=NaN,NaN,NaN,NaN", "bbox.format"),
                Map.entry("/api/streets?bbox=0,0,0,Infinity", "bbox.format"),
                Map.entry("/api/map/feature-counts?bbox=-180,-90,180,90&cell=0.0000001", "map.cell.tooMany"),
                Map.entry("/api/map/feature-counts?bbox=0,0,1,1&cell=NaN", "map.cell.invalid"),
                Map.entry("/api/map/feature-counts?bbox=0,0,1,1&cell=-1", "map.cell.invalid"),
                Map.entry("/api/map/search?q=x&limit=100000", "map.search.limit"),
                Map.entry("/api/map/search?q=" + "x".repeat(500), "map.search.query"),
                Map.entry("/api/heatmap/grid?type=trash_bin&width=100000&height=100000", "heatmap.grid.size"),
                Map.entry("/api/heatmap/grid?type=trash_bin&bbox=NaN,0,1,1", "bbox.format")));
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = HTTP.send(request("GET", c.getKey(), null).build(), HttpResponse.BodyHandlers.ofString());
            String code = r.statusCode() == 400 && r.headers().firstValue("Content-Type").orElse("")
                    .startsWith("application/problem+json") ? json(r).path("code").asString("") : "status " + r.statusCode();
            if (!code.equals(c.getValue())) wrong.add(c.getKey() + " -> " + code + " (wanted " + c.getValue() + ")");
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void absurdTileAndOgcValuesNeverReachTheServersErrorPath() throws Exception {
        List<String> paths = List.of("/api/heatmap/99/0/0.png?type=trash_bin", "/api/heatmap/3/-1/0.png?type=trash_bin",
                "/api/heatmap/3/0/99999999999.png?type=trash_bin", "/api/heatmap/3/0/0.png?type=trash_bin&radius=NaN",
                "/api/heatmap/3/0/0.png?type=trash_bin&radius=1e300", "/api/heatmap/3/0/0.png?type=trash_bin&max=-Infinity",
                "/ogcapi/collections/trash_bin/items?limit=-1", "/ogcapi/collections/trash_bin/items?limit=10000000000",
                "/ogcapi/collections/trash_bin/items?bbox=NaN,0,1,1", "/ogcapi/collections/trash_bin/items?cursor=-9",
                "/ogcapi/collections/trash_bin/items?datetime=99999-99-99", "/api/features?offset=9223372036854775807",
                "/api/coverage?radius=NaN", "/api/coverage?radius=1e300", "/api/coverage?radius=-5");
        List<String> bad = new ArrayList<>();
        for (String p : paths) {
            HttpResponse<String> r = HTTP.send(request("GET", p, null).build(), HttpResponse.BodyHandlers.ofString());
            boolean problem = r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
            if (r.statusCode() >= 500 || (r.statusCode() >= 400 && !problem)) bad.add(r.statusCode() + " " + p);
        }
        assertThat(bad).isEmpty();
    }

    // ---- helpers ----

    private Map<String, Long> rowCounts() {
        Map<String, Long> m = new TreeMap<>();
        for (String table : List.of("grid", "feature", "feature_type", "street")) {
            m.put(table, jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class));
        }
        return m;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpRequest.Builder request(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Authorization", TestIdentity.adminBasicHeader()).header("Content-Type", "application/json");
        return body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.method(method, HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(String method, String path, String body, int expected) throws Exception {
        HttpResponse<String> r = HTTP.send(request(method, path, body).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
        return r;
    }

    private static void assertProblem(HttpResponse<String> r, String code) {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json(r).get("code").asString()).isEqualTo(code);
    }

    private static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }
}
