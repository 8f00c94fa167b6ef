package org.gridwatch.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.Test;

/** The group commit of the embedded store ({@link GroupStore}), with a counting store in place of H2's CHECKPOINT. */
class GroupStoreTest {

    /**
     * Many writers, each: take the write lock, "write" (a transaction counted as open), commit, release, wait for
     * the store. Checked on every store: it holds the write lock and no transaction is open; on every return of
     * awaitStored: a store that began after that writer's commit has completed.
     */
    @Test
    void everyWriterReturnsOnlyAfterAStoreThatBeganAfterItsCommitAndNoStoreRunsMidTransaction() throws Exception {
        ReentrantLock writes = new ReentrantLock(true);
        AtomicInteger open = new AtomicInteger();
        AtomicLong commits = new AtomicLong();
        // the number of commits the latest completed store began after
        AtomicLong storedCovers = new AtomicLong();
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        GroupStore group = new GroupStore(writes, () -> {
            if (!writes.isHeldByCurrentThread()) violations.add("store without the write lock");
            if (open.get() != 0) violations.add("store while a transaction is open");
            long covers = commits.get();
            Thread.yield();
            storedCovers.accumulateAndGet(covers, Math::max);
        });
        int writers = 16, each = 200;
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    long ticket, mine;
                    writes.lock();
                    try {
                        open.incrementAndGet();
                        Thread.yield();
                        mine = commits.incrementAndGet();
                        ticket = group.committed();
                        open.decrementAndGet();
                    } finally {
                        writes.unlock();
                    }
                    group.awaitStored(ticket);
                    if (storedCovers.get() < mine) violations.add("commit " + mine + " acknowledged before a store held it");
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join(60_000);
        assertThat(threads).noneMatch(Thread::isAlive);
        assertThat(violations).isEmpty();
        assertThat(commits.get()).isEqualTo((long) writers * each);
        assertThat(group.stores()).isBetween(1L, commits.get());
    }

    /**
     * Three writers commit one after the other while the first waits for its store: one store covers all three.
     * The order is forced: B and C queue on the fair lock before A, having committed, asks for it to store.
     */
    @Test
    void writersQueuedBehindACommitShareItsStore() throws Exception {
        ReentrantLock writes = new ReentrantLock(true);
        AtomicInteger storesRun = new AtomicInteger();
        GroupStore group = new GroupStore(writes, storesRun::incrementAndGet);
        CountDownLatch aCommitted = new CountDownLatch(1), release = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> done = new ConcurrentLinkedQueue<>();
        Thread a = new Thread(() -> {
            writes.lock();
            long ticket;
            try {
                ticket = group.committed();
                aCommitted.countDown();
                await(release);
            } finally {
                writes.unlock();
            }
            group.awaitStored(ticket);
            done.add("a");
        });
        a.start();
        aCommitted.await(10, TimeUnit.SECONDS);
        List<Thread> others = new ArrayList<>();
        for (String name : List.of("b", "c")) {
            Thread t = new Thread(() -> {
                writes.lock();
                long ticket;
                try {
                    ticket = group.committed();
                } finally {
                    writes.unlock();
                }
                group.awaitStored(ticket);
                done.add(name);
            });
            others.add(t);
            t.start();
        }
        while (writes.getQueueLength() < 2) Thread.sleep(1);
        release.countDown();
        a.join(10_000);
        for (Thread t : others) t.join(10_000);
        assertThat(done).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(storesRun.get()).isEqualTo(1);
        assertThat(group.stores()).isEqualTo(1);
    }

    @Test
    void aFailedStoreAcknowledgesNothingAndTheNextStoreDoes() {
        ReentrantLock writes = new ReentrantLock(true);
        AtomicInteger calls = new AtomicInteger();
        GroupStore group = new GroupStore(writes, () -> {
            if (calls.incrementAndGet() == 1) throw new IllegalStateException("disk full");
        });
        writes.lock();
        long ticket = group.committed();
        writes.unlock();
        assertThatThrownBy(() -> group.awaitStored(ticket)).hasMessage("disk full");
        assertThat(group.stores()).isZero();
        group.awaitStored(ticket);
        assertThat(calls.get()).isEqualTo(2);
        assertThat(group.stores()).isEqualTo(1);
        // covered now: no further store
        group.awaitStored(ticket);
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void aStoreBetweenTransactionsAcknowledgesTheCommitsBeforeIt() {
        ReentrantLock writes = new ReentrantLock(true);
        AtomicInteger calls = new AtomicInteger();
        GroupStore group = new GroupStore(writes, calls::incrementAndGet);
        writes.lock();
        long ticket = group.committed();
        group.storeHoldingWrites();
        writes.unlock();
        group.awaitStored(ticket);
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void refusesCallsOutOfProtocol() {
        ReentrantLock writes = new ReentrantLock(true);
        GroupStore group = new GroupStore(writes, () -> { });
        assertThatThrownBy(group::committed).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(group::storeHoldingWrites).isInstanceOf(IllegalStateException.class);
        writes.lock();
        try {
            long ticket = group.committed();
            // the leader would wait for the lock this thread holds
            assertThatThrownBy(() -> group.awaitStored(ticket)).isInstanceOf(IllegalStateException.class);
        } finally {
            writes.unlock();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
