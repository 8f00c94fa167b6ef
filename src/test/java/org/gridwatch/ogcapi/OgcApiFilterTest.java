package org.gridwatch.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Part 3 filtering on the embedded store (CQL2 text and JSON against the same filters decided in Java), its
 * errors, and what the executable test suite does not check: limit clamping, CORS, unknown paths, the
 * language of link titles, datetime on every collection and boxes across the antimeridian.
 */
class OgcApiFilterTest extends OgcApiTestSupport {

    @Test
    void cql2FiltersSelectExactlyWhatTheJavaEvaluatorSelectsOverTheWholeCollection() throws Exception {
        Cql2CrossCheck check = new Cql2CrossCheck(base());
        assertThat(check.run()).isGreaterThanOrEqualTo(30);
        assertThat(check.discriminating()).as("filters that select some items but not all").isGreaterThanOrEqualTo(25);
    }

    /** numberMatched comes from a cache between edits: an edit changes it at once, and a page walk keeps it. */
    @Test
    void numberMatchedFollowsEditsAtOnce() throws Exception {
        String filter = "/collections/trash_bin/items?limit=2&filter=" + enc("name LIKE '%数一数%'");
        assertThat(json(filter).path("numberMatched").asLong()).isZero();
        Map<String, Object> one = jdbc.queryForMap("SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM feature "
                + "WHERE type_key = 'trash_bin' ORDER BY id LIMIT 1");
        double lon = ((Number) one.get("lon")).doubleValue(), lat = ((Number) one.get("lat")).doubleValue();
        for (int i = 1; i <= 3; i++) {
            post("/api/features", org.gridwatch.support.Shapes.pointFeature("trash_bin", lon, lat, "数一数" + i));
            JsonNode page = json(filter);
            assertThat(page.path("numberMatched").asLong()).isEqualTo(i);
            assertThat(page.path("numberMatched").asLong()).isEqualTo(jdbc.queryForObject(
                    "SELECT COUNT(*) FROM feature WHERE type_key = 'trash_bin' AND name LIKE '%数一数%'", Long.class));
        }
        JsonNode first = json(filter);
        JsonNode second = json(href(first.path("links"), "next", "application/geo+json"));
        assertThat(second.path("numberMatched").asLong()).isEqualTo(3);
        assertThat(second.path("numberReturned").asInt()).isEqualTo(1);
    }

    /** The extent of a collection of one point is a box of no size; sent back as bbox it finds that point. */
    @Test
    void aBoxOfNoSizeFindsThePointAtIt() throws Exception {
        Map<String, Object> one = jdbc.queryForMap("SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM feature "
                + "WHERE type_key = 'sewer_well' ORDER BY id LIMIT 1");
        String at = one.get("lon") + "," + one.get("lat");
        for (String crs : new String[] {"", "&bbox-crs=" + enc("http://www.opengis.net/def/crs/OGC/1.3/CRS84")}) {
            JsonNode page = json("/collections/sewer_well/items?bbox=" + at + "," + at + crs);
            List<Long> ids = new java.util.ArrayList<>();
            page.path("features").forEach(f -> ids.add(f.path("id").asLong()));
            assertThat(ids).contains(((Number) one.get("id")).longValue());
        }
    }

    @Test
    void filterParametersAndConformanceAreDeclared() throws Exception {
        JsonNode conformance = json("/conformance");
        assertThat(conformance.path("conformsTo").toString()).contains(
                "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
                "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
                "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text", "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
                "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
                "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
                "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions");
        JsonNode api = json("/api");
        JsonNode streets = api.at("/paths/~1collections~1streets~1items/get/parameters");
        assertThat(streets.toString()).contains("#/components/parameters/filter", "#/components/parameters/filter-lang",
                "#/components/parameters/filter-crs", "#/components/parameters/datetime");
        assertThat(api.at("/components/parameters/filter-lang/schema/enum").toString()).contains("cql2-text", "cql2-json");
    }

    @Test
    void malformedOrMisfittingFiltersAreRefusedNamingWhereAndWhy() throws Exception {
        long features = jdbc.queryForObject("SELECT COUNT(*) FROM feature", Long.class);
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("filter=" + enc("status = 'active' AND"), "ogcapi.filter.syntax");
        cases.put("filter=" + enc("status === 'a'"), "ogcapi.filter.syntax");
        cases.put("filter-lang=cql2-json&filter=" + enc("{\"op\":\"=\",\"args\":[1]}"), "ogcapi.filter.jsonSyntax");
        cases.put("filter-lang=cql2-json&filter=" + enc("status = 'a'"), "ogcapi.filter.jsonSyntax");
        cases.put("filter=" + enc("colour = 'red'"), "ogcapi.filter.unknownProperty");
        cases.put("filter=" + enc("attributes IS NULL"), "ogcapi.filter.unknownProperty");
        cases.put("filter=" + enc("version = 'three'"), "ogcapi.filter.invalid");
        cases.put("filter=" + enc("S_INTERSECTS(name, POINT(1 2))"), "ogcapi.filter.invalid");
        cases.put("filter=" + enc("S_INTERSECTS(geometry, POLYGON((0 0, 1 1, 1 0, 0 1, 0 0)))"), "ogcapi.filter.invalid");
        cases.put("filter-lang=ecql&filter=" + enc("status = 'a'"), "ogcapi.filterLang.unsupported");
        cases.put("filter-crs=EPSG:1&filter=" + enc("status = 'a'"), "ogcapi.crs.unsupported");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = get("/collections/trash_bin/items?" + c.getKey(), "Accept", "application/json");
            assertThat(r.statusCode()).as(c.getKey() + " -> " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(JSON.readTree(r.body()).path("code").asString()).as(c.getKey()).isEqualTo(c.getValue());
        }
        HttpResponse<String> zh = get("/collections/trash_bin/items?filter=" + enc("status = 'active' AND"));
        JsonNode zhProblem = JSON.readTree(zh.body());
        assertThat(zhProblem.path("detail").asString()).contains("第 22 个字符");
        assertThat(zhProblem.path("position").asString()).isEqualTo("22");
        HttpResponse<String> en = get("/collections/trash_bin/items?filter=" + enc("status = 'active' AND"), "Accept-Language", "en");
        assertThat(JSON.readTree(en.body()).path("detail").asString()).startsWith("The filter is not valid CQL2 text; error at character 22");
        HttpResponse<String> unknown = get("/collections/trash_bin/items?filter=" + enc("colour = 'red'"), "Accept-Language", "en");
        assertThat(JSON.readTree(unknown.body()).path("detail").asString()).contains("'colour'", "gridCode");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM feature", Long.class)).isEqualTo(features);
    }

    @Test
    void queryablesAreQueryParametersOfTheirType() throws Exception {
        JsonNode all = json("/collections/trash_bin/items?limit=10000");
        JsonNode first = all.path("features").get(0);
        long version = first.at("/properties/version").asLong();
        long sameVersion = 0;
        for (JsonNode f : all.path("features")) if (f.at("/properties/version").asLong() == version) sameVersion++;
        assertThat(json("/collections/trash_bin/items?limit=10000&version=" + version).path("numberMatched").asLong())
                .isEqualTo(sameVersion);
        String created = first.at("/properties/createdAt").asString();
        JsonNode atThatTime = json("/collections/trash_bin/items?createdAt=" + enc(created));
        assertThat(atThatTime.path("numberMatched").asLong()).isPositive();
        atThatTime.path("features").forEach(f -> assertThat(f.at("/properties/createdAt").asString()).isEqualTo(created));
    }

    @Test
    void limitAboveTheMaximumIsLoweredToIt() throws Exception {
        JsonNode page = json("/collections/small_grids/items?limit=100000");
        assertThat(page.path("numberReturned").asLong()).isEqualTo(page.path("numberMatched").asLong()).isEqualTo(384);
        assertThat(href(page.path("links"), "next", null)).isNull();
    }

    @Test
    void datetimeOnStreetsMatchesNoneAndABoxAcrossTheAntimeridianIsTwoBoxes() throws Exception {
        JsonNode streets = json("/collections/streets/items?datetime=2026-05-01");
        assertThat(streets.path("numberMatched").asLong()).isZero();
        assertThat(json("/collections/streets/items").path("numberMatched").asLong()).isPositive();
        assertThat(json("/collections/trash_bin/items?bbox=177,65,-177,70").path("numberMatched").asLong()).isZero();
        // West 100°E to east 170°W the long way round covers the district (near 114°E).
        long bins = json("/collections/trash_bin/items").path("numberMatched").asLong();
        assertThat(json("/collections/trash_bin/items?bbox=100,-80,-170,80").path("numberMatched").asLong()).isEqualTo(bins);
        assertThat(json("/collections/trash_bin/items?bbox=115,-80,-170,80").path("numberMatched").asLong()).isZero();
        assertThat(json("/collections/small_grids/items?bbox-crs=" + enc(EPSG + 4326) + "&bbox=-80,100,80,-170")
                .path("numberMatched").asLong()).isEqualTo(384);
    }

    @Test
    void unknownPathsUnderTheApiAnswerAProblem() throws Exception {
        for (String path : new String[]{"/collections/", "/collections/streets/items/", "/nothing"}) {
            HttpResponse<String> r = get(path, "Accept", "application/json");
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("application/problem+json");
            assertThat(JSON.readTree(r.body()).path("code").asString()).isEqualTo("ogcapi.path.notFound");
        }
    }

    @Test
    void linkTitlesFollowTheLanguageOfTheRequest() throws Exception {
        JsonNode zh = json("/");
        assertThat(zh.at("/links/0/title").asString()).isEqualTo("本文档");
        JsonNode en = JSON.readTree(get("/", "Accept-Language", "en").body());
        assertThat(en.at("/links/0/title").asString()).isEqualTo("This document");
        JsonNode items = JSON.readTree(get("/collections/streets/items?limit=1", "Accept-Language", "en").body());
        assertThat(items.path("links").toString()).contains("\"The next page\"");
    }

    @Test
    void webPagesOnOtherOriginsMayReadTheApiAndItsPreflightNeedsNoSignIn() throws Exception {
        HttpClient anonymous = HttpClient.newHttpClient();
        String origin = "https://viewer.example.org";
        HttpResponse<String> preflight = anonymous.send(HttpRequest.newBuilder(URI.create(base() + "/collections/streets/items"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization,accept").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(origin);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("GET");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();

        HttpResponse<String> read = get("/collections/streets/items?limit=1", "Origin", origin);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).contains(origin);
        assertThat(read.headers().firstValue("Access-Control-Expose-Headers").orElse("")).contains("Content-Crs");

        // The rest of the service stays same-origin, and writes are not opened to other origins.
        HttpResponse<String> api = anonymous.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/grids"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin)
                .header("Access-Control-Request-Method", "GET").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(api.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> post = anonymous.send(HttpRequest.newBuilder(URI.create(base() + "/collections/streets/items"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin)
                .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
}
