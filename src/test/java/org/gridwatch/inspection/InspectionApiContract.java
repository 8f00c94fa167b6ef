package org.gridwatch.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.gridwatch.support.Shapes.gridFeature;
import static org.gridwatch.support.Shapes.lat;
import static org.gridwatch.support.Shapes.lon;
import static org.gridwatch.support.Shapes.rectangle;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The inspection API (docs/inspections.md) against each store. Every test builds its own patch: a
 * 400 m × 200 m large grid {P}-L split into {P}-S1 (west) and {P}-S2, an east-west street through the
 * middle (y = 100 m), and records on its own month from 2020 on (so district-wide figures of the month are
 * the test's own).
 */
abstract class InspectionApiContract {

    private static final AtomicInteger PATCH = new AtomicInteger();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    /** A patch: base point, code prefix, month of its records, and its features by name. */
    final class Patch {
        final double lon;
        final double lat;
        final String p;
        final LocalDate month;
        final Map<String, Long> features = new HashMap<>();

        Patch() {
            int n = PATCH.incrementAndGet();
            lon = 113.70 + n * 0.02;
            lat = 22.30 + (n % 3) * 0.02;
            p = "I" + n + getClass().getSimpleName().charAt(0) + UUID.randomUUID().toString().substring(0, 4);
            // From 2020 on, so that even a few dozen patches stay in the past.
            month = LocalDate.of(2020, 1, 1).plusMonths(n);
        }

        double x(double east) {
            return lon(lon, lat, east);
        }

        double y(double north) {
            return lat(lat, north);
        }

        /** An ISO time on day {@code day} of the patch's month at hh:mm in +08:00. */
        String at(int day, int hour, int minute) {
            return month.withDayOfMonth(day) + "T%02d:%02d:00+08:00".formatted(hour, minute);
        }

        String from() {
            return month.toString();
        }

        String to() {
            return month.withDayOfMonth(month.lengthOfMonth()).toString();
        }
    }

    Patch patch() throws Exception {
        Patch t = new Patch();
        ok(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(gridFeature(rectangle(t.lon, t.lat, 0, 0, 400, 200), t.p + "-L", "测试社区", "large", null)), 201);
        ok(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(gridFeature(rectangle(t.lon, t.lat, 0, 0, 200, 200), t.p + "-S1", "测试一格", "small", t.p + "-L")), 201);
        ok(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(gridFeature(rectangle(t.lon, t.lat, 200, 0, 400, 200), t.p + "-S2", "测试二格", "small", t.p + "-L")), 201);
        jdbc.update("INSERT INTO street (name, street_class, geom) VALUES (?, ?, ST_GeomFromText(?, 4326))", "测试路",
                "residential", "LINESTRING (" + t.x(0) + " " + t.y(100) + ", " + t.x(400) + " " + t.y(100) + ")");
        feature(t, "bait", "rat_bait_station", 50, 50, t.month + "T00:00:00Z");
        feature(t, "water", "stagnant_water", 150, 150, null);
        feature(t, "bin", "trash_bin", 100, 20, null);
        feature(t, "well", "sewer_well", 300, 50, null);
        return t;
    }

    void feature(Patch t, String name, String type, double east, double north, String createdAt) throws Exception {
        String body = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + t.x(east) + "," + t.y(north)
                + "]},\"properties\":{\"type\":\"" + type + "\",\"name\":\"" + name + "\""
                + (createdAt == null ? "" : ",\"createdAt\":\"" + createdAt + "\"") + "}}";
        JsonNode f = ok(post("/api/features").contentType(MediaType.APPLICATION_JSON).content(body), 201);
        t.features.put(name, f.path("id").asLong());
    }

    JsonNode ok(org.springframework.test.web.servlet.RequestBuilder request, int status) throws Exception {
        MvcResult r = mvc.perform(request).andReturn();
        String body = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(r.getResponse().getStatus()).as(body).isEqualTo(status);
        return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
    }

    JsonNode getJson(String url) throws Exception {
        return ok(get(url), 200);
    }

    ResultActions postJson(String url, String body) throws Exception {
        return mvc.perform(post(url).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    JsonNode postJson(String url, String body, int status) throws Exception {
        return ok(post(url).contentType(MediaType.APPLICATION_JSON).content(body), status);
    }

    /** A line back and forth across the west small grid: {@code legs} legs of 180 m between y = 10 and 190 m. */
    String zigzag(Patch t, int legs) {
        StringBuilder c = new StringBuilder("{\"type\":\"LineString\",\"coordinates\":[");
        for (int i = 0; i <= legs; i++) {
            if (i > 0) c.append(',');
            double north = 10 + (i % 2) * 180;
            c.append('[').append(t.x(10 + i * 180.0 / Math.max(1, legs))).append(',').append(t.y(north)).append(']');
        }
        return c.append("]}").toString();
    }

    String patrolBody(Patch t, String clientId, String grid, String start, String end, String track) {
        return "{\"clientId\":\"" + clientId + "\",\"inspector\":\"张三\",\"gridCode\":\"" + grid + "\",\"startedAt\":\""
                + start + "\",\"endedAt\":\"" + end + "\"" + (track == null ? "" : ",\"track\":" + track) + "}";
    }

    String inspection(String clientId, Long featureId, String typeKey, String point, String time, String outcome,
                      Long patrolId) {
        return "{\"clientId\":\"" + clientId + "\",\"featureId\":" + featureId + ",\"typeKey\":"
                + (typeKey == null ? "null" : "\"" + typeKey + "\"") + ",\"point\":" + point + ",\"patrolId\":" + patrolId
                + ",\"inspector\":\"张三\",\"inspectedAt\":\"" + time + "\",\"outcome\":" + outcome + "}";
    }

    long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    static String id() {
        return UUID.randomUUID().toString();
    }

    // ---------------------------------------------------------------------------------- outcome fields

    @Test
    void featureTypesCarryTheirSeededInspectionFieldsAndADistrictCanReplaceThem() throws Exception {
        JsonNode types = getJson("/api/feature-types");
        Map<String, JsonNode> byKey = new HashMap<>();
        types.forEach(t -> byKey.put(t.path("key").asString(), t));
        assertThat(byKey).containsKeys("rodent_sign", "garbage_point");
        assertThat(byKey.get("rodent_sign").path("labelZh").asString()).isEqualTo("鼠洞/鼠迹");
        assertThat(keys(byKey.get("rat_bait_station"))).containsExactly("baitPresent", "baitEffective", "placedCorrectly",
                "warningSign", "rodentSigns");
        assertThat(keys(byKey.get("stagnant_water"))).containsExactly("waterPresent", "larvaePositive", "larvaeCount",
                "containerType", "dips", "positiveDips", "cleared");
        assertThat(keys(byKey.get("sewer_well"))).startsWith("waterPresent", "larvaePositive", "coverIntact");
        assertThat(keys(byKey.get("trash_bin"))).containsExactly("lidded", "overflowing", "clean");
        assertThat(keys(byKey.get("rodent_sign"))).containsExactly("count", "cleared");
        assertThat(keys(byKey.get("garbage_point"))).containsExactly("exposedGarbage", "cleared");
        JsonNode container = byKey.get("stagnant_water").path("inspectionFields").get(3);
        assertThat(container.path("kind").asString()).isEqualTo("enum");
        assertThat(container.path("options").get(0).path("value").asString()).isEqualTo("small_container");
        assertThat(container.path("options").get(2).path("labelZh").asString()).isEqualTo("大中型水体");
        JsonNode count = byKey.get("stagnant_water").path("inspectionFields").get(2);
        assertThat(count.path("kind").asString()).isEqualTo("integer");
        assertThat(count.path("min").asInt()).isZero();
        assertThat(byKey.get("rat_bait_station").path("color").asString()).startsWith("#");

        String type = "toilet_" + PATCH.incrementAndGet();
        postJson("/api/feature-types", "{\"key\":\"" + type + "\",\"labelZh\":\"公厕\",\"labelEn\":\"Toilet\",\"symbol\":\"dot\",\"color\":\"#123456\",\"sortOrder\":50}", 201);
        JsonNode put = ok(put("/api/feature-types/" + type + "/inspection-fields").contentType(MediaType.APPLICATION_JSON)
                .content("[{\"key\":\"fliesSeen\",\"labelZh\":\"有蝇\",\"labelEn\":\"Flies seen\",\"kind\":\"boolean\"},"
                        + "{\"key\":\"grade\",\"labelZh\":\"等级\",\"labelEn\":\"Grade\",\"kind\":\"enum\","
                        + "\"options\":[{\"value\":\"good\",\"labelZh\":\"好\",\"labelEn\":\"Good\"}]}]"), 200);
        assertThat(put.path("inspectionFields").size()).isEqualTo(2);
        JsonNode again = null;
        for (JsonNode t : getJson("/api/feature-types")) if (t.path("key").asString().equals(type)) again = t;
        assertThat(keys(again)).containsExactly("fliesSeen", "grade");

        JsonNode refused = ok(put("/api/feature-types/" + type + "/inspection-fields").contentType(MediaType.APPLICATION_JSON)
                .content("[{\"key\":\"x\",\"labelZh\":\"x\",\"labelEn\":\"x\",\"kind\":\"colour\"}]"), 400);
        assertThat(refused.path("code").asString()).isEqualTo("inspection.fields.kind");
        assertThat(refused.path("detail").asString()).contains("colour").contains("类型");
        JsonNode english = ok(put("/api/feature-types/" + type + "/inspection-fields").header("Accept-Language", "en")
                .contentType(MediaType.APPLICATION_JSON).content("[{\"key\":\"x\",\"labelZh\":\"x\",\"labelEn\":\"x\",\"kind\":\"colour\"}]"), 400);
        assertThat(english.path("detail").asString()).contains("has kind colour");
        ok(put("/api/feature-types/no_such_type/inspection-fields").contentType(MediaType.APPLICATION_JSON).content("[]"), 404);
        for (JsonNode t : getJson("/api/feature-types")) if (t.path("key").asString().equals(type)) again = t;
        assertThat(keys(again)).containsExactly("fliesSeen", "grade");
    }

    static List<String> keys(JsonNode type) {
        List<String> out = new ArrayList<>();
        type.path("inspectionFields").forEach(f -> out.add(f.path("key").asString()));
        return out;
    }

    // ---------------------------------------------------------------------------------- patrols

    @Test
    void patrolWithGeoJsonTrackIsStoredOnceAndMeasured() throws Exception {
        Patch t = patch();
        String client = id();
        String body = patrolBody(t, client, t.p + "-S1", t.at(3, 8, 0), t.at(3, 9, 0),
                "{\"type\":\"LineString\",\"coordinates\":[[" + t.x(0) + "," + t.y(110) + "],[" + t.x(100) + "," + t.y(110) + "]]}");
        long before = count("patrol");
        MvcResult first = postJson("/api/patrols", body).andExpect(status().isCreated())
                .andExpect(header().string("Location", org.hamcrest.Matchers.startsWith("/api/patrols/"))).andReturn();
        JsonNode p = JSON.readTree(first.getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(p.path("clientId").asString()).isEqualTo(client);
        assertThat(p.path("gridCode").asString()).isEqualTo(t.p + "-S1");
        assertThat(p.path("trackSource").asString()).isEqualTo("gps");
        assertThat(p.path("lengthKm").doubleValue()).isCloseTo(0.1, within(0.001));
        assertThat(p.path("startedAt").asString()).isEqualTo(t.at(3, 8, 0));
        JsonNode again = postJson("/api/patrols", body, 200);
        assertThat(again.path("id").asLong()).isEqualTo(p.path("id").asLong());
        assertThat(count("patrol")).isEqualTo(before + 1);

        JsonNode list = getJson("/api/patrols?grid=" + t.p + "-L&from=" + t.from() + "&to=" + t.to() + "&inspector=张三");
        assertThat(list.path("patrols").size()).isEqualTo(1);
        assertThat(getJson("/api/patrols?grid=" + t.p + "-S2").path("patrols").size()).isZero();
        JsonNode track = getJson("/api/patrols/" + p.path("id").asLong() + "/track");
        assertThat(track.path("type").asString()).isEqualTo("Feature");
        assertThat(track.at("/geometry/type").asString()).isEqualTo("LineString");
        assertThat(track.at("/geometry/coordinates/1/0").doubleValue()).isCloseTo(t.x(100), within(2e-7));
        assertThat(track.at("/properties/trackSource").asString()).isEqualTo("gps");
    }

    @Test
    void patrolFromGpxAndPatrolWithoutTrackFollowingThePlannedRoute() throws Exception {
        Patch t = patch();
        String gpx = "<?xml version=\"1.0\"?><gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><trkseg>"
                + "<trkpt lat=\"" + t.y(10) + "\" lon=\"" + t.x(10) + "\"/><trkpt lat=\"" + t.y(10) + "\" lon=\"" + t.x(190)
                + "\"/><trkpt lat=\"" + t.y(190) + "\" lon=\"" + t.x(190) + "\"/></trkseg></trk></gpx>";
        JsonNode p = ok(multipart("/api/patrols").file(new MockMultipartFile("gpx", "walk.gpx", "application/gpx+xml",
                        gpx.getBytes(StandardCharsets.UTF_8))).param("clientId", id()).param("inspector", "李四")
                .param("gridCode", t.p + "-S1").param("startedAt", t.at(4, 8, 0)).param("endedAt", t.at(4, 9, 0)), 201);
        assertThat(p.path("trackSource").asString()).isEqualTo("gps");
        assertThat(p.path("lengthKm").doubleValue()).isCloseTo(0.36, within(0.002));

        // No track: a patrol, but no path walked that anybody knows of. It is not credited with the
        // grid's planned route (that lowered the path index and so improved the grade).
        JsonNode trackless = postJson("/api/patrols", patrolBody(t, id(), t.p + "-S2", t.at(4, 10, 0), t.at(4, 11, 0), null), 201);
        assertThat(trackless.path("trackSource").asString()).isEqualTo("none");
        assertThat(trackless.path("lengthKm").doubleValue()).isZero();
        assertThat(getJson("/api/patrols/" + trackless.path("id").asLong() + "/track").path("geometry").isNull()).isTrue();
        JsonNode log = getJson("/api/patrol-log?grid=" + t.p + "-S2&date=" + t.month.withDayOfMonth(4));
        assertThat(log.path("patrols").size()).isEqualTo(1);
        assertThat(log.path("streetLengthM").doubleValue()).isGreaterThan(0);
        assertThat(log.path("streetCoveredM").doubleValue()).as("a trackless patrol covers no street").isZero();
    }

    @Test
    void badPatrolsAreRefusedAndNothingIsStored() throws Exception {
        Patch t = patch();
        long before = count("patrol");
        JsonNode order = postJson("/api/patrols", patrolBody(t, id(), t.p + "-S1", t.at(5, 9, 0), t.at(5, 8, 0), null), 400);
        assertThat(order.path("code").asString()).isEqualTo("patrol.time.order");
        assertThat(order.path("detail").asString()).contains("早于");
        JsonNode en = ok(post("/api/patrols").header("Accept-Language", "en").contentType(MediaType.APPLICATION_JSON)
                .content(patrolBody(t, id(), t.p + "-S1", t.at(5, 9, 0), t.at(5, 8, 0), null)), 400);
        assertThat(en.path("detail").asString()).contains("is before");
        assertThat(postJson("/api/patrols", patrolBody(t, id(), "NO-SUCH", t.at(5, 8, 0), t.at(5, 9, 0), null), 404)
                .path("code").asString()).isEqualTo("inspection.grid.unknown");
        assertThat(postJson("/api/patrols", patrolBody(t, "bad id!", t.p + "-S1", t.at(5, 8, 0), t.at(5, 9, 0), null), 400)
                .path("code").asString()).isEqualTo("inspection.clientId.invalid");
        assertThat(postJson("/api/patrols", patrolBody(t, id(), t.p + "-S1", "yesterday", t.at(5, 9, 0), null), 400)
                .path("code").asString()).isEqualTo("inspection.time.invalid");
        assertThat(postJson("/api/patrols", patrolBody(t, id(), t.p + "-S1", t.at(5, 8, 0), t.at(5, 9, 0),
                "{\"type\":\"Point\",\"coordinates\":[" + t.x(1) + "," + t.y(1) + "]}"), 400).path("code").asString())
                .isEqualTo("geometry.type");
        JsonNode gpx = ok(multipart("/api/patrols").file(new MockMultipartFile("gpx", "x.gpx", "application/gpx+xml",
                        "<gpx></gpx>".getBytes(StandardCharsets.UTF_8))).param("clientId", id()).param("inspector", "李四")
                .param("gridCode", t.p + "-S1").param("startedAt", t.at(5, 8, 0)).param("endedAt", t.at(5, 9, 0)), 400);
        assertThat(gpx.path("code").asString()).isEqualTo("patrol.gpx.noTrack");
        assertThat(count("patrol")).isEqualTo(before);
    }

    @Test
    void aGpxTrackPastThePointCapIsRefusedAndNothingIsStored() throws Exception {
        Patch t = patch();
        long before = count("patrol");
        StringBuilder gpx = new StringBuilder("<?xml version=\"1.0\"?><gpx version=\"1.1\"><trk><trkseg>");
        for (int i = 0; i <= org.gridwatch.geo.GeoJsonReader.MAX_POSITIONS; i++) {
            gpx.append("<trkpt lat=\"").append(t.y(1)).append("\" lon=\"").append(t.x(1)).append("\"/>");
        }
        gpx.append("</trkseg></trk></gpx>");
        JsonNode refused = ok(multipart("/api/patrols").file(new MockMultipartFile("gpx", "long.gpx", "application/gpx+xml",
                        gpx.toString().getBytes(StandardCharsets.UTF_8))).param("clientId", id()).param("inspector", "李四")
                .param("gridCode", t.p + "-S1").param("startedAt", t.at(5, 8, 0)).param("endedAt", t.at(5, 9, 0)), 413);
        assertThat(refused.path("code").asString()).isEqualTo("patrol.gpx.tooManyPoints");
        assertThat(refused.path("detail").asString()).contains("100000");
        assertThat(count("patrol")).isEqualTo(before);
    }

    // ---------------------------------------------------------------------------------- inspections

    @Test
    void aGridWorkerRecordsOnlyInsideItsOwnGridsAndEveryInspectionIsInTheHistory() throws Exception {
        Patch t = patch();
        String own = "w-own-" + t.p;
        String other = "w-other-" + t.p;
        postJson("/api/users", "{\"username\":\"" + own + "\",\"password\":\"worker-password\",\"roles\":[\"grid_worker\"],"
                + "\"gridCodes\":[\"" + t.p + "-S1\"]}", 201);
        postJson("/api/users", "{\"username\":\"" + other + "\",\"password\":\"worker-password\",\"roles\":[\"grid_worker\"],"
                + "\"gridCodes\":[\"" + t.p + "-S2\"]}", 201);
        String outcome = "{\"lidded\":false,\"overflowing\":true,\"clean\":false}";
        long before = count("inspection");
        JsonNode refused = ok(post("/api/inspections").with(httpBasic(other, "worker-password"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(inspection(id(), t.features.get("bin"), null, "null", t.at(7, 9, 0), outcome, null)), 403);
        assertThat(refused.path("code").asString()).isEqualTo("access.grid.outside");
        assertThat(count("inspection")).isEqualTo(before);

        JsonNode stored = ok(post("/api/inspections").with(httpBasic(own, "worker-password"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(inspection(id(), t.features.get("bin"), null, "null", t.at(7, 9, 5), outcome, null)), 201)
                .path("inspections").get(0);
        assertThat(count("inspection")).isEqualTo(before + 1);
        JsonNode history = getJson("/api/history?entity=inspection&id=" + stored.path("id").asLong());
        assertThat(history.path("entries").get(0).path("actor").asString()).isEqualTo(own);
        assertThat(history.path("entries").get(0).path("action").asString()).isEqualTo("create");
    }

    @Test
    void oneInspectionIsStoredOnceAndClassified() throws Exception {
        Patch t = patch();
        String client = id();
        String body = inspection(client, t.features.get("water"), null, "null", t.at(6, 9, 0),
                "{\"waterPresent\":true,\"larvaePositive\":true,\"larvaeCount\":12,\"containerType\":\"small_container\"}", null);
        JsonNode created = postJson("/api/inspections", body, 201).path("inspections").get(0);
        assertThat(created.path("clientId").asString()).isEqualTo(client);
        assertThat(created.path("featureId").asLong()).isEqualTo(t.features.get("water"));
        assertThat(created.path("typeKey").asString()).isEqualTo("stagnant_water");
        assertThat(created.path("gridCode").asString()).isEqualTo(t.p + "-S1");
        assertThat(created.path("positive").booleanValue()).isTrue();
        assertThat(created.at("/outcome/larvaeCount").asInt()).isEqualTo(12);
        long before = count("inspection");
        JsonNode retry = postJson("/api/inspections", body, 200).path("inspections").get(0);
        assertThat(retry.path("id").asLong()).isEqualTo(created.path("id").asLong());
        assertThat(count("inspection")).isEqualTo(before);

        JsonNode bin = postJson("/api/inspections", inspection(id(), t.features.get("bin"), null, "null", t.at(6, 9, 5),
                "{\"lidded\":true,\"overflowing\":false,\"clean\":true}", null), 201).path("inspections").get(0);
        assertThat(bin.path("positive").booleanValue()).isFalse();

        JsonNode list = getJson("/api/inspections?grid=" + t.p + "-S1&from=" + t.from() + "&to=" + t.to());
        assertThat(list.path("type").asString()).isEqualTo("FeatureCollection");
        assertThat(list.path("features").size()).isEqualTo(2);
        JsonNode newest = list.path("features").get(0);
        assertThat(newest.at("/properties/typeKey").asString()).isEqualTo("trash_bin");
        assertThat(newest.at("/geometry/coordinates/0").doubleValue()).isCloseTo(t.x(100), within(2e-7));
        assertThat(getJson("/api/inspections?grid=" + t.p + "-L&type=stagnant_water&from=" + t.from() + "&to=" + t.to())
                .path("features").size()).isEqualTo(1);
        assertThat(getJson("/api/inspections?grid=" + t.p + "-S2&from=" + t.from() + "&to=" + t.to())
                .path("features").size()).isZero();
    }

    @Test
    void aFreePointBecomesANewFeatureUnlessOutsideEveryGrid() throws Exception {
        Patch t = patch();
        long features = count("feature");
        JsonNode created = postJson("/api/inspections", inspection(id(), null, "rodent_sign",
                "{\"type\":\"Point\",\"coordinates\":[" + t.x(320) + "," + t.y(150) + "]}", t.at(7, 9, 0),
                "{\"count\":2,\"cleared\":false}", null), 201).path("inspections").get(0);
        assertThat(count("feature")).isEqualTo(features + 1);
        assertThat(created.path("gridCode").asString()).isEqualTo(t.p + "-S2");
        assertThat(created.path("positive").booleanValue()).isTrue();
        JsonNode feature = getJson("/api/features/" + created.path("featureId").asLong());
        assertThat(feature.at("/properties/type").asString()).isEqualTo("rodent_sign");
        assertThat(feature.at("/properties/gridCode").asString()).isEqualTo(t.p + "-S2");

        JsonNode outside = postJson("/api/inspections", inspection(id(), null, "stagnant_water",
                "{\"type\":\"Point\",\"coordinates\":[" + t.x(-500) + "," + t.y(-500) + "]}", t.at(7, 9, 0), "{}", null), 422);
        assertThat(outside.path("code").asString()).isEqualTo("inspection.point.outside");
        assertThat(outside.path("detail").asString()).contains("不在任何小网格内");
        assertThat(postJson("/api/inspections", inspection(id(), null, null,
                "{\"type\":\"Point\",\"coordinates\":[" + t.x(20) + "," + t.y(20) + "]}", t.at(7, 9, 0), "{}", null), 400)
                .path("code").asString()).isEqualTo("inspection.type.required");
        assertThat(count("feature")).isEqualTo(features + 1);
    }

    @Test
    void outcomesAreCheckedAgainstTheTypesFields() throws Exception {
        Patch t = patch();
        long before = count("inspection");
        JsonNode unknown = postJson("/api/inspections", inspection(id(), t.features.get("bait"), null, "null", t.at(8, 9, 0),
                "{\"baitPresent\":true,\"colour\":\"red\"}", null), 400);
        assertThat(unknown.path("code").asString()).isEqualTo("inspection.outcome.unknownField");
        assertThat(unknown.path("field").asString()).isEqualTo("colour");
        assertThat(unknown.path("detail").asString()).contains("colour").contains("rat_bait_station");
        JsonNode kind = ok(post("/api/inspections").header("Accept-Language", "en").contentType(MediaType.APPLICATION_JSON)
                .content(inspection(id(), t.features.get("bait"), null, "null", t.at(8, 9, 0), "{\"rodentSigns\":\"many\"}", null)), 400);
        assertThat(kind.path("code").asString()).isEqualTo("inspection.outcome.wrongKind");
        assertThat(kind.path("detail").asString()).contains("wrong kind");
        assertThat(postJson("/api/inspections", inspection(id(), t.features.get("water"), null, "null", t.at(8, 9, 0),
                "{\"containerType\":\"bucket\"}", null), 400).path("code").asString()).isEqualTo("inspection.outcome.wrongKind");
        assertThat(postJson("/api/inspections", inspection(id(), 987654321L, null, "null", t.at(8, 9, 0), "{}", null), 404)
                .path("code").asString()).isEqualTo("feature.notFound");
        assertThat(postJson("/api/inspections", inspection(id(), t.features.get("bait"), "trash_bin", "null", t.at(8, 9, 0),
                "{}", null), 400).path("code").asString()).isEqualTo("inspection.type.mismatch");
        assertThat(postJson("/api/inspections", inspection(id(), t.features.get("bait"), null, "null", "2099-01-01T00:00:00Z",
                "{}", null), 400).path("code").asString()).isEqualTo("inspection.time.future");
        assertThat(count("inspection")).isEqualTo(before);
    }

    @Test
    void aBatchIsAllOrNothingAndSafeToRetry() throws Exception {
        Patch t = patch();
        long inspections = count("inspection");
        long features = count("feature");
        String good1 = inspection(id(), t.features.get("bait"), null, "null", t.at(9, 9, 0), "{\"baitPresent\":false}", null);
        String good2 = inspection(id(), null, "garbage_point", "{\"type\":\"Point\",\"coordinates\":[" + t.x(60) + ","
                + t.y(160) + "]}", t.at(9, 9, 5), "{\"exposedGarbage\":true}", null);
        String bad = inspection(id(), t.features.get("bin"), null, "null", t.at(9, 9, 10), "{\"lidded\":3}", null);
        JsonNode refused = postJson("/api/inspections", "{\"inspections\":[" + good1 + "," + bad + "," + good2 + "]}", 400);
        assertThat(refused.path("code").asString()).isEqualTo("inspection.batch.rejected");
        assertThat(refused.path("errors").size()).isEqualTo(1);
        assertThat(refused.at("/errors/0/index").asInt()).isEqualTo(1);
        assertThat(refused.at("/errors/0/code").asString()).isEqualTo("inspection.outcome.wrongKind");
        assertThat(refused.path("detail").asString()).contains("全部未保存");
        assertThat(count("inspection")).isEqualTo(inspections);
        assertThat(count("feature")).isEqualTo(features);
        JsonNode unreadable = postJson("/api/inspections", "{\"inspections\":[" + good1 + ",{\"clientId\":\"" + id()
                + "\",\"inspectedAt\":\"soon\"}]}", 400);
        assertThat(unreadable.at("/errors/0/index").asInt()).isEqualTo(1);
        assertThat(unreadable.at("/errors/0/code").asString()).isEqualTo("inspection.time.invalid");

        String batch = "{\"inspections\":[" + good1 + "," + good2 + "," + good1 + "]}";
        JsonNode stored = postJson("/api/inspections", batch, 201).path("inspections");
        assertThat(stored.size()).isEqualTo(3);
        assertThat(stored.get(2).path("id").asLong()).isEqualTo(stored.get(0).path("id").asLong());
        assertThat(stored.get(0).path("positive").booleanValue()).isTrue();
        assertThat(count("inspection")).isEqualTo(inspections + 2);
        assertThat(count("feature")).isEqualTo(features + 1);
        JsonNode retried = postJson("/api/inspections", batch, 200).path("inspections");
        assertThat(retried.get(1).path("id").asLong()).isEqualTo(stored.get(1).path("id").asLong());
        assertThat(count("inspection")).isEqualTo(inspections + 2);
        assertThat(count("feature")).isEqualTo(features + 1);
    }

    @Test
    void inspectionsSentBeforeTheirPatrolAreLinkedWhenItArrives() throws Exception {
        Patch t = patch();
        String patrolClient = id();
        String body = "{\"clientId\":\"" + id() + "\",\"featureId\":" + t.features.get("bin") + ",\"patrolClientId\":\""
                + patrolClient + "\",\"inspector\":\"张三\",\"inspectedAt\":\"" + t.at(10, 9, 0) + "\",\"outcome\":{\"lidded\":true}}";
        JsonNode i = postJson("/api/inspections", body, 201).path("inspections").get(0);
        assertThat(i.path("patrolId").isNull()).isTrue();
        JsonNode p = postJson("/api/patrols", patrolBody(t, patrolClient, t.p + "-S1", t.at(10, 8, 30), t.at(10, 9, 30),
                zigzag(t, 1)), 201);
        assertThat(getJson("/api/inspections/" + i.path("id").asLong()).path("patrolId").asLong()).isEqualTo(p.path("id").asLong());
        String later = "{\"clientId\":\"" + id() + "\",\"featureId\":" + t.features.get("bait") + ",\"patrolClientId\":\""
                + patrolClient + "\",\"inspector\":\"张三\",\"inspectedAt\":\"" + t.at(10, 9, 5) + "\",\"outcome\":{}}";
        assertThat(postJson("/api/inspections", later, 201).at("/inspections/0/patrolId").asLong()).isEqualTo(p.path("id").asLong());
        assertThat(postJson("/api/inspections", inspection(id(), t.features.get("bait"), null, "null", t.at(10, 9, 6), "{}",
                999999999L), 404).path("code").asString()).isEqualTo("patrol.notFound");
    }

    @Test
    void aPhotoIsStoredWithinItsSizeLimit() throws Exception {
        Patch t = patch();
        long id = postJson("/api/inspections", inspection(id(), t.features.get("bin"), null, "null", t.at(11, 9, 0),
                "{\"lidded\":false}", null), 201).at("/inspections/0/id").asLong();
        byte[] jpeg = new byte[1500];
        jpeg[0] = (byte) 0xff;
        jpeg[1] = (byte) 0xd8;
        jpeg[2] = (byte) 0xff;
        jpeg[1499] = 42;
        mvc.perform(multipart("/api/inspections/" + id + "/photo").file(new MockMultipartFile("photo", "a.jpg", "image/jpeg", jpeg)))
                .andExpect(status().isNoContent());
        MvcResult got = mvc.perform(get("/api/inspections/" + id + "/photo")).andExpect(status().isOk()).andReturn();
        assertThat(got.getResponse().getContentType()).isEqualTo("image/jpeg");
        assertThat(got.getResponse().getContentAsByteArray()).isEqualTo(jpeg);
        assertThat(getJson("/api/inspections/" + id).path("hasPhoto").booleanValue()).isTrue();

        byte[] big = new byte[2001];
        big[0] = (byte) 0xff;
        big[1] = (byte) 0xd8;
        JsonNode tooBig = ok(multipart("/api/inspections/" + id + "/photo")
                .file(new MockMultipartFile("photo", "b.jpg", "image/jpeg", big)), 413);
        assertThat(tooBig.path("code").asString()).isEqualTo("inspection.photo.tooLarge");
        assertThat(ok(multipart("/api/inspections/" + id + "/photo")
                .file(new MockMultipartFile("photo", "c.gif", "image/gif", jpeg)), 415).path("code").asString())
                .isEqualTo("inspection.photo.type");
        assertThat(ok(multipart("/api/inspections/" + id + "/photo")
                .file(new MockMultipartFile("photo", "d.jpg", "image/jpeg", "hello".getBytes())), 400).path("code").asString())
                .isEqualTo("inspection.photo.content");
        assertThat(mvc.perform(get("/api/inspections/" + id + "/photo")).andReturn().getResponse().getContentAsByteArray())
                .isEqualTo(jpeg);
        ok(get("/api/inspections/99999999/photo"), 404);
    }

    // ---------------------------------------------------------------------------------- patrol log

    @Test
    void patrolLogListsInspectedMissedAndStreetCoverageOfTheDay() throws Exception {
        Patch t = patch();
        // a track 10 m north of the street from x = 0 to 100 m: covers the street to x = 100 + √(20² − 10²) = 117.3 m
        postJson("/api/patrols", patrolBody(t, id(), t.p + "-S1", t.at(12, 8, 0), t.at(12, 9, 0),
                "{\"type\":\"LineString\",\"coordinates\":[[" + t.x(0) + "," + t.y(110) + "],[" + t.x(100) + "," + t.y(110) + "]]}"), 201);
        postJson("/api/inspections", inspection(id(), t.features.get("bait"), null, "null", t.at(12, 8, 10),
                "{\"baitPresent\":true}", null), 201);
        postJson("/api/inspections", inspection(id(), t.features.get("bin"), null, "null", t.at(13, 8, 10), "{}", null), 201);
        JsonNode log = getJson("/api/patrol-log?grid=" + t.p + "-S1&date=" + t.month.withDayOfMonth(12));
        assertThat(log.path("patrols").size()).isEqualTo(1);
        assertThat(log.path("inspected").size()).isEqualTo(1);
        assertThat(log.at("/inspected/0/featureId").asLong()).isEqualTo(t.features.get("bait"));
        assertThat(log.at("/inspected/0/positive").booleanValue()).isFalse();
        List<Long> missed = new ArrayList<>();
        log.path("missed").forEach(m -> missed.add(m.path("featureId").asLong()));
        assertThat(missed).containsExactlyInAnyOrder(t.features.get("water"), t.features.get("bin"));
        assertThat(log.path("streetLengthM").doubleValue()).isCloseTo(200, within(1.5));
        assertThat(log.path("streetCoveredM").doubleValue()).isCloseTo(117.3, within(1.5));
        assertThat(log.path("streetCoverage").doubleValue()).isCloseTo(117.3 / 200, within(0.01));
        JsonNode nextDay = getJson("/api/patrol-log?grid=" + t.p + "-S1&date=" + t.month.withDayOfMonth(13));
        assertThat(nextDay.path("streetCoverage").doubleValue()).isZero();
        assertThat(nextDay.path("missed").size()).isEqualTo(2);
        assertThat(ok(get("/api/patrol-log?grid=" + t.p + "-S1&date=12.5.2025"), 400).path("code").asString())
                .isEqualTo("inspection.date.invalid");
        ok(get("/api/patrol-log?grid=NOPE&date=2025-01-01"), 404);
    }

    // ---------------------------------------------------------------------------------- density, trend, summary

    /**
     * The density record set of a patch (west small grid S1, one patrol of 4 × 180 m zigzag legs, plus
     * the east grid S2): rodent signs 2 + 1 at the bait station and a burrow of 1; 20 bin checks of
     * which 1 unlidded and 1 overflowing; 1 positive small container (cleared); in S2 one sewer well
     * with larvae.
     */
    double densityRecords(Patch t) throws Exception {
        JsonNode p = postJson("/api/patrols", patrolBody(t, id(), t.p + "-S1", t.at(2, 8, 0), t.at(2, 10, 0),
                zigzag(t, 10)), 201);
        double km = p.path("lengthKm").doubleValue();
        long patrolId = p.path("id").asLong();
        StringBuilder batch = new StringBuilder("{\"inspections\":[");
        batch.append(inspection(id(), t.features.get("bait"), null, "null", t.at(2, 8, 10),
                "{\"baitPresent\":true,\"baitEffective\":true,\"placedCorrectly\":true,\"warningSign\":true,\"rodentSigns\":2}", patrolId));
        batch.append(',').append(inspection(id(), t.features.get("bait"), null, "null", t.at(9, 8, 10),
                "{\"baitPresent\":true,\"rodentSigns\":1}", null));
        batch.append(',').append(inspection(id(), null, "rodent_sign", "{\"type\":\"Point\",\"coordinates\":[" + t.x(30)
                + "," + t.y(30) + "]}", t.at(2, 8, 20), "{\"cleared\":true}", patrolId));
        for (int i = 0; i < 20; i++) {
            String outcome = i == 0 ? "{\"lidded\":false,\"overflowing\":false}" : i == 1
                    ? "{\"lidded\":true,\"overflowing\":true}" : "{\"lidded\":true,\"overflowing\":false}";
            batch.append(',').append(inspection(id(), t.features.get("bin"), null, "null", t.at(2 + i / 5, 9, i), outcome, null));
        }
        batch.append(',').append(inspection(id(), t.features.get("water"), null, "null", t.at(2, 8, 30),
                "{\"waterPresent\":true,\"larvaePositive\":true,\"containerType\":\"small_container\",\"cleared\":true}", patrolId));
        batch.append(',').append(inspection(id(), t.features.get("well"), null, "null", t.at(20, 8, 30),
                "{\"waterPresent\":true,\"larvaePositive\":true,\"coverIntact\":true}", null));
        postJson("/api/inspections", batch.append("]}").toString(), 201);
        return km;
    }

    static JsonNode indicator(JsonNode grid, String key) {
        for (JsonNode i : grid.path("indicators")) if (i.path("key").asString().equals(key)) return i;
        throw new AssertionError("no indicator " + key + " in " + grid);
    }

    static JsonNode grid(JsonNode density, String code) {
        for (JsonNode g : density.path("grids")) if (g.path("code").asString().equals(code)) return g;
        throw new AssertionError("no grid " + code);
    }

    /**
     * Two trackless patrols in the grid of the record set change neither its path index nor its grade;
     * the density row shows them beside the tracked km.
     */
    @Test
    void tracklessPatrolsCountAsPatrolsButAddNoPathLength() throws Exception {
        Patch t = patch();
        double km = densityRecords(t);
        String period = "&from=" + t.from() + "&to=" + t.to();
        JsonNode before = indicator(grid(getJson("/api/density?level=small" + period), t.p + "-S1"), "rodent_path_index");
        postJson("/api/patrols", patrolBody(t, id(), t.p + "-S1", t.at(3, 8, 0), t.at(3, 10, 0), null), 201);
        postJson("/api/patrols", patrolBody(t, id(), t.p + "-S1", t.at(4, 8, 0), t.at(4, 10, 0), null), 201);
        JsonNode s1 = grid(getJson("/api/density?level=small" + period), t.p + "-S1");
        JsonNode after = indicator(s1, "rodent_path_index");
        assertThat(after.path("denominator").doubleValue()).isEqualTo(before.path("denominator").doubleValue());
        assertThat(after.path("value").doubleValue()).isEqualTo(before.path("value").doubleValue());
        assertThat(after.path("grade").asString()).isEqualTo(before.path("grade").asString());
        assertThat(s1.path("trackedKm").doubleValue()).isCloseTo(km, within(0.0006));
        assertThat(s1.path("tracklessPatrols").asLong()).isEqualTo(2);
        JsonNode large = grid(getJson("/api/density?level=large" + period), t.p + "-L");
        assertThat(large.path("tracklessPatrols").asLong()).isEqualTo(2);
        JsonNode summary = getJson("/api/summary?from=" + t.from() + "&to=" + t.to() + "&grid=" + t.p + "-L");
        assertThat(summary.path("patrols").asLong()).isEqualTo(3);
        assertThat(summary.path("patrolKm").doubleValue()).isCloseTo(km, within(0.002));
    }

    /**
     * A browser's request (Accept-Encoding: gzip) gets the kept density table compressed: the same JSON as the plain
     * answer, and a patrol recorded since shows in the compressed answer at once.
     */
    @Test
    void compressedDensityIsThePlainOneAndAPatrolShowsInItAtOnce() throws Exception {
        Patch t = patch();
        densityRecords(t);
        String url = "/api/density?level=small&from=" + t.from() + "&to=" + t.to();
        byte[] plain = densityBytes(url, null);
        MvcResult zipped = mvc.perform(get(url).header("Accept-Encoding", "gzip, deflate, br, zstd")).andReturn();
        assertThat(zipped.getResponse().getStatus()).isEqualTo(200);
        assertThat(zipped.getResponse().getHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(gunzip(zipped.getResponse().getContentAsByteArray())).isEqualTo(plain);
        long before = grid(JSON.readTree(plain), t.p + "-S1").path("tracklessPatrols").asLong();

        postJson("/api/patrols", patrolBody(t, id(), t.p + "-S1", t.at(3, 8, 0), t.at(3, 10, 0), null), 201);
        byte[] after = gunzip(densityBytes(url, "gzip"));
        assertThat(grid(JSON.readTree(after), t.p + "-S1").path("tracklessPatrols").asLong()).isEqualTo(before + 1);
        assertThat(after).isEqualTo(densityBytes(url, null));
    }

    private byte[] densityBytes(String url, String acceptEncoding) throws Exception {
        var request = get(url);
        if (acceptEncoding != null) request.header("Accept-Encoding", acceptEncoding);
        MvcResult r = mvc.perform(request).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        return r.getResponse().getContentAsByteArray();
    }

    private static byte[] gunzip(byte[] gzip) throws Exception {
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }

    @Test
    void densityPerSmallAndLargeGridAndDistrictFromTheRecordSet() throws Exception {
        Patch t = patch();
        double km = densityRecords(t);
        assertThat(km).isCloseTo(10 * Math.hypot(18, 180) / 1000, within(0.01));
        String period = "&from=" + t.from() + "&to=" + t.to();
        JsonNode small = getJson("/api/density?level=small" + period);
        assertThat(small.path("level").asString()).isEqualTo("small");
        JsonNode s1 = grid(small, t.p + "-S1");
        assertThat(s1.path("name").asString()).isEqualTo("测试一格");
        JsonNode path = indicator(s1, "rodent_path_index");
        assertThat(path.path("numerator").doubleValue()).isEqualTo(4);
        assertThat(path.path("denominator").doubleValue()).isCloseTo(km, within(0.0006));
        assertThat(path.path("value").doubleValue()).isCloseTo(4 / km, within(0.001));
        assertThat(path.path("unit").asString()).isEqualTo("per_km");
        assertThat(path.path("grade").asString()).isEqualTo("B"); // 4 / 1.809 = 2.21 per km
        // 20 checks of one bin are one bin: the sample counts distinct things, by their latest record
        JsonNode lidded = indicator(s1, "fly_lidded_bin_rate");
        assertThat(lidded.path("value").doubleValue()).isEqualTo(100.0);
        assertThat(lidded.path("sampleSize").doubleValue()).isEqualTo(1);
        assertThat(lidded.path("sampleUnit").asString()).isEqualTo("bins");
        assertThat(lidded.path("kind").asString()).isEqualTo("local");
        assertThat(lidded.path("grade").isNull()).isTrue(); // a management figure: never a national level
        assertThat(lidded.path("targetStatus").asString()).isEqualTo("INSUFFICIENT");
        JsonNode fly = indicator(s1, "fly_breeding_site_positive_rate");
        assertThat(fly.path("sampleSize").doubleValue()).isEqualTo(1);
        assertThat(fly.path("grade").asString()).isEqualTo("INSUFFICIENT");
        JsonNode water = indicator(s1, "mosquito_small_water_path_index");
        assertThat(water.path("numerator").doubleValue()).isEqualTo(1);
        assertThat(water.path("grade").asString()).isEqualTo("C"); // 1 / 1.809 = 0.55 per km: above B's 0.5
        JsonNode noBait = indicator(s1, "bait_no_bait_rate");
        assertThat(noBait.path("sampleSize").doubleValue()).isEqualTo(1); // one station checked twice
        assertThat(noBait.path("targetStatus").asString()).isEqualTo("INSUFFICIENT");
        assertThat(s1.at("/vectors/rodent").asString()).isEqualTo("B");
        assertThat(s1.at("/vectors/mosquito").asString()).isEqualTo("C");
        assertThat(s1.at("/vectors/fly").asString()).isEqualTo("INSUFFICIENT");
        assertThat(s1.at("/vectors/cockroach").asString()).isEqualTo("INSUFFICIENT");
        // rodents and mosquitoes pass; flies and cockroaches are not assessed, so the grid does not pass
        assertThat(s1.path("verdict").asString()).isEqualTo("PARTIAL");
        assertThat(s1.path("assessedVectors").toString()).isEqualTo("[\"rodent\",\"mosquito\"]");
        assertThat(s1.path("notAssessedVectors").toString()).isEqualTo("[\"fly\",\"cockroach\"]");
        assertThat(s1.path("trackedKm").doubleValue()).isCloseTo(km, within(0.0006));
        assertThat(s1.path("tracklessPatrols").asLong()).isZero();
        JsonNode s2 = grid(small, t.p + "-S2");
        assertThat(indicator(s2, "mosquito_sewer_positive_rate").path("sampleSize").doubleValue()).isEqualTo(1);
        assertThat(indicator(s2, "rodent_path_index").path("value").isNull()).isTrue();
        assertThat(s2.path("verdict").asString()).isEqualTo("INSUFFICIENT");

        JsonNode large = grid(getJson("/api/density?level=large" + period), t.p + "-L");
        assertThat(indicator(large, "rodent_path_index").path("numerator").doubleValue()).isEqualTo(4);
        assertThat(indicator(large, "mosquito_sewer_positive_rate").path("numerator").doubleValue()).isEqualTo(1);
        assertThat(large.path("trackedKm").doubleValue()).isCloseTo(km, within(0.0006));
        assertThat(indicator(large, "fly_lidded_bin_rate").path("sampleSize").doubleValue()).isEqualTo(1);
        JsonNode district = getJson("/api/density?level=district" + period).path("grids").get(0);
        assertThat(district.path("code").asString()).isEqualTo("district");
        assertThat(district.path("name").asString()).isEqualTo("全街道");
        assertThat(indicator(district, "rodent_path_index").path("numerator").doubleValue()).isEqualTo(4);
        assertThat(indicator(district, "mosquito_sewer_positive_rate").path("value").doubleValue()).isEqualTo(100.0);

        JsonNode geo = getJson("/api/density?level=small&format=geojson" + period);
        assertThat(geo.path("type").asString()).isEqualTo("FeatureCollection");
        JsonNode feature = null;
        for (JsonNode f : geo.path("features")) if (f.path("id").asString().equals(t.p + "-S1")) feature = f;
        assertThat(feature.at("/geometry/type").asString()).isEqualTo("Polygon");
        assertThat(feature.at("/properties/vectors/mosquito").asString()).isEqualTo("C");

        // the first week only: 4 signs, one patrol; weeks start on Monday
        JsonNode trend = getJson("/api/density/trend?grid=" + t.p + "-S1" + period);
        JsonNode weeks = trend.path("weeks");
        assertThat(LocalDate.parse(weeks.get(0).path("weekStart").asString()).getDayOfWeek())
                .isEqualTo(java.time.DayOfWeek.MONDAY);
        double signsPerKm = 0;
        int withPatrol = 0;
        for (JsonNode w : weeks) {
            JsonNode v = w.at("/indicators/rodent_path_index");
            if (!v.isNull()) {
                withPatrol++;
                signsPerKm = v.doubleValue();
            }
        }
        assertThat(withPatrol).isEqualTo(1);
        LocalDate day2 = t.month.withDayOfMonth(2);
        LocalDate day9 = t.month.withDayOfMonth(9);
        boolean sameWeek = day2.with(java.time.DayOfWeek.MONDAY).equals(day9.with(java.time.DayOfWeek.MONDAY));
        assertThat(signsPerKm).isCloseTo((sameWeek ? 4 : 3) / km, within(0.002));
        assertThat(getJson("/api/density/trend?grid=district" + period).path("weeks").size()).isEqualTo(weeks.size());
    }

    /**
     * Room checks of two key units in S1 give the indoor rates; the first unit's second check replaces
     * its first (60 distinct rooms, not 90); a count above its whole is refused in both languages and
     * stores nothing.
     */
    @Test
    void roomChecksOfKeyUnitsGiveTheIndoorRatesOfDistinctRooms() throws Exception {
        Patch t = patch();
        feature(t, "restaurant", "key_unit", 60, 60, null);
        feature(t, "market", "key_unit", 120, 60, null);
        String first = "{\"roomsChecked\":30,\"roomsWithRodentSigns\":3,\"roomsWithFlies\":9}";
        String again = "{\"roomsChecked\":30,\"roomsWithRodentSigns\":1,\"ratProofingChecked\":20,\"ratProofingCompliant\":19,"
                + "\"roomsWithFlies\":2,\"flyProofingChecked\":20,\"flyProofingCompliant\":20,\"roomsWithCockroaches\":1,"
                + "\"roomsWithEggCases\":0,\"roomsWithCockroachSigns\":3}";
        String market = "{\"roomsChecked\":30,\"roomsWithRodentSigns\":0,\"ratProofingChecked\":20,\"ratProofingCompliant\":20,"
                + "\"roomsWithFlies\":1,\"flyProofingChecked\":20,\"flyProofingCompliant\":19,\"roomsWithCockroaches\":0,"
                + "\"roomsWithEggCases\":1,\"roomsWithCockroachSigns\":0}";
        postJson("/api/inspections", "{\"inspections\":[" + inspection(id(), t.features.get("restaurant"), null, "null",
                t.at(3, 9, 0), first, null) + "," + inspection(id(), t.features.get("restaurant"), null, "null",
                t.at(10, 9, 0), again, null) + "," + inspection(id(), t.features.get("market"), null, "null",
                t.at(4, 9, 0), market, null) + "]}", 201);
        long before = count("inspection");
        JsonNode zh = postJson("/api/inspections", inspection(id(), t.features.get("market"), null, "null", t.at(5, 9, 0),
                "{\"roomsChecked\":10,\"roomsWithFlies\":11}", null), 400);
        assertThat(zh.path("code").asString()).isEqualTo("inspection.outcome.partExceedsWhole");
        assertThat(zh.path("field").asString()).isEqualTo("roomsWithFlies");
        assertThat(zh.path("detail").asString()).contains("roomsWithFlies").contains("不能大于");
        JsonNode en = ok(post("/api/inspections").header("Accept-Language", "en").contentType(MediaType.APPLICATION_JSON)
                .content(inspection(id(), t.features.get("market"), null, "null", t.at(5, 9, 0),
                        "{\"roomsWithFlies\":1}", null)), 400);
        assertThat(en.path("code").asString()).isEqualTo("inspection.outcome.wholeMissing");
        assertThat(en.path("detail").asString()).contains("roomsWithFlies").contains("needs its total");
        assertThat(count("inspection")).isEqualTo(before);

        JsonNode s1 = grid(getJson("/api/density?level=small&from=" + t.from() + "&to=" + t.to()), t.p + "-S1");
        JsonNode rodent = indicator(s1, "rodent_sign_rate");
        assertThat(rodent.path("numerator").doubleValue()).isEqualTo(1);
        assertThat(rodent.path("denominator").doubleValue()).isEqualTo(60);
        assertThat(rodent.path("sampleSize").doubleValue()).isEqualTo(60);
        assertThat(rodent.path("sampleUnit").asString()).isEqualTo("rooms");
        assertThat(rodent.path("grade").asString()).isEqualTo("B"); // 1.67 %
        assertThat(indicator(s1, "rodent_proofing_rate").path("value").doubleValue()).isEqualTo(97.5);
        assertThat(indicator(s1, "rodent_proofing_rate").path("grade").asString()).isEqualTo("A");
        assertThat(indicator(s1, "fly_room_rate").path("value").doubleValue()).isEqualTo(5.0);
        assertThat(indicator(s1, "fly_room_rate").path("grade").asString()).isEqualTo("B");
        assertThat(indicator(s1, "fly_proofing_rate").path("value").doubleValue()).isEqualTo(97.5);
        assertThat(indicator(s1, "fly_proofing_rate").path("grade").asString()).isEqualTo("B");
        assertThat(indicator(s1, "cockroach_infestation_rate").path("value").doubleValue()).isCloseTo(1.6667, within(1e-4));
        assertThat(indicator(s1, "cockroach_infestation_rate").path("grade").asString()).isEqualTo("B");
        assertThat(indicator(s1, "cockroach_egg_case_rate").path("grade").asString()).isEqualTo("B");
        assertThat(indicator(s1, "cockroach_sign_rate").path("value").doubleValue()).isEqualTo(5.0);
        assertThat(indicator(s1, "cockroach_sign_rate").path("grade").asString()).isEqualTo("B");
        assertThat(s1.at("/vectors/cockroach").asString()).isEqualTo("B");
        assertThat(s1.at("/vectors/mosquito").asString()).isEqualTo("INSUFFICIENT");
        assertThat(s1.path("verdict").asString()).isEqualTo("PARTIAL");
        assertThat(s1.path("notAssessedVectors").toString()).isEqualTo("[\"mosquito\"]");
    }

    /** A key unit given as a polygon is a key_unit feature at its interior point, its outline kept beside it. */
    @Test
    void keyUnitsArePointsOrPolygonsOwnedByTheGridOfTheirPoint() throws Exception {
        Patch t = patch();
        String polygon = "{\"type\":\"Polygon\",\"coordinates\":[[[" + t.x(20) + "," + t.y(20) + "],[" + t.x(80) + ","
                + t.y(20) + "],[" + t.x(80) + "," + t.y(60) + "],[" + t.x(20) + "," + t.y(60) + "],[" + t.x(20) + "," + t.y(20)
                + "]]]}";
        JsonNode unit = postJson("/api/key-units", "{\"type\":\"Feature\",\"geometry\":" + polygon
                + ",\"properties\":{\"name\":\"幸福饭店\"}}", 201);
        long id = unit.path("id").asLong();
        assertThat(unit.at("/geometry/type").asString()).isEqualTo("Polygon");
        assertThat(unit.at("/properties/gridCode").asString()).isEqualTo(t.p + "-S1");
        assertThat(unit.at("/properties/type").asString()).isEqualTo("key_unit");
        JsonNode again = getJson("/api/key-units/" + id);
        assertThat(again.at("/geometry/type").asString()).isEqualTo("Polygon");
        assertThat(again.at("/properties/name").asString()).isEqualTo("幸福饭店");
        JsonNode point = postJson("/api/key-units", "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":["
                + t.x(300) + "," + t.y(100) + "]},\"properties\":{\"name\":\"菜市场\"}}", 201);
        assertThat(point.at("/properties/gridCode").asString()).isEqualTo(t.p + "-S2");
        assertThat(point.at("/geometry/type").asString()).isEqualTo("Point");
        long before = count("feature");
        JsonNode line = ok(post("/api/key-units").header("Accept-Language", "en").contentType(MediaType.APPLICATION_JSON)
                .content("{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[" + t.x(1) + ","
                        + t.y(1) + "],[" + t.x(2) + "," + t.y(2) + "]]},\"properties\":{\"name\":\"x\"}}"), 400);
        assertThat(line.path("code").asString()).isEqualTo("keyUnit.geometry.kind");
        assertThat(line.path("detail").asString()).contains("LineString");
        assertThat(postJson("/api/key-units", "{\"type\":\"Feature\",\"geometry\":" + polygon + ",\"properties\":{}}", 400)
                .path("detail").asString()).contains("重点单位需要名称");
        assertThat(count("feature")).isEqualTo(before);
        assertThat(ok(get("/api/key-units/" + t.features.get("bin")), 404).path("code").asString()).isEqualTo("keyUnit.notFound");
    }

    @Test
    void thresholdsAreSeededFromTheDomainTableAndEditable() throws Exception {
        JsonNode all = getJson("/api/density/thresholds").path("thresholds");
        assertThat(all.size()).isEqualTo(DensityIndexCalculatorTest.SEEDED.size());
        for (JsonNode n : all) {
            Threshold seeded = DensityIndexCalculatorTest.SEEDED.get(n.path("indicator").asString());
            assertThat(seeded).as(n.toString()).isNotNull();
            if (n.path("indicator").asString().equals("bait_misplaced_rate")) continue; // edited by the test below
            if (n.path("indicator").asString().equals("fly_room_rate")) continue; // edited by the test below
            assertThat(n.path("kind").asString()).isEqualTo(seeded.kind());
            if (seeded.local()) {
                assertThat(n.path("a").isNull()).isTrue();
                assertThat(n.path("target").isNull()).isTrue();
            } else {
                assertThat(n.path("a").doubleValue()).isEqualTo(seeded.a());
                assertThat(n.path("c").doubleValue()).isEqualTo(seeded.c());
            }
            assertThat(n.path("direction").asString()).isEqualTo(seeded.direction());
            assertThat(n.path("minSample").doubleValue()).isEqualTo(seeded.minSample());
            assertThat(n.path("sampleUnit").asString()).isEqualTo(seeded.sampleUnit());
            assertThat(n.path("vector").asString()).isEqualTo(seeded.vector());
        }
        JsonNode bad = ok(put("/api/density/thresholds").contentType(MediaType.APPLICATION_JSON)
                .content("{\"thresholds\":[{\"indicator\":\"fly_room_rate\",\"a\":2,\"b\":4,\"c\":6},"
                        + "{\"indicator\":\"cockroach_sign_rate\",\"a\":9,\"b\":4,\"c\":6}]}"), 400);
        assertThat(bad.path("code").asString()).isEqualTo("density.thresholds.order");
        assertThat(ok(put("/api/density/thresholds").contentType(MediaType.APPLICATION_JSON)
                .content("{\"thresholds\":[{\"indicator\":\"nope\",\"a\":1}]}"), 400).path("code").asString())
                .isEqualTo("density.thresholds.unknown");
        // a management figure takes a local target, never national levels; a national one no target
        JsonNode levels = ok(put("/api/density/thresholds").contentType(MediaType.APPLICATION_JSON)
                .header("Accept-Language", "en")
                .content("{\"thresholds\":[{\"indicator\":\"bait_misplaced_rate\",\"a\":2,\"b\":4,\"c\":6}]}"), 400);
        assertThat(levels.path("code").asString()).isEqualTo("density.thresholds.localLevels");
        assertThat(levels.path("detail").asString()).contains("local target");
        assertThat(ok(put("/api/density/thresholds").contentType(MediaType.APPLICATION_JSON)
                .content("{\"thresholds\":[{\"indicator\":\"fly_room_rate\",\"target\":5}]}"), 400).path("code").asString())
                .isEqualTo("density.thresholds.nationalTarget");
        JsonNode unchanged = null;
        for (JsonNode n : getJson("/api/density/thresholds").path("thresholds")) {
            if (n.path("indicator").asString().equals("fly_room_rate")) unchanged = n;
        }
        assertThat(unchanged.path("a").doubleValue()).isEqualTo(3);
        JsonNode changed = ok(put("/api/density/thresholds").contentType(MediaType.APPLICATION_JSON)
                .content("{\"thresholds\":[{\"indicator\":\"fly_room_rate\",\"a\":2,\"b\":4,\"c\":6,\"minSample\":10},"
                        + "{\"indicator\":\"bait_misplaced_rate\",\"target\":5}]}"), 200);
        JsonNode row = null;
        JsonNode target = null;
        for (JsonNode n : changed.path("thresholds")) {
            if (n.path("indicator").asString().equals("fly_room_rate")) row = n;
            if (n.path("indicator").asString().equals("bait_misplaced_rate")) target = n;
        }
        assertThat(row.path("a").doubleValue()).isEqualTo(2);
        assertThat(row.path("minSample").doubleValue()).isEqualTo(10);
        assertThat(target.path("target").doubleValue()).isEqualTo(5);
        assertThat(target.path("a").isNull()).isTrue();
        // the store is shared with the other tests: put the seeded values back
        ok(put("/api/density/thresholds").contentType(MediaType.APPLICATION_JSON)
                .content("{\"thresholds\":[{\"indicator\":\"fly_room_rate\",\"a\":3,\"b\":6,\"c\":9,\"minSample\":50},"
                        + "{\"indicator\":\"bait_misplaced_rate\",\"target\":null}]}"), 200);
        assertThat(row.path("direction").asString()).isEqualTo("max");
    }

    @Test
    void densityRefusesBadParameters() throws Exception {
        assertThat(ok(get("/api/density?level=street&from=2025-01-01&to=2025-01-31"), 400).path("code").asString())
                .isEqualTo("density.level.invalid");
        assertThat(ok(get("/api/density?level=small&from=2025-02-01&to=2025-01-01"), 400).path("code").asString())
                .isEqualTo("inspection.period.order");
        assertThat(ok(get("/api/density?level=small&from=2025-13-01&to=2025-01-01"), 400).path("code").asString())
                .isEqualTo("inspection.date.invalid");
        assertThat(ok(get("/api/density/trend?grid=NOPE&from=2025-01-01&to=2025-01-31"), 404).path("code").asString())
                .isEqualTo("inspection.grid.unknown");
    }

    @Test
    void workSummaryFiguresAsJsonCsvAndPrintablePage() throws Exception {
        Patch t = patch();
        double km = densityRecords(t);
        // the sewer well is treated later in the month: closes its problem; a second patrol in S2 without track
        postJson("/api/inspections", inspection(id(), t.features.get("well"), null, "null", t.at(25, 8, 30),
                "{\"waterPresent\":false,\"larvaePositive\":false,\"cleared\":true}", null), 201);
        JsonNode planned = postJson("/api/patrols", patrolBody(t, id(), t.p + "-S2", t.at(25, 8, 0), t.at(25, 9, 0), null), 201);
        String q = "from=" + t.from() + "&to=" + t.to() + "&grid=" + t.p + "-L";
        JsonNode s = getJson("/api/summary?" + q);
        assertThat(s.at("/scope/gridCode").asString()).isEqualTo(t.p + "-L");
        assertThat(s.at("/scope/name").asString()).isEqualTo("测试社区");
        assertThat(s.path("largeGrids").asLong()).isEqualTo(1);
        assertThat(s.path("smallGrids").asLong()).isEqualTo(2);
        // stock at the period's end: the bin was recorded today, years after the period, so it was not yet in place
        assertThat(s.at("/featuresByType/trash_bin").asLong()).isZero();
        assertThat(s.at("/featuresByType/rat_bait_station").asLong()).isEqualTo(1); // created on the 1st
        assertThat(s.at("/featuresByType/rodent_sign").asLong()).isEqualTo(1);
        assertThat(s.at("/featuresByType/garbage_point").asLong()).isZero();
        assertThat(s.at("/breedingSitesHandled/small_water").asLong()).isEqualTo(1);
        assertThat(s.at("/breedingSitesHandled/sewer_well").asLong()).isEqualTo(1);
        assertThat(s.at("/breedingSitesHandled/rodent_sign").asLong()).isEqualTo(1);
        assertThat(s.at("/breedingSitesHandled/drain_inlet").asLong()).isZero();
        assertThat(s.path("baitStationsInstalled").asLong()).isEqualTo(1); // created on the 1st of the month
        assertThat(s.path("patrols").asLong()).isEqualTo(2);
        assertThat(s.path("patrolKm").doubleValue()).as("the trackless patrol adds no km").isCloseTo(km, within(0.002));
        assertThat(s.path("inspections").asLong()).isEqualTo(26);
        // positives: 2 bait-station checks with signs, the burrow, 2 bins, the container, the well = 7;
        // closed: the burrow and the container (cleared), the well (treated later), the unlidded bin
        // (checked lidded after) and the overflowing one (checked fine after) = 5
        assertThat(s.path("problemsFound").asLong()).isEqualTo(7);
        assertThat(s.path("problemsClosed").asLong()).isEqualTo(5);
        assertThat(s.at("/levels/rodent").asString()).isEqualTo("B");
        assertThat(s.at("/levels/mosquito").asString()).isEqualTo("C");
        assertThat(s.at("/levels/fly").asString()).isEqualTo("INSUFFICIENT");

        MvcResult csv = mvc.perform(get("/api/summary?" + q + "&format=csv")).andExpect(status().isOk()).andReturn();
        byte[] bytes = csv.getResponse().getContentAsByteArray();
        assertThat(bytes[0] & 0xff).isEqualTo(0xEF);
        assertThat(bytes[1] & 0xff).isEqualTo(0xBB);
        assertThat(bytes[2] & 0xff).isEqualTo(0xBF);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFkey,label,value\r\n").contains("largeGrids,大网格数,1\r\n")
                .contains("smallGrids,小网格数,2\r\n").contains("problemsFound,发现问题（处）,7\r\n")
                .contains("featuresByType.trash_bin,期末现有点位：垃圾桶,0\r\n").contains("levels.rodent,鼠密度控制水平,B\r\n");
        String en = new String(mvc.perform(get("/api/summary?" + q + "&format=csv").header("Accept-Language", "en"))
                .andReturn().getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
        assertThat(en).contains("largeGrids,Large grids,1\r\n").contains("featuresByType.trash_bin,Features in place at period end: Trash bin,0\r\n");

        String zh = mvc.perform(get("/summary.html?" + q)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(zh).contains("<html lang=\"zh-CN\">")
                .contains("测试社区 (" + t.p + "-L)划分为 <span class=\"figure\" data-key=\"largeGrids\">1</span> 个大网格，"
                        + "<span class=\"figure\" data-key=\"smallGrids\">2</span> 个小网格。")
                .contains("清理及治理孳生地：小型积水 <span class=\"figure\" data-key=\"breedingSitesHandled.small_water\">1</span> 处、"
                        + "沙井 <span class=\"figure\" data-key=\"breedingSitesHandled.sewer_well\">1</span> 个、"
                        + "下水道口 <span class=\"figure\" data-key=\"breedingSitesHandled.drain_inlet\">0</span> 个、"
                        + "垃圾存放点 <span class=\"figure\" data-key=\"breedingSitesHandled.garbage_point\">0</span> 处、"
                        + "清理鼠洞鼠迹 <span class=\"figure\" data-key=\"breedingSitesHandled.rodent_sign\">1</span> 处。")
                .contains("发现问题 <span class=\"figure\" data-key=\"problemsFound\">7</span> 处，已整改 "
                        + "<span class=\"figure\" data-key=\"problemsClosed\">5</span> 处。")
                .contains("鼠类 <span class=\"figure\" data-key=\"levels.rodent\">B 级</span>")
                .doesNotContain("<script");
        String english = mvc.perform(get("/summary.html?" + q + "&lang=en")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(english).contains("<html lang=\"en\">").contains("is divided into <span class=\"figure\" data-key=\"largeGrids\">1</span> large grids")
                .contains("rodents <span class=\"figure\" data-key=\"levels.rodent\">level B</span>");
        String district = mvc.perform(get("/summary.html?from=" + t.from() + "&to=" + t.to())).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(district).contains("全街道划分为 <span class=\"figure\" data-key=\"largeGrids\">");
        assertThat(ok(get("/api/summary?" + q + "&format=pdf"), 400).path("code").asString()).isEqualTo("summary.format.invalid");
        assertThat(ok(get("/api/summary?grid=NOPE"), 404).path("code").asString()).isEqualTo("inspection.grid.unknown");
    }

    /**
     * Every figure is scoped to its period: the stock of bait stations at the period's end and the ones
     * installed in it, features in place at the end, sites cleared and patrols in it, the change against
     * the previous period of the same length; the Word document carries the same figures, its header,
     * its tables and both pictures.
     */
    @Test
    void workSummaryIsScopedToItsPeriodAndReadsBackFromWord() throws Exception {
        Patch t = patch();
        densityRecords(t); // patrol and records on day 2, bins on days 2-5, bait station again on day 9, well on day 20
        feature(t, "bait2", "rat_bait_station", 80, 80, t.month.withDayOfMonth(15) + "T04:00:00Z");
        String grid = "&grid=" + t.p + "-L";
        JsonNode firstDay = getJson("/api/summary?from=" + t.month + "&to=" + t.month + grid);
        JsonNode week1 = getJson("/api/summary?from=" + t.month + "&to=" + t.month.withDayOfMonth(7) + grid);
        JsonNode week2 = getJson("/api/summary?from=" + t.month.withDayOfMonth(8) + "&to=" + t.month.withDayOfMonth(14) + grid);
        JsonNode mid = getJson("/api/summary?from=" + t.month.withDayOfMonth(8) + "&to=" + t.month.withDayOfMonth(21) + grid);
        JsonNode month = getJson("/api/summary?from=" + t.from() + "&to=" + t.to() + grid);
        // stock (in place at the end) against flow (installed in the period)
        assertThat(week1.path("baitStationsInPlace").asLong()).isEqualTo(1);
        assertThat(week1.path("baitStationsInstalled").asLong()).isEqualTo(1);
        assertThat(mid.path("baitStationsInPlace").asLong()).isEqualTo(2);
        assertThat(mid.path("baitStationsInstalled").asLong()).isEqualTo(1);
        assertThat(week2.path("baitStationsInPlace").asLong()).isEqualTo(1);
        assertThat(week2.path("baitStationsInstalled").asLong()).isZero();
        assertThat(month.path("baitStationsInPlace").asLong()).isEqualTo(2);
        assertThat(month.path("baitStationsInstalled").asLong()).isEqualTo(2);
        // the burrow was recorded on day 2: not yet in place at the end of day 1
        assertThat(firstDay.at("/featuresByType/rodent_sign").asLong()).isZero();
        assertThat(week1.at("/featuresByType/rodent_sign").asLong()).isEqualTo(1);
        // flows of the week differ from those of the month
        assertThat(week1.at("/breedingSitesHandled/small_water").asLong()).isEqualTo(1);
        assertThat(week2.at("/breedingSitesHandled/small_water").asLong()).isZero();
        assertThat(week1.path("patrols").asLong()).isEqualTo(1);
        assertThat(week2.path("patrols").asLong()).isZero();
        assertThat(week2.path("inspections").asLong()).isEqualTo(1); // the bait station on day 9
        assertThat(month.path("inspections").asLong()).isEqualTo(25);
        // the previous period of the same length, and the change against it
        assertThat(week2.at("/previous/from").asString()).isEqualTo(t.month.toString());
        assertThat(week2.at("/previous/to").asString()).isEqualTo(t.month.withDayOfMonth(7).toString());
        assertThat(week2.at("/previous/patrols").asLong()).isEqualTo(1);
        assertThat(week2.at("/change/patrols").asLong()).isEqualTo(-1);
        assertThat(week2.at("/change/inspections").asLong()).isEqualTo(1 - week1.path("inspections").asLong());
        // a row for the community and one for the scope
        assertThat(month.path("communities").size()).isEqualTo(2);
        assertThat(month.at("/communities/0/code").asString()).isEqualTo(t.p + "-L");
        assertThat(month.at("/communities/0/inspections").asLong()).isEqualTo(25);
        assertThat(month.at("/communities/0/levels/cockroach").asString()).isEqualTo("INSUFFICIENT");
        assertThat(month.path("notAssessedVectors").toString()).contains("cockroach");

        // the Word document holds the same figures
        MvcResult r = mvc.perform(get("/api/summary?from=" + t.from() + "&to=" + t.to() + grid + "&format=docx"))
                .andExpect(status().isOk()).andReturn();
        assertThat(r.getResponse().getContentType()).startsWith("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        try (org.apache.poi.xwpf.usermodel.XWPFDocument doc = new org.apache.poi.xwpf.usermodel.XWPFDocument(
                new java.io.ByteArrayInputStream(r.getResponse().getContentAsByteArray()))) {
            StringBuilder text = new StringBuilder();
            doc.getParagraphs().forEach(p -> text.append(p.getText()).append('\n'));
            assertThat(text).contains("现有毒饵站 2 个，其中本期新设 2 个。")
                    .contains("本期网格员共巡查 " + month.path("patrols").asLong() + " 次")
                    .contains("检查点位 25 次")
                    .contains("本期发现问题 " + month.path("problemsFound").asLong() + " 处，已整改 "
                            + month.path("problemsClosed").asLong() + " 处。")
                    .contains("测试社区 (" + t.p + "-L)划分为 1 个大网格，2 个小网格。")
                    .contains("蟑螂 未评估");
            String header = doc.getHeaderList().get(0).getText();
            assertThat(header).contains("街道办事处").contains(t.from()).contains(t.to());
            assertThat(doc.getTables()).hasSize(2);
            org.apache.poi.xwpf.usermodel.XWPFTable communities = doc.getTables().get(0);
            assertThat(communities.getRow(1).getCell(0).getText()).contains(t.p + "-L");
            assertThat(communities.getRow(1).getCell(3).getText()).isEqualTo("25");
            String densityTable = doc.getTables().get(1).getText();
            assertThat(densityTable).contains("鼠迹路径指数").contains("管理指标");
            assertThat(doc.getAllPictures()).hasSize(2);
            for (org.apache.poi.xwpf.usermodel.XWPFPictureData pic : doc.getAllPictures()) {
                assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(pic.getData())).getWidth()).isEqualTo(900);
            }
            org.apache.poi.xwpf.usermodel.XWPFRun title = doc.getParagraphs().get(0).getRuns().get(0);
            assertThat(title.getFontFamily(org.apache.poi.xwpf.usermodel.XWPFRun.FontCharRange.eastAsia)).isEqualTo("黑体");
            boolean fangsong = doc.getParagraphs().stream().flatMap(p -> p.getRuns().stream())
                    .anyMatch(x -> "仿宋".equals(x.getFontFamily(org.apache.poi.xwpf.usermodel.XWPFRun.FontCharRange.eastAsia))
                            && x.text().contains("现有毒饵站"));
            assertThat(fangsong).isTrue();
        }
        for (String picture : List.of("trend", "map")) {
            MvcResult png = mvc.perform(get("/api/summary/" + picture + ".png?from=" + t.from() + "&to=" + t.to() + grid))
                    .andExpect(status().isOk()).andReturn();
            assertThat(png.getResponse().getContentType()).isEqualTo("image/png");
            assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png.getResponse().getContentAsByteArray())))
                    .isNotNull();
        }
        String page = mvc.perform(get("/summary.html?from=" + t.from() + "&to=" + t.to() + grid)).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("<img src=\"api/summary/map.png?from=" + t.from()).contains("data-table=\"communities\"")
                .contains("现有毒饵站 <span class=\"figure\" data-key=\"baitStationsInPlace\">2</span> 个，其中本期新设 "
                        + "<span class=\"figure\" data-key=\"baitStationsInstalled\">2</span> 个。");
        assertThat(ok(get("/api/summary?from=" + t.to() + "&to=" + t.from()), 400).path("code").asString())
                .isEqualTo("inspection.period.order");
    }

    @Test
    void heatmapOfPositiveSitesFromInspections() throws Exception {
        Patch t = patch();
        densityRecords(t);
        String window = "&from=" + t.month.atStartOfDay(java.time.ZoneOffset.ofHours(8)).toInstant()
                + "&to=" + t.month.plusMonths(1).atStartOfDay(java.time.ZoneOffset.ofHours(8)).toInstant();
        JsonNode hot = getJson("/api/heatmap/hotspots?source=inspections&radius=60&limit=1" + window);
        // the bin at (100, 20) holds 2 positives, the bait station at (50, 50) 2, burrow (30, 30) and container (150, 150) 1:
        // the densest place lies among the western ones, inside S1
        assertThat(hot.get(0).path("gridCode").asString()).isEqualTo(t.p + "-S1");
        JsonNode wells = getJson("/api/heatmap/hotspots?source=inspections&type=sewer_well&radius=60&limit=1" + window);
        assertThat(wells.get(0).path("gridCode").asString()).isEqualTo(t.p + "-S2");
        assertThat(wells.get(0).path("lon").doubleValue()).isCloseTo(t.x(300), within(0.0005));
        JsonNode legend = getJson("/api/heatmap/legend?source=inspections&radius=60" + window);
        assertThat(legend.path("tileUrl").asString()).contains("source=inspections");
        mvc.perform(get("/api/heatmap/15/26700/14300.png?source=inspections&radius=60")).andExpect(status().isOk());
        assertThat(ok(get("/api/heatmap/legend?source=rumours"), 400).path("code").asString())
                .isEqualTo("heatmap.source.unknown");
    }

    @Test
    void refusalsOfListsPhotosBatchesThresholdsAndSummaryChangeNothing() throws Exception {
        Patch t = patch();
        long inspections = count("inspection");
        assertThat(ok(get("/api/inspections?size=0"), 400).path("code").asString()).isEqualTo("request.paging.page");
        assertThat(ok(get("/api/inspections?page=-1"), 400).path("code").asString()).isEqualTo("request.paging.page");
        assertThat(postJson("/api/inspections", "{\"inspections\":[]}", 400).path("code").asString())
                .isEqualTo("inspection.batch.empty");
        assertThat(postJson("/api/inspections", "{\"inspections\":{}}", 400).path("code").asString())
                .isEqualTo("inspection.batch.notArray");
        assertThat(postJson("/api/inspections", "[1,2]", 400).path("code").asString()).isEqualTo("request.body.object");
        assertThat(postJson("/api/inspections", inspection(id(), t.features.get("bin"), null, "null", t.at(14, 9, 0), "{}",
                null).replace("\"inspector\":\"张三\"", "\"inspector\":\" \""), 400).path("code").asString())
                .isEqualTo("inspection.inspector.required");
        long id = postJson("/api/inspections", inspection(id(), t.features.get("bin"), null, "null", t.at(14, 9, 0), "{}", null),
                201).at("/inspections/0/id").asLong();
        JsonNode none = ok(get("/api/inspections/" + id + "/photo").header("Accept-Language", "en"), 404);
        assertThat(none.path("code").asString()).isEqualTo("inspection.photo.none");
        assertThat(none.path("detail").asString()).isEqualTo("inspection " + id + " has no photo");
        assertThat(ok(put("/api/density/thresholds").contentType(MediaType.APPLICATION_JSON)
                .content("{\"thresholds\":[{\"indicator\":\"rodent_path_index\",\"direction\":\"up\"}]}"), 400)
                .path("code").asString()).isEqualTo("density.thresholds.direction");
        assertThat(ok(put("/api/density/thresholds").contentType(MediaType.APPLICATION_JSON)
                .content("{\"thresholds\":[{\"indicator\":\"rodent_path_index\",\"a\":\"one\"}]}"), 400)
                .path("code").asString()).isEqualTo("density.thresholds.number");
        assertThat(ok(put("/api/density/thresholds").contentType(MediaType.APPLICATION_JSON).content("{\"thresholds\":5}"), 400)
                .path("code").asString()).isEqualTo("density.thresholds.body");
        assertThat(getJson("/api/density/thresholds").at("/thresholds/0/a").doubleValue()).isEqualTo(1);
        assertThat(ok(get("/api/summary?from=" + t.to() + "&to=" + t.from()), 400).path("code").asString())
                .isEqualTo("inspection.period.order");
        assertThat(ok(get("/api/density?level=small&from=2000-01-01&to=2025-01-01"), 400).path("code").asString())
                .isEqualTo("inspection.period.tooLong");
        assertThat(ok(get("/api/density?format=kml"), 400).path("code").asString()).isEqualTo("density.format.invalid");
        assertThat(count("inspection")).isEqualTo(inspections + 1);
    }
}
