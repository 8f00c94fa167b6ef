package org.gridwatch.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.gridwatch.cases.evaluation.CaseFacts;
import org.gridwatch.cases.evaluation.EvaluationIndex;
import org.gridwatch.cases.evaluation.EvaluationPeriod;
import org.gridwatch.cases.evaluation.Grouping;

/**
 * The kernel of the case evaluation without a store or HTTP: {@link EvaluationIndex} filled with a year of
 * random cases over 20,000 small grids (as many as {@link CaseBenchmark}'s), the heap it takes (used heap
 * after a full GC, before and after filling), and the time of one evaluation by small grid, by department and
 * in total for the year. {@link CaseBenchmark} times the HTTP request on both stores.
 *
 * <pre>
 * MAVEN_OPTS=-Xmx1g mvn -q test-compile exec:java -Dexec.mainClass=org.gridwatch.bench.EvaluationIndexBenchmark \
 *      -Dexec.args="--cases 1000000"
 * </pre>
 */
public final class EvaluationIndexBenchmark {

    private EvaluationIndexBenchmark() {
    }

    public static void main(String[] args) {
        int cases = args.length >= 2 && args[0].equals("--cases") ? Integer.parseInt(args[1]) : 1_000_000;
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        LocalDate last = LocalDate.of(2026, 12, 6);
        LocalDate first = last.minusDays(364);
        Instant start = first.atStartOfDay(zone).toInstant();
        Instant now = last.plusDays(1).atStartOfDay(zone).toInstant().minusSeconds(3600);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        SplittableRandom random = new SplittableRandom(21);
        EvaluationIndex index = new EvaluationIndex();
        long t0 = System.nanoTime();
        for (int id = 1; id <= cases; id++) {
            int grid = random.nextInt(20_000);
            Instant reported = start.plusSeconds(random.nextLong(365L * 86400));
            Instant registered = reported.plusSeconds(random.nextInt(7200));
            Instant dispatched = registered.plusSeconds(random.nextInt(7200));
            Instant handled = dispatched.plusSeconds(random.nextInt(3 * 86400));
            boolean done = handled.isBefore(now);
            Instant verified = done ? handled.plusSeconds(random.nextInt(86400)) : null;
            Instant closed = verified != null && verified.isBefore(now) ? verified.plusSeconds(random.nextInt(86400)) : null;
            boolean isClosed = closed != null && closed.isBefore(now);
            CaseFacts c = new CaseFacts(isClosed ? "closed" : done ? "handled" : "dispatched", "class" + random.nextInt(8),
                    "field", String.format("S-%05d", grid), String.format("L-%02d", grid / 400), "dept" + random.nextInt(10),
                    "person" + random.nextInt(300), null, null, reported, registered, dispatched, done ? handled : null,
                    isClosed ? verified : null, isClosed ? closed : null, dispatched.plus(Duration.ofHours(30)),
                    reported.plus(Duration.ofDays(4)), isClosed ? null : dispatched.plus(Duration.ofHours(30)),
                    random.nextInt(12) == 0 ? 1 : 0);
            index.put(id, c, done ? random.nextInt(3000) : null);
        }
        long filled = System.nanoTime() - t0;
        System.gc();
        long after = memory.getHeapMemoryUsage().getUsed();
        System.out.printf("%,d cases put in %.1f s; arrays %.1f MiB (memoryBytes); heap used after GC %.1f -> %.1f MiB "
                        + "(+%.1f MiB)%n", index.size(), filled / 1e9, index.memoryBytes() / 1048576.0, before / 1048576.0,
                after / 1048576.0, (after - before) / 1048576.0);
        EvaluationPeriod year = EvaluationPeriod.ofDays(first, last, zone);
        for (Grouping g : new Grouping[]{Grouping.SMALL_GRID, Grouping.DEPARTMENT, Grouping.ALL}) {
            long[] nanos = new long[25];
            int rows = 0;
            for (int i = 0; i < nanos.length; i++) {
                long s = System.nanoTime();
                rows = index.evaluate(year, g, now, null, null).rows().size();
                nanos[i] = System.nanoTime() - s;
            }
            long firstRun = nanos[0];
            long[] warm = Arrays.copyOfRange(nanos, 5, nanos.length);
            Arrays.sort(warm);
            System.out.printf("evaluate by %-10s %,6d rows: first %.1f ms, warm p50 %.1f ms, p95 %.1f ms%n", g.key(), rows,
                    firstRun / 1e6, warm[warm.length / 2] / 1e6, warm[(int) Math.ceil(warm.length * 0.95) - 1] / 1e6);
        }
        // keep the index reachable until here, so the GC above could not take it
        if (index.size() != cases) throw new IllegalStateException("size " + index.size());
    }
}
