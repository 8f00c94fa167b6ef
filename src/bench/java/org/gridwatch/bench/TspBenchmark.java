package org.gridwatch.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.gridwatch.route.DistanceMatrix;
import org.gridwatch.route.TspSolver;

/**
 * Tour quality and speed of {@link TspSolver} on the TSPLIB instances in
 * {@code ../shared/bench/tsplib} (or the folder given as the first argument): per instance the tour
 * length, the proven optimum, the gap and the time, then the mean gap. Distances are TSPLIB's
 * EUC_2D, {@code nint(sqrt(dx²+dy²))}. Each instance is solved once after one warm-up solve of
 * the first instance, so the JIT is not billed to the smallest instance.
 *
 * <pre>mvn -q -B test-compile exec:java -Dexec.mainClass=org.gridwatch.bench.TspBenchmark [-Dexec.args="DIR SEED"]</pre>
 */
public final class TspBenchmark {

    private TspBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/bench/tsplib");
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        if (!Files.isRegularFile(dir.resolve("optimal.txt"))) {
            System.out.println("TSPLIB part skipped: no TSPLIB instances at " + dir.toAbsolutePath()
                    + " (expected optimal.txt and *.tsp there)");
        } else {
            tsplib(dir, seed);
        }
        unseen(seed);
    }

    /**
     * Instances the solver was never tuned on: uniform, clustered and street-lattice layouts of
     * 200, 500 and 1,000 stops over 10 km. No optimum is known, so each tour is compared with the
     * best of three independent runs given ten times the search (a reference, not a proof).
     */
    static void unseen(long seed) {
        System.out.printf(Locale.ROOT, "%nunseen layouts: gap to the best of 3 runs with 10x the kicks (not a proven optimum)%n");
        System.out.printf(Locale.ROOT, "%-10s %6s %12s %12s %7s %9s%n", "layout", "nodes", "tour", "reference", "gap%", "time(s)");
        double gapSum = 0, worst = 0;
        int count = 0;
        for (String layout : List.of("uniform", "clustered", "lattice")) {
            for (int n : new int[]{200, 500, 1000}) {
                double[][] xy = layout(layout, n, new java.util.SplittableRandom(seed * 1_000 + n + layout.hashCode()));
                DistanceMatrix d = DistanceMatrix.euclidean(xy[0], xy[1]);
                long started = System.nanoTime();
                double length = new TspSolver(seed, Duration.ofSeconds(10), 0).closedTour(d, 0).length();
                double seconds = (System.nanoTime() - started) / 1e9;
                double reference = Double.POSITIVE_INFINITY;
                for (long s2 = 101; s2 <= 103; s2++) {
                    reference = Math.min(reference,
                            new TspSolver(s2, Duration.ofSeconds(60), 10 * (2000 + 60 * n)).closedTour(d, 0).length());
                }
                reference = Math.min(reference, length);
                double gap = 100 * (length - reference) / reference;
                gapSum += gap;
                worst = Math.max(worst, gap);
                count++;
                System.out.printf(Locale.ROOT, "%-10s %6d %12.0f %12.0f %7.2f %9.3f%n", layout, n, length, reference, gap, seconds);
            }
        }
        System.out.printf(Locale.ROOT, "mean gap %.2f%%, worst %.2f%% over %d unseen instances (seed %d)%n",
                gapSum / count, worst, count, seed);
    }

    /** Coordinates in metres over a 10 km square. */
    static double[][] layout(String kind, int n, java.util.SplittableRandom random) {
        double[] xs = new double[n], ys = new double[n];
        double[][] centres = new double[10][];
        for (int c = 0; c < centres.length; c++) centres[c] = new double[]{random.nextDouble(10_000), random.nextDouble(10_000)};
        for (int i = 0; i < n; i++) {
            switch (kind) {
                case "uniform" -> {
                    xs[i] = random.nextDouble(10_000);
                    ys[i] = random.nextDouble(10_000);
                }
                case "clustered" -> {
                    double[] c = centres[random.nextInt(centres.length)];
                    xs[i] = c[0] + random.nextGaussian() * 300;
                    ys[i] = c[1] + random.nextGaussian() * 300;
                }
                default -> {
                    // Stops along a 200 m street lattice: one coordinate on a street line, a few metres off it.
                    double along = random.nextDouble(10_000), street = 200 * random.nextInt(51) + random.nextDouble(-5, 5);
                    boolean eastWest = random.nextBoolean();
                    xs[i] = eastWest ? along : street;
                    ys[i] = eastWest ? street : along;
                }
            }
        }
        return new double[][]{xs, ys};
    }

    static void tsplib(Path dir, long seed) throws IOException {
        Map<String, Long> optimum = Tsplib.optima(dir.resolve("optimal.txt"));
        List<Tsplib.Instance> instances = new ArrayList<>();
        for (String name : optimum.keySet()) {
            Path file = dir.resolve(name + ".tsp");
            if (Files.isRegularFile(file)) instances.add(Tsplib.read(file));
        }
        instances.sort((a, b) -> Integer.compare(a.size(), b.size()));
        TspSolver solver = new TspSolver(seed, Duration.ofSeconds(10), 0);
        solver.closedTour(instances.get(0).matrix(), 0); // warm-up

        System.out.printf(Locale.ROOT, "%-10s %6s %10s %10s %7s %9s%n", "instance", "nodes", "tour", "optimum", "gap%", "time(s)");
        double gapSum = 0;
        double worst = 0;
        for (Tsplib.Instance in : instances) {
            long started = System.nanoTime();
            DistanceMatrix d = in.matrix();
            TspSolver.Tour tour = solver.closedTour(d, 0);
            double seconds = (System.nanoTime() - started) / 1e9;
            long opt = optimum.get(in.name());
            double gap = 100.0 * (tour.length() - opt) / opt;
            gapSum += gap;
            worst = Math.max(worst, gap);
            System.out.printf(Locale.ROOT, "%-10s %6d %10.0f %10d %7.2f %9.3f%n", in.name(), in.size(), tour.length(), opt,
                    gap, seconds);
        }
        System.out.printf(Locale.ROOT, "mean gap %.2f%%, worst %.2f%% over %d instances (seed %d)%n",
                gapSum / instances.size(), worst, instances.size(), seed);
    }

    /** A reader for the EUC_2D subset of TSPLIB 95. */
    static final class Tsplib {
        private Tsplib() {
        }

        record Instance(String name, double[] xs, double[] ys) {
            int size() {
                return xs.length;
            }

            /** TSPLIB EUC_2D: Euclidean distance rounded to the nearest integer. */
            DistanceMatrix matrix() {
                return DistanceMatrix.of(xs.length, (i, j) -> Math.floor(Math.hypot(xs[i] - xs[j], ys[i] - ys[j]) + 0.5));
            }
        }

        static Map<String, Long> optima(Path file) throws IOException {
            Map<String, Long> out = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.split(":");
                if (parts.length == 2) out.put(parts[0].trim(), Long.parseLong(parts[1].trim()));
            }
            return out;
        }

        static Instance read(Path file) throws IOException {
            String name = file.getFileName().toString().replaceFirst("\\.tsp$", "");
            List<double[]> nodes = new ArrayList<>();
            boolean inCoords = false;
            for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String line = raw.trim();
                if (line.isEmpty()) continue;
                if (line.startsWith("NODE_COORD_SECTION")) {
                    inCoords = true;
                } else if (line.startsWith("EOF")) {
                    break;
                } else if (line.startsWith("EDGE_WEIGHT_TYPE") && !line.contains("EUC_2D")) {
                    throw new IOException(file + ": only EUC_2D instances are supported");
                } else if (inCoords) {
                    String[] f = line.split("\\s+");
                    nodes.add(new double[]{Double.parseDouble(f[1]), Double.parseDouble(f[2])});
                }
            }
            double[] xs = new double[nodes.size()];
            double[] ys = new double[nodes.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = nodes.get(i)[0];
                ys[i] = nodes.get(i)[1];
            }
            return new Instance(name, xs, ys);
        }
    }
}
