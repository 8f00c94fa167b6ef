package org.gridwatch.inspection;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The patrol part of the summary, density and trend requests without a store or HTTP: {@link PatrolIndex} filled
 * with the patrols {@code InspectionLoader} writes for the benchmark city (one per small grid and month: 240,000
 * for 20,000 grids), in the order the keeper reads them (by id), the heap it takes (used heap after a full GC,
 * before and after filling, and its own count), and the time of what a request adds up: patrols and tracked metres
 * per grid for the year (summary, density table) and 53 weeks of tracked metres of the district (trend).
 *
 * <pre>
 * MAVEN_OPTS=-Xmx1g mvn -q test-compile exec:java -Dexec.mainClass=org.gridwatch.inspection.PatrolIndexBenchmark \
 *      -Dexec.classpathScope=test -Dexec.args="--grids 20000"
 * </pre>
 */
public final class PatrolIndexBenchmark {

    private static final int MONTHS = 12, ROUNDS = 7;

    private PatrolIndexBenchmark() {
    }

    public static void main(String[] args) {
        int grids = args.length >= 2 && args[0].equals("--grids") ? Integer.parseInt(args[1]) : 20_000;
        Instant end = Instant.parse("2026-12-06T16:00:00Z");
        Instant start = end.minusSeconds(365L * 86400);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        PatrolIndex index = new PatrolIndex();
        long t0 = System.nanoTime();
        List<PatrolIndex.Row> batch = new ArrayList<>(10_000);
        long id = 0;
        for (int month = 0; month < MONTHS; month++) {
            for (int g = 0; g < grids; g++) {
                Instant at = start.plusSeconds(month * 30L * 86400 + (g % 28) * 86400L + 9 * 3600);
                batch.add(new PatrolIndex.Row(++id, String.format("S%05d", g), InspectionIndex.Row.micros(at),
                        300 + (g * 37 % 200), true));
                if (batch.size() == 10_000) {
                    index.addAll(batch);
                    batch.clear();
                }
            }
        }
        index.addAll(batch);
        long filled = System.nanoTime() - t0;
        long after = usedAfterGc(memory);
        System.out.printf("%,d patrols of %,d grids filled in %,d ms; heap %,d KiB more after a full GC; the index "
                        + "counts %,d bytes (spare capacity included)%n", index.size(), grids, filled / 1_000_000,
                (after - before) >> 10, index.retainedBytes());
        long from = InspectionIndex.Row.micros(start), to = InspectionIndex.Row.micros(end);
        time("patrols and metres per grid, the year", () -> PatrolCounter.byGrid(index, from, to).size());
        long[] weeks = new long[54];
        for (int w = 0; w < weeks.length; w++) weeks[w] = from + w * 7L * 86400 * 1_000_000;
        time("tracked metres of 53 weeks, district", () -> (long) PatrolCounter.trackedMetres(index, weeks, null)[10]);
        System.out.println("(index kept alive: " + index.size() + ")");
    }

    private static void time(String what, LongSupplier run) {
        long[] nanos = new long[ROUNDS];
        long check = 0;
        for (int r = 0; r < ROUNDS; r++) {
            long t = System.nanoTime();
            check += run.getAsLong();
            nanos[r] = System.nanoTime() - t;
        }
        long first = nanos[0];
        Arrays.sort(nanos);
        System.out.printf("%-50s first %7.1f ms, median %7.1f ms, max %7.1f ms (%d rounds; %d)%n", what, first / 1e6,
                nanos[ROUNDS / 2] / 1e6, nanos[ROUNDS - 1] / 1e6, ROUNDS, check);
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
