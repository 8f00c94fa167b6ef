package org.gridwatch.street;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;

import org.gridwatch.support.H2TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Streets have the life of grids and features: API edits with history, imports that neither double nor lose them. */
@SpringBootTest(properties = {"gridwatch.sample.enabled=false"})
@AutoConfigureMockMvc
class StreetLifeTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @BeforeEach
    void empty() {
        jdbc.update("DELETE FROM street");
    }

    static String line(String name, String oneway, double... lonLat) {
        StringBuilder c = new StringBuilder();
        for (int i = 0; i < lonLat.length; i += 2) c.append(i > 0 ? "," : "").append('[').append(lonLat[i]).append(',').append(lonLat[i + 1]).append(']');
        return "{\"type\":\"Feature\",\"properties\":{\"name\":\"" + name + "\",\"class\":\"residential\""
                + (oneway == null ? "" : ",\"oneway\":\"" + oneway + "\"") + "},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[" + c + "]}}";
    }

    private static JsonNode json(ResultActions r) throws Exception {
        return JSON.readTree(r.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    private long count() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM street", Long.class);
    }

    private ResultActions importFile(String geojson, String query) throws Exception {
        return importFile(geojson, query, null);
    }

    private ResultActions importFile(String geojson, String query, String language) throws Exception {
        var request = multipart("/api/import/streets" + query)
                .file(new MockMultipartFile("file", "streets.geojson", "application/geo+json", geojson.getBytes(StandardCharsets.UTF_8)));
        return mvc.perform(language == null ? request : request.header("Accept-Language", language));
    }

    /**
     * The district outline of the replace tests: a triangle whose long side runs from (120.98, 31.03) to
     * (121.03, 30.98), so that a place can lie within its bounding box and still outside it.
     */
    static final String TRIANGLE = "{\"type\":\"Feature\",\"properties\":{\"name\":\"三角街道\"},\"geometry\":{\"type\":\"Polygon\","
            + "\"coordinates\":[[[120.98,30.98],[121.03,30.98],[120.98,31.03],[120.98,30.98]]]}}";

    private void outline(String feature) throws Exception {
        jdbc.update("DELETE FROM district_outline");
        if (feature != null) {
            mvc.perform(put("/api/district-outline").contentType(MediaType.APPLICATION_JSON).content(feature))
                    .andExpect(status().isOk());
        }
    }

    /** The stored outline's versions (none or one). */
    private java.util.List<Long> outlineVersions() {
        return jdbc.queryForList("SELECT version FROM district_outline", Long.class);
    }

    /**
     * Stored before each replace within the outline: one street the file replaces, one it holds again,
     * one crossing the outline's edge and one in the outline's bounding box beyond its long side.
     */
    static final String AROUND_THE_TRIANGLE = "{\"type\":\"FeatureCollection\",\"features\":["
            + line("旧路", null, 121.0, 31.0, 121.001, 31.0) + ","
            + line("留下", null, 121.0, 31.0, 121.0, 31.001) + ","
            + line("跨界", null, 120.97, 31.0, 120.99, 31.0) + ","
            + line("框内区外", null, 121.02, 31.02, 121.021, 31.02) + "]}";
    static final String NEW_IN_THE_TRIANGLE = "{\"type\":\"FeatureCollection\",\"features\":["
            + line("新路", null, 121.0, 31.0, 121.0005, 31.0005) + ","
            + line("留下", null, 121.0, 31.0, 121.0, 31.001) + "]}";

    @Test
    void aStreetIsCreatedEditedDeletedAndRestoredWithItsHistory() throws Exception {
        JsonNode created = json(mvc.perform(post("/api/streets").contentType(MediaType.APPLICATION_JSON)
                .content(line("解放路", "yes", 121.0, 31.0, 121.001, 31.0))).andExpect(status().isCreated()));
        long id = created.get("id").asLong();
        assertThat(created.get("properties").get("oneway").asString()).isEqualTo("yes");
        assertThat(created.get("properties").get("version").asLong()).isZero();

        String edit = line("解放东路", "-1", 121.0, 31.0, 121.0012, 31.0).replace("\"class\"", "\"version\":0,\"class\"");
        JsonNode updated = json(mvc.perform(put("/api/streets/" + id).contentType(MediaType.APPLICATION_JSON).content(edit))
                .andExpect(status().isOk()));
        assertThat(updated.get("properties").get("name").asString()).isEqualTo("解放东路");
        assertThat(updated.get("properties").get("version").asLong()).isEqualTo(1);
        // The same edit again carries a stale version.
        mvc.perform(put("/api/streets/" + id).contentType(MediaType.APPLICATION_JSON).content(edit))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("version.stale"));
        mvc.perform(put("/api/streets/" + id).contentType(MediaType.APPLICATION_JSON)
                        .content(line("x", "sometimes", 121.0, 31.0, 121.001, 31.0).replace("\"class\"", "\"version\":1,\"class\"")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("street.oneway.invalid"));

        mvc.perform(delete("/api/streets/" + id)).andExpect(status().isNoContent());
        mvc.perform(get("/api/streets/" + id)).andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("street.notFound"));
        JsonNode history = json(mvc.perform(get("/api/history?entity=street&id=" + id)).andExpect(status().isOk()));
        JsonNode entries = history.has("entries") ? history.get("entries") : history.get("items");
        assertThat(entries).isNotNull();
        assertThat(entries.size()).isEqualTo(3);
        long deleteEntry = entries.get(0).get("id").asLong();
        mvc.perform(post("/api/history/" + deleteEntry + "/restore")).andExpect(status().is2xxSuccessful());
        JsonNode back = json(mvc.perform(get("/api/streets/" + id)).andExpect(status().isOk()));
        assertThat(back.get("properties").get("name").asString()).isEqualTo("解放东路");
        assertThat(back.get("properties").get("oneway").asString()).isEqualTo("-1");
    }

    @Test
    void importingTheSameStreetsAgainRecognisesThemInsteadOfDoublingThem() throws Exception {
        String file = "{\"type\":\"FeatureCollection\",\"features\":[" + line("A路", null, 121.0, 31.0, 121.001, 31.0) + ","
                + line("B路", "yes", 121.001, 31.0, 121.002, 31.0) + "]}";
        importFile(file, "").andExpect(status().isCreated()).andExpect(jsonPath("$.streets.created").value(2));
        assertThat(count()).isEqualTo(2);
        importFile(file, "").andExpect(status().isCreated())
                .andExpect(jsonPath("$.streets.created").value(0)).andExpect(jsonPath("$.streets.unchanged").value(2));
        assertThat(count()).isEqualTo(2);
        // Drawn the other way round, renamed: the same street, updated.
        String renamed = "{\"type\":\"FeatureCollection\",\"features\":[" + line("A大街", null, 121.001, 31.0, 121.0, 31.0) + "]}";
        importFile(renamed, "").andExpect(status().isCreated()).andExpect(jsonPath("$.streets.updated").value(1));
        assertThat(count()).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM street WHERE name = 'A大街'", Long.class)).isEqualTo(1);
    }

    @Test
    void eachPartOfAMultiPartLineIsAStreetWithTheRecordsAttributes() throws Exception {
        String file = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"name\":\"环城路\","
                + "\"highway\":\"secondary\",\"oneway\":\"yes\"},\"geometry\":{\"type\":\"MultiLineString\",\"coordinates\":["
                + "[[121.0,31.0],[121.001,31.0]],[[121.002,31.0],[121.003,31.0]],[[121.004,31.0],[121.005,31.001]]]}}]}";
        importFile(file, "").andExpect(status().isCreated()).andExpect(jsonPath("$.streets.created").value(3));
        assertThat(jdbc.queryForList("SELECT name || '/' || street_class || '/' || oneway FROM street", String.class))
                .containsExactly("环城路/secondary/yes", "环城路/secondary/yes", "环城路/secondary/yes");
    }

    @Test
    void replaceModeSwapsTheStreetsOfAnAreaAndKeepsTheOthers() throws Exception {
        String before = "{\"type\":\"FeatureCollection\",\"features\":[" + line("旧路", null, 121.0, 31.0, 121.001, 31.0) + ","
                + line("留下", null, 121.0, 31.0, 121.0, 31.001) + ","
                + line("区外", null, 122.0, 31.0, 122.001, 31.0) + "]}";
        importFile(before, "").andExpect(status().isCreated());
        long keptId = jdbc.queryForObject("SELECT id FROM street WHERE name = '留下'", Long.class);
        String after = "{\"type\":\"FeatureCollection\",\"features\":[" + line("新路", null, 121.0, 31.0, 121.0005, 31.0005) + ","
                + line("留下", null, 121.0, 31.0, 121.0, 31.001) + "]}";
        importFile(after, "?mode=replace&bbox=120.99,30.99,121.01,31.01").andExpect(status().isCreated())
                .andExpect(jsonPath("$.streets.created").value(1)).andExpect(jsonPath("$.streets.unchanged").value(1))
                .andExpect(jsonPath("$.streets.deleted").value(1));
        assertThat(jdbc.queryForList("SELECT name FROM street ORDER BY name", String.class)).containsExactlyInAnyOrder("新路", "留下", "区外");
        assertThat(jdbc.queryForObject("SELECT id FROM street WHERE name = '留下'", Long.class)).isEqualTo(keptId);
        // The deleted street is in the history, restorable.
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM change_history WHERE entity = 'street' AND action = 'delete'", Long.class))
                .isEqualTo(1);
    }

    @Test
    void badImportModesAreRefusedAndChangeNothing() throws Exception {
        String file = "{\"type\":\"FeatureCollection\",\"features\":[" + line("A", null, 121.0, 31.0, 121.001, 31.0) + "]}";
        importFile(file, "?mode=merge").andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("exchange.import.modeInvalid"));
        importFile(file, "?mode=replace").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("exchange.import.replaceNeedsArea"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("区域")));
        importFile(file, "?bbox=1,2,3,4").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("exchange.import.bboxWithoutReplace"));
        assertThat(count()).isZero();
    }

    @Test
    void replaceWithinTheDistrictOutlineDeletesOnlyTheStreetsLyingWhollyInsideIt() throws Exception {
        outline(TRIANGLE);
        importFile(AROUND_THE_TRIANGLE, "").andExpect(status().isCreated());
        long keptId = jdbc.queryForObject("SELECT id FROM street WHERE name = '留下'", Long.class);
        // The preview counts what the import will do and changes nothing.
        importFile(NEW_IN_THE_TRIANGLE, "?mode=replace&area=district&dryRun=true").andExpect(status().isOk())
                .andExpect(jsonPath("$.streets.created").value(1)).andExpect(jsonPath("$.streets.deleted").value(1));
        assertThat(jdbc.queryForList("SELECT name FROM street", String.class)).containsExactlyInAnyOrder("旧路", "留下", "跨界", "框内区外");

        importFile(NEW_IN_THE_TRIANGLE, "?mode=replace&area=district").andExpect(status().isCreated())
                .andExpect(jsonPath("$.streets.created").value(1)).andExpect(jsonPath("$.streets.unchanged").value(1))
                .andExpect(jsonPath("$.streets.deleted").value(1));
        assertThat(jdbc.queryForList("SELECT name FROM street", String.class)).containsExactlyInAnyOrder("新路", "留下", "跨界", "框内区外");
        assertThat(jdbc.queryForObject("SELECT id FROM street WHERE name = '留下'", Long.class)).isEqualTo(keptId);
    }

    @Test
    void badReplaceAreasAreRefusedInTheCallersLanguageAndChangeNothing() throws Exception {
        outline(TRIANGLE);
        importFile(AROUND_THE_TRIANGLE, "").andExpect(status().isCreated());
        String file = NEW_IN_THE_TRIANGLE;
        importFile(file, "?mode=replace&area=district&bbox=120.99,30.99,121.01,31.01", null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("exchange.import.areaAndBbox"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("不能同时")));
        importFile(file, "?mode=replace&area=district&bbox=120.99,30.99,121.01,31.01", "en").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("give one area to replace, area=district or a bbox, not both"));
        importFile(file, "?mode=replace&area=city", null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("exchange.import.areaUnknown"))
                .andExpect(jsonPath("$.detail").value("area 只能是 district（街道辖区边界），收到 city"));
        importFile(file, "?mode=replace&area=city", "en").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("area must be district (the district outline), was city"));
        importFile(file, "?area=district", null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("exchange.import.areaWithoutReplace"));
        importFile(file, "?mode=replace", "en").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("exchange.import.replaceNeedsArea"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("area=district (the district outline)")));
        importFile(file, "?mode=replace&bbox=121,30.99,121,31.01", null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("exchange.import.bboxEmpty"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("面积为零")));
        importFile(file, "?mode=replace&bbox=120.99,31,121.01,31", "en").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("exchange.import.bboxEmpty"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("has no area")));
        assertThat(jdbc.queryForList("SELECT name FROM street", String.class)).containsExactlyInAnyOrder("旧路", "留下", "跨界", "框内区外");
        assertThat(outlineVersions()).containsExactly(0L);

        outline(null);
        importFile(file, "?mode=replace&area=district", null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("exchange.import.noOutline"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("尚未设置街道辖区边界")));
        importFile(file, "?mode=replace&area=district", "en").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("there is no district outline yet")));
        assertThat(jdbc.queryForList("SELECT name FROM street", String.class)).containsExactlyInAnyOrder("旧路", "留下", "跨界", "框内区外");
        assertThat(outlineVersions()).as("no outline was made").isEmpty();
    }

    // --- the same import as a background job (what the map's data-exchange panel uses) -----------------

    private ResultActions startJob(String geojson, String query, String language) throws Exception {
        var request = multipart("/api/exchange/jobs" + query).file(new MockMultipartFile("file", "streets.geojson",
                "application/geo+json", geojson.getBytes(StandardCharsets.UTF_8))).param("kind", "import").param("layer", "streets");
        return mvc.perform(language == null ? request : request.header("Accept-Language", language));
    }

    /** The job's status once it stopped running (within 30 s). */
    private JsonNode finished(ResultActions started) throws Exception {
        String id = json(started.andExpect(status().isAccepted())).get("id").asString();
        long end = System.currentTimeMillis() + 30_000;
        JsonNode s;
        do {
            s = json(mvc.perform(get("/api/exchange/jobs/" + id)).andExpect(status().isOk()));
            if (!s.get("state").asString().equals("queued") && !s.get("state").asString().equals("running")) return s;
            Thread.sleep(20);
        } while (System.currentTimeMillis() < end);
        return s;
    }

    @Test
    void anImportJobRecognisesStoredStreetsAndReplacesAnArea() throws Exception {
        String before = "{\"type\":\"FeatureCollection\",\"features\":[" + line("旧路", null, 121.0, 31.0, 121.001, 31.0) + ","
                + line("留下", null, 121.0, 31.0, 121.0, 31.001) + ","
                + line("区外", null, 122.0, 31.0, 122.001, 31.0) + "]}";
        JsonNode first = finished(startJob(before, "", null));
        assertThat(first.get("state").asString()).as(first.toString()).isEqualTo("done");
        assertThat(first.at("/result/streets/created").asInt()).isEqualTo(3);
        // the same file again: recognised, not doubled
        JsonNode again = finished(startJob(before, "", null));
        assertThat(again.at("/result/streets/unchanged").asInt()).as(again.toString()).isEqualTo(3);
        assertThat(count()).isEqualTo(3);
        long keptId = jdbc.queryForObject("SELECT id FROM street WHERE name = '留下'", Long.class);

        String after = "{\"type\":\"FeatureCollection\",\"features\":[" + line("新路", null, 121.0, 31.0, 121.0005, 31.0005) + ","
                + line("留下", null, 121.0, 31.0, 121.0, 31.001) + "]}";
        JsonNode replaced = finished(startJob(after, "?mode=replace&bbox=120.99,30.99,121.01,31.01", null));
        assertThat(replaced.get("state").asString()).as(replaced.toString()).isEqualTo("done");
        assertThat(replaced.at("/result/streets/created").asInt()).isEqualTo(1);
        assertThat(replaced.at("/result/streets/unchanged").asInt()).isEqualTo(1);
        assertThat(replaced.at("/result/streets/deleted").asInt()).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT name FROM street", String.class)).containsExactlyInAnyOrder("新路", "留下", "区外");
        assertThat(jdbc.queryForObject("SELECT id FROM street WHERE name = '留下'", Long.class)).isEqualTo(keptId);
    }

    @Test
    void anImportJobReplacesTheStreetsWithinTheDistrictOutline() throws Exception {
        outline(TRIANGLE);
        assertThat(finished(startJob(AROUND_THE_TRIANGLE, "", null)).get("state").asString()).isEqualTo("done");
        JsonNode replaced = finished(startJob(NEW_IN_THE_TRIANGLE, "?mode=replace&area=district", null));
        assertThat(replaced.get("state").asString()).as(replaced.toString()).isEqualTo("done");
        assertThat(replaced.at("/result/streets/created").asInt()).isEqualTo(1);
        assertThat(replaced.at("/result/streets/unchanged").asInt()).isEqualTo(1);
        assertThat(replaced.at("/result/streets/deleted").asInt()).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT name FROM street", String.class)).containsExactlyInAnyOrder("新路", "留下", "跨界", "框内区外");
    }

    @Test
    void badReplaceAreasOfAnImportJobAreRefusedAtOnceAndChangeNothing() throws Exception {
        outline(TRIANGLE);
        String file = NEW_IN_THE_TRIANGLE;
        long jobsBefore = json(mvc.perform(get("/api/exchange/jobs"))).get("jobs").size();
        startJob(file, "?mode=replace&area=district&bbox=120.99,30.99,121.01,31.01", null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("exchange.import.areaAndBbox"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("不能同时")));
        startJob(file, "?mode=replace&area=town", "en").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("exchange.import.areaUnknown"))
                .andExpect(jsonPath("$.detail").value("area must be district (the district outline), was town"));
        startJob(file, "?area=district", null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("exchange.import.areaWithoutReplace"));
        startJob(file, "?mode=replace&bbox=121,31,121,31", null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("exchange.import.bboxEmpty"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("面积为零")));
        outline(null);
        startJob(file, "?mode=replace&area=district", null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("exchange.import.noOutline"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("尚未设置街道辖区边界")));
        startJob(file, "?mode=replace&area=district", "en").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("there is no district outline yet")));
        assertThat(json(mvc.perform(get("/api/exchange/jobs"))).get("jobs").size()).isEqualTo(jobsBefore);
        assertThat(count()).isZero();
    }

    @Test
    void badModesOfAnImportJobAreRefusedAtOnceInTheCallersLanguageAndChangeNothing() throws Exception {
        String file = "{\"type\":\"FeatureCollection\",\"features\":[" + line("A", null, 121.0, 31.0, 121.001, 31.0) + "]}";
        long jobsBefore = json(mvc.perform(get("/api/exchange/jobs"))).get("jobs").size();
        startJob(file, "?mode=merge", null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("exchange.import.modeInvalid"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("追加")));
        startJob(file, "?mode=merge", "en").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("mode must be append or replace, was merge"));
        startJob(file, "?mode=replace", null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("exchange.import.replaceNeedsArea"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("区域")));
        startJob(file, "?mode=replace&bbox=121,31,north,32", null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("bbox.format"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("四个数字")));
        startJob(file, "?mode=replace&bbox=121.01,31,121,31.01", "en").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("bbox.order"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("minimum not above its maximum")));
        startJob(file, "?bbox=1,2,3,4", null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("exchange.import.bboxWithoutReplace"));
        mvc.perform(multipart("/api/exchange/jobs").file(new MockMultipartFile("file", "g.geojson", "application/geo+json",
                        file.getBytes(StandardCharsets.UTF_8))).param("kind", "import").param("layer", "small_grids")
                        .param("mode", "replace").param("bbox", "1,2,3,4"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("exchange.import.replaceStreetsOnly"));
        // nothing queued, nothing stored
        assertThat(json(mvc.perform(get("/api/exchange/jobs"))).get("jobs").size()).isEqualTo(jobsBefore);
        assertThat(count()).isZero();
    }
}
