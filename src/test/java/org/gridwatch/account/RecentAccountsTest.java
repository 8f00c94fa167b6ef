package org.gridwatch.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

class RecentAccountsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final AtomicInteger reads = new AtomicInteger();

    @Test
    void readsAgainOnlyAfterTheEntryExpired() {
        RecentAccounts accounts = new RecentAccounts(name -> {
            reads.incrementAndGet();
            return account(name, "v" + reads.get());
        }, now::get);
        assertThat(accounts.find("wang").getPassword()).isEqualTo("v1");
        now.addAndGet(RecentAccounts.MAX_AGE_NANOS - 1);
        assertThat(accounts.find("wang").getPassword()).isEqualTo("v1");
        now.addAndGet(1);
        assertThat(accounts.find("wang").getPassword()).isEqualTo("v2");
        assertThat(reads).hasValue(2);
    }

    @Test
    void anUnknownNameIsNullAndRemembered() {
        RecentAccounts accounts = new RecentAccounts(name -> {
            reads.incrementAndGet();
            throw new UsernameNotFoundException(name);
        }, now::get);
        assertThat(accounts.find("nobody")).isNull();
        assertThat(accounts.find("nobody")).isNull();
        assertThat(reads).hasValue(1);
    }

    @Test
    void manyRequestsFindingAnExpiredEntryReadTheAccountOnce() throws Exception {
        CountDownLatch readStarted = new CountDownLatch(1);
        CountDownLatch releaseRead = new CountDownLatch(1);
        UserDetailsService slow = name -> {
            if (reads.incrementAndGet() > 1) {
                readStarted.countDown();
                await(releaseRead);
            }
            return account(name, "v" + reads.get());
        };
        RecentAccounts accounts = new RecentAccounts(slow, now::get);
        accounts.find("li");
        now.addAndGet(RecentAccounts.MAX_AGE_NANOS);

        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            Future<UserDetails> reader = pool.submit(() -> accounts.find("li"));
            assertThat(readStarted.await(5, TimeUnit.SECONDS)).isTrue();
            List<Future<UserDetails>> others = new ArrayList<>();
            for (int i = 0; i < 8; i++) others.add(pool.submit(() -> accounts.find("li")));
            for (Future<UserDetails> f : others) {
                // served the entry they had, without waiting for the read in progress
                assertThat(f.get(5, TimeUnit.SECONDS).getPassword()).isEqualTo("v1");
            }
            releaseRead.countDown();
            assertThat(reader.get(5, TimeUnit.SECONDS).getPassword()).isEqualTo("v2");
        } finally {
            releaseRead.countDown();
            pool.shutdownNow();
        }
        assertThat(reads).hasValue(2);
        assertThat(accounts.find("li").getPassword()).isEqualTo("v2");
    }

    @Test
    void anEntryTooOldIsNotHandedOutEvenWhileAnotherReadRuns() throws Exception {
        CountDownLatch readStarted = new CountDownLatch(1);
        CountDownLatch releaseRead = new CountDownLatch(1);
        UserDetailsService slow = name -> {
            int n = reads.incrementAndGet();
            if (n == 2) {
                readStarted.countDown();
                await(releaseRead);
            }
            return account(name, "v" + n);
        };
        RecentAccounts accounts = new RecentAccounts(slow, now::get);
        accounts.find("zhao");
        now.addAndGet(RecentAccounts.STALE_LIMIT_NANOS);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<UserDetails> reader = pool.submit(() -> accounts.find("zhao"));
            assertThat(readStarted.await(5, TimeUnit.SECONDS)).isTrue();
            // a disabled account must not stay signed in on an entry five seconds old: this one reads too
            assertThat(accounts.find("zhao").getPassword()).isEqualTo("v3");
            releaseRead.countDown();
            reader.get(5, TimeUnit.SECONDS);
        } finally {
            releaseRead.countDown();
            pool.shutdownNow();
        }
    }

    private static UserDetails account(String name, String marker) {
        return User.withUsername(name).password(marker).roles("VIEWER").build();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
