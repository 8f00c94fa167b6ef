package org.gridwatch.ranking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The monthly score and rank of each large grid (docs/ranking.md):
 * <pre>
 *   spot      = mean of the month's spot-check scores (0–100)
 *   cases     = 100 × handled on time / handled, over the cases handled in the month
 *   density   = mean over the judged vectors of A 100, B 90, C 80, below C 60
 *   comp      = cases × caseShare + density × (1 − caseShare)
 *   score     = spot × w_spot + comp × w_comp
 * </pre>
 * A part without data (no spot check, no case handled, no vector judged) drops out and the parts that
 * have data carry its weight, so a grid is not punished for having no cases; {@link Row#missing()} names
 * the parts that dropped out, and a grid with no part at all gets no score and no rank. Scores are
 * rounded to two decimals before ranking, so that grids the bulletin shows as equal share a rank.
 * Stateless, thread-safe.
 */
public final class MonthlyScoreCalculator {

    /** Points of a density grade (A, B, C, FAIL) in the density part. */
    public static double gradePoints(String grade) {
        return switch (grade) {
            case "A" -> 100;
            case "B" -> 90;
            case "C" -> 80;
            case "FAIL" -> 60;
            default -> throw new IllegalArgumentException("not a judged grade: " + grade);
        };
    }

    /**
     * What is known of one large grid in one month.
     *
     * @param spotScores   the month's spot-check scores, each 0–100
     * @param handled      cases handled in the month (0: no case part)
     * @param handledOnTime of those, handled within their deadline
     * @param grades       the judged density grades of its vectors (A, B, C, FAIL); empty: no density part
     */
    public record Input(String code, String name, List<Double> spotScores, long handled, long handledOnTime,
                        List<String> grades) {
    }

    /** A grid's line of the ranking; parts and score null when they have no data, rank 0 without a score. */
    public record Row(String code, String name, int spotChecks, Double spot, Double cases, Double density,
                      Double comprehensive, Double score, int rank, List<String> missing) {
    }

    private MonthlyScoreCalculator() {
    }

    /** The rows, ranked (highest score first; grids without a score last, by code). */
    public static List<Row> rank(Collection<Input> inputs, RankingWeights w) {
        List<Row> rows = new ArrayList<>();
        for (Input in : inputs) rows.add(score(in, w));
        rows.sort(Comparator.comparing((Row r) -> r.score() == null)
                .thenComparing(r -> r.score() == null ? 0 : -r.score())
                .thenComparing(Row::code));
        List<Row> ranked = new ArrayList<>(rows.size());
        int rank = 0;
        Double previous = null;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (r.score() != null && !r.score().equals(previous)) rank = i + 1;
            previous = r.score();
            ranked.add(new Row(r.code(), r.name(), r.spotChecks(), r.spot(), r.cases(), r.density(), r.comprehensive(),
                    r.score(), r.score() == null ? 0 : rank, r.missing()));
        }
        return ranked;
    }

    /** One grid's row, unranked. */
    public static Row score(Input in, RankingWeights w) {
        List<String> missing = new ArrayList<>();
        Double spot = in.spotScores().isEmpty() ? null
                : in.spotScores().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        if (spot == null) missing.add("spot");
        Double cases = in.handled() > 0 ? 100.0 * in.handledOnTime() / in.handled() : null;
        if (cases == null) missing.add("cases");
        Double density = in.grades().isEmpty() ? null
                : in.grades().stream().mapToDouble(MonthlyScoreCalculator::gradePoints).average().orElseThrow();
        if (density == null) missing.add("density");
        Double comprehensive = weighted(cases, w.caseShare(), density, 1 - w.caseShare());
        Double score = weighted(spot, w.spotCheck(), comprehensive, w.comprehensive());
        return new Row(in.code(), in.name(), in.spotScores().size(), round(spot), round(cases), round(density),
                round(comprehensive), round(score), 0, List.copyOf(missing));
    }

    /** a·wa + b·wb with the weight of a missing (null) value moved to the other; null when both are missing. */
    static Double weighted(Double a, double wa, Double b, double wb) {
        if (a == null && b == null) return null;
        if (a == null) return b;
        if (b == null) return a;
        if (wa + wb == 0) return (a + b) / 2;
        return (a * wa + b * wb) / (wa + wb);
    }

    static Double round(Double v) {
        return v == null ? null : Math.round(v * 100) / 100.0;
    }
}
