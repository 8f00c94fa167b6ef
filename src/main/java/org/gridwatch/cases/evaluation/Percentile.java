package org.gridwatch.cases.evaluation;

import java.util.Arrays;

/**
 * The continuous percentile of SQL's {@code percentile_cont}: with the {@code n} values sorted, the value
 * at rank {@code p·(n−1)}, interpolated linearly between the two neighbouring values. PostgreSQL and H2
 * compute the same, so the SQL aggregation and this class agree.
 */
public final class Percentile {

    private Percentile() {
    }

    /**
     * @param values any order; not modified
     * @param p      in [0, 1]
     * @return the percentile, or null for no values
     */
    public static Double cont(long[] values, double p) {
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException("p must be in [0, 1]: " + p);
        }
        if (values.length == 0) {
            return null;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        double rank = p * (sorted.length - 1);
        int lower = (int) Math.floor(rank);
        int upper = Math.min(lower + 1, sorted.length - 1);
        double fraction = rank - lower;
        return sorted[lower] + fraction * (sorted[upper] - sorted[lower]);
    }
}
