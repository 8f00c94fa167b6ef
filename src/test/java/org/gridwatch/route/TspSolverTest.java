package org.gridwatch.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class TspSolverTest {

    private static final double EXACT = 1e-9;
    private final TspSolver solver = new TspSolver(7, Duration.ofSeconds(5), 0);

    /** Random points in a 1000 × 1000 square; the seed is printed so a failure can be replayed. */
    private static DistanceMatrix random(long seed, int n) {
        return RandomSquare.distances("TspSolverTest", seed, n);
    }

    /** The optimum by trying every order of places 1..n-1 after place {@code start}. */
    private static double bruteForce(DistanceMatrix d, int start, boolean closed) {
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) if (i != start) rest.add(i);
        return permute(d, start, rest, new int[d.size()], 1, closed, new boolean[rest.size()]);
    }

    private static double permute(DistanceMatrix d, int start, List<Integer> rest, int[] order, int depth, boolean closed,
                                  boolean[] used) {
        order[0] = start;
        if (depth == order.length) return d.length(order, closed);
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < rest.size(); i++) {
            if (used[i]) continue;
            used[i] = true;
            order[depth] = rest.get(i);
            best = Math.min(best, permute(d, start, rest, order, depth + 1, closed, used));
            used[i] = false;
        }
        return best;
    }

    private static void assertPermutation(int[] order, int n, int start) {
        assertThat(order[0]).isEqualTo(start);
        assertThat(Arrays.stream(order).sorted().toArray()).isEqualTo(java.util.stream.IntStream.range(0, n).toArray());
    }

    @Test
    void smallInstancesMatchBruteForceClosedAndOpen() {
        for (long seed = 1; seed <= 12; seed++) {
            int n = 2 + (int) (seed % 8); // 3..9 places
            DistanceMatrix d = random(seed, n);
            int start = (int) (seed % n);
            TspSolver.Tour closed = solver.closedTour(d, start);
            assertPermutation(closed.order(), n, start);
            assertThat(closed.length()).isCloseTo(bruteForce(d, start, true), within(EXACT));
            TspSolver.Tour open = solver.openPath(d, start);
            assertPermutation(open.order(), n, start);
            assertThat(open.length()).isCloseTo(bruteForce(d, start, false), within(EXACT));
            assertThat(open.length()).isLessThanOrEqualTo(closed.length());
        }
    }

    @Test
    void localSearchFindsTheHeldKarpOptimumOnMidSizedInstances() {
        // 13–16 places are past the exact threshold, so this exercises 2-opt/Or-opt and the kicks;
        // the reference is the exact dynamic programme, itself checked against brute force above.
        for (long seed = 100; seed < 108; seed++) {
            int n = 13 + (int) (seed % 4);
            DistanceMatrix d = random(seed, n);
            double[] w = new double[n * n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) w[i * n + j] = d.get(i, j);
            int[] exact = TspSolver.HeldKarp.cycle(w, n);
            double optimum = d.length(exact, true);
            TspSolver.Tour tour = solver.closedTour(d, 3);
            assertPermutation(tour.order(), n, 3);
            assertThat(tour.length()).as("seed %d", seed).isCloseTo(optimum, within(1e-6));
        }
    }

    @Test
    void openPathOnALineEndsAtTheFarEnd() {
        // 0 — 1 — 2 — … — 19 on a line, start at 5: the best open walk goes down to 0 then up to 19.
        int n = 20;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) xs[i] = i * 10;
        TspSolver.Tour open = solver.openPath(DistanceMatrix.euclidean(xs, ys), 5);
        assertPermutation(open.order(), n, 5);
        assertThat(open.length()).isCloseTo(5 * 10 + 19 * 10, within(EXACT));
        assertThat(open.order()[n - 1]).isEqualTo(19);
    }

    @Test
    void sameSeedSameTour() {
        DistanceMatrix d = random(42, 200);
        TspSolver a = new TspSolver(5, Duration.ofSeconds(30), 3000);
        TspSolver b = new TspSolver(5, Duration.ofSeconds(30), 3000);
        assertThat(a.closedTour(d, 0).order()).isEqualTo(b.closedTour(d, 0).order());
    }

    @Test
    void randomUniformInstanceBeatsTwoOptFromNearestNeighbourByAMargin() {
        // No optimum is known here; the Beardwood–Halton–Hammersley constant (≈0.7124·√(n·A)) is the
        // asymptotic optimum for uniform points, and a good tour lies within a few per cent above it.
        int n = 400;
        DistanceMatrix d = random(9, n);
        TspSolver.Tour tour = solver.closedTour(d, 0);
        assertPermutation(tour.order(), n, 0);
        double bhh = 0.7124 * Math.sqrt(n * 1000.0 * 1000.0);
        assertThat(tour.length()).isLessThan(bhh * 1.10);
    }

    @Test
    void tsplibQualityWhenTheSharedInstancesArePresent() throws IOException {
        Path dir = Path.of("../shared/bench/tsplib");
        assumeTrue(Files.isRegularFile(dir.resolve("eil51.tsp")), "no TSPLIB instances at " + dir.toAbsolutePath());
        checkTsplib(dir.resolve("eil51.tsp"), 426);
        checkTsplib(dir.resolve("kroA100.tsp"), 21282);
    }

    private void checkTsplib(Path file, long optimum) throws IOException {
        List<double[]> nodes = new ArrayList<>();
        boolean coords = false;
        for (String line : Files.readAllLines(file)) {
            String t = line.trim();
            if (t.startsWith("NODE_COORD_SECTION")) coords = true;
            else if (t.startsWith("EOF")) break;
            else if (coords && !t.isEmpty()) {
                String[] f = t.split("\\s+");
                nodes.add(new double[]{Double.parseDouble(f[1]), Double.parseDouble(f[2])});
            }
        }
        DistanceMatrix d = DistanceMatrix.of(nodes.size(), (i, j) -> Math.floor(
                Math.hypot(nodes.get(i)[0] - nodes.get(j)[0], nodes.get(i)[1] - nodes.get(j)[1]) + 0.5));
        double length = solver.closedTour(d, 0).length();
        assertThat(length).as(file.getFileName().toString()).isGreaterThanOrEqualTo(optimum).isLessThanOrEqualTo(optimum * 1.02);
    }
}
