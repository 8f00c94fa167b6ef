package org.gridwatch.ranking;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.gridwatch.support.Shapes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The community ranking over the API, on each store: checklist, spot checks and their refusals, the
 * monthly score from spot checks and cases (hand-made, exact values), CSV, bulletin page and .docx,
 * weights, half-year and year totals. The ranking covers every large grid of the store, so each test
 * starts from a store whose ranking tables and cases it empties, with two large grids of its own.
 */
abstract class RankingApiContract {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    String a, b;
    double lon, lat;
    final String month = YearMonth.now(ZONE).toString();
    final LocalDate today = LocalDate.now(ZONE);

    @BeforeEach
    void twoCommunities() throws Exception {
        jdbc.update("DELETE FROM spot_check_score");
        jdbc.update("DELETE FROM spot_check");
        jdbc.update("DELETE FROM public_report");
        jdbc.update("DELETE FROM open311_request");
        jdbc.update("DELETE FROM case_photos");
        jdbc.update("DELETE FROM case_transitions");
        jdbc.update("DELETE FROM cases");
        jdbc.update("DELETE FROM grid");
        jdbc.update("UPDATE ranking_settings SET spot_check_weight = 0.75, comprehensive_weight = 0.25, case_share = 0.5");
        jdbc.update("UPDATE ranking_item SET active = TRUE");
        int n = SEQUENCE.incrementAndGet();
        lon = 110 + n * 0.05;
        lat = 30;
        a = "RA" + n;
        b = "RB" + n;
        grid(a, "一社区<b>", "large", null, 0, 0, 400, 200);
        grid(a + "-1", "甲", "small", a, 0, 0, 400, 200);
        grid(b, "二社区", "large", null, 400, 0, 800, 200);
    }

    void grid(String code, String name, String level, String parent, double x0, double y0, double x1, double y1)
            throws Exception {
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                        .content(Shapes.gridFeature(Shapes.rectangle(lon, lat, x0, y0, x1, y1), code, name, level, parent)))
                .andExpect(status().isCreated());
    }

    /** A real account of {@code role} (the security filter re-reads accounts from the store), by name. */
    String account(String role) throws Exception {
        String name = role.replace("_", "") + SEQUENCE.incrementAndGet();
        mvc.perform(post("/api/users").contentType(MediaType.APPLICATION_JSON).content("{\"username\":\"" + name
                + "\",\"password\":\"a-long-password-1\",\"roles\":[\"" + role + "\"]}")).andExpect(status().isCreated());
        return name;
    }

    static JsonNode json(MvcResult r) throws Exception {
        return JSON.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    long spotChecks() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM spot_check", Long.class);
    }

    /** Points for every active item: full marks minus {@code deduct} on ENV-1 (worth 10). */
    String points(double deduct) {
        StringBuilder s = new StringBuilder("{");
        for (var row : jdbc.queryForList("SELECT code, max_points FROM ranking_item WHERE active = TRUE ORDER BY code")) {
            if (s.length() > 1) s.append(',');
            double max = ((Number) row.get("MAX_POINTS")).doubleValue();
            s.append('"').append(row.get("CODE")).append("\":").append(row.get("CODE").equals("ENV-1") ? max - deduct : max);
        }
        return s.append('}').toString();
    }

    MvcResult spotCheck(String body) throws Exception {
        return mvc.perform(post("/api/ranking/spot-checks").contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
    }

    String check(String grid, double deduct, String clientId) {
        return "{\"clientId\":" + (clientId == null ? "null" : "\"" + clientId + "\"") + ",\"largeGrid\":\"" + grid
                + "\",\"inspector\":\"考评员\",\"unitName\":\"某饭店\",\"points\":" + points(deduct) + "}";
    }

    /** A case of large grid {@code grid}, handled now-ish, on time or not. */
    void handledCase(String grid, boolean onTime) {
        int n = SEQUENCE.incrementAndGet();
        Instant handled = today.atTime(10, 0).atZone(ZONE).toInstant();
        if (handled.isAfter(Instant.now())) handled = Instant.now().minusSeconds(60);
        if (!YearMonth.from(handled.atZone(ZONE)).toString().equals(month)) handled = Instant.now();
        Instant deadline = onTime ? handled.plusSeconds(3600) : handled.minusSeconds(3600);
        jdbc.update("INSERT INTO cases (case_number, source, class_code, status, lon, lat, geom, large_grid_code, "
                        + "reported_at, handled_at, handle_deadline, updated_at) VALUES (?, 'field', 'exposed_garbage', 'handled', "
                        + "?, ?, ST_GeomFromText(?, 4326), ?, ?, ?, ?, ?)", "T" + n, lon, lat,
                "POINT (" + lon + " " + lat + ")", grid, Timestamp.from(handled.minusSeconds(7200)), Timestamp.from(handled),
                Timestamp.from(deadline), Timestamp.from(handled));
    }

    @Test
    void theSeededChecklistHasTheSanitaryCityHeadingsWorth100Points() throws Exception {
        JsonNode items = json(mvc.perform(get("/api/ranking/checklist")).andExpect(status().isOk()).andReturn());
        double sum = 0;
        for (JsonNode i : items) sum += i.get("maxPoints").asDouble();
        assertThat(sum).isEqualTo(100.0);
        assertThat(items.findValuesAsString("headingZh")).contains("环境卫生", "病媒生物防制", "市容秩序");
        assertThat(items.findValuesAsString("headingEn")).contains("Vector control");
    }

    @Test
    void aSpotCheckIsScoredAndARetryWithItsClientIdIsNotCountedTwice() throws Exception {
        MvcResult first = spotCheck(check(a, 2.5, "c-" + a));
        assertThat(first.getResponse().getStatus()).isEqualTo(201);
        JsonNode c = json(first);
        assertThat(c.get("points").asDouble()).isEqualTo(97.5);
        assertThat(c.get("score").asDouble()).isEqualTo(97.5);
        assertThat(c.get("items")).hasSize(16);
        assertThat(c.get("largeGrid").asString()).isEqualTo(a);
        assertThat(c.get("checkedOn").asString()).isEqualTo(today.toString());
        MvcResult again = spotCheck(check(a, 2.5, "c-" + a));
        assertThat(again.getResponse().getStatus()).isEqualTo(200);
        assertThat(json(again).get("id").asLong()).isEqualTo(c.get("id").asLong());
        assertThat(spotChecks()).isEqualTo(1);
        JsonNode listed = json(mvc.perform(get("/api/ranking/spot-checks").param("month", month).param("grid", a)).andReturn());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("unitName").asString()).isEqualTo("某饭店");
    }

    @Test
    void badSpotChecksAreRefusedInTheCallersLanguageAndChangeNothing() throws Exception {
        String allPoints = points(0);
        String missingItem = allPoints.replaceFirst("\"ENV-1\":10\\.0,?", "");
        assertRefused(check(a, 0, null).replace(allPoints, missingItem), "ranking.spotCheck.item.missing", "条目 ENV-1 未打分");
        assertRefused(check(a, -0.5, null), "ranking.spotCheck.item.points", "条目 ENV-1 的得分须在 0 至 10 之间，以 0.5 分为单位");
        assertRefused(check(a, 0.3, null), "ranking.spotCheck.item.points", null);
        assertRefused(check(a, 0, null).replace("\"ENV-1\"", "\"ENV-9\",\"ENV-1\"").replace("\"ENV-9\",", "\"ENV-9\":1,"),
                "ranking.spotCheck.item.unknown", "没有启用的条目 ENV-9");
        assertRefused(check("NOPE", 0, null), "ranking.spotCheck.grid.unknown", "没有大网格 NOPE");
        assertRefused(check(a + "-1", 0, null), "ranking.spotCheck.grid.notLarge", a + "-1 不是大网格");
        assertRefused(check(a, 0, null).replace("\"inspector\":\"考评员\"", "\"inspector\":\" \""),
                "ranking.spotCheck.inspector.missing", "请填写打分人");
        assertRefused(check(a, 0, null).replace("{\"clientId\"", "{\"checkedOn\":\"" + today.plusDays(1) + "\",\"clientId\""),
                "ranking.spotCheck.future", null);
        MvcResult en = mvc.perform(post("/api/ranking/spot-checks").contentType(MediaType.APPLICATION_JSON)
                .header("Accept-Language", "en").content(check("NOPE", 0, null))).andReturn();
        assertThat(json(en).get("detail").asString()).isEqualTo("There is no large grid NOPE");
        assertThat(spotChecks()).isZero();
        // a viewer may not score
        mvc.perform(post("/api/ranking/spot-checks").with(user(account("viewer")).roles("VIEWER")).contentType(MediaType.APPLICATION_JSON)
                .content(check(a, 0, null))).andExpect(status().isForbidden());
        assertThat(spotChecks()).isZero();
    }

    private void assertRefused(String body, String code, String detail) throws Exception {
        MvcResult r = spotCheck(body);
        assertThat(r.getResponse().getStatus()).as(code).isEqualTo(400);
        JsonNode p = json(r);
        assertThat(p.get("code").asString()).isEqualTo(code);
        if (detail != null) assertThat(p.get("detail").asString()).isEqualTo(detail);
    }

    @Test
    void theMonthlyScoreCombinesSpotChecksAndCasesWithExactValues() throws Exception {
        spotCheck(check(a, 0, null));       // 100
        spotCheck(check(a, 10, null));      // 90
        spotCheck(check(b, 4, null));       // 96
        handledCase(a, true);
        handledCase(a, true);
        handledCase(a, false);
        handledCase(a, true);               // a: 3 of 4 on time = 75
        JsonNode r = json(mvc.perform(get("/api/ranking").param("month", month)).andExpect(status().isOk()).andReturn());
        JsonNode rows = r.get("rows");
        assertThat(rows).hasSize(2);
        // b: spot 96, no case, no density → score 96, rank 1
        assertThat(rows.get(0).get("code").asString()).isEqualTo(b);
        assertThat(rows.get(0).get("score").asDouble()).isEqualTo(96.0);
        assertThat(rows.get(0).get("missing").findValuesAsString("missing")).isEmpty();
        assertThat(rows.get(0).get("rank").asInt()).isEqualTo(1);
        // a: spot 95, cases 75, no density → comprehensive 75; 95 × 0.75 + 75 × 0.25 = 90
        JsonNode ra = rows.get(1);
        assertThat(ra.get("code").asString()).isEqualTo(a);
        assertThat(ra.get("spotChecks").asInt()).isEqualTo(2);
        assertThat(ra.get("spot").asDouble()).isEqualTo(95.0);
        assertThat(ra.get("cases").asDouble()).isEqualTo(75.0);
        assertThat(ra.get("density").isNull()).isTrue();
        assertThat(ra.get("score").asDouble()).isEqualTo(90.0);
        assertThat(ra.get("rank").asInt()).isEqualTo(2);

        // The district moves the weights: 50/50 → a = 95 × 0.5 + 75 × 0.5 = 85
        long version = json(mvc.perform(get("/api/ranking/weights")).andReturn()).get("version").asLong();
        mvc.perform(put("/api/ranking/weights").contentType(MediaType.APPLICATION_JSON)
                .content("{\"spotCheck\":0.6,\"comprehensive\":0.3,\"caseShare\":0.5,\"version\":" + version + "}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("ranking.weights.invalid"));
        mvc.perform(put("/api/ranking/weights").contentType(MediaType.APPLICATION_JSON)
                .content("{\"spotCheck\":0.5,\"comprehensive\":0.5,\"caseShare\":0.5,\"version\":" + (version + 7) + "}"))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("ranking.weights.stale"));
        mvc.perform(put("/api/ranking/weights").with(user(account("planner")).roles("PLANNER")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"spotCheck\":0.5,\"comprehensive\":0.5,\"caseShare\":0.5,\"version\":" + version + "}"))
                .andExpect(status().isForbidden());
        mvc.perform(put("/api/ranking/weights").contentType(MediaType.APPLICATION_JSON)
                .content("{\"spotCheck\":0.5,\"comprehensive\":0.5,\"caseShare\":0.5,\"version\":" + version + "}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.version").value(version + 1));
        JsonNode after = json(mvc.perform(get("/api/ranking").param("month", month)).andReturn()).get("rows");
        assertThat(after.get(1).get("score").asDouble()).isEqualTo(85.0);

        // Year and half-year totals: only this month has scores
        String half = YearMonth.now(ZONE).getYear() + (YearMonth.now(ZONE).getMonthValue() <= 6 ? "-H1" : "-H2");
        JsonNode totals = json(mvc.perform(get("/api/ranking/totals").param("period", half)).andExpect(status().isOk())
                .andReturn());
        assertThat(totals.get("rows").get(0).get("code").asString()).isEqualTo(b);
        assertThat(totals.get("rows").get(0).get("total").asDouble()).isEqualTo(96.0);
        assertThat(totals.get("rows").get(1).get("months").asInt()).isEqualTo(1);
        mvc.perform(get("/api/ranking/totals").param("period", String.valueOf(YearMonth.now(ZONE).getYear())))
                .andExpect(status().isOk()).andExpect(jsonPath("$.rows[1].total").value(85.0));
        mvc.perform(get("/api/ranking/totals").param("period", "2026-H3")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("ranking.period.invalid"));
        mvc.perform(get("/api/ranking").param("month", "2026-13")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("ranking.month.invalid"));
        mvc.perform(get("/api/ranking").param("month", YearMonth.now(ZONE).plusMonths(1).toString()))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("ranking.month.future"));
    }

    @Test
    void csvBulletinPageAndDocxCarryTheSameRanking() throws Exception {
        spotCheck(check(a, 0, null));
        spotCheck(check(b, 5, null));
        MvcResult csv = mvc.perform(get("/api/ranking").param("month", month).param("format", "csv"))
                .andExpect(status().isOk()).andReturn();
        String text = csv.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFrank,code,name,spotChecks,spot,cases,density,comprehensive,score\r\n"
                + "排名,网格编号,社区（大网格）");
        assertThat(text).contains("1," + a + ",一社区<b>,1,100,,,,100\r\n", "2," + b + ",二社区,1,95,,,,95\r\n");

        String html = mvc.perform(get("/ranking-bulletin.html").param("month", month)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        int year = YearMonth.now(ZONE).getYear(), m = YearMonth.now(ZONE).getMonthValue();
        assertThat(html).contains("<h1>" + year + "年" + m + "月社区考评通报</h1>")
                .contains("一社区&lt;b&gt;").doesNotContain("一社区<b>")
                .contains("<td data-key=\"score\">95</td>")
                .contains("日常考核和综合评议分别占 75%、25%");
        String en = mvc.perform(get("/ranking-bulletin.html").param("month", month).header("Accept-Language", "en"))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(en).contains("Community ranking bulletin, " + m + "/" + year);

        MvcResult docx = mvc.perform(get("/api/ranking/bulletin.docx").param("month", month)).andExpect(status().isOk())
                .andReturn();
        assertThat(docx.getResponse().getHeader("Content-Disposition")).contains("ranking-bulletin-" + month + ".docx");
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(docx.getResponse().getContentAsByteArray()))) {
            assertThat(doc.getParagraphs().get(0).getText()).isEqualTo(year + "年" + m + "月社区考评通报");
            XWPFTable table = doc.getTables().get(0);
            assertThat(table.getRows()).hasSize(3);
            assertThat(table.getRow(0).getCell(8).getText()).isEqualTo("总分");
            assertThat(table.getRow(1).getCell(1).getText()).isEqualTo(a);
            assertThat(table.getRow(1).getCell(2).getText()).isEqualTo("一社区<b>");
            assertThat(table.getRow(2).getCell(8).getText()).isEqualTo("95");
            assertThat(doc.getParagraphs().stream().map(p -> p.getText()).toList())
                    .anyMatch(p -> p.startsWith("第一名：一社区<b>（100 分）"));
        }
        mvc.perform(get("/api/ranking").param("format", "pdf")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("ranking.format.invalid"));
    }

    @Test
    void theAdminEditsTheChecklistAndLaterChecksFollowIt() throws Exception {
        JsonNode items = json(mvc.perform(get("/api/ranking/checklist")).andReturn());
        StringBuilder body = new StringBuilder("[");
        for (JsonNode i : items) {
            if (i.get("code").asString().equals("EDU-2")) continue; // dropped: becomes inactive
            if (body.length() > 1) body.append(',');
            body.append(i.toString());
        }
        body.append(",{\"code\":\"NEW-1\",\"headingZh\":\"新增\",\"headingEn\":\"New\",\"nameZh\":\"新条目\","
                + "\"nameEn\":\"New item\",\"maxPoints\":5,\"sortOrder\":999,\"active\":true}]");
        mvc.perform(put("/api/ranking/checklist").with(user(account("vector_control")).roles("VECTOR_CONTROL"))
                .contentType(MediaType.APPLICATION_JSON).content(body.toString())).andExpect(status().isForbidden());
        mvc.perform(put("/api/ranking/checklist").contentType(MediaType.APPLICATION_JSON)
                .content("[{\"code\":\"X\",\"headingZh\":\"a\",\"headingEn\":\"a\",\"nameZh\":\"a\",\"nameEn\":\"a\","
                        + "\"maxPoints\":0,\"sortOrder\":1,\"active\":true}]"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("ranking.item.maxPoints"));
        mvc.perform(put("/api/ranking/checklist").contentType(MediaType.APPLICATION_JSON).content(body.toString()))
                .andExpect(status().isOk());
        assertThat(jdbc.queryForObject("SELECT active FROM ranking_item WHERE code = 'EDU-2'", Boolean.class)).isFalse();
        JsonNode c = json(spotCheck(check(a, 0, null)));
        assertThat(c.get("maxPoints").asDouble()).isEqualTo(100.0); // 100 - 5 (EDU-2) + 5 (NEW-1)
        assertThat(c.get("items").findValuesAsString("code")).contains("NEW-1").doesNotContain("EDU-2");
        assertThat(List.of(c.get("score").asDouble())).containsExactly(100.0);
    }
}
