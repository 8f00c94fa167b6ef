package org.gridwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.gridwatch.support.Shapes.gridFeature;
import static org.gridwatch.support.Shapes.lat;
import static org.gridwatch.support.Shapes.lon;
import static org.gridwatch.support.Shapes.pointFeature;
import static org.gridwatch.support.Shapes.rectangle;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The foundation's rules over the API, run against each store (H2GIS and PostGIS subclasses).
 * Every test works in its own patch of ground (far from the sample district) so tests sharing
 * one database never collide.
 */
abstract class StoreContractTest {

    private static final AtomicInteger PATCH = new AtomicInteger();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    /** A base point of a fresh 5 km patch of ground, and a code prefix unique to the test. */
    record Patch(double lon, double lat, String prefix) {
    }

    Patch patch() {
        int n = PATCH.incrementAndGet();
        return new Patch(100.0 + (n % 50) * 0.1, 10.0 + (n / 50) * 0.1, "T" + n + getClass().getSimpleName().charAt(0));
    }

    long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    JsonNode json(MvcResult r) throws Exception {
        return JSON.readTree(r.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
    }

    MvcResult postGrid(String body) throws Exception {
        return mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
    }

    /** A 1000 m × 1000 m large grid with the patch's base point at its south-west corner. */
    String largeGrid(Patch p) throws Exception {
        String code = p.prefix() + "-L";
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                        .content(gridFeature(rectangle(p.lon(), p.lat(), 0, 0, 1000, 1000), code, "大网格", "large", null)))
                .andExpect(status().isCreated());
        return code;
    }

    @Test
    void createdGridCarriesItsAreaInSquareMetresAndCanBeReadBack() throws Exception {
        Patch p = patch();
        String code = largeGrid(p);
        MvcResult r = mvc.perform(get("/api/grids/" + code)).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("application/geo+json"))
                .andExpect(jsonPath("$.properties.level").value("large"))
                .andExpect(jsonPath("$.properties.name").value("大网格"))
                .andExpect(jsonPath("$.properties.version").value(0))
                .andReturn();
        assertThat(json(r).at("/properties/areaM2").doubleValue()).isCloseTo(1_000_000, within(5_000.0));
    }

    @Test
    void selfIntersectingPolygonIsRefusedWithItsLocationAndNothingIsStored() throws Exception {
        Patch p = patch();
        long before = count("grid");
        String bowtie = "{\"type\":\"Polygon\",\"coordinates\":[[[" + p.lon() + "," + p.lat() + "],[" + (p.lon() + 0.01)
                + "," + (p.lat() + 0.01) + "],[" + (p.lon() + 0.01) + "," + p.lat() + "],[" + p.lon() + ","
                + (p.lat() + 0.01) + "],[" + p.lon() + "," + p.lat() + "]]]}";
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                        .content(gridFeature(bowtie, p.prefix() + "-X", "坏网格", "large", null)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("geometry.selfIntersection"))
                .andExpect(jsonPath("$.detail").value(containsString("自相交")))
                .andExpect(jsonPath("$.detail").value(containsString(String.valueOf(p.lon() + 0.005).substring(0, 6))))
                .andExpect(jsonPath("$.location", hasSize(2)));
        assertThat(count("grid")).isEqualTo(before);
    }

    @Test
    void overLongValuesAre400NamingTheFieldNot500() throws Exception {
        Patch p = patch();
        long grids = count("grid");
        String longPhone = gridFeature(rectangle(p.lon(), p.lat(), 0, 0, 500, 500), p.prefix() + "-P", "电话过长", "large", null)
                .replace("13800000000", "1".repeat(38));
        MvcResult phone = mvc.perform(post("/api/grids").header("Accept-Language", "en").contentType(MediaType.APPLICATION_JSON)
                .content(longPhone)).andReturn();
        assertThat(phone.getResponse().getStatus()).as(phone.getResponse().getContentAsString()).isEqualTo(400);
        JsonNode problem = json(phone);
        assertThat(problem.path("code").asString()).isEqualTo("request.text.tooLong");
        assertThat(problem.path("field").asString()).isEqualTo("phone");
        assertThat(problem.path("detail").asString()).isEqualTo("phone may have at most 32 characters; this one has 38");
        assertThat(count("grid")).isEqualTo(grids);

        MvcResult symbol = mvc.perform(post("/api/feature-types").contentType(MediaType.APPLICATION_JSON)
                .content("{\"key\":\"" + p.prefix().toLowerCase() + "_sym\",\"labelZh\":\"符号过长\",\"labelEn\":\"Long symbol\","
                        + "\"symbol\":\"" + "s".repeat(39) + "\",\"color\":\"#123456\",\"sortOrder\":50}")).andReturn();
        assertThat(symbol.getResponse().getStatus()).as(symbol.getResponse().getContentAsString()).isEqualTo(400);
        assertThat(json(symbol).path("field").asString()).as(symbol.getResponse().getContentAsString()).isEqualTo("symbol");
        assertThat(json(symbol).path("detail").asString()).contains("symbol").contains("32");
    }

    @Test
    void problemsSpeakEnglishOnRequest() throws Exception {
        Patch p = patch();
        String bowtie = "{\"type\":\"Polygon\",\"coordinates\":[[[" + p.lon() + "," + p.lat() + "],[" + (p.lon() + 0.01)
                + "," + (p.lat() + 0.01) + "],[" + (p.lon() + 0.01) + "," + p.lat() + "],[" + p.lon() + ","
                + (p.lat() + 0.01) + "],[" + p.lon() + "," + p.lat() + "]]]}";
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON).header("Accept-Language", "en")
                        .content(gridFeature(bowtie, p.prefix() + "-X", "bad", "large", null)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("Self-intersection at")));
    }

    @Test
    void ringWithTooFewPointsCoordinatesOutOfRangeAndNaNAreRefused() throws Exception {
        Patch p = patch();
        long before = count("grid");
        String shortRing = "{\"type\":\"Polygon\",\"coordinates\":[[[" + p.lon() + "," + p.lat() + "],[" + (p.lon() + 0.01)
                + "," + p.lat() + "],[" + p.lon() + "," + p.lat() + "]]]}";
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                        .content(gridFeature(shortRing, p.prefix() + "-A", "x", "large", null)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("geometry.ring.tooFewPoints"));
        String outOfRange = "{\"type\":\"Polygon\",\"coordinates\":[[[179.9,10],[181,10],[181,11],[179.9,11],[179.9,10]]]}";
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                        .content(gridFeature(outOfRange, p.prefix() + "-B", "x", "large", null)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("geometry.coordinate.range"))
                .andExpect(jsonPath("$.detail").value(containsString("181")));
        String nan = "{\"type\":\"Polygon\",\"coordinates\":[[[100,10],[NaN,10],[100.01,10.01],[100,10]]]}";
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                        .content(gridFeature(nan, p.prefix() + "-C", "x", "large", null)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("geometry.coordinate.nan"));
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON).content("{not json"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("geojson.syntax"));
        assertThat(count("grid")).isEqualTo(before);
    }

    @Test
    void smallGridOutsideItsLargeGridIsRefusedWithTheAreaOutside() throws Exception {
        Patch p = patch();
        String large = largeGrid(p);
        long before = count("grid");
        // 100 m x 100 m, of which 100 m x 20 m lie east of the large grid.
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                        .content(gridFeature(rectangle(p.lon(), p.lat(), 920, 100, 1020, 200), p.prefix() + "-S1", "小网格",
                                "small", large)))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("grid.outsideParent"))
                .andExpect(jsonPath("$.conflictingGrid").value(large))
                .andExpect(result -> assertThat(json(result).get("outsideAreaM2").doubleValue())
                        .isCloseTo(2000, within(40.0)));
        // Sticking out by 0.2 m is within the 0.5 m tolerance.
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                        .content(gridFeature(rectangle(p.lon(), p.lat(), 900.2, 100, 1000.2, 200), p.prefix() + "-S2",
                                "小网格", "small", large)))
                .andExpect(status().isCreated());
        assertThat(count("grid")).isEqualTo(before + 1);
    }

    @Test
    void overlappingSmallGridsAreRefusedNamingTheOtherGridAndTheOverlapArea() throws Exception {
        Patch p = patch();
        String large = largeGrid(p);
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                        .content(gridFeature(rectangle(p.lon(), p.lat(), 0, 0, 100, 100), p.prefix() + "-S1", "一", "small", large)))
                .andExpect(status().isCreated());
        // Shares its west edge exactly: allowed.
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                        .content(gridFeature(rectangle(p.lon(), p.lat(), 100, 0, 200, 100), p.prefix() + "-S2", "二", "small", large)))
                .andExpect(status().isCreated());
        long before = count("grid");
        // Overlaps S2 by 30 m x 100 m.
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                        .content(gridFeature(rectangle(p.lon(), p.lat(), 170, 0, 300, 100), p.prefix() + "-S3", "三", "small", large)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("grid.overlap"))
                .andExpect(jsonPath("$.conflictingGrid").value(p.prefix() + "-S2"))
                .andExpect(result -> assertThat(json(result).get("overlapAreaM2").doubleValue())
                        .isCloseTo(3000, within(60.0)));
        assertThat(count("grid")).isEqualTo(before);
    }

    @Test
    void overlappingLargeGridsAreRefused() throws Exception {
        Patch p = patch();
        largeGrid(p);
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                        .content(gridFeature(rectangle(p.lon(), p.lat(), 500, 500, 1500, 1500), p.prefix() + "-L2", "大二",
                                "large", null)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.conflictingGrid").value(p.prefix() + "-L"))
                .andExpect(result -> assertThat(json(result).get("overlapAreaM2").doubleValue())
                        .isCloseTo(250_000, within(2_500.0)));
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                        .content(gridFeature(rectangle(p.lon(), p.lat(), 0, 0, 10, 10), p.prefix() + "-L", "重复", "large", null)))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("grid.code.taken"));
    }

    @Test
    void smallGridNeedsAnExistingLargeParent() throws Exception {
        Patch p = patch();
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                        .content(gridFeature(rectangle(p.lon(), p.lat(), 0, 0, 10, 10), p.prefix() + "-S", "孤儿", "small", null)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("grid.parent.required"));
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                        .content(gridFeature(rectangle(p.lon(), p.lat(), 0, 0, 10, 10), p.prefix() + "-S", "孤儿", "small", "NOPE-1")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("grid.parent.notFound"));
    }

    @Test
    void deletingALargeGridWithSmallGridsNeedsTheCascade() throws Exception {
        Patch p = patch();
        String large = largeGrid(p);
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                        .content(gridFeature(rectangle(p.lon(), p.lat(), 0, 0, 100, 100), p.prefix() + "-S1", "一", "small", large)))
                .andExpect(status().isCreated());
        mvc.perform(delete("/api/grids/" + large)).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("grid.delete.hasChildren"))
                .andExpect(jsonPath("$.smallGridCount").value(1));
        mvc.perform(get("/api/grids/" + p.prefix() + "-S1")).andExpect(status().isOk());
        mvc.perform(delete("/api/grids/" + large).param("cascade", "true")).andExpect(status().isNoContent());
        mvc.perform(get("/api/grids/" + p.prefix() + "-S1")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("grid.notFound"));
        mvc.perform(get("/api/grids/" + large)).andExpect(status().isNotFound());
    }

    @Test
    void staleVersionIsRefusedAndCurrentVersionIsAccepted() throws Exception {
        Patch p = patch();
        String large = largeGrid(p);
        String edit = gridFeature(rectangle(p.lon(), p.lat(), 0, 0, 1000, 900), large, "改名", "large", null)
                .replace("\"phone\"", "\"version\":0,\"phone\"");
        mvc.perform(put("/api/grids/" + large).contentType(MediaType.APPLICATION_JSON).content(edit))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.properties.version").value(1))
                .andExpect(jsonPath("$.properties.name").value("改名"));
        // A second editor still holding version 0 must not overwrite the first.
        mvc.perform(put("/api/grids/" + large).contentType(MediaType.APPLICATION_JSON)
                        .content(edit.replace("改名", "覆盖")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("version.stale"))
                .andExpect(jsonPath("$.currentVersion").value(1));
        mvc.perform(get("/api/grids/" + large)).andExpect(jsonPath("$.properties.name").value("改名"));
    }

    @Test
    void featureGetsTheCodeOfItsSmallGridAndFollowsGridEdits() throws Exception {
        Patch p = patch();
        String large = largeGrid(p);
        String small = p.prefix() + "-S1";
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                        .content(gridFeature(rectangle(p.lon(), p.lat(), 0, 0, 100, 100), small, "一", "small", large)))
                .andExpect(status().isCreated());
        MvcResult created = mvc.perform(post("/api/features").contentType(MediaType.APPLICATION_JSON)
                        .content(pointFeature("trash_bin", lon(p.lon(), p.lat(), 150), lat(p.lat(), 50), "垃圾桶1号")))
                .andExpect(status().isCreated())
                .andExpect(header().exists("Location"))
                .andReturn();
        long id = json(created).get("id").longValue();
        assertThat(json(created).at("/properties/gridCode").isNull()).isTrue();
        assertThat(json(created).at("/properties/attributes/lidded").booleanValue()).isTrue();
        // Widening the small grid to take in the bin re-assigns the bin.
        String wider = gridFeature(rectangle(p.lon(), p.lat(), 0, 0, 200, 100), small, "一", "small", large)
                .replace("\"phone\"", "\"version\":0,\"phone\"");
        mvc.perform(put("/api/grids/" + small).contentType(MediaType.APPLICATION_JSON).content(wider))
                .andExpect(status().isOk());
        mvc.perform(get("/api/features/" + id)).andExpect(jsonPath("$.properties.gridCode").value(small));
        mvc.perform(delete("/api/grids/" + small)).andExpect(status().isNoContent());
        mvc.perform(get("/api/features/" + id)).andExpect(jsonPath("$.properties.gridCode").isEmpty());
    }

    @Test
    void unknownFeatureTypeIsRefusedListingTheKnownOnes() throws Exception {
        Patch p = patch();
        mvc.perform(post("/api/features").contentType(MediaType.APPLICATION_JSON)
                        .content(pointFeature("dragon_nest", p.lon(), p.lat(), "x")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("feature.type.unknown"))
                .andExpect(jsonPath("$.detail").value(containsString("rat_bait_station")));
    }

    @Test
    void bulkUploadIsAllOrNothingAndNamesTheBadRecord() throws Exception {
        Patch p = patch();
        long before = count("feature");
        StringBuilder body = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i < 10_000; i++) {
            if (i > 0) body.append(',');
            double lon = lon(p.lon(), p.lat(), (i % 100) * 5.0), lat = lat(p.lat(), (i / 100) * 5.0);
            body.append(i == 7_777 ? pointFeature("trash_bin", 200.0, lat, "越界") : pointFeature("trash_bin", lon, lat, "桶" + i));
        }
        body.append("]}");
        mvc.perform(post("/api/features/bulk").contentType(MediaType.APPLICATION_JSON).content(body.toString()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("feature.bulk.rejected"))
                .andExpect(jsonPath("$.invalidCount").value(1))
                .andExpect(jsonPath("$.errors[0].index").value(7777))
                .andExpect(jsonPath("$.errors[0].code").value("geometry.coordinate.range"));
        assertThat(count("feature")).isEqualTo(before);

        String good = body.toString().replace(pointFeature("trash_bin", 200.0, lat(p.lat(), 77 * 5.0), "越界"),
                pointFeature("trash_bin", lon(p.lon(), p.lat(), 77 * 5.0), lat(p.lat(), 77 * 5.0), "桶7777"));
        mvc.perform(post("/api/features/bulk").contentType(MediaType.APPLICATION_JSON).content(good))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.stored").value(10_000));
        assertThat(count("feature")).isEqualTo(before + 10_000);

        // A viewport over the south-west quarter (0..247 m east, 0..247 m north) holds 50 x 50 of them.
        String bbox = (p.lon() - 1e-6) + "," + (p.lat() - 1e-6) + "," + lon(p.lon(), p.lat(), 247) + "," + lat(p.lat(), 247);
        mvc.perform(get("/api/features").param("bbox", bbox).param("type", "trash_bin").param("limit", "1000"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.numberMatched").value(2500))
                .andExpect(jsonPath("$.features", hasSize(1000)));
    }

    /** The map asks for the type only: the same features, with the chosen properties and no others. */
    @Test
    void aViewportMayAskForSomePropertiesOnly() throws Exception {
        Patch p = patch();
        mvc.perform(post("/api/features").contentType(MediaType.APPLICATION_JSON)
                        .content(pointFeature("trash_bin", lon(p.lon(), p.lat(), 10), lat(p.lat(), 10), "属性桶")))
                .andExpect(status().isCreated());
        String bbox = (p.lon() - 1e-6) + "," + (p.lat() - 1e-6) + "," + lon(p.lon(), p.lat(), 20) + "," + lat(p.lat(), 20);
        JsonNode full = json(mvc.perform(get("/api/features").param("bbox", bbox)).andExpect(status().isOk()).andReturn());
        JsonNode lean = json(mvc.perform(get("/api/features").param("bbox", bbox).param("properties", "type,version"))
                .andExpect(status().isOk()).andReturn());
        assertThat(lean.path("features").size()).isEqualTo(1);
        JsonNode f = lean.path("features").get(0);
        assertThat(f.path("id").asLong()).isEqualTo(full.path("features").get(0).path("id").asLong());
        assertThat(f.path("geometry")).isEqualTo(full.path("features").get(0).path("geometry"));
        assertThat(f.path("properties").propertyNames()).containsExactly("type", "version");
        assertThat(f.path("properties").path("type").asString()).isEqualTo("trash_bin");
        assertThat(full.path("features").get(0).path("properties").path("name").asString()).isEqualTo("属性桶");
        assertThat(full.path("features").get(0).path("properties").propertyNames()).containsExactly("type", "name",
                "code", "address", "status", "gridCode", "attributes", "createdAt", "updatedAt", "version");

        mvc.perform(get("/api/features").param("bbox", bbox).param("properties", "type,colour"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("feature.properties.unknown"))
                .andExpect(jsonPath("$.detail").value(containsString("gridCode")));
    }

    @Test
    void badQueryParametersAreExplained() throws Exception {
        mvc.perform(get("/api/features").param("bbox", "1,2,3")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("bbox.format"));
        mvc.perform(get("/api/grids").param("level", "medium")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("grid.level.invalid"));
        mvc.perform(get("/api/features").param("limit", "0")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("request.paging"));
    }
}
