package org.gridwatch.ranking;

/**
 * How the monthly score is combined: {@code spotCheck} + {@code comprehensive} = 1 (日常考核 75 %, 综合评议
 * 25 % by default); inside the comprehensive part the case figures weigh {@code caseShare} and the density
 * levels the rest.
 */
public record RankingWeights(double spotCheck, double comprehensive, double caseShare) {

    public static final RankingWeights DEFAULT = new RankingWeights(0.75, 0.25, 0.5);

    private static final double TOLERANCE = 1e-9;

    /** Null when the weights are usable, else the English reason (the service turns it into a 400). */
    public String problem() {
        if (!finiteIn01(spotCheck) || !finiteIn01(comprehensive) || !finiteIn01(caseShare)) {
            return "every weight must be between 0 and 1";
        }
        if (Math.abs(spotCheck + comprehensive - 1) > TOLERANCE) return "the two weights must add up to 1";
        return null;
    }

    private static boolean finiteIn01(double v) {
        return Double.isFinite(v) && v >= 0 && v <= 1;
    }
}
