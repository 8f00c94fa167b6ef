package org.gridwatch.cases.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The in-memory evaluation gives exactly the rows and the total of {@link CaseEvaluator}, the definition of
 * every figure: on the hand-made cases of {@link CaseEvaluatorTest} for every grouping and grid scope, and
 * on a few thousand random cases over a year for several periods and moments.
 */
class EvaluationIndexTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final EvaluationPeriod NOVEMBER =
            EvaluationPeriod.ofDays(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), SHANGHAI);
    private static final Instant NOW = CaseEvaluatorTest.t("12-01 10:00");

    private final CaseEvaluator evaluator = new CaseEvaluator(CaseEvaluatorTest.WEEKDAYS_9_TO_5);

    private EvaluationIndex indexOf(List<CaseFacts> cases, CaseEvaluator calculator) {
        EvaluationIndex index = new EvaluationIndex();
        long id = 1;
        for (CaseFacts c : cases) {
            Long minutes = calculator.handlingMinutes(c);
            index.put(id++, c, minutes == null ? null : Math.toIntExact(minutes));
        }
        return index;
    }

    private static void assertSame(List<EvaluationRow> expected, EvaluationRow expectedTotal, EvaluationIndex.Result actual,
                                   String what) {
        assertThat(actual.rows()).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertSameRow(expected.get(i), actual.rows().get(i), what);
        }
        assertSameRow(expectedTotal, actual.total(), what + " total");
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

    @Test
    void handMadeCasesGiveTheCalculatorsRowsForEveryGroupingAndGrid() {
        EvaluationIndex index = indexOf(CaseEvaluatorTest.ALL_CASES, evaluator);
        assertEquals(9, index.size());
        for (Grouping g : Grouping.values()) {
            assertSame(evaluator.evaluate(CaseEvaluatorTest.ALL_CASES, NOVEMBER, g, NOW),
                    evaluator.total(CaseEvaluatorTest.ALL_CASES, NOVEMBER, NOW),
                    index.evaluate(NOVEMBER, g, NOW, null, null), g.key());
            for (String grid : List.of("G1", "G2", "G3")) {
                List<CaseFacts> in = CaseEvaluatorTest.ALL_CASES.stream().filter(c -> grid.equals(c.smallGrid())).toList();
                assertSame(evaluator.evaluate(in, NOVEMBER, g, NOW), evaluator.total(in, NOVEMBER, NOW),
                        index.evaluate(NOVEMBER, g, NOW, Grouping.SMALL_GRID, grid), g.key() + " in " + grid);
            }
            List<CaseFacts> l1 = CaseEvaluatorTest.ALL_CASES.stream().filter(c -> "L1".equals(c.largeGrid())).toList();
            assertSame(evaluator.evaluate(l1, NOVEMBER, g, NOW), evaluator.total(l1, NOVEMBER, NOW),
                    index.evaluate(NOVEMBER, g, NOW, Grouping.LARGE_GRID, "L1"), g.key() + " in L1");
        }
        // a grid no case names: nothing, and a total of zeros
        EvaluationIndex.Result none = index.evaluate(NOVEMBER, Grouping.SMALL_GRID, NOW, Grouping.SMALL_GRID, "G9");
        assertThat(none.rows()).isEmpty();
        assertEquals(0, none.total().reported());
        // the figures CaseEvaluatorTest pins, through the index: G1 handled 3, 2 on time, 1 overdue now
        EvaluationRow g1 = index.evaluate(NOVEMBER, Grouping.SMALL_GRID, NOW, null, null).rows().get(0);
        assertEquals("G1", g1.key());
        assertEquals(List.of(3L, 2L, 1L), List.of(g1.handled(), g1.handledOnTime(), g1.overdueNow()));
    }

    @Test
    void aCaseWrittenAgainCountsOnceWithItsNewFacts() {
        EvaluationIndex index = indexOf(CaseEvaluatorTest.ALL_CASES, evaluator);
        CaseFacts c = CaseEvaluatorTest.C;
        // C (id 4, dispatched, overdue since 11-11) is handled on 11-12 and verified: no longer overdue
        CaseFacts handled = new CaseFacts("verified", c.classCode(), c.source(), c.smallGrid(), c.largeGrid(),
                c.department(), "h3", c.assignee(), "w2", c.reportedAt(), c.registeredAt(), c.dispatchedAt(),
                CaseEvaluatorTest.t("11-12 10:00"), CaseEvaluatorTest.t("11-12 11:00"), null, c.handleDeadline(), null,
                CaseEvaluatorTest.t("11-13 11:00"), 0);
        index.put(4, handled, Math.toIntExact(evaluator.handlingMinutes(handled)));
        assertEquals(9, index.size());
        List<CaseFacts> now = new ArrayList<>(CaseEvaluatorTest.ALL_CASES);
        now.set(3, handled);
        for (Grouping g : Grouping.values()) {
            assertSame(evaluator.evaluate(now, NOVEMBER, g, NOW), evaluator.total(now, NOVEMBER, NOW),
                    index.evaluate(NOVEMBER, g, NOW, null, null), "after the change, " + g.key());
        }
    }

    @Test
    void randomCasesOverAYearGiveTheCalculatorsRows() {
        SplittableRandom random = new SplittableRandom(21);
        Instant start = LocalDate.of(2026, 1, 1).atStartOfDay(SHANGHAI).toInstant();
        String[] statuses = {"reported", "registered", "dispatched", "handled", "verified", "closed", "rejected", "merged"};
        List<CaseFacts> cases = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            // times to the microsecond, as the stores keep them
            Instant reported = start.plus(Duration.ofSeconds(random.nextLong(365L * 86400), random.nextInt(1_000_000) * 1000L));
            Instant registered = maybeAfter(random, reported);
            Instant dispatched = registered == null ? null : maybeAfter(random, registered);
            Instant handled = dispatched == null ? (random.nextInt(20) == 0 ? maybeAfter(random, reported) : null)
                    : maybeAfter(random, dispatched);
            Instant verified = handled == null ? null : maybeAfter(random, handled);
            Instant closed = verified == null ? null : maybeAfter(random, verified);
            Instant deadlineBase = dispatched != null ? dispatched : reported;
            cases.add(new CaseFacts(statuses[random.nextInt(statuses.length)], "C" + random.nextInt(4), "field",
                    random.nextInt(30) == 0 ? null : "G" + random.nextInt(40), random.nextInt(30) == 0 ? null : "L" + random.nextInt(4),
                    random.nextInt(5) == 0 ? null : "D" + random.nextInt(3),
                    random.nextBoolean() ? null : "h" + random.nextInt(7), random.nextBoolean() ? null : "a" + random.nextInt(5),
                    null, reported, registered, dispatched, handled, verified, closed,
                    random.nextInt(10) == 0 ? null : deadlineBase.plus(Duration.ofMinutes(random.nextInt(5000))),
                    random.nextInt(10) == 0 ? null : reported.plus(Duration.ofMinutes(random.nextInt(20000))),
                    random.nextInt(8) == 0 ? null : reported.plus(Duration.ofMinutes(random.nextInt(600_000))),
                    random.nextInt(12) == 0 ? 1 + random.nextInt(2) : 0));
        }
        // plain minutes between the instants: the index takes the minutes it is given, whatever the calendar
        CaseEvaluator plain = new CaseEvaluator((from, to) -> Duration.between(from, to).toMinutes());
        EvaluationIndex index = indexOf(cases, plain);
        List<EvaluationPeriod> periods = List.of(
                EvaluationPeriod.ofDays(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), SHANGHAI),
                EvaluationPeriod.ofDays(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31), SHANGHAI),
                EvaluationPeriod.ofDays(LocalDate.of(2026, 7, 6), LocalDate.of(2026, 7, 6), SHANGHAI));
        List<Instant> moments = List.of(LocalDate.of(2026, 6, 1).atStartOfDay(SHANGHAI).toInstant(),
                Instant.parse("2026-09-17T03:04:05.123456789Z"), Instant.parse("2027-01-01T00:00:00Z"));
        for (EvaluationPeriod p : periods) {
            for (Instant asOf : moments) {
                for (Grouping g : Grouping.values()) {
                    assertSame(plain.evaluate(cases, p, g, asOf), plain.total(cases, p, asOf),
                            index.evaluate(p, g, asOf, null, null), p + " " + asOf + " " + g.key());
                }
                List<CaseFacts> l2 = cases.stream().filter(c -> Objects.equals("L2", c.largeGrid())).toList();
                assertSame(plain.evaluate(l2, p, Grouping.PERSON, asOf), plain.total(l2, p, asOf),
                        index.evaluate(p, Grouping.PERSON, asOf, Grouping.LARGE_GRID, "L2"), p + " L2 by person");
            }
        }
    }

    /** Null one time in five, else an instant up to ten days later. */
    private static Instant maybeAfter(SplittableRandom random, Instant t) {
        return random.nextInt(5) == 0 ? null : t.plus(Duration.ofSeconds(random.nextLong(10 * 86400L), random.nextInt(1_000_000) * 1000L));
    }

    @Test
    void aPeriodOfPartSecondsIsRefused() {
        EvaluationIndex index = indexOf(CaseEvaluatorTest.ALL_CASES, evaluator);
        EvaluationPeriod odd = new EvaluationPeriod(Instant.parse("2026-11-01T00:00:00.5Z"), Instant.parse("2026-12-01T00:00:00Z"));
        assertThatThrownBy(() -> index.evaluate(odd, Grouping.ALL, NOW, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole seconds");
    }

    @Test
    void memoryGrowsWithTheHighestId() {
        EvaluationIndex index = new EvaluationIndex();
        long empty = index.memoryBytes();
        index.put(100_000, CaseEvaluatorTest.A, 300);
        assertEquals(1, index.size());
        // 57 bytes a slot up to the id
        assertThat(index.memoryBytes() - empty).isGreaterThan(57L * (100_000 - 1024));
    }
}
