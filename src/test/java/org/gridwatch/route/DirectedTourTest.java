package org.gridwatch.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Tours on costs that differ by direction, against every order tried. */
class DirectedTourTest {

    @Test
    void directedToursAndPathsAreTheBestOrder() {
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 20; round++) {
            int n = 4 + random.nextInt(5);
            double[][] c = new double[n][n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) if (i != j) c[i][j] = 1 + random.nextInt(100);
            DistanceMatrix d = DistanceMatrix.directed(c);
            TspSolver solver = new TspSolver(1, Duration.ofSeconds(1), 0);
            TspSolver.Tour tour = solver.closedTour(d, 0);
            assertThat(tour.order()[0]).isZero();
            assertThat(tour.order()).hasSize(n);
            assertThat(tour.length()).isCloseTo(OsmReference.bestTour(c), within(1e-9));
            TspSolver.Tour path = solver.openPath(d, 0);
            assertThat(path.order()[0]).isZero();
            assertThat(path.length()).isCloseTo(bestPath(c), within(1e-9));
        }
    }

    private static double bestPath(double[][] c) {
        int n = c.length;
        double[][] withEnd = new double[n + 1][n + 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) withEnd[i][j] = c[i][j];
            withEnd[i][n] = 0;
            withEnd[n][i] = i == 0 ? 0 : 1e9;
        }
        return OsmReference.bestTour(withEnd);
    }
}
