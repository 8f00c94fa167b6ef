package org.gridwatch.exchange;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Progress and cancellation of the exchange job running on this thread. The export and import loops call
 * {@link #tick()} once a record; outside a job it does nothing. A thread-local keeps the services'
 * signatures as they are (another branch speeds those loops up), at the price of one look-up a record.
 */
final class JobProgress {

    /** Thrown from {@link #tick()} when the job was cancelled; unwinds the loop (and rolls back an import). */
    static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    private static final ThreadLocal<JobProgress> CURRENT = new ThreadLocal<>();

    final AtomicLong done = new AtomicLong();
    final AtomicLong total = new AtomicLong();
    final AtomicBoolean cancelled = new AtomicBoolean();

    static void attach(JobProgress p) {
        CURRENT.set(p);
    }

    static void detach() {
        CURRENT.remove();
    }

    /** Counts one record of the current job; throws {@link Cancelled} once the job is cancelled. */
    static void tick() {
        JobProgress p = CURRENT.get();
        if (p == null) return;
        if (p.cancelled.get()) throw new Cancelled();
        p.done.incrementAndGet();
    }

    /** Throws {@link Cancelled} if the current job was cancelled: the last chance before an import commits. */
    static void checkCancelled() {
        JobProgress p = CURRENT.get();
        if (p != null && p.cancelled.get()) throw new Cancelled();
    }

    /** Whether the job running on this thread (captured now) was cancelled; always false outside a job. */
    static java.util.function.BooleanSupplier cancellation() {
        JobProgress p = CURRENT.get();
        return p == null ? () -> false : p.cancelled::get;
    }

    /** Sets the current job's total, when known. */
    static void total(long n) {
        JobProgress p = CURRENT.get();
        if (p != null) p.total.set(n);
    }

    /** {@code sink} counting each record it receives. */
    static <T> Consumer<T> counting(Consumer<T> sink) {
        if (CURRENT.get() == null) return sink;
        return r -> {
            tick();
            sink.accept(r);
        };
    }
}
