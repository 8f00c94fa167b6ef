package org.gridwatch.cases.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every figure pinned on a hand-made set of nine cases, November 2026 in Shanghai time, on a test calendar of
 * weekdays 09:00–17:00 (no lunch break, no holidays: the real calendar is core's and tested there).
 *
 * <pre>
 * case grid lg  dept handler  class status    reported  registered dispatched  handled (deadline)          verified  closed (deadline)   rework  stage deadline
 *  A   G1   L1  D1   h1       C1    closed    11-02 9:00 11-02 9:30 11-02 10:00 11-02 15:00 (11-03 10:00) ok 11-03 9:00 11-03 10:00 (11-04) ok  0
 *  B   G1   L1  D1   h2       C2    closed    10-30 15:00 10-30 16:00 10-30 16:00 11-02 11:00 (10-30 17:00) late 11-02 12:00 11-05 (11-04 17:00) late 1
 *  G   G1   L1  D1   h1       C1    verified  11-27 16:00 11-27 16:10 11-27 16:30 11-30 16:00 (11-30 17:00) ok  11-30 16:30 -              0       12-01 9:00
 *  C   G2   L1  D2   (asg h3) C1    dispatched 11-10 9:00 11-10 10:00 11-10 11:00 -           (11-11 11:00)                                         11-11 11:00
 *  F   G2   L1  D2   h3       C2    handled   11-25 9:00 11-25 9:30 11-25 10:00 12-01 0:00 = end, not in period                                       12-05
 *  I   G2   L1  D2   h3       C1    handled   10-31 9:00 10-31 9:30 10-31 10:00 11-01 0:00 = start (11-01 0:00) ok                               11-03
 *  D   G3   L2  -    -        C1    merged    11-20 9:00
 *  E   G3   L2  -    -        C2    rejected  11-21 9:00
 *  H   -    -   -    -        C1    reported  11-15 9:00                                                                                          11-15 10:00
 * </pre>
 * "Now" is 2026-12-01 10:00.
 */
class CaseEvaluatorTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final EvaluationPeriod NOVEMBER =
            EvaluationPeriod.ofDays(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), SHANGHAI);
    private static final Instant NOW = t("12-01 10:00");

    /** Weekdays 09:00–17:00, counted minute by minute (slow, obviously right). */
    static final WorkingTime WEEKDAYS_9_TO_5 = (from, to) -> {
        long minutes = 0;
        for (ZonedDateTime m = from.atZone(SHANGHAI); m.toInstant().isBefore(to); m = m.plusMinutes(1)) {
            boolean weekday = m.getDayOfWeek() != DayOfWeek.SATURDAY && m.getDayOfWeek() != DayOfWeek.SUNDAY;
            if (weekday && m.getHour() >= 9 && m.getHour() < 17) {
                minutes++;
            }
        }
        return minutes;
    };

    static Instant t(String monthDayTime) {
        String[] p = monthDayTime.split(" ");
        String[] md = p[0].split("-");
        String[] hm = p[1].split(":");
        return LocalDateTime.of(2026, Integer.parseInt(md[0]), Integer.parseInt(md[1]),
                Integer.parseInt(hm[0]), Integer.parseInt(hm[1])).atZone(SHANGHAI).toInstant();
    }

    static final CaseFacts A = new CaseFacts("closed", "C1", "field", "G1", "L1", "D1", "h1", "h1", "w1",
            t("11-02 9:00"), t("11-02 9:30"), t("11-02 10:00"), t("11-02 15:00"), t("11-03 9:00"), t("11-03 10:00"),
            t("11-03 10:00"), t("11-04 17:00"), null, 0);
    static final CaseFacts B = new CaseFacts("closed", "C2", "hotline", "G1", "L1", "D1", "h2", "h2", "w1",
            t("10-30 15:00"), t("10-30 16:00"), t("10-30 16:00"), t("11-02 11:00"), t("11-02 12:00"), t("11-05 10:00"),
            t("10-30 17:00"), t("11-04 17:00"), null, 1);
    static final CaseFacts G = new CaseFacts("verified", "C1", "patrol", "G1", "L1", "D1", "h1", "h1", "w1",
            t("11-27 16:00"), t("11-27 16:10"), t("11-27 16:30"), t("11-30 16:00"), t("11-30 16:30"), null,
            t("11-30 17:00"), t("12-01 9:00"), t("12-01 9:00"), 0);
    static final CaseFacts C = new CaseFacts("dispatched", "C1", "resident", "G2", "L1", "D2", null, "h3", null,
            t("11-10 9:00"), t("11-10 10:00"), t("11-10 11:00"), null, null, null,
            t("11-11 11:00"), null, t("11-11 11:00"), 0);
    static final CaseFacts F = new CaseFacts("handled", "C2", "field", "G2", "L1", "D2", "h3", "h3", null,
            t("11-25 9:00"), t("11-25 9:30"), t("11-25 10:00"), t("12-01 0:00"), null, null,
            t("11-27 10:00"), t("12-05 17:00"), t("12-05 17:00"), 0);
    static final CaseFacts I = new CaseFacts("handled", "C1", "patrol", "G2", "L1", "D2", "h3", "h3", null,
            t("10-31 9:00"), t("10-31 9:30"), t("10-31 10:00"), t("11-01 0:00"), null, null,
            t("11-01 0:00"), t("11-03 17:00"), t("11-03 17:00"), 0);
    static final CaseFacts D = new CaseFacts("merged", "C1", "hotline", "G3", "L2", null, null, null, null,
            t("11-20 9:00"), null, null, null, null, null, null, null, null, 0);
    static final CaseFacts E = new CaseFacts("rejected", "C2", "resident", "G3", "L2", null, null, null, null,
            t("11-21 9:00"), null, null, null, null, null, null, null, null, 0);
    static final CaseFacts H = new CaseFacts("reported", "C1", "resident", null, null, null, null, null, null,
            t("11-15 9:00"), null, null, null, null, null, null, null, t("11-15 10:00"), 0);

    static final List<CaseFacts> ALL_CASES = List.of(A, B, G, C, F, I, D, E, H);

    private final CaseEvaluator evaluator = new CaseEvaluator(WEEKDAYS_9_TO_5);

    private Map<String, EvaluationRow> bySmallGrid() {
        return byKey(evaluator.evaluate(ALL_CASES, NOVEMBER, Grouping.SMALL_GRID, NOW));
    }

    static Map<String, EvaluationRow> byKey(List<EvaluationRow> rows) {
        return rows.stream().collect(Collectors.toMap(r -> r.key() == null ? "-" : r.key(), Function.identity()));
    }

    @Test
    void handlingMinutesCountOnlyWorkingTime() {
        assertEquals(300, evaluator.handlingMinutes(A));        // 10:00–15:00 the same weekday
        assertEquals(180, evaluator.handlingMinutes(B));        // Fri 16–17, Mon 9–11
        assertEquals(450, evaluator.handlingMinutes(G));        // Fri 16:30–17, Mon 9–16
        assertEquals(0, evaluator.handlingMinutes(I));          // Saturday to Sunday midnight
        assertNull(evaluator.handlingMinutes(C));               // not handled
    }

    @Test
    void countsOfTheGridWithThreeCases() {
        EvaluationRow g1 = bySmallGrid().get("G1");
        assertEquals(2, g1.reported());      // A, G; B was reported in October
        assertEquals(2, g1.registered());
        assertEquals(2, g1.dispatched());
        assertEquals(3, g1.handled());       // A, B, G: B handled in November though dispatched in October
        assertEquals(2, g1.handledOnTime()); // B handled after its deadline
        assertEquals(3, g1.verified());
        assertEquals(1, g1.reworked());      // B
        assertEquals(2, g1.closed());
        assertEquals(1, g1.closedOnTime());  // B closed late
        assertEquals(1, g1.overdueNow());    // G waits for closing past 12-01 9:00
    }

    @Test
    void ratesAndTimesOfTheGridWithThreeCases() {
        EvaluationRow g1 = bySmallGrid().get("G1");
        assertEquals(2.0 / 3, g1.onTimeHandlingRate(), 1e-12);
        assertEquals(0.5, g1.onTimeClosingRate(), 1e-12);
        assertEquals(1.0 / 3, g1.reworkRate(), 1e-12);
        assertEquals(3, g1.handlingTimed());
        assertEquals(930, g1.handlingMinutes());
        assertEquals(310.0 / 60, g1.meanHandlingHours(), 1e-12);
        // sorted 180, 300, 450: rank 0.9 × 2 = 1.8 → 300 + 0.8 × 150 = 420 minutes
        assertEquals(420.0, g1.handlingMinutesP90(), 1e-12);
        assertEquals(7.0, g1.p90HandlingHours(), 1e-12);
    }

    @Test
    void periodIsHalfOpenAndDeadlinesInclusive() {
        EvaluationRow g2 = bySmallGrid().get("G2");
        assertEquals(2, g2.reported());      // C, F; I was reported in October
        assertEquals(2, g2.dispatched());
        assertEquals(1, g2.handled());       // I at exactly the start counts; F at exactly the end does not
        assertEquals(1, g2.handledOnTime()); // I handled at exactly its deadline is on time
        assertEquals(1.0, g2.onTimeHandlingRate(), 1e-12);
        assertEquals(0, g2.verified());
        assertNull(g2.reworkRate());         // nothing verified: no rate, not 0 %
        assertNull(g2.onTimeClosingRate());
        assertEquals(0.0, g2.meanHandlingHours(), 1e-12);
        assertEquals(0.0, g2.p90HandlingHours(), 1e-12);
        assertEquals(2, g2.overdueNow());    // C past its handling deadline, I waiting for verification since 11-03
    }

    @Test
    void mergedDuplicatesAreNotCountedAndRejectedOnesAreReported() {
        EvaluationRow g3 = bySmallGrid().get("G3");
        assertEquals(1, g3.reported());      // E; D was merged into another case
        assertEquals(0, g3.registered());
        assertEquals(0, g3.overdueNow());    // terminal cases are never overdue
        assertNull(g3.onTimeHandlingRate());
        assertNull(g3.meanHandlingHours());
        assertNull(g3.p90HandlingHours());
    }

    @Test
    void casesWithoutAGridHaveTheirOwnRowLast() {
        List<EvaluationRow> rows = evaluator.evaluate(ALL_CASES, NOVEMBER, Grouping.SMALL_GRID, NOW);
        assertThat(rows).extracting(EvaluationRow::key).containsExactly("G1", "G2", "G3", null);
        EvaluationRow none = rows.get(3);
        assertEquals(1, none.reported());
        assertEquals(1, none.overdueNow());  // H not registered within its hour
    }

    @Test
    void byDepartmentPersonAndClass() {
        Map<String, EvaluationRow> dept = byKey(evaluator.evaluate(ALL_CASES, NOVEMBER, Grouping.DEPARTMENT, NOW));
        assertThat(dept).containsOnlyKeys("D1", "D2", "-");
        assertEquals(3, dept.get("D1").handled());
        assertEquals(1, dept.get("D2").handled());
        assertEquals(2, dept.get("-").reported()); // E and H

        Map<String, EvaluationRow> person = byKey(evaluator.evaluate(ALL_CASES, NOVEMBER, Grouping.PERSON, NOW));
        assertEquals(2, person.get("h1").handled());
        assertEquals(750, person.get("h1").handlingMinutes());
        assertEquals(1, person.get("h2").reworked());
        assertEquals(2, person.get("h3").overdueNow()); // C (assigned, not handled) and I

        Map<String, EvaluationRow> byClass = byKey(evaluator.evaluate(ALL_CASES, NOVEMBER, Grouping.CLASS, NOW));
        assertEquals(4, byClass.get("C1").reported());  // A, G, C, H; not I (October) nor D (merged)
        assertEquals(2, byClass.get("C2").reported());  // F, E; not B (October)
    }

    @Test
    void totalRow() {
        EvaluationRow total = evaluator.total(ALL_CASES, NOVEMBER, NOW);
        assertNull(total.key());
        assertEquals(6, total.reported());   // A, G, C, F, E, H
        assertEquals(4, total.registered()); // A, G, C, F; B and I were registered in October
        assertEquals(4, total.dispatched());
        assertEquals(4, total.handled());    // A, B, G, I
        assertEquals(3, total.handledOnTime());
        assertEquals(0.75, total.onTimeHandlingRate(), 1e-12);
        assertEquals(3, total.verified());
        assertEquals(2, total.closed());
        assertEquals(4, total.overdueNow()); // G, C, I, H
        // sorted 0, 180, 300, 450: rank 2.7 → 300 + 0.7 × 150 = 405
        assertEquals(405.0, total.handlingMinutesP90(), 1e-12);
        assertEquals(930.0 / 4 / 60, total.meanHandlingHours(), 1e-12);
    }
}
