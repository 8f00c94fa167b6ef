package org.gridwatch.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class PatrolSplitterTest {

    private final TspSolver solver = new TspSolver(3, Duration.ofSeconds(5), 0);

    private static DistanceMatrix random(long seed, int n) {
        return RandomSquare.distances("PatrolSplitterTest", seed, n);
    }

    /** The true min-max over every assignment of stops to two patrollers from start 0, each route exact. */
    private double bruteForceTwo(DistanceMatrix d, int[] stops, boolean closed) {
        double best = Double.POSITIVE_INFINITY;
        for (int mask = 0; mask < (1 << stops.length); mask++) {
            List<Integer> a = new ArrayList<>();
            List<Integer> b = new ArrayList<>();
            for (int i = 0; i < stops.length; i++) ((mask & (1 << i)) != 0 ? a : b).add(stops[i]);
            double la = PatrolSplitter.solve(d, 0, a, closed, solver).length();
            double lb = PatrolSplitter.solve(d, 0, b, closed, solver).length();
            best = Math.min(best, Math.max(la, lb));
        }
        return best;
    }

    private static void assertEveryStopOnce(List<PatrolSplitter.Route> routes, int[] starts, int[] stops) {
        List<Integer> seen = new ArrayList<>();
        for (int p = 0; p < routes.size(); p++) {
            int[] order = routes.get(p).order();
            assertThat(order[0]).isEqualTo(starts[p]);
            for (int i = 1; i < order.length; i++) seen.add(order[i]);
        }
        assertThat(seen.stream().sorted().mapToInt(Integer::intValue).toArray())
                .isEqualTo(Arrays.stream(stops).sorted().toArray());
    }

    @Test
    void twoPatrollersFromOneStartComeCloseToTheBruteForceOptimum() {
        for (long seed = 1; seed <= 6; seed++) {
            DistanceMatrix d = random(seed, 9);
            int[] stops = {1, 2, 3, 4, 5, 6, 7, 8};
            for (boolean closed : new boolean[]{true, false}) {
                int[] starts = {0, 0};
                List<PatrolSplitter.Route> routes = PatrolSplitter.split(d, starts, stops, closed, solver);
                assertEveryStopOnce(routes, starts, stops);
                double longest = routes.stream().mapToDouble(PatrolSplitter.Route::length).max().orElseThrow();
                double optimum = bruteForceTwo(d, stops, closed);
                assertThat(longest).as("seed %d closed %s", seed, closed)
                        .isGreaterThanOrEqualTo(optimum - 1e-9).isLessThanOrEqualTo(optimum * 1.10);
            }
        }
    }

    @Test
    void splittingShortensTheLongestRouteAndSeparateStartsKeepTheirOwnStops() {
        DistanceMatrix d = random(77, 83);
        int[] stops = new int[80];
        for (int i = 0; i < 80; i++) stops[i] = i + 3;
        double alone = PatrolSplitter.split(d, new int[]{0}, stops, true, solver).get(0).length();
        int[] starts = {0, 1, 2};
        List<PatrolSplitter.Route> three = PatrolSplitter.split(d, starts, stops, true, solver);
        assertEveryStopOnce(three, starts, stops);
        double longest = three.stream().mapToDouble(PatrolSplitter.Route::length).max().orElseThrow();
        // Three people share one tour's work: the longest of three is well under the single round.
        assertThat(longest).isLessThan(alone * 0.6);
    }

    @Test
    void morePatrollersThanStopsLeavesSomeAtHome() {
        DistanceMatrix d = random(5, 3);
        int[] starts = {0, 0, 0, 0};
        List<PatrolSplitter.Route> routes = PatrolSplitter.split(d, starts, new int[]{1, 2}, true, solver);
        assertEveryStopOnce(routes, starts, new int[]{1, 2});
        assertThat(routes.stream().filter(r -> r.order().length == 1).count()).isEqualTo(2);
    }
}
