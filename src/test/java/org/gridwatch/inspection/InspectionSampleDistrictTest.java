package org.gridwatch.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;

import org.gridwatch.support.H2TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** First start with the bundled sample district: generated patrols and inspections give every view data. */
@SpringBootTest
@AutoConfigureMockMvc
class InspectionSampleDistrictTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.register(registry);
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    InspectionIndexKeeper keeper;

    @Autowired
    PatrolIndexKeeper patrolKeeper;

    JsonNode api(String url) throws Exception {
        return JSON.readTree(mvc.perform(get(url)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
    }

    @Test
    void theSampleDistrictHasWeeksOfPatrolsAndInspectionsInEveryView() throws Exception {
        long patrols = jdbc.queryForObject("SELECT COUNT(*) FROM patrol", Long.class);
        long smallGrids = jdbc.queryForObject("SELECT COUNT(*) FROM grid WHERE level = 'small'", Long.class);
        assertThat(patrols).isBetween(smallGrids * 25, smallGrids * 26);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inspection WHERE patrol_id IS NULL", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inspection", Long.class)).isGreaterThan(5000);

        // the default period, the last 30 days: every large grid has levels for rodents and flies
        JsonNode large = api("/api/density?level=large");
        assertThat(large.path("grids").size()).isEqualTo(6);
        for (JsonNode g : large.path("grids")) {
            assertThat(g.at("/vectors/rodent").asString()).as(g.path("code").asString()).isNotEqualTo("INSUFFICIENT");
            assertThat(g.at("/vectors/fly").asString()).as(g.path("code").asString()).isNotEqualTo("INSUFFICIENT");
        }
        JsonNode summary = api("/api/summary");
        assertThat(summary.path("largeGrids").asLong()).isEqualTo(6);
        assertThat(summary.path("smallGrids").asLong()).isEqualTo(smallGrids);
        assertThat(summary.path("patrols").asLong()).isPositive();
        assertThat(summary.path("inspections").asLong()).isPositive();
        String page = mvc.perform(get("/summary.html")).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("全街道划分为 <span class=\"figure\" data-key=\"largeGrids\">6</span> 个大网格，"
                + "<span class=\"figure\" data-key=\"smallGrids\">" + smallGrids + "</span> 个小网格。");
        // the page and the Word document say which figures come from the generated sample data
        assertThat(page).contains("data-sample-data=\"true\"").contains("来自示例数据的数字")
                .contains("<span class=\"sample-tag\">（示例数据）</span>");
        byte[] docx = mvc.perform(get("/api/summary?format=docx")).andReturn().getResponse().getContentAsByteArray();
        try (org.apache.poi.xwpf.usermodel.XWPFDocument doc = new org.apache.poi.xwpf.usermodel.XWPFDocument(
                new java.io.ByteArrayInputStream(docx))) {
            StringBuilder text = new StringBuilder();
            doc.getParagraphs().forEach(p -> text.append(p.getText()).append('\n'));
            assertThat(text).contains("来自示例数据的数字").contains("（示例数据）")
                    .contains("全街道划分为 6 个大网格，" + smallGrids + " 个小网格。");
            assertThat(doc.getTables().get(0).getRows()).hasSize(1 + 6 + 1);
        }
        assertThat(api("/api/heatmap/hotspots?source=inspections&limit=3").size()).isEqualTo(3);

        // seasonal: more positive small water bodies per km in summer than in the autumn
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        int year = today.getMonthValue() >= 9 ? today.getYear() : today.getYear() - 1;
        double july = InspectionApiContract.indicator(api("/api/density?level=district&from=" + year + "-07-01&to=" + year
                + "-07-31").path("grids").get(0), "mosquito_small_water_path_index").path("value").doubleValue();
        JsonNode last = api("/api/density?level=district&from=" + today.minusDays(30) + "&to=" + today);
        if (today.getMonthValue() >= 10 || today.getMonthValue() <= 3) {
            assertThat(july).isGreaterThan(InspectionApiContract.indicator(last.path("grids").get(0),
                    "mosquito_small_water_path_index").path("value").doubleValue());
        }
        String code = jdbc.queryForObject("SELECT grid_code FROM patrol ORDER BY started_at DESC LIMIT 1", String.class);
        String day = jdbc.queryForObject("SELECT started_at FROM patrol ORDER BY started_at DESC LIMIT 1",
                java.time.OffsetDateTime.class).atZoneSameInstant(ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
        JsonNode log = api("/api/patrol-log?grid=" + code + "&date=" + day);
        assertThat(log.path("patrols").size()).isEqualTo(1);
    }

    @Test
    void theIndexAnswersAsTheSqlDoesOnTheSampleActivity() throws Exception {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        String large = jdbc.queryForObject("SELECT code FROM grid WHERE level = 'large' ORDER BY code LIMIT 1", String.class);
        String small = jdbc.queryForObject("SELECT code FROM grid WHERE level = 'small' ORDER BY code LIMIT 1", String.class);
        String period = "from=" + today.minusWeeks(27) + "&to=" + today;
        java.util.List<String> urls = java.util.List.of("/api/summary?" + period, "/api/summary?grid=" + large + "&" + period,
                "/api/summary?grid=" + small + "&" + period, "/api/summary?from=" + today.minusDays(9) + "&to=" + today,
                "/api/density?level=small&" + period, "/api/density?level=large&" + period,
                "/api/density?level=district&" + period, "/api/density/trend?" + period,
                "/api/density/trend?grid=" + large + "&" + period);
        java.util.Map<String, JsonNode> fromIndex = new java.util.LinkedHashMap<>();
        for (String url : urls) fromIndex.put(url, api(url));
        assertThat(keeper.sizeAndBytes()[0]).isEqualTo(jdbc.queryForObject("SELECT COUNT(*) FROM inspection", Long.class));
        assertThat(patrolKeeper.sizeAndBytes()[0]).isEqualTo(jdbc.queryForObject("SELECT COUNT(*) FROM patrol", Long.class));
        // another test of this class deletes a patrol it wrote by hand, which builds the patrol index again
        long patrolBuilds = patrolKeeper.builds();
        assertThat(fromIndex.get(urls.get(0)).path("inspections").asLong()).isGreaterThan(1000);
        assertThat(fromIndex.get(urls.get(0)).path("patrols").asLong()).isGreaterThan(100);
        try {
            keeper.switchOn(false);
            patrolKeeper.switchOn(false);
            for (String url : urls) assertThat(api(url)).as(url).isEqualTo(fromIndex.get(url));
        } finally {
            keeper.switchOn(true);
            patrolKeeper.switchOn(true);
        }
        assertThat(keeper.builds()).as("built once, then only caught up").isEqualTo(1);
        assertThat(patrolKeeper.builds()).as("only caught up").isEqualTo(patrolBuilds);
    }

    @Test
    void aKeptDensityTableIsMadeAgainWhenWhatItRestsOnChanges() throws Exception {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        String url = "/api/density?level=small&from=" + today.minusDays(20) + "&to=" + today;
        JsonNode first = api(url);
        assertThat(api(url)).isEqualTo(first);
        JsonNode grid = first.path("grids").get(0);
        String code = grid.path("code").asString();
        // a patrol written by another instance (here: by hand) in the period: its km are in the next answer
        jdbc.update("INSERT INTO patrol (client_id, inspector, grid_code, started_at, ended_at, length_m, track_source, "
                + "created_at) VALUES ('kept-density-test', 'x', ?, ?, ?, 1234, 'gps', ?)", code,
                java.time.OffsetDateTime.now().minusHours(2), java.time.OffsetDateTime.now().minusHours(1),
                java.time.OffsetDateTime.now());
        JsonNode after = api(url);
        assertThat(after.path("grids").get(0).path("trackedKm").doubleValue())
                .isEqualTo(grid.path("trackedKm").doubleValue() + 1.234, org.assertj.core.api.Assertions.within(1e-9));
        // a threshold changed: read into the stamp (an indicator graded now has too small a sample then)
        String graded = null;
        int at = -1;
        for (int g = 0; g < after.path("grids").size() && graded == null; g++) {
            for (JsonNode i : after.path("grids").get(g).path("indicators")) {
                if (i.path("kind").asString().equals("national") && !i.path("grade").asString().equals("INSUFFICIENT")) {
                    graded = i.path("key").asString();
                    at = g;
                    break;
                }
            }
        }
        assertThat(graded).as("some grid has a graded indicator in the sample").isNotNull();
        jdbc.update("UPDATE density_threshold SET min_sample = min_sample + 1000000 WHERE indicator = ?", graded);
        try {
            JsonNode raised = api(url);
            assertThat(InspectionApiContract.indicator(raised.path("grids").get(at), graded).path("grade").asString())
                    .isEqualTo("INSUFFICIENT");
        } finally {
            jdbc.update("UPDATE density_threshold SET min_sample = min_sample - 1000000 WHERE indicator = ?", graded);
            jdbc.update("DELETE FROM patrol WHERE client_id = 'kept-density-test'");
        }
    }
}
