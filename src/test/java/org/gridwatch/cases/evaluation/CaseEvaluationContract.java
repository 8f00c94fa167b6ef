package org.gridwatch.cases.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The evaluation on a store: the SQL aggregation gives exactly the rows of {@link CaseEvaluator} on the
 * hand-made cases of {@link CaseEvaluatorTest} (with the store's working calendar), for every grouping; the
 * endpoint's JSON and CSV; every bad input refused in the caller's language; the work summary's case lines.
 */
abstract class CaseEvaluationContract {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final EvaluationPeriod NOVEMBER =
            EvaluationPeriod.ofDays(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), SHANGHAI);
    private static final Instant NOW = CaseEvaluatorTest.t("12-01 10:00");
    private static final String NOV = "from=2026-11-01&to=2026-11-30";

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CaseEvaluationQueries queries;
    @Autowired
    CaseEvaluationService service;
    @Autowired
    CaseCalendarReader calendar;
    @Autowired
    CaseEvaluationIndex index;

    /** The hand-made cases with the store's class and department codes. */
    static List<CaseFacts> cases() {
        return CaseEvaluatorTest.ALL_CASES.stream().map(c -> new CaseFacts(c.status(),
                "C1".equals(c.classCode()) ? "exposed_garbage" : "dirty_road", c.source(), c.smallGrid(), c.largeGrid(),
                c.department() == null ? null : "D1".equals(c.department()) ? "sanitation" : "municipal",
                c.handler(), c.assignee(), c.verifier(), c.reportedAt(), c.registeredAt(), c.dispatchedAt(),
                c.handledAt(), c.verifiedAt(), c.closedAt(), c.handleDeadline(), c.closeDeadline(), c.stageDeadline(),
                c.reworkCount())).toList();
    }

    @BeforeEach
    void handMadeCases() {
        jdbc.update("DELETE FROM case_transitions");
        jdbc.update("UPDATE cases SET merged_into = NULL, reopened_from = NULL");
        jdbc.update("DELETE FROM case_photos");
        jdbc.update("DELETE FROM cases");
        jdbc.update("UPDATE case_evaluation_state SET handled_through = ?", Instant.EPOCH.atOffset(ZoneOffset.UTC));
        int n = 0;
        for (CaseFacts c : cases()) {
            n++;
            jdbc.update("INSERT INTO cases (id, case_number, source, class_code, status, lon, lat, geom, small_grid_code, "
                            + "large_grid_code, department_code, assignee, reported_at, registered_at, dispatched_at, handled_at, "
                            + "verified_at, closed_at, handle_deadline, close_deadline, stage_deadline, rework_count, version, "
                            + "updated_at) VALUES (?, ?, ?, ?, ?, 118.8, 32.0, ST_SetSRID(ST_MakePoint(118.8, 32.0), 4326), "
                            + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
                    1000 + n, "20261101-" + (9000 + n), c.source(), c.classCode(), c.status(), c.smallGrid(), c.largeGrid(),
                    c.department(), c.assignee(), odt(c.reportedAt()), odt(c.registeredAt()), odt(c.dispatchedAt()),
                    odt(c.handledAt()), odt(c.verifiedAt()), odt(c.closedAt()), odt(c.handleDeadline()),
                    odt(c.closeDeadline()), odt(c.stageDeadline()), c.reworkCount(), odt(c.reportedAt()));
            if (c.handler() != null && c.handledAt() != null) {
                jdbc.update("INSERT INTO case_transitions (case_id, action, from_status, to_status, actor, happened_at) "
                        + "VALUES (?, 'handle', 'dispatched', 'handled', ?, ?)", 1000 + n, c.handler(), odt(c.handledAt()));
            }
        }
        // written by hand (the service always sets updated_at to the moment of the write): read them all again
        index.reload();
    }

    private static Object odt(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    @Test
    void sqlGivesTheCalculatorsRowsForEveryGrouping() {
        assertEquals(5, service.refreshHandlingMinutes()); // A, B, G, F, I: every handled case
        CaseEvaluator evaluator = new CaseEvaluator(calendar.read()::workingMinutesBetween);
        for (Grouping g : Grouping.values()) {
            List<EvaluationRow> expected = evaluator.evaluate(cases(), NOVEMBER, g, NOW);
            List<EvaluationRow> actual = queries.evaluate(NOVEMBER, g, NOW, null, null);
            assertThat(actual).as(g.key()).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertSameRow(expected.get(i), actual.get(i), g.key());
            }
        }
        // the total row: the groups' sums and the percentile over all handled cases, from a second pass
        // (H2) or from the same pass (PostgreSQL's grouping set)
        assertSameRow(evaluator.total(cases(), NOVEMBER, NOW), CaseEvaluationService.sum(
                queries.evaluate(NOVEMBER, Grouping.DEPARTMENT, NOW, null, null),
                queries.totalHandlingMinutesP90(NOVEMBER, null, null)), "total");
        for (Grouping g : Grouping.values()) {
            EvaluationRow inPass = queries.evaluateWithTotal(NOVEMBER, g, NOW, null, null).total();
            if (inPass != null) assertSameRow(evaluator.total(cases(), NOVEMBER, NOW), inPass, "total by " + g.key());
        }
    }

    @Test
    void theIndexReadFromTheStoreGivesTheCalculatorsRowsAndTotal() {
        service.refreshHandlingMinutes();
        CaseEvaluator evaluator = new CaseEvaluator(calendar.read()::workingMinutesBetween);
        EvaluationIndex fromStore = index.current();
        assertEquals(cases().size(), fromStore.size());
        for (Grouping g : Grouping.values()) {
            EvaluationIndex.Result r = fromStore.evaluate(NOVEMBER, g, NOW, null, null);
            List<EvaluationRow> expected = evaluator.evaluate(cases(), NOVEMBER, g, NOW);
            assertThat(r.rows()).as(g.key()).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertSameRow(expected.get(i), r.rows().get(i), "index " + g.key());
            }
            assertSameRow(evaluator.total(cases(), NOVEMBER, NOW), r.total(), "index total by " + g.key());
        }
        // a case changed through the service (which sets updated_at) is read again by the next evaluation:
        // C (dispatched, open and overdue) is closed now; I and F stay overdue (the service's "now" is today)
        long overdueBefore = g2().overdueNow();
        jdbc.update("UPDATE cases SET status = 'closed', stage_deadline = NULL, updated_at = ? WHERE id = 1004",
                odt(Instant.now()));
        assertEquals(overdueBefore - 1, g2().overdueNow());
        // a case reported by hand with an old updated_at: the table holds more cases than the index, which reloads
        jdbc.update("INSERT INTO cases (id, case_number, source, class_code, status, lon, lat, geom, small_grid_code, "
                + "reported_at, version, updated_at) VALUES (2000, '20261101-8000', 'field', 'exposed_garbage', 'reported', "
                + "118.8, 32.0, ST_SetSRID(ST_MakePoint(118.8, 32.0), 4326), 'G2', ?, 0, ?)",
                odt(CaseEvaluatorTest.t("11-20 9:00")), odt(CaseEvaluatorTest.t("11-20 9:00")));
        assertEquals(3, g2().reported()); // C, F and the new one
    }

    private EvaluationRow g2() {
        return service.evaluate(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), Grouping.SMALL_GRID, null).rows()
                .stream().filter(r -> "G2".equals(r.key())).findFirst().orElseThrow();
    }

    @Test
    void handlingMinutesOnTheDistrictCalendar() {
        service.refreshHandlingMinutes();
        // A: 2026-11-02 10:00–15:00 on 09–12 + 13–18: 2 h + 2 h = 240 minutes
        assertEquals(240, jdbc.queryForObject("SELECT handling_work_minutes FROM cases WHERE id = 1001", Integer.class));
        // B: Fri 16:00–18:00, Mon 09:00–11:00 = 240
        assertEquals(240, jdbc.queryForObject("SELECT handling_work_minutes FROM cases WHERE id = 1002", Integer.class));
        assertEquals("h2", jdbc.queryForObject("SELECT handled_by FROM cases WHERE id = 1002", String.class));
        // the watermark moved: a second run looks only at the last five minutes before it
        assertEquals(1, service.refreshHandlingMinutes()); // F, handled at the latest instant
    }

    @Test
    void aReworkedCaseIsComputedAgain() {
        service.refreshHandlingMinutes();
        // G is sent back and handled again after the watermark: its new handling time replaces the old one
        jdbc.update("UPDATE cases SET dispatched_at = ?, handled_at = ? WHERE id = 1003",
                odt(CaseEvaluatorTest.t("12-02 09:00")), odt(CaseEvaluatorTest.t("12-02 10:30")));
        service.refreshHandlingMinutes();
        assertEquals(90, jdbc.queryForObject("SELECT handling_work_minutes FROM cases WHERE id = 1003", Integer.class));
    }

    private static void assertSameRow(EvaluationRow e, EvaluationRow a, String what) {
        String at = what + " " + e.key();
        assertEquals(e.key(), a.key(), at);
        assertEquals(List.of(e.reported(), e.registered(), e.dispatched(), e.handled(), e.handledOnTime(), e.verified(),
                        e.reworked(), e.closed(), e.closedOnTime(), e.overdueNow(), e.handlingTimed(), e.handlingMinutes()),
                List.of(a.reported(), a.registered(), a.dispatched(), a.handled(), a.handledOnTime(), a.verified(),
                        a.reworked(), a.closed(), a.closedOnTime(), a.overdueNow(), a.handlingTimed(), a.handlingMinutes()), at);
        if (e.handlingMinutesP90() == null) {
            assertThat(a.handlingMinutesP90()).as(at).isNull();
        } else {
            assertEquals(e.handlingMinutesP90(), a.handlingMinutesP90(), 1e-9, at);
        }
    }

    // ---- the endpoint ------------------------------------------------------------------------------

    private JsonNode getJson(String url) throws Exception {
        String body = mvc.perform(get(url)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        return JSON.readTree(body);
    }

    @Test
    void jsonRowsAndTotal() throws Exception {
        JsonNode e = getJson("/api/cases/evaluation?" + NOV + "&by=smallGrid");
        assertEquals("smallGrid", e.path("by").asString());
        JsonNode rows = e.path("rows");
        assertEquals(4, rows.size());
        JsonNode g1 = rows.get(0);
        assertEquals("G1", g1.path("key").asString());
        assertEquals(3, g1.path("handled").asLong());
        assertEquals(2.0 / 3, g1.path("onTimeHandlingRate").asDouble(), 1e-12);
        assertEquals(1.0 / 3, g1.path("reworkRate").asDouble(), 1e-12);
        assertEquals(0.5, g1.path("onTimeClosingRate").asDouble(), 1e-12);
        assertThat(rows.get(1).path("reworkRate").isNull()).isTrue(); // G2: nothing verified
        assertThat(rows.get(3).path("key").isNull()).isTrue();         // the cases without a grid, last
        assertEquals(6, e.path("total").path("reported").asLong());
        assertEquals(4, e.path("total").path("handled").asLong());
        JsonNode departments = getJson("/api/cases/evaluation?" + NOV + "&by=department").path("rows");
        assertEquals(List.of("municipal", "sanitation"), List.of(departments.get(0).path("key").asString(),
                departments.get(1).path("key").asString()));
        assertEquals(2, departments.get(1).path("closed").asLong()); // sanitation: A and B
    }

    @Test
    void csvWithLocalizedHeaderAndNeutralisedCells() throws Exception {
        jdbc.update("UPDATE cases SET assignee = '=HYPERLINK(\"x\")' WHERE id = 1004"); // C, assigned and not handled
        index.reload(); // written by hand
        String zh = mvc.perform(get("/api/cases/evaluation?" + NOV + "&by=person&format=csv")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(zh).startsWith("\uFEFF分组,上报数,立案数,派遣数,处置数,按期处置数,按期处置率");
        assertThat(zh).contains("\r\n\"'=HYPERLINK(\"\"x\"\")\",1,1,1,0,0,,0,0,,0,0,,1,,\r\n");
        assertThat(zh).contains("\r\n合计,6,4,4,4,3,0.7500,");
        String en = mvc.perform(get("/api/cases/evaluation?" + NOV + "&by=person&format=csv").header("Accept-Language", "en"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(en).startsWith("\uFEFFGroup,Reported,Registered").contains("\r\nTotal,6,");
    }

    private String problem(String url, int status, String language) throws Exception {
        return mvc.perform(get(url).header("Accept-Language", language)).andExpect(status().is(status)).andReturn()
                .getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void badInputIsRefusedInTheCallersLanguage() throws Exception {
        assertThat(problem("/api/cases/evaluation?" + NOV + "&by=street", 400, "zh-CN"))
                .contains("不能按“street”分组").contains("smallGrid");
        assertThat(problem("/api/cases/evaluation?" + NOV + "&by=street", 400, "en")).contains("Cannot group by \\\"street\\\"");
        assertThat(problem("/api/cases/evaluation?from=2026-12-01&to=2026-11-01", 400, "zh-CN")).contains("晚于结束日期");
        assertThat(problem("/api/cases/evaluation?from=2026-13-01&to=2026-11-01", 400, "en")).contains("must be a date");
        assertThat(problem("/api/cases/evaluation?from=2020-01-01&to=2026-11-01", 400, "zh-CN")).contains("最长 732 天");
        assertThat(problem("/api/cases/evaluation?" + NOV + "&format=xlsx", 400, "en")).contains("json or csv");
        assertThat(problem("/api/cases/evaluation?" + NOV + "&grid=NOPE", 404, "zh-CN")).contains("没有编码为“NOPE”的网格");
        // nothing was changed by a refused request: the figures are the same afterwards
        assertEquals(4, getJson("/api/cases/evaluation?" + NOV).path("total").path("handled").asLong());
    }

    // ---- the work summary ---------------------------------------------------------------------------

    @Test
    void summaryCaseLines() throws Exception {
        assertEquals(new CaseSummaryFigures(3, 3, 2, 2), CaseSummaryFigures.of(cases(), NOVEMBER));
        assertEquals(new CaseSummaryFigures(3, 3, 2, 2), service.summaryFigures(LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 11, 30), null));
        JsonNode s = getJson("/api/summary?" + NOV);
        JsonNode section = null;
        for (JsonNode sec : s.path("sections")) if ("cases".equals(sec.path("key").asString())) section = sec;
        assertThat(section).as("the summary's cases section").isNotNull();
        assertEquals(3, section.path("sentences").get(0).path("figures").path("cases.problemsFound").asLong());
        assertEquals(2, section.path("sentences").get(1).path("figures").path("cases.complaintsOpen").asLong());
        assertThat(section.path("sentences").get(0).path("text").asString()).isEqualTo("发现问题 3 处，已整改 3 处。");
        String page = mvc.perform(get("/summary.html?" + NOV)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("发现问题 <span class=\"figure\" data-key=\"cases.problemsFound\">3</span> 处，已整改 "
                + "<span class=\"figure\" data-key=\"cases.problemsRectified\">3</span> 处。");
        assertThat(page).contains("投诉 <span class=\"figure\" data-key=\"cases.complaints\">2</span> 宗（居民和热线），其中 "
                + "<span class=\"figure\" data-key=\"cases.complaintsOpen\">2</span> 宗正在处理。");
        // both complaints dealt with: the other sentence
        jdbc.update("UPDATE cases SET status = 'closed', stage_deadline = NULL WHERE source IN ('resident', 'hotline') "
                + "AND status NOT IN ('rejected', 'merged')");
        page = mvc.perform(get("/summary.html?" + NOV + "&lang=en")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("<span class=\"figure\" data-key=\"cases.complaints\">2</span> complaints (residents and hotline), all dealt with.");
        String csv = mvc.perform(get("/api/summary?" + NOV + "&format=csv")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(csv).contains("\r\ncases.problemsFound,案件：发现问题（处）,3\r\n");
    }
}
