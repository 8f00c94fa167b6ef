package org.gridwatch.ranking;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MonthlyScoreCalculatorTest {

    @Test
    void combinesThePartsWithTheDefaultWeights() {
        // spot (90 + 80) / 2 = 85; cases 100 × 3/4 = 75; density (A 100 + C 80) / 2 = 90;
        // comprehensive 75 × 0.5 + 90 × 0.5 = 82.5; score 85 × 0.75 + 82.5 × 0.25 = 84.375 → 84.38
        var row = MonthlyScoreCalculator.score(new MonthlyScoreCalculator.Input("L1", "一社区", List.of(90.0, 80.0),
                4, 3, List.of("A", "C")), RankingWeights.DEFAULT);
        assertThat(row.spot()).isEqualTo(85.0);
        assertThat(row.cases()).isEqualTo(75.0);
        assertThat(row.density()).isEqualTo(90.0);
        assertThat(row.comprehensive()).isEqualTo(82.5);
        assertThat(row.score()).isEqualTo(84.38);
        assertThat(row.missing()).isEmpty();
    }

    @Test
    void aPartWithoutDataDropsOutAndIsNamed() {
        // no case handled: comprehensive = density 60 (FAIL); score 70 × 0.75 + 60 × 0.25 = 67.5
        var row = MonthlyScoreCalculator.score(new MonthlyScoreCalculator.Input("L1", null, List.of(70.0), 0, 0,
                List.of("FAIL")), RankingWeights.DEFAULT);
        assertThat(row.cases()).isNull();
        assertThat(row.comprehensive()).isEqualTo(60.0);
        assertThat(row.score()).isEqualTo(67.5);
        assertThat(row.missing()).containsExactly("cases");
        // no spot check at all: the comprehensive part is the score
        var noSpot = MonthlyScoreCalculator.score(new MonthlyScoreCalculator.Input("L2", null, List.of(), 2, 1,
                List.of()), RankingWeights.DEFAULT);
        assertThat(noSpot.score()).isEqualTo(50.0);
        assertThat(noSpot.missing()).containsExactly("spot", "density");
    }

    @Test
    void aGridWithNothingHasNoScoreAndNoRank() {
        var rows = MonthlyScoreCalculator.rank(List.of(
                new MonthlyScoreCalculator.Input("L9", null, List.of(), 0, 0, List.of()),
                new MonthlyScoreCalculator.Input("L1", null, List.of(60.0), 0, 0, List.of())), RankingWeights.DEFAULT);
        assertThat(rows).extracting(MonthlyScoreCalculator.Row::code).containsExactly("L1", "L9");
        assertThat(rows.get(1).score()).isNull();
        assertThat(rows.get(1).rank()).isZero();
    }

    @Test
    void equalScoresShareARankAndTheNextRankSkips() {
        var rows = MonthlyScoreCalculator.rank(List.of(
                new MonthlyScoreCalculator.Input("C", null, List.of(80.0), 0, 0, List.of()),
                new MonthlyScoreCalculator.Input("A", null, List.of(90.0), 0, 0, List.of()),
                new MonthlyScoreCalculator.Input("B", null, List.of(80.0), 0, 0, List.of()),
                new MonthlyScoreCalculator.Input("D", null, List.of(70.0), 0, 0, List.of())), RankingWeights.DEFAULT);
        assertThat(rows).extracting(MonthlyScoreCalculator.Row::code).containsExactly("A", "B", "C", "D");
        assertThat(rows).extracting(MonthlyScoreCalculator.Row::rank).containsExactly(1, 2, 2, 4);
    }

    @Test
    void districtWeightsChangeTheScore() {
        var in = new MonthlyScoreCalculator.Input("L1", null, List.of(100.0), 10, 5, List.of("B"));
        // comprehensive 50 × 0.2 + 90 × 0.8 = 82; score 100 × 0.6 + 82 × 0.4 = 92.8
        assertThat(MonthlyScoreCalculator.score(in, new RankingWeights(0.6, 0.4, 0.2)).score()).isEqualTo(92.8);
    }

    @Test
    void weightsMustBeFractionsAddingUpToOne() {
        assertThat(RankingWeights.DEFAULT.problem()).isNull();
        assertThat(new RankingWeights(0.7, 0.2, 0.5).problem()).contains("add up");
        assertThat(new RankingWeights(1.5, -0.5, 0.5).problem()).contains("between");
        assertThat(new RankingWeights(Double.NaN, 0.25, 0.5).problem()).contains("between");
    }

    @Test
    void halfYearTotalIsTheMeanOfTheMonthsWithAScore() {
        var totals = PeriodTotals.rank(List.of(
                new PeriodTotals.Monthly("A", "甲", "2026-07", 80), new PeriodTotals.Monthly("A", "甲", "2026-08", 91),
                new PeriodTotals.Monthly("B", "乙", "2026-07", 85.5),
                new PeriodTotals.Monthly("C", "丙", "2026-07", 85.5), new PeriodTotals.Monthly("C", "丙", "2026-08", 85.5)));
        assertThat(totals).extracting(PeriodTotals.Total::code).containsExactly("A", "B", "C");
        assertThat(totals).extracting(PeriodTotals.Total::total).containsExactly(85.5, 85.5, 85.5);
        assertThat(totals).extracting(PeriodTotals.Total::rank).containsExactly(1, 1, 1);
        assertThat(totals.get(0).months()).isEqualTo(2);
    }

    @Test
    void spotCheckIsScoredAgainstEveryActiveItem() {
        var items = List.of(new SpotCheckScorer.Item("ENV-1", 10), new SpotCheckScorer.Item("VEC-1", 30));
        assertThat(SpotCheckScorer.check(items, Map.of("ENV-1", 8.0, "VEC-1", 30.0))).isNull();
        var total = SpotCheckScorer.total(items, Map.of("ENV-1", 8.0, "VEC-1", 21.5));
        assertThat(total.points()).isEqualTo(29.5);
        assertThat(total.maxPoints()).isEqualTo(40.0);
        assertThat(total.score()).isEqualTo(73.75);
        assertThat(SpotCheckScorer.check(items, Map.of("ENV-1", 8.0)).key()).isEqualTo("ranking.spotCheck.item.missing");
        assertThat(SpotCheckScorer.check(items, Map.of("ENV-1", 11.0, "VEC-1", 1.0)).key())
                .isEqualTo("ranking.spotCheck.item.points");
        assertThat(SpotCheckScorer.check(items, Map.of("ENV-1", -1.0, "VEC-1", 1.0)).key())
                .isEqualTo("ranking.spotCheck.item.points");
        assertThat(SpotCheckScorer.check(items, Map.of("ENV-1", 1.25, "VEC-1", 1.0)).key())
                .isEqualTo("ranking.spotCheck.item.points");
        assertThat(SpotCheckScorer.check(items, Map.of("ENV-1", 1.0, "VEC-1", 1.0, "X", 1.0)).key())
                .isEqualTo("ranking.spotCheck.item.unknown");
        assertThat(SpotCheckScorer.check(List.of(), Map.of()).key()).isEqualTo("ranking.checklist.empty");
    }
}
