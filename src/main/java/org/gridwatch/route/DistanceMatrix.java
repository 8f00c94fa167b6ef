package org.gridwatch.route;

import java.util.Arrays;

/**
 * A symmetric matrix of travel costs between {@code n} places, held flat in one {@code double[]}
 * (8·n² bytes: 8 MB for 1,000 places). Costs are whatever unit the caller chose (metres for
 * routes, TSPLIB units in the benchmark); they must be finite, non-negative and symmetric.
 *
 * <p>Immutable after construction, so safe to share between threads.
 */
public final class DistanceMatrix {

    private final int size;
    private final double[] cost;
    private final boolean symmetric;

    private DistanceMatrix(int size, double[] cost) {
        this(size, cost, true);
    }

    private DistanceMatrix(int size, double[] cost, boolean symmetric) {
        this.size = size;
        this.cost = cost;
        this.symmetric = symmetric;
    }

    /**
     * A matrix whose costs may differ by direction ({@code costs[i][j]}: from i to j), as a vehicle's
     * on one-way streets. Costs must be finite and non-negative.
     */
    public static DistanceMatrix directed(double[][] costs) {
        int n = costs.length;
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            if (costs[i].length != n) throw new IllegalArgumentException("the cost array must be square");
            for (int j = 0; j < n; j++) {
                double v = i == j ? 0 : costs[i][j];
                if (!(v >= 0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("cost " + i + "→" + j + " must be finite and ≥ 0, was " + v);
                }
                c[i * n + j] = v;
            }
        }
        return new DistanceMatrix(n, c, false);
    }

    /** False when costs may differ by direction ({@link #directed}). */
    public boolean symmetric() {
        return symmetric;
    }

    /** A matrix built from a cost function, evaluated once per unordered pair. */
    public static DistanceMatrix of(int size, PairCost f) {
        if (size < 0) throw new IllegalArgumentException("size must not be negative: " + size);
        double[] c = new double[size * size];
        for (int i = 0; i < size; i++) {
            for (int j = i + 1; j < size; j++) {
                double v = f.cost(i, j);
                if (!(v >= 0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("cost " + i + "→" + j + " must be finite and ≥ 0, was " + v);
                }
                c[i * size + j] = v;
                c[j * size + i] = v;
            }
        }
        return new DistanceMatrix(size, c);
    }

    /** Straight-line (Euclidean) distances between planar points, in the points' unit. */
    public static DistanceMatrix euclidean(double[] xs, double[] ys) {
        if (xs.length != ys.length) throw new IllegalArgumentException("xs and ys differ in length");
        return of(xs.length, (i, j) -> Math.hypot(xs[i] - xs[j], ys[i] - ys[j]));
    }

    /** A copy of a square, symmetric array of costs. */
    public static DistanceMatrix of(double[][] costs) {
        for (double[] row : costs) {
            if (row.length != costs.length) throw new IllegalArgumentException("the cost array must be square");
        }
        for (int i = 0; i < costs.length; i++) {
            for (int j = 0; j < i; j++) {
                if (costs[i][j] != costs[j][i]) {
                    throw new IllegalArgumentException("costs must be symmetric: " + i + "," + j);
                }
            }
        }
        return of(costs.length, (i, j) -> costs[i][j]);
    }

    public int size() {
        return size;
    }

    public double get(int i, int j) {
        return cost[i * size + j];
    }

    /** The sub-matrix over {@code places} (in that order). */
    public DistanceMatrix select(int[] places) {
        if (!symmetric) {
            double[][] c = new double[places.length][places.length];
            for (int i = 0; i < places.length; i++) for (int j = 0; j < places.length; j++) c[i][j] = get(places[i], places[j]);
            return directed(c);
        }
        return of(places.length, (i, j) -> get(places[i], places[j]));
    }

    /** The largest cost in the matrix (0 when it has fewer than two places). */
    public double max() {
        return Arrays.stream(cost).max().orElse(0);
    }

    /** Length of a closed tour (back to its first place) or an open path, in the matrix's unit. */
    public double length(int[] order, boolean closed) {
        double sum = 0;
        for (int i = 1; i < order.length; i++) sum += get(order[i - 1], order[i]);
        if (closed && order.length > 1) sum += get(order[order.length - 1], order[0]);
        return sum;
    }

    /** Cost between places {@code i < j}. */
    @FunctionalInterface
    public interface PairCost {
        double cost(int i, int j);
    }
}
