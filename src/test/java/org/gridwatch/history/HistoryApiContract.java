package org.gridwatch.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.support.Shapes.gridFeature;
import static org.gridwatch.support.Shapes.lat;
import static org.gridwatch.support.Shapes.lon;
import static org.gridwatch.support.Shapes.pointFeature;
import static org.gridwatch.support.Shapes.rectangle;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The change history and restores over the API, run against each store (H2GIS and PostGIS subclasses,
 * whose contexts set {@code gridwatch.history.bulk-detail-limit=5}). Each test works in its own patch of
 * ground so tests sharing one database never collide.
 */
abstract class HistoryApiContract {

    static final int BULK_DETAIL_LIMIT = 5;
    private static final AtomicInteger PATCH = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    record Patch(double lon, double lat, String prefix) {
    }

    Patch patch() {
        int n = PATCH.incrementAndGet();
        return new Patch(60.0 + (n % 50) * 0.1, -20.0 + (n / 50) * 0.1, "H" + n);
    }

    long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    static JsonNode json(MvcResult r) throws Exception {
        return JSON.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    ResultActions send(org.springframework.test.web.servlet.RequestBuilder request) throws Exception {
        return mvc.perform(request);
    }

    String largeGrid(Patch p, String suffix, double x0, double x1) throws Exception {
        String code = p.prefix() + suffix;
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                        .content(gridFeature(rectangle(p.lon(), p.lat(), x0, 0, x1, 1000), code, "大网格", "large", null)))
                .andExpect(status().isCreated());
        return code;
    }

    JsonNode history(String entity, String id) throws Exception {
        return json(mvc.perform(get("/api/history").param("entity", entity).param("id", id))
                .andExpect(status().isOk()).andReturn());
    }

    long newestEntry(String entity, String id) throws Exception {
        return history(entity, id).at("/entries/0/id").longValue();
    }

    static String withVersion(String feature, long version) {
        return feature.substring(0, feature.length() - 2) + ",\"version\":" + version + "}}";
    }

    @Test
    void gridCreateUpdateDeleteAreListedNewestFirstWithWhoAndGeometryBeforeAndAfter() throws Exception {
        Patch p = patch();
        String code = largeGrid(p, "-L", 0, 1000);
        String moved = gridFeature(rectangle(p.lon(), p.lat(), 0, 0, 800, 1000), code, "改名", "large", null);
        mvc.perform(put("/api/grids/" + code).contentType(MediaType.APPLICATION_JSON).content(withVersion(moved, 0))
                        .with(r -> {
                            r.setRemoteUser("wang.fang");
                            return r;
                        }))
                .andExpect(status().isOk());
        mvc.perform(delete("/api/grids/" + code)).andExpect(status().isNoContent());

        JsonNode h = history("grid", code);
        assertThat(h.get("numberMatched").longValue()).isEqualTo(3);
        JsonNode entries = h.get("entries");
        assertThat(entries.get(0).get("action").asString()).isEqualTo("delete");
        assertThat(entries.get(1).get("action").asString()).isEqualTo("update");
        assertThat(entries.get(2).get("action").asString()).isEqualTo("create");
        assertThat(entries.get(0).get("id").longValue()).isGreaterThan(entries.get(1).get("id").longValue());
        assertThat(entries.get(1).get("actor").asString()).isEqualTo("wang.fang");
        assertThat(entries.get(2).get("actor").asString()).isEqualTo("system");
        JsonNode update = entries.get(1);
        assertThat(update.at("/before/properties/name").asString()).isEqualTo("大网格");
        assertThat(update.at("/after/properties/name").asString()).isEqualTo("改名");
        assertThat(update.at("/before/properties/version").longValue()).isEqualTo(0);
        assertThat(update.at("/after/properties/version").longValue()).isEqualTo(1);
        // The east edge moved from 1000 m to 800 m.
        double eastBefore = update.at("/before/geometry/coordinates/0/1/0").doubleValue();
        double eastAfter = update.at("/after/geometry/coordinates/0/1/0").doubleValue();
        assertThat(eastBefore).isCloseTo(lon(p.lon(), p.lat(), 1000), org.assertj.core.api.Assertions.within(1e-6));
        assertThat(eastAfter).isCloseTo(lon(p.lon(), p.lat(), 800), org.assertj.core.api.Assertions.within(1e-6));
        assertThat(entries.get(0).at("/before/properties/name").asString()).isEqualTo("改名");
        assertThat(entries.get(0).get("after").isNull()).isTrue();
        assertThat(entries.get(2).get("before").isNull()).isTrue();
    }

    @Test
    void deletedGridIsRestoredUnderItsOldIdAndAStaleEditIsStillRefused() throws Exception {
        Patch p = patch();
        String code = largeGrid(p, "-L", 0, 1000);
        long dbId = jdbc.queryForObject("SELECT id FROM grid WHERE code = ?", Long.class, code);
        String geometryBefore = jdbc.queryForObject("SELECT ST_AsText(geom) FROM grid WHERE code = ?", String.class, code);
        mvc.perform(delete("/api/grids/" + code)).andExpect(status().isNoContent());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM grid WHERE code = ?", Long.class, code)).isZero();

        long entry = newestEntry("grid", code);
        mvc.perform(post("/api/history/" + entry + "/restore")).andExpect(status().isOk())
                .andExpect(jsonPath("$.entity").value("grid")).andExpect(jsonPath("$.id").value(code));
        assertThat(jdbc.queryForObject("SELECT id FROM grid WHERE code = ?", Long.class, code)).isEqualTo(dbId);
        assertThat(jdbc.queryForObject("SELECT ST_AsText(geom) FROM grid WHERE code = ?", String.class, code))
                .isEqualTo(geometryBefore);
        mvc.perform(get("/api/grids/" + code)).andExpect(status().isOk())
                .andExpect(jsonPath("$.properties.name").value("大网格"))
                .andExpect(jsonPath("$.properties.version").value(1));
        // An edit made against the version before the delete is stale.
        String edit = gridFeature(rectangle(p.lon(), p.lat(), 0, 0, 900, 1000), code, "旧版本", "large", null);
        mvc.perform(put("/api/grids/" + code).contentType(MediaType.APPLICATION_JSON).content(withVersion(edit, 0)))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("version.stale"));
        JsonNode restore = history("grid", code).at("/entries/0");
        assertThat(restore.get("action").asString()).isEqualTo("restore");
        assertThat(restore.get("before").isNull()).isTrue();
        assertThat(restore.at("/after/properties/id").longValue()).isEqualTo(dbId);
    }

    @Test
    void overwrittenFeatureIsRestoredToItsEarlierPropertiesAndPlace() throws Exception {
        Patch p = patch();
        MvcResult created = mvc.perform(post("/api/features").contentType(MediaType.APPLICATION_JSON)
                .content(pointFeature("trash_bin", p.lon(), p.lat(), "原名"))).andExpect(status().isCreated()).andReturn();
        long id = json(created).get("id").longValue();
        String edited = pointFeature("sewer_well", p.lon() + 0.001, p.lat(), "新名");
        mvc.perform(put("/api/features/" + id).contentType(MediaType.APPLICATION_JSON).content(withVersion(edited, 0)))
                .andExpect(status().isOk());
        long updateEntry = newestEntry("feature", String.valueOf(id));

        mvc.perform(post("/api/history/" + updateEntry + "/restore")).andExpect(status().isOk());
        mvc.perform(get("/api/features/" + id)).andExpect(status().isOk())
                .andExpect(jsonPath("$.properties.name").value("原名"))
                .andExpect(jsonPath("$.properties.type").value("trash_bin"))
                .andExpect(jsonPath("$.properties.attributes.lidded").value(true))
                .andExpect(jsonPath("$.properties.version").value(2))
                .andExpect(jsonPath("$.geometry.coordinates[0]").value(p.lon()));
        JsonNode restore = history("feature", String.valueOf(id)).at("/entries/0");
        assertThat(restore.get("action").asString()).isEqualTo("restore");
        assertThat(restore.at("/before/properties/name").asString()).isEqualTo("新名");
        assertThat(restore.at("/after/properties/name").asString()).isEqualTo("原名");
    }

    @Test
    void deletedFeatureComesBackUnderItsIdAndIsFoundByViewportQueriesAgain() throws Exception {
        Patch p = patch();
        long id = json(mvc.perform(post("/api/features").contentType(MediaType.APPLICATION_JSON)
                .content(pointFeature("rat_bait_station", p.lon(), p.lat(), "毒饵站一"))).andReturn()).get("id").longValue();
        String bbox = (p.lon() - 0.001) + "," + (p.lat() - 0.001) + "," + (p.lon() + 0.001) + "," + (p.lat() + 0.001);
        mvc.perform(delete("/api/features/" + id)).andExpect(status().isNoContent());
        // The row is gone from the live table (moved to the history), so every query simply misses it.
        mvc.perform(get("/api/features").param("bbox", bbox)).andExpect(jsonPath("$.numberMatched").value(0));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM change_history WHERE entity = 'feature' AND entity_id = ? "
                + "AND action = 'delete' AND before_props IS NOT NULL", Long.class, String.valueOf(id))).isEqualTo(1);

        mvc.perform(post("/api/history/" + newestEntry("feature", String.valueOf(id)) + "/restore"))
                .andExpect(status().isOk());
        mvc.perform(get("/api/features").param("bbox", bbox)).andExpect(jsonPath("$.numberMatched").value(1))
                .andExpect(jsonPath("$.features[0].id").value(id))
                .andExpect(jsonPath("$.features[0].properties.name").value("毒饵站一"));
        // New features still get fresh ids after a restore with an explicit one.
        long next = json(mvc.perform(post("/api/features").contentType(MediaType.APPLICATION_JSON)
                .content(pointFeature("trash_bin", p.lon(), p.lat(), "下一个"))).andExpect(status().isCreated())
                .andReturn()).get("id").longValue();
        assertThat(next).isGreaterThan(id);
    }

    @Test
    void smallBulkGetsOneEntryPerFeatureALargeOneASingleBatchEntry() throws Exception {
        Patch p = patch();
        StringBuilder small = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i < BULK_DETAIL_LIMIT; i++) {
            if (i > 0) small.append(',');
            small.append(pointFeature("trash_bin", p.lon() + i * 1e-4, p.lat(), "小批" + i));
        }
        small.append("]}");
        long before = count("change_history");
        mvc.perform(post("/api/features/bulk").contentType(MediaType.APPLICATION_JSON).content(small.toString()))
                .andExpect(status().isCreated());
        assertThat(count("change_history")).isEqualTo(before + BULK_DETAIL_LIMIT);
        long id = jdbc.queryForObject("SELECT id FROM feature WHERE name = ?", Long.class, "小批3");
        JsonNode entry = history("feature", String.valueOf(id)).at("/entries/0");
        assertThat(entry.get("action").asString()).isEqualTo("create");
        assertThat(entry.at("/after/properties/name").asString()).isEqualTo("小批3");

        StringBuilder large = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i <= BULK_DETAIL_LIMIT; i++) {
            if (i > 0) large.append(',');
            large.append(pointFeature("trash_bin", p.lon() + i * 1e-4, p.lat() + 0.001, "大批" + i));
        }
        large.append("]}");
        mvc.perform(post("/api/features/bulk").contentType(MediaType.APPLICATION_JSON).content(large.toString()))
                .andExpect(status().isCreated());
        assertThat(count("change_history")).isEqualTo(before + BULK_DETAIL_LIMIT + 1);
        JsonNode batch = json(mvc.perform(get("/api/history").param("entity", "feature").param("limit", "1"))
                .andReturn()).at("/entries/0");
        assertThat(batch.get("entityId").isNull()).isTrue();
        assertThat(batch.get("batchCount").intValue()).isEqualTo(BULK_DETAIL_LIMIT + 1);
        long minId = jdbc.queryForObject("SELECT MIN(id) FROM feature WHERE name LIKE '大批%'", Long.class);
        long maxId = jdbc.queryForObject("SELECT MAX(id) FROM feature WHERE name LIKE '大批%'", Long.class);
        assertThat(batch.at("/after/properties/minId").longValue()).isEqualTo(minId);
        assertThat(batch.at("/after/properties/maxId").longValue()).isEqualTo(maxId);
        // A bulk entry has no earlier state: restoring it is refused.
        mvc.perform(post("/api/history/" + batch.get("id").longValue() + "/restore"))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("history.restore.nothingBefore"));
    }

    @Test
    void cascadeDeleteRecordsEachGridAndRestoringASmallGridBeforeItsLargeGridIsRefused() throws Exception {
        Patch p = patch();
        String large = largeGrid(p, "-L", 0, 1000);
        String small = p.prefix() + "-S";
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                        .content(gridFeature(rectangle(p.lon(), p.lat(), 100, 100, 300, 300), small, "小网格", "small", large)))
                .andExpect(status().isCreated());
        mvc.perform(delete("/api/grids/" + large).param("cascade", "true")).andExpect(status().isNoContent());
        long smallEntry = newestEntry("grid", small);
        long largeEntry = newestEntry("grid", large);
        long historyBefore = count("change_history");

        mvc.perform(post("/api/history/" + smallEntry + "/restore").header("Accept-Language", "en"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("grid.parent.notFound"))
                .andExpect(jsonPath("$.detail").value(containsString(large)));
        assertThat(count("change_history")).isEqualTo(historyBefore);
        assertThat(count("grid WHERE code = '" + small + "'")).isZero();

        mvc.perform(post("/api/history/" + largeEntry + "/restore")).andExpect(status().isOk());
        mvc.perform(post("/api/history/" + smallEntry + "/restore")).andExpect(status().isOk());
        mvc.perform(get("/api/grids/" + small)).andExpect(status().isOk())
                .andExpect(jsonPath("$.properties.parentCode").value(large));
    }

    @Test
    void restoringAGridIntoGroundAnotherGridTookIsRefusedByTheGridRules() throws Exception {
        Patch p = patch();
        String code = largeGrid(p, "-L", 0, 1000);
        mvc.perform(delete("/api/grids/" + code)).andExpect(status().isNoContent());
        long entry = newestEntry("grid", code);
        String other = largeGrid(p, "-M", 500, 1500);
        long historyBefore = count("change_history");

        mvc.perform(post("/api/history/" + entry + "/restore"))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("grid.overlap"))
                .andExpect(jsonPath("$.conflictingGrid").value(other))
                .andExpect(jsonPath("$.detail").value(containsString("重叠")));
        assertThat(count("grid WHERE code = '" + code + "'")).isZero();
        assertThat(count("change_history")).isEqualTo(historyBefore);
    }

    @Test
    void restoringAGridWhoseCodeAnotherGridNowHoldsIsRefused() throws Exception {
        Patch p = patch();
        String code = largeGrid(p, "-L", 0, 1000);
        mvc.perform(delete("/api/grids/" + code)).andExpect(status().isNoContent());
        long entry = newestEntry("grid", code);
        // A new grid, elsewhere, with the same code.
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                        .content(gridFeature(rectangle(p.lon(), p.lat(), 3000, 0, 4000, 1000), code, "新", "large", null)))
                .andExpect(status().isCreated());

        mvc.perform(post("/api/history/" + entry + "/restore"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("history.restore.keyTaken"))
                .andExpect(jsonPath("$.detail").value(containsString("另一个网格")));
        mvc.perform(get("/api/grids/" + code)).andExpect(jsonPath("$.properties.name").value("新"));
    }

    @Test
    void refusedChangesLeaveNoHistoryAndBadRequestsAreExplained() throws Exception {
        Patch p = patch();
        String code = largeGrid(p, "-L", 0, 1000);
        long before = count("change_history");
        // Overlapping grid: refused, no entry.
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                        .content(gridFeature(rectangle(p.lon(), p.lat(), 500, 0, 1500, 1000), p.prefix() + "-X", "重叠", "large", null)))
                .andExpect(status().isConflict());
        // Stale version: refused, no entry.
        String edit = gridFeature(rectangle(p.lon(), p.lat(), 0, 0, 900, 1000), code, "x", "large", null);
        mvc.perform(put("/api/grids/" + code).contentType(MediaType.APPLICATION_JSON).content(withVersion(edit, 7)))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("version.stale"));
        assertThat(count("change_history")).isEqualTo(before);

        long createEntry = newestEntry("grid", code);
        mvc.perform(post("/api/history/" + createEntry + "/restore").header("Accept-Language", "en"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("history.restore.nothingBefore"))
                .andExpect(jsonPath("$.detail").value(containsString("no earlier state")));
        mvc.perform(post("/api/history/987654321/restore"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("987654321")));
        mvc.perform(post("/api/history/abc/restore")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("request.parameter"));
        mvc.perform(get("/api/history").param("entity", "Grid; DROP TABLE grid")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("history.entity.invalid"));
        mvc.perform(get("/api/history").param("id", "1")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("history.id.needsEntity"));
        mvc.perform(get("/api/history").param("limit", "0")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("request.paging"));
        mvc.perform(get("/api/history").param("offset", "-1")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("request.paging"));
        assertThat(count("change_history")).isEqualTo(before);
        assertThat(count("grid")).isGreaterThan(0);
    }

    @Test
    void historyIsPagedNewestFirst() throws Exception {
        Patch p = patch();
        long id = json(mvc.perform(post("/api/features").contentType(MediaType.APPLICATION_JSON)
                .content(pointFeature("trash_bin", p.lon(), p.lat(), "v0"))).andReturn()).get("id").longValue();
        for (int v = 0; v < 4; v++) {
            mvc.perform(put("/api/features/" + id).contentType(MediaType.APPLICATION_JSON)
                            .content(withVersion(pointFeature("trash_bin", p.lon(), p.lat(), "v" + (v + 1)), v)))
                    .andExpect(status().isOk());
        }
        JsonNode page = json(mvc.perform(get("/api/history").param("entity", "feature").param("id", String.valueOf(id))
                .param("limit", "2").param("offset", "1")).andExpect(status().isOk()).andReturn());
        assertThat(page.get("numberMatched").longValue()).isEqualTo(5);
        assertThat(page.get("numberReturned").intValue()).isEqualTo(2);
        assertThat(page.at("/entries/0/after/properties/name").asString()).isEqualTo("v3");
        assertThat(page.at("/entries/1/after/properties/name").asString()).isEqualTo("v2");
    }
}
