package org.gridwatch.account;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Counts failed sign-ins per account and per client address and says how long the next attempt must
 * wait. The first {@code freeFailures} failures cost nothing (people mistype); each one after that
 * doubles the wait, from {@code firstDelay} up to {@code maxDelay}. A key quiet for {@code forgetAfter}
 * starts over. A successful sign-in clears its account's count but not its address's, so an attacker
 * who owns one account cannot reset the count of the address they guess other accounts from.
 *
 * <p>Backing off rather than locking out: a lock-out lets anyone lock every field worker out of the
 * app by typing wrong passwords for them. The address count is higher than the account count because a
 * street office sits behind one NAT address. Memory is bounded: each map keeps its {@code maxEntries}
 * most recently used keys, so spraying usernames costs the attacker the address count, not our heap.
 * Thread-safe; the clock is injected for tests.
 */
public final class SignInThrottle {

    /**
     * @param accountFreeFailures failures of one account before it backs off
     * @param addressFreeFailures failures from one address before it backs off
     */
    public record Limits(int accountFreeFailures, int addressFreeFailures, Duration firstDelay, Duration maxDelay,
                         Duration forgetAfter, int maxEntries) {

        public static final Limits DEFAULT = new Limits(5, 20, Duration.ofSeconds(1), Duration.ofMinutes(15),
                Duration.ofHours(1), 10_000);
    }

    private static final class Count {
        int failures;
        long lastFailureNanos;
    }

    private final Limits limits;
    private final LongSupplier nanoTime;
    private final Map<String, Count> accounts;
    private final Map<String, Count> addresses;

    public SignInThrottle(Limits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
        this.accounts = lru(limits.maxEntries());
        this.addresses = lru(limits.maxEntries());
    }

    /** How long an attempt for {@code username} from {@code address} must still wait; zero: go ahead. */
    public synchronized Duration wait(String username, String address) {
        long now = nanoTime.getAsLong();
        long account = remainingNanos(accounts, key(username), limits.accountFreeFailures(), now);
        long from = remainingNanos(addresses, address, limits.addressFreeFailures(), now);
        return Duration.ofNanos(Math.max(0, Math.max(account, from)));
    }

    /**
     * Records a failure.
     *
     * @return the account's failures in a row, for the log
     */
    public synchronized int failed(String username, String address) {
        long now = nanoTime.getAsLong();
        int n = count(accounts, key(username), now);
        count(addresses, address, now);
        return n;
    }

    public synchronized void succeeded(String username) {
        accounts.remove(key(username));
    }

    private int count(Map<String, Count> counts, String key, long now) {
        if (key == null) return 0;
        Count c = counts.get(key);
        if (c == null || now - c.lastFailureNanos > limits.forgetAfter().toNanos()) {
            c = new Count();
            counts.put(key, c);
        }
        c.failures++;
        c.lastFailureNanos = now;
        return c.failures;
    }

    private long remainingNanos(Map<String, Count> counts, String key, int free, long now) {
        if (key == null) return 0;
        Count c = counts.get(key);
        if (c == null) return 0;
        if (now - c.lastFailureNanos > limits.forgetAfter().toNanos()) {
            counts.remove(key);
            return 0;
        }
        if (c.failures < free) return 0;
        int doublings = Math.min(c.failures - free, 30);
        long delay = Math.min(limits.firstDelay().toNanos() << doublings, limits.maxDelay().toNanos());
        if (delay <= 0) delay = limits.maxDelay().toNanos(); // the shift overflowed
        return c.lastFailureNanos + delay - now;
    }

    /** Usernames compare case-insensitively here, so "Admin" and "admin" share one count. */
    private static String key(String username) {
        return username == null ? null : username.toLowerCase(java.util.Locale.ROOT);
    }

    private static Map<String, Count> lru(int maxEntries) {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Count> eldest) {
                return size() > maxEntries;
            }
        };
    }
}
