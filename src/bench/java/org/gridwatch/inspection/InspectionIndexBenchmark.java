package org.gridwatch.inspection;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.gridwatch.summary.WorkSummaryCalculator;

/**
 * The kernel of the density and summary requests without a store or HTTP: {@link InspectionIndex} filled with a
 * year of random inspections (as {@code InspectionLoader} writes them: 20,000 small grids in 50 communities, one
 * feature visited about five times, 3 % positive, a few tally items each), the heap it takes (used heap after a
 * full GC, before and after filling, and its own count), and the time of what a request adds up: the tallies per
 * grid for the year (density), the district and its 50 communities (summary), the previous year, and 53 weekly
 * tallies (trend). In the same package as the index, which is not public. {@code RequestBenchmark} times the HTTP
 * requests on both stores.
 *
 * <pre>
 * MAVEN_OPTS=-Xmx2g mvn -q test-compile exec:java -Dexec.mainClass=org.gridwatch.inspection.InspectionIndexBenchmark \
 *      -Dexec.classpathScope=test -Dexec.args="--records 1000000"
 * </pre>
 */
public final class InspectionIndexBenchmark {

    private static final int GRIDS = 20_000, COMMUNITIES = 50, ROUNDS = 7;

    private InspectionIndexBenchmark() {
    }

    public static void main(String[] args) {
        int records = args.length >= 2 && args[0].equals("--records") ? Integer.parseInt(args[1]) : 1_000_000;
        Instant end = Instant.parse("2026-12-06T16:00:00Z");
        Instant start = end.minusSeconds(365L * 86400);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        SplittableRandom random = new SplittableRandom(22);
        int features = records / 5;
        InspectionIndex index = new InspectionIndex();
        long t0 = System.nanoTime();
        List<InspectionIndex.Row> batch = new ArrayList<>(10_000);
        for (int i = 0; i < records; i++) {
            int feature = random.nextInt(features);
            int type = feature % 4;
            boolean bad = random.nextDouble() < 0.03;
            long second = (long) ((double) i / records * 365 * 86400) + random.nextInt(3600);
            int[] items = new int[InspectionIndex.ITEMS];
            switch (type) {
                case 0 -> {
                    items[InspectionTally.Item.RODENT_SIGNS.ordinal()] = bad ? 1 : 0;
                    items[InspectionTally.Item.STATIONS.ordinal()] = 1;
                    items[InspectionTally.Item.BAIT_CHECKED.ordinal()] = 1;
                    items[InspectionTally.Item.NO_BAIT.ordinal()] = bad ? 1 : 0;
                }
                case 1 -> items[InspectionTally.Item.SMALL_WATER_POSITIVE.ordinal()] = bad ? 1 : 0;
                case 2 -> {
                    items[InspectionTally.Item.SEWER_CHECKED.ordinal()] = 1;
                    items[InspectionTally.Item.SEWER_POSITIVE.ordinal()] = bad ? 1 : 0;
                }
                default -> {
                    items[InspectionTally.Item.BINS_CHECKED.ordinal()] = 1;
                    items[InspectionTally.Item.BINS_LIDDED.ordinal()] = bad ? 0 : 1;
                    items[InspectionTally.Item.FLY_SITES.ordinal()] = 1;
                    items[InspectionTally.Item.FLY_SITES_POSITIVE.ordinal()] = bad ? 1 : 0;
                }
            }
            String kind = type == 1 ? "small_water" : type == 2 ? "sewer_well" : null;
            batch.add(new InspectionIndex.Row(i + 1, 1_000_000L + feature, grid(feature % GRIDS),
                    InspectionIndex.Row.micros(start.plusSeconds(second)), bad, bad && random.nextInt(3) == 0, kind, items));
            if (batch.size() == 10_000) {
                index.addAll(batch);
                batch.clear();
            }
        }
        index.addAll(batch);
        long fillMillis = (System.nanoTime() - t0) / 1_000_000;
        long after = usedAfterGc(memory);
        System.out.printf("%,d records of %,d features filled in %,d ms; heap %,d MiB more after a full GC; the index "
                        + "counts %,d MiB of arrays%n", index.size(), index.features(), fillMillis, (after - before) >> 20,
                index.retainedBytes() >> 20);

        long from = InspectionIndex.Row.micros(start), to = InspectionIndex.Row.micros(end);
        List<List<String>> scopes = new ArrayList<>();
        scopes.add(null);
        for (int c = 0; c < COMMUNITIES; c++) {
            List<String> codes = new ArrayList<>();
            codes.add(String.format("L-%02d", c));
            for (int g = c; g < GRIDS; g += COMMUNITIES) codes.add(grid(g));
            scopes.add(codes);
        }
        long year = 365L * 86400 * 1_000_000;
        time("tallies per grid, a year (density level=small)", () -> PeriodCounter.talliesByGrid(index, from, to).size());
        time("district + 50 communities, a year (summary)", () -> PeriodCounter.scopes(index, from, to, scopes,
                WorkSummaryCalculator.SITE_KINDS).get(0).inspections());
        time("district, the year before (summary's previous)", () -> PeriodCounter.scopes(index, from - year, from,
                Arrays.asList((List<String>) null), WorkSummaryCalculator.SITE_KINDS).get(0).inspections());
        time("district, 53 weeks one by one (trend)", () -> {
            long n = 0;
            for (int w = 0; w < 53; w++) {
                long a = from + w * 7L * 86400 * 1_000_000, b = Math.min(to, a + 7L * 86400 * 1_000_000);
                n += PeriodCounter.scopes(index, a, b, Arrays.asList((List<String>) null), List.of()).get(0).inspections();
            }
            return n;
        });
    }

    private static String grid(int g) {
        return String.format("S-%05d", g);
    }

    private static void time(String what, java.util.function.LongSupplier run) {
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
