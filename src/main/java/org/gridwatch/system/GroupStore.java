package org.gridwatch.system;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for a store that is made durable by an explicit "store now" step (H2's CHECKPOINT) which must
 * not run while a write transaction is half done: several writers' commits share one store, and each writer
 * is released only after a store that began after its commit ended.
 *
 * <p>The protocol, with {@code writes} the lock that write transactions hold from begin to commit:
 * <ol>
 *   <li>a writer commits while holding {@code writes} and takes a ticket, {@link #committed()};</li>
 *   <li>it releases {@code writes} (the next writer may begin) and calls {@link #awaitStored(long)};</li>
 *   <li>there, if no store is under way, it becomes the leader: it takes {@code writes} (so no transaction is
 *       open while it stores; on a fair lock it queues behind the writers already waiting, which then commit
 *       and wait for this store), notes the last ticket handed out, stores, and releases every writer whose
 *       ticket is at most that one; otherwise it waits for the store under way and, if its ticket is past
 *       what that store covered, goes round again.</li>
 * </ol>
 * Guarantees, tested by {@code GroupStoreTest}: a writer returns from {@link #awaitStored} only after a store
 * that began after its commit completed (or it gets that store's exception); every store runs while the
 * store's thread holds {@code writes} and no other thread does; and a failed store releases no writer.
 *
 * <p>Thread-safe. Only the writer's own thread's store waits; a thread that still holds {@code writes} (a write
 * nested in another) must not call {@link #awaitStored} (the leader would wait for its own lock) and stores
 * directly with {@link #storeHoldingWrites()} instead.
 */
public final class GroupStore {

    private final ReentrantLock writes;
    private final Runnable store;
    private final ReentrantLock state = new ReentrantLock();
    private final Condition done = state.newCondition();
    /** Tickets handed out: the commits made so far. Written only while {@code writes} is held. */
    private long committed;
    /** The highest ticket a completed store covers. Guarded by {@code state}. */
    private long stored;
    /** Whether a leader is storing now. Guarded by {@code state}. */
    private boolean storing;
    /** Stores made, for tests and the log. Guarded by {@code state}. */
    private long stores;

    /**
     * @param writes the lock write transactions hold from begin to commit
     * @param store  makes every committed transaction durable; called only while {@code writes} is held
     */
    public GroupStore(ReentrantLock writes, Runnable store) {
        this.writes = writes;
        this.store = store;
    }

    /** Right after a commit, by the committing thread while it still holds {@code writes}. @return its ticket */
    public long committed() {
        if (!writes.isHeldByCurrentThread()) throw new IllegalStateException("commit without the write lock");
        return ++committed;
    }

    /**
     * Waits until a store that began after the commit of {@code ticket} has completed, storing as the leader when
     * no store is under way. Not interruptible: a write is acknowledged only once stored. Must be called without
     * holding {@code writes}. @throws RuntimeException the store's own, when the store this writer led failed
     */
    public void awaitStored(long ticket) {
        if (writes.isHeldByCurrentThread()) throw new IllegalStateException("awaitStored while holding the write lock");
        while (true) {
            state.lock();
            try {
                while (stored < ticket && storing) done.awaitUninterruptibly();
                if (stored >= ticket) return;
                storing = true;
            } finally {
                state.unlock();
            }
            lead();
        }
    }

    /** Stores as the leader: under {@code writes}, covering every commit made before. */
    private void lead() {
        long covers = -1;
        try {
            writes.lock();
            try {
                long upTo = committed;
                store.run();
                covers = upTo;
            } finally {
                writes.unlock();
            }
        } finally {
            finish(covers);
        }
    }

    /**
     * Stores now, by a thread that holds {@code writes} (a nested write, or a periodic store that took the lock
     * between transactions); releases the writers its store covers.
     */
    public void storeHoldingWrites() {
        if (!writes.isHeldByCurrentThread()) throw new IllegalStateException("store without the write lock");
        long upTo = committed;
        store.run();
        state.lock();
        try {
            stores++;
            if (upTo > stored) stored = upTo;
            done.signalAll();
        } finally {
            state.unlock();
        }
    }

    /** @param covers the ticket the leader's store covers; -1 when it failed (no writer is released) */
    private void finish(long covers) {
        state.lock();
        try {
            storing = false;
            if (covers >= 0) {
                stores++;
                if (covers > stored) stored = covers;
            }
            done.signalAll();
        } finally {
            state.unlock();
        }
    }

    /** Stores completed so far. */
    public long stores() {
        state.lock();
        try {
            return stores;
        } finally {
            state.unlock();
        }
    }
}
