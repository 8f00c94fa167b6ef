package org.gridwatch.cases.publicreport;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Limits how many reports one client address may send: at most {@code perWindow} in any sliding
 * {@code window} (a burst) and at most {@code perDay} in any sliding 24 hours. A refused attempt is not
 * counted (a flood does not lengthen its own wait). The answer to a refused attempt is how long until
 * the oldest counted report leaves the window, for the Retry-After header.
 *
 * <p>One street office or a school sits behind one NAT address, so the limits are per address, not per
 * person, and set with that in mind. Memory is bounded: the {@code maxAddresses} most recently seen
 * addresses are kept. Thread-safe; the clock ({@code nanoTime}) is injected for tests.
 */
public final class ReportRateLimiter {

    public record Limits(int perWindow, Duration window, int perDay, int maxAddresses) {

        public static final Limits DEFAULT = new Limits(5, Duration.ofMinutes(10), 30, 10_000);
    }

    private static final long DAY_NANOS = Duration.ofDays(1).toNanos();

    private final Limits limits;
    private final LongSupplier nanoTime;
    private final Map<String, Deque<Long>> byAddress;

    public ReportRateLimiter(Limits limits, LongSupplier nanoTime) {
        if (limits.perWindow() < 1 || limits.perDay() < 1) throw new IllegalArgumentException("limits must be ≥ 1");
        this.limits = limits;
        this.nanoTime = nanoTime;
        this.byAddress = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
                return size() > limits.maxAddresses();
            }
        };
    }

    /**
     * Counts a report from {@code address} if it is allowed now.
     *
     * @return zero when allowed (and counted), else how long the address must wait (at least a second)
     */
    public synchronized Duration tryAcquire(String address) {
        long now = nanoTime.getAsLong();
        Deque<Long> times = byAddress.computeIfAbsent(address == null ? "" : address, k -> new ArrayDeque<>());
        while (!times.isEmpty() && now - times.peekFirst() >= DAY_NANOS) times.pollFirst();
        long window = limits.window().toNanos();
        long wait = 0;
        if (times.size() >= limits.perDay()) {
            wait = times.peekFirst() + DAY_NANOS - now;
        }
        int inWindow = 0;
        Long oldestInWindow = null;
        for (var it = times.descendingIterator(); it.hasNext(); ) {
            long t = it.next();
            if (now - t >= window) break;
            inWindow++;
            oldestInWindow = t;
        }
        if (inWindow >= limits.perWindow()) {
            // The report that must leave the window is the perWindow-th newest one.
            long nth = nthNewest(times, limits.perWindow());
            wait = Math.max(wait, nth + window - now);
        }
        if (wait > 0) return Duration.ofNanos(Math.max(wait, Duration.ofSeconds(1).toNanos()));
        times.addLast(now);
        return Duration.ZERO;
    }

    private static long nthNewest(Deque<Long> times, int n) {
        int i = 0;
        for (var it = times.descendingIterator(); it.hasNext(); ) {
            long t = it.next();
            if (++i == n) return t;
        }
        throw new IllegalStateException();
    }
}
