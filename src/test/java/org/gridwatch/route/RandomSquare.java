package org.gridwatch.route;

import java.util.Random;

/** Random points in a 1000 × 1000 square for the solver tests; the seed is printed so a failure can be replayed. */
final class RandomSquare {

    private RandomSquare() {
    }

    /** The euclidean distances between {@code n} random points drawn with {@code seed}, which {@code test} prints. */
    static DistanceMatrix distances(String test, long seed, int n) {
        System.out.println(test + " seed " + seed + ", n " + n);
        Random r = new Random(seed);
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = r.nextDouble() * 1000;
            ys[i] = r.nextDouble() * 1000;
        }
        return DistanceMatrix.euclidean(xs, ys);
    }
}
