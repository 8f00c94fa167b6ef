package org.gridwatch.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * How the embedded H2 store writes, so that a killed process leaves every transaction whole or absent.
 *
 * <p>H2 2.4.240 stores its maps to the file while writers run (a background thread every WRITE_DELAY, or
 * any writer whose unsaved changes pass a threshold), and such a store does not capture the maps of a
 * transaction under way at one instant: a row's undo record can be missed while the row is stored. After
 * a kill H2 then rolls back what its undo log names and keeps the rest as if committed —
 * {@code CrashSafetyTest} found rows of a bulk that never committed. A store made while no other write
 * is under way captures every transaction whole. Hence, on H2 (the URL sets WRITE_DELAY=0: no background
 * writer):
 * <ul>
 *   <li>transactions that write run one at a time (a fair lock from begin to the commit; readers do not
 *       wait), so the stores a large write makes in its own thread see nothing else half done;</li>
 *   <li>a write is acknowledged (its transaction call returns) only after a store (CHECKPOINT) that began
 *       after its commit, so an acknowledged write survives a kill. That store takes the write lock too, so
 *       it runs between transactions; and it is shared ({@link GroupStore}): the writer that committed
 *       releases the lock, the next writers run their transactions, and one CHECKPOINT then stores all of
 *       them, where each commit used to hold the lock through its own CHECKPOINT (with 50 reporters at once
 *       the lock was the queue: CaseBenchmark, README). A store holds every commit made before it, in commit
 *       order, so a write that read another's unstored commit is never stored without it;</li>
 *   <li>a write nested in another (the thread still holds the lock) stores at once, as before;</li>
 *   <li>every {@value #STORE_EVERY_MILLIS} ms, between transactions, a store catches writes made outside
 *       Spring transactions (auto-commit statements, the district importer's own connections).</li>
 * </ul>
 * A reader may see a commit before it is stored (as it could between the commit and the CHECKPOINT before):
 * the store, not the commit, is what a writer's caller is told about.
 */
final class EmbeddedStoreWrites extends JpaTransactionManager {

    static final long STORE_EVERY_MILLIS = 500;
    private static final Logger log = LoggerFactory.getLogger(EmbeddedStoreWrites.class);

    private final DataSource dataSource;
    private final ReentrantLock writes = new ReentrantLock(true);
    /** {@link System#nanoTime()} when a thread took the write lock, 0 while it is free: for the health check. */
    private volatile long lockedSince;
    private final GroupStore stores = new GroupStore(writes, this::store);
    /** Per thread, for each transaction begun and not yet cleaned up: whether it writes, and its commit's ticket. */
    private final ThreadLocal<Deque<Begun>> begun = ThreadLocal.withInitial(ArrayDeque::new);

    private static final class Begun {
        final boolean write;
        /** {@link GroupStore#committed()} of the commit; 0 until committed */
        long ticket;

        Begun(boolean write) {
            this.write = write;
        }
    }
    private final ScheduledExecutorService storer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "h2-store");
        t.setDaemon(true);
        return t;
    });

    EmbeddedStoreWrites(EntityManagerFactory emf, DataSource dataSource) {
        super(emf);
        this.dataSource = dataSource;
        storer.scheduleWithFixedDelay(this::storeBetweenTransactions, STORE_EVERY_MILLIS, STORE_EVERY_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        boolean write = !definition.isReadOnly();
        if (write) lock();
        try {
            super.doBegin(transaction, definition);
        } catch (RuntimeException | Error e) {
            if (write) unlock();
            throw e;
        }
        begun.get().push(new Begun(write));
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
        super.doCommit(status);
        Begun current = begun.get().peek();
        if (current != null && current.write) current.ticket = stores.committed();
    }

    @Override
    protected void doCleanupAfterCompletion(Object transaction) {
        try {
            super.doCleanupAfterCompletion(transaction);
        } finally {
            Begun current = begun.get().poll();
            if (current != null && current.write) {
                boolean nested = writes.getHoldCount() > 1;
                try {
                    if (nested && current.ticket > 0) stores.storeHoldingWrites();
                } finally {
                    unlock();
                }
                // outside the lock: the next writers go on while this one waits for the store that covers it
                if (!nested && current.ticket > 0) stores.awaitStored(current.ticket);
            }
        }
    }

    private void lock() {
        writes.lock();
        if (writes.getHoldCount() == 1) lockedSince = System.nanoTime();
    }

    private void unlock() {
        if (writes.getHoldCount() == 1) lockedSince = 0;
        writes.unlock();
    }

    /**
     * How long the current write transaction has held the write lock; zero while no write runs. A write
     * that holds it for minutes stops every other write, so the health check reports it.
     */
    Duration writeLockHeld() {
        long since = lockedSince;
        return since == 0 ? Duration.ZERO : Duration.ofNanos(Math.max(0, System.nanoTime() - since));
    }

    private void storeBetweenTransactions() {
        if (!writes.tryLock()) return; // a write is under way; its commit stores
        try {
            stores.storeHoldingWrites();
        } catch (RuntimeException e) {
            log.warn("Could not write the embedded store to its file: {}", e.getMessage());
        } finally {
            writes.unlock();
        }
    }

    private void store() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new IllegalStateException("could not write the embedded store to its file: " + e.getMessage(), e);
        }
    }

    void stop() {
        storer.shutdownNow();
    }
}
