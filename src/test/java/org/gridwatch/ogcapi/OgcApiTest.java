package org.gridwatch.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.support.H2TestDatabase;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OGC API – Features over the bundled sample district (6 large grids, 384 small grids, 600 streets,
 * 400 features), through a real server, as a desktop GIS would use it.
 */
/**
 * OGC API – Features over the bundled sample district, through a real server, as a desktop GIS and a
 * browser would use it.
 */
class OgcApiTest extends OgcApiTestSupport {

    // ------------------------------------------------------------------ capabilities

    @Test
    void landingPageConformanceAndCollectionsCarryTheLinksTheStandardRequires() throws Exception {
        JsonNode landing = json("");
        for (String rel : List.of("self", "alternate", "service-desc", "service-doc", "conformance", "data")) {
            assertThat(href(landing.path("links"), rel, null)).as(rel).startsWith(base());
        }
        assertThat(href(landing.path("links"), "service-desc", OpenApiDocument.MEDIA_TYPE)).isNotNull();
        List<String> conf = new ArrayList<>();
        json("/conformance").path("conformsTo").forEach(c -> conf.add(c.asString()));
        assertThat(conf).contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
                "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs");

        JsonNode collections = json("/collections");
        List<String> ids = new ArrayList<>();
        collections.path("collections").forEach(c -> ids.add(c.path("id").asString()));
        assertThat(ids).startsWith("large_grids", "small_grids", "streets")
                .contains("trash_bin", "sewer_well", "rat_bait_station", "stagnant_water");
        JsonNode small = json("/collections/small_grids");
        assertThat(small.path("title").asString()).isEqualTo("小网格");
        assertThat(small.path("storageCrs").asString()).isEqualTo(CrsRegistry.CRS84);
        List<String> crs = new ArrayList<>();
        small.path("crs").forEach(c -> crs.add(c.asString()));
        assertThat(crs).contains(CrsRegistry.CRS84, EPSG + 4326, EPSG + 4490, EPSG + 4534, EPSG + 4547, EPSG + 4554);
        JsonNode bbox = small.at("/extent/spatial/bbox/0");
        Map<String, Object> dbExtent = jdbc.queryForMap("SELECT MIN(ST_XMin(geom)) AS a, MIN(ST_YMin(geom)) AS b, "
                + "MAX(ST_XMax(geom)) AS c, MAX(ST_YMax(geom)) AS d FROM grid WHERE level = 'small'");
        assertThat(bbox.get(0).asDouble()).isCloseTo(((Number) dbExtent.get("a")).doubleValue(), within(1e-9));
        assertThat(bbox.get(3).asDouble()).isCloseTo(((Number) dbExtent.get("d")).doubleValue(), within(1e-9));
        assertThat(small.at("/extent/temporal/interval/0").size()).isEqualTo(2);
        assertThat(href(small.path("links"), "items", "application/geo+json")).isEqualTo(base() + "/collections/small_grids/items");
        assertThat(href(small.path("links"), "http://www.opengis.net/def/rel/ogc/1.0/queryables", null)).isNotNull();
        assertThat(json("/collections/streets").has("extent")).isTrue();
        assertThat(json("/collections/streets").at("/extent/temporal").isMissingNode()).isTrue();

        JsonNode queryables = json("/collections/trash_bin/queryables");
        assertThat(queryables.path("properties").propertyNames()).containsExactlyInAnyOrder("geometry", "type", "name",
                "code", "address", "status", "gridCode", "createdAt", "updatedAt", "version");
        assertThat(queryables.at("/properties/geometry/format").asString()).isEqualTo("geometry-point");
        assertThat(queryables.at("/properties/version/type").asString()).isEqualTo("integer");
        assertThat(queryables.at("/properties/createdAt/x-ogc-role").asString()).isEqualTo("primary-instant");
        assertThat(json("/collections/streets/schema").at("/properties/geometry/format").asString())
                .isEqualTo("geometry-linestring");
        assertThat(json("/collections/small_grids/schema").at("/properties/createdAt/format").asString()).isEqualTo("date-time");
        HttpResponse<String> q = get("/collections/trash_bin/queryables");
        assertThat(q.headers().firstValue("Content-Type").orElse("")).startsWith("application/schema+json");
    }

    @Test
    void openApiDocumentIsStructurallyValidAndListsEachCollectionsFilters() throws Exception {
        HttpResponse<String> r = get("/api");
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/vnd.oai.openapi+json");
        JsonNode api = JSON.readTree(r.body());
        assertThat(api.path("openapi").asString()).matches("3\\.0\\.\\d");
        assertThat(api.at("/info/title").asString()).isNotBlank();
        assertThat(api.at("/info/version").asString()).isNotBlank();
        assertThat(api.at("/servers/0/url").asString()).isEqualTo(base());
        Set<String> operationIds = new HashSet<>();
        for (Map.Entry<String, JsonNode> path : api.path("paths").properties()) {
            assertThat(path.getKey()).startsWith("/");
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                assertThat(op.getKey()).isEqualTo("get");
                assertThat(operationIds.add(op.getValue().path("operationId").asString())).as("unique operationId").isTrue();
                assertThat(op.getValue().path("responses").has("200")).as(path.getKey()).isTrue();
                for (JsonNode p : op.getValue().path("parameters")) {
                    JsonNode resolved = p.has("$ref") ? resolve(api, p.path("$ref").asString()) : p;
                    assertThat(resolved.path("name").asString()).isNotBlank();
                    assertThat(resolved.path("in").asString()).isIn("query", "path");
                    if (resolved.path("in").asString().equals("path")) {
                        assertThat(path.getKey()).contains("{" + resolved.path("name").asString() + "}");
                    }
                }
                for (JsonNode resp : op.getValue().path("responses")) {
                    JsonNode resolved = resp.has("$ref") ? resolve(api, resp.path("$ref").asString()) : resp;
                    assertThat(resolved.path("description").asString()).isNotBlank();
                }
            }
        }
        // Every $ref anywhere resolves.
        checkRefs(api, api);
        List<String> smallGridParams = new ArrayList<>();
        api.at("/paths/~1collections~1small_grids~1items/get/parameters").forEach(p -> smallGridParams.add(p.path("name").asString()));
        assertThat(smallGridParams).contains("code", "parentCode", "responsiblePerson");
    }

    private static JsonNode resolve(JsonNode root, String ref) {
        assertThat(ref).startsWith("#/");
        JsonNode n = root.at(ref.substring(1));
        assertThat(n.isMissingNode()).as("unresolved " + ref).isFalse();
        return n;
    }

    private static void checkRefs(JsonNode root, JsonNode node) {
        if (node.isObject()) {
            if (node.has("$ref")) resolve(root, node.path("$ref").asString());
            node.forEach(child -> checkRefs(root, child));
        } else if (node.isArray()) {
            node.forEach(child -> checkRefs(root, child));
        }
    }

    // ------------------------------------------------------------------ items

    @Test
    void pagingThroughSmallGridsReturnsEachGridOnceWithCounts() throws Exception {
        JsonNode first = json("/collections/small_grids/items?limit=50");
        long inDb = jdbc.queryForObject("SELECT COUNT(*) FROM grid WHERE level = 'small'", Long.class);
        assertThat(inDb).isEqualTo(384);
        assertThat(first.path("numberMatched").asLong()).isEqualTo(inDb);
        assertThat(first.path("numberReturned").asInt()).isEqualTo(50);
        assertThat(first.path("timeStamp").asString()).isNotBlank();
        List<JsonNode> all = readAll(base() + "/collections/small_grids/items?limit=50");
        Set<String> codes = new HashSet<>();
        all.forEach(f -> codes.add(f.path("id").asString()));
        assertThat(all).hasSize(384);
        assertThat(codes).hasSize(384).isEqualTo(new HashSet<>(jdbc.queryForList("SELECT code FROM grid WHERE level = 'small'", String.class)));
        assertThat(json("/collections/large_grids/items").path("features").size()).isEqualTo(6);
        assertThat(json("/collections/streets/items").path("numberMatched").asLong()).isEqualTo(600);
        assertThat(json("/collections/streets/items").path("features").size()).isEqualTo(100);
        assertThat(json("/collections/streets/items?limit=10000").path("features").size()).isEqualTo(600);
    }

    @Test
    void keysetPagingOverThousandsOfFeaturesReturnsEachExactlyOnceWhileTheCollectionGrows() throws Exception {
        String type = "ogc_probe";
        post("/api/feature-types", "{\"key\":\"" + type + "\",\"labelZh\":\"测试点\",\"labelEn\":\"Probe\",\"symbol\":\"dot\",\"color\":\"#123456\",\"sortOrder\":50}");
        SplittableRandom random = new SplittableRandom(7);
        post("/api/features/bulk", featureCollection(type, 3000, random));
        List<Long> seen = new ArrayList<>();
        String url = base() + "/collections/" + type + "/items?limit=250";
        int page = 0;
        while (url != null) {
            JsonNode p = json(url);
            p.path("features").forEach(f -> seen.add(f.path("id").asLong()));
            if (page++ == 3) {
                // Features added while a client pages (they get larger ids) show up once, at the end.
                post("/api/features/bulk", featureCollection(type, 100, random));
            }
            url = href(p.path("links"), "next", "application/geo+json");
        }
        List<Long> inDb = jdbc.queryForList("SELECT id FROM feature WHERE type_key = ? ORDER BY id", Long.class, type);
        assertThat(inDb).hasSize(3100);
        assertThat(seen).isEqualTo(inDb);
    }

    private static String featureCollection(String type, int n, SplittableRandom random) {
        StringBuilder sb = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(',');
            sb.append("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[")
                    .append(114.05 + random.nextDouble() * 0.02).append(',').append(22.533 + random.nextDouble() * 0.014)
                    .append("]},\"properties\":{\"type\":\"").append(type).append("\",\"name\":\"probe ").append(i).append("\"}}");
        }
        return sb.append("]}").toString();
    }

    @Test
    void filtersMatchABruteForceReadOfTheWholeCollection() throws Exception {
        List<JsonNode> all = readAll(base() + "/collections/trash_bin/items?limit=10000");
        assertThat(all).hasSize(165);

        // Property equality.
        String grid = all.get(0).at("/properties/gridCode").asString();
        assertThat(ids(readAll(base() + "/collections/trash_bin/items?gridCode=" + enc(grid))))
                .isEqualTo(idsWhere(all, f -> grid.equals(f.at("/properties/gridCode").asString())));
        assertThat(ids(readAll(base() + "/collections/trash_bin/items?status=removed")))
                .isEqualTo(idsWhere(all, f -> "removed".equals(f.at("/properties/status").asString())));

        // datetime: an instant, a closed interval, open ends.
        String t0 = all.get(10).at("/properties/createdAt").asString();
        Instant mid = Instant.parse(t0);
        assertThat(ids(readAll(base() + "/collections/trash_bin/items?datetime=" + enc(t0))))
                .isEqualTo(idsWhere(all, f -> Instant.parse(f.at("/properties/createdAt").asString()).equals(mid)))
                .isNotEmpty();
        assertThat(ids(readAll(base() + "/collections/trash_bin/items?datetime=" + enc(t0 + "/.."))))
                .isEqualTo(idsWhere(all, f -> !Instant.parse(f.at("/properties/createdAt").asString()).isBefore(mid)));
        assertThat(ids(readAll(base() + "/collections/trash_bin/items?datetime=" + enc("../" + t0))))
                .isEqualTo(idsWhere(all, f -> !Instant.parse(f.at("/properties/createdAt").asString()).isAfter(mid)));
        assertThat(ids(readAll(base() + "/collections/trash_bin/items?datetime=2026-07-01/2026-08-31")))
                .isEqualTo(idsWhere(all, f -> {
                    Instant c = Instant.parse(f.at("/properties/createdAt").asString());
                    return !c.isBefore(Instant.parse("2026-07-01T00:00:00Z")) && c.isBefore(Instant.parse("2026-09-01T00:00:00Z"));
                }));

        // bbox in CRS84, the same box as EPSG:4326 (lat/lon) and a box in Gauss–Krüger CM 114E.
        double minLon = 114.055, minLat = 22.536, maxLon = 114.065, maxLat = 22.544;
        List<Long> inBox = idsWhere(all, f -> {
            double x = f.at("/geometry/coordinates/0").asDouble(), y = f.at("/geometry/coordinates/1").asDouble();
            return x >= minLon && x <= maxLon && y >= minLat && y <= maxLat;
        });
        assertThat(inBox).isNotEmpty().hasSizeLessThan(all.size());
        assertThat(ids(readAll(base() + "/collections/trash_bin/items?bbox=" + minLon + "," + minLat + "," + maxLon + "," + maxLat)))
                .isEqualTo(inBox);
        assertThat(ids(readAll(base() + "/collections/trash_bin/items?bbox-crs=" + enc(EPSG + 4326) + "&bbox="
                + minLat + "," + minLon + "," + maxLat + "," + maxLon))).isEqualTo(inBox);
        OgcCrs gk = CrsRegistry.standard().find(EPSG + 4547).orElseThrow();
        double minN = 2_493_000, minE = 505_500, maxN = 2_494_000, maxE = 506_500;
        List<Long> inGkBox = idsWhere(all, f -> {
            Coordinate ne = gk.fromWgs84().apply(GeometryFactories.point(f.at("/geometry/coordinates/0").asDouble(),
                    f.at("/geometry/coordinates/1").asDouble())).getCoordinate();
            return ne.x >= minN && ne.x <= maxN && ne.y >= minE && ne.y <= maxE;
        });
        assertThat(inGkBox).isNotEmpty();
        assertThat(ids(readAll(base() + "/collections/trash_bin/items?limit=7&bbox-crs=" + enc(EPSG + 4547) + "&bbox="
                + minN + "," + minE + "," + maxN + "," + maxE))).isEqualTo(inGkBox);
        // Grids: a bbox keeps every grid that meets it, exactly (not just by bounding box).
        JsonNode grids = json("/collections/small_grids/items?limit=1000&bbox=" + minLon + "," + minLat + "," + maxLon + "," + maxLat);
        Long meets = jdbc.queryForObject("SELECT COUNT(*) FROM grid WHERE level = 'small' AND ST_Intersects(geom, "
                + "ST_MakeEnvelope(?, ?, ?, ?, 4326))", Long.class, minLon, minLat, maxLon, maxLat);
        assertThat(grids.path("numberMatched").asLong()).isEqualTo(meets).isEqualTo(grids.path("features").size());
        assertThat(json("/collections/small_grids/items?parentCode=JNS-05").path("numberMatched").asLong())
                .isEqualTo(jdbc.queryForObject("SELECT COUNT(*) FROM grid WHERE parent_code = 'JNS-05'", Long.class));
    }

    private static List<Long> ids(List<JsonNode> features) {
        return features.stream().map(f -> f.path("id").asLong()).toList();
    }

    private static List<Long> idsWhere(List<JsonNode> features, java.util.function.Predicate<JsonNode> p) {
        return features.stream().filter(p).map(f -> f.path("id").asLong()).toList();
    }

    @Test
    void responsesInAnotherCrsFollowItsAxisOrderAndSayWhichCrsInContentCrs() throws Exception {
        JsonNode item = json("/collections/trash_bin/items/1");
        double lon = item.at("/geometry/coordinates/0").asDouble(), lat = item.at("/geometry/coordinates/1").asDouble();
        assertThat(href(item.path("links"), "collection", null)).isEqualTo(base() + "/collections/trash_bin?f=json");
        HttpResponse<String> r = get("/collections/trash_bin/items/1?crs=" + enc(EPSG + 4490));
        assertThat(r.headers().firstValue("Content-Crs").orElse("")).isEqualTo("<" + EPSG + 4490 + ">");
        JsonNode in4490 = JSON.readTree(r.body());
        assertThat(in4490.at("/geometry/coordinates/0").asDouble()).isEqualTo(lat);
        assertThat(in4490.at("/geometry/coordinates/1").asDouble()).isEqualTo(lon);
        assertThat(get("/collections/trash_bin/items/1").headers().firstValue("Content-Crs").orElse(""))
                .isEqualTo("<" + CrsRegistry.CRS84 + ">");

        HttpResponse<String> gk = get("/collections/trash_bin/items?limit=3&crs=" + enc(EPSG + 4547));
        assertThat(gk.headers().firstValue("Content-Crs").orElse("")).isEqualTo("<" + EPSG + 4547 + ">");
        JsonNode first = JSON.readTree(gk.body()).at("/features/0");
        assertThat(first.path("id").asLong()).isEqualTo(1);
        Coordinate expected = CrsRegistry.standard().find(EPSG + 4547).orElseThrow().fromWgs84()
                .apply(GeometryFactories.point(lon, lat)).getCoordinate();
        assertThat(first.at("/geometry/coordinates/0").asDouble()).as("northing").isCloseTo(expected.x, within(0.001))
                .isBetween(2_000_000.0, 3_000_000.0);
        assertThat(first.at("/geometry/coordinates/1").asDouble()).as("easting").isCloseTo(expected.y, within(0.001))
                .isBetween(400_000.0, 600_000.0);
        JsonNode streetIn4326 = json("/collections/streets/items?limit=1&crs=" + enc(EPSG + 4326));
        assertThat(streetIn4326.at("/features/0/geometry/coordinates/0/0").asDouble()).isBetween(22.0, 23.0);
    }

    // ------------------------------------------------------------------ refusals

    @Test
    void badParametersAreRefusedWithAProblemThatNamesTheCause() throws Exception {
        long features = jdbc.queryForObject("SELECT COUNT(*) FROM feature", Long.class);
        long grids = jdbc.queryForObject("SELECT COUNT(*) FROM grid", Long.class);
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("/collections/trash_bin/items?limit=0", "ogcapi.limit.invalid");
        cases.put("/collections/trash_bin/items?limit=ten", "ogcapi.limit.invalid");
        cases.put("/collections/trash_bin/items?bbox=114,22,115", "ogcapi.bbox.invalid");
        cases.put("/collections/trash_bin/items?bbox=a,b,c,d", "ogcapi.bbox.invalid");
        cases.put("/collections/trash_bin/items?bbox=114,23,115,22", "ogcapi.bbox.invalid");
        cases.put("/collections/trash_bin/items?bbox=114,22,181,23", "ogcapi.bbox.invalid");
        cases.put("/collections/trash_bin/items?bbox=114,22,115,95", "ogcapi.bbox.invalid");
        cases.put("/collections/trash_bin/items?bbox-crs=" + enc(EPSG + 4326) + "&bbox=114,22,115,23", "ogcapi.bbox.invalid");
        cases.put("/collections/trash_bin/items?datetime=yesterday", "ogcapi.datetime.invalid");
        cases.put("/collections/trash_bin/items?datetime=2026-05-03/2026-05-01", "ogcapi.datetime.invalid");
        cases.put("/collections/trash_bin/items?datetime=../..", "ogcapi.datetime.invalid");
        cases.put("/collections/trash_bin/items?crs=" + enc(EPSG + 3857), "ogcapi.crs.unsupported");
        cases.put("/collections/trash_bin/items?bbox-crs=EPSG:4490&bbox=1,2,3,4", "ogcapi.crs.unsupported");
        cases.put("/collections/trash_bin/items/1?crs=" + enc(EPSG + 4555), "ogcapi.crs.unsupported");
        cases.put("/collections/trash_bin/items?colour=x", "ogcapi.parameter.unknown");
        cases.put("/collections/trash_bin/items?version=one", "ogcapi.parameter.notNumber");
        cases.put("/collections/trash_bin/items?createdAt=today", "ogcapi.parameter.notTimestamp");
        cases.put("/collections?limit=5", "ogcapi.parameter.unknown");
        cases.put("/collections/trash_bin/items?limit=5&limit=6", "ogcapi.parameter.repeated");
        cases.put("/collections/trash_bin/items?cursor=-1", "ogcapi.cursor.invalid");
        cases.put("/collections/trash_bin/items?f=xml", "ogcapi.format.unsupported");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            checkProblem(c.getKey(), 400, c.getValue());
        }
        checkProblem("/collections/nope", 404, "ogcapi.collection.notFound");
        checkProblem("/collections/nope/items", 404, "ogcapi.collection.notFound");
        checkProblem("/collections/small_grids/items/NO-SUCH-GRID", 404, "ogcapi.item.notFound");
        checkProblem("/collections/large_grids/items/JNS-05-016", 404, "ogcapi.item.notFound");
        checkProblem("/collections/trash_bin/items/999999", 404, "ogcapi.item.notFound");
        checkProblem("/collections/streets/items/abc", 404, "ogcapi.item.notFound");
        long sewerWell = jdbc.queryForObject("SELECT MIN(id) FROM feature WHERE type_key = 'sewer_well'", Long.class);
        checkProblem("/collections/trash_bin/items/" + sewerWell, 404, "ogcapi.item.notFound");

        HttpResponse<String> zh = get("/collections/trash_bin/items?crs=" + enc(EPSG + 3857));
        assertThat(JSON.readTree(zh.body()).path("detail").asString()).contains("不支持的坐标系");
        assertThat(JSON.readTree(zh.body()).path("supportedCrs").size()).isEqualTo(24);
        HttpResponse<String> en = get("/collections/trash_bin/items?limit=0", "Accept-Language", "en");
        assertThat(JSON.readTree(en.body()).path("detail").asString()).isEqualTo("limit must be a whole number of at least 1 (above 10000 it is lowered to 10000; got 0)");

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM feature", Long.class)).isEqualTo(features);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM grid", Long.class)).isEqualTo(grids);
    }

    private void checkProblem(String url, int status, String code) throws Exception {
        HttpResponse<String> r = get(url, "Accept", "application/json");
        assertThat(r.statusCode()).as(url + " -> " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).as(url).startsWith("application/problem+json");
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.path("code").asString()).as(url).isEqualTo(code);
        assertThat(p.path("detail").asString()).as(url).isNotBlank();
    }

    // ------------------------------------------------------------------ HTML

    @Test
    void browsersGetEscapedChinesePagesWithALeafletMapAndEnglishOnRequest() throws Exception {
        String browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        HttpResponse<String> landing = get("", "Accept", browserAccept);
        assertThat(landing.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(landing.body()).contains("lang=\"zh-CN\"").contains("实时图层");
        assertThat(get("", "Accept", browserAccept, "Accept-Language", "en").body()).contains("lang=\"en\"").contains("live layers");
        assertThat(get("?f=json", "Accept", browserAccept).headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(get("?f=html").body()).startsWith("<!DOCTYPE html>");

        HttpResponse<String> collection = get("/collections/small_grids", "Accept", browserAccept);
        assertThat(collection.body()).contains("/webjars/leaflet/1.9.4/dist/leaflet.js").contains("id=\"map\"").contains("小网格");
        HttpResponse<String> leaflet = get("http://localhost:" + port + "/webjars/leaflet/1.9.4/dist/leaflet.js");
        assertThat(leaflet.statusCode()).isEqualTo(200);
        assertThat(leaflet.body()).contains("Leaflet");
        assertThat(get("http://localhost:" + port + "/webjars/leaflet/1.9.4/dist/leaflet.css").statusCode()).isEqualTo(200);

        String evil = "<script>alert(1)</script>";
        post("/api/feature-types", "{\"key\":\"ogc_html\",\"labelZh\":\"<b>粗</b>\",\"labelEn\":\"Bold\",\"symbol\":\"dot\",\"color\":\"#123456\",\"sortOrder\":51}");
        post("/api/features/bulk", "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":"
                + "{\"type\":\"Point\",\"coordinates\":[114.06,22.54]},\"properties\":{\"type\":\"ogc_html\",\"name\":\""
                + evil.replace("\"", "\\\"") + "\"}}]}");
        long id = jdbc.queryForObject("SELECT MIN(id) FROM feature WHERE type_key = 'ogc_html'", Long.class);
        for (String url : List.of("/collections/ogc_html/items/" + id, "/collections/ogc_html/items", "/collections/ogc_html",
                "/collections")) {
            String page = get(url + "?f=html").body();
            assertThat(page).as(url).doesNotContain(evil).doesNotContain("<b>粗</b>");
        }
        String itemPage = get("/collections/ogc_html/items/" + id + "?f=html").body();
        assertThat(itemPage).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("data-geojson=\"").doesNotContain("<script>");
        assertThat(get("/collections/trash_bin/items?limit=5", "Accept", browserAccept).body())
                .contains("<table>").contains("cursor=");
    }
}
