package org.gridwatch.account;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.springframework.beans.factory.annotation.Autowired;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Accounts as the store held them at most {@link #MAX_AGE_NANOS} ago, for the check every signed-in
 * request makes ({@link AccountRefreshFilter}). Reading the account on every request took a pooled
 * connection per request before the request's own work; under the load test most request threads
 * were found waiting for the pool there. A change made on this instance applies at once
 * ({@link AccountChanged}); one made on another instance within a second.
 */
@Component
public class RecentAccounts {

    static final long MAX_AGE_NANOS = 1_000_000_000L;
    /** How old an entry may be handed out while another request is reading the account again. */
    static final long STALE_LIMIT_NANOS = 5_000_000_000L;

    private record Entry(UserDetails account, long readAtNanos) {
    }

    private final UserDetailsService users;
    private final Map<String, Entry> recent = new ConcurrentHashMap<>();
    /** Names being read right now: one reader per name, the others go on with the entry they have. */
    private final Set<String> reading = ConcurrentHashMap.newKeySet();

    private final LongSupplier nanoTime;

    @Autowired
    RecentAccounts(UserDetailsService users) {
        this(users, System::nanoTime);
    }

    RecentAccounts(UserDetailsService users, LongSupplier nanoTime) {
        this.users = users;
        this.nanoTime = nanoTime;
    }

    /** The account {@code username}, or null when there is none. */
    public UserDetails find(String username) {
        long now = nanoTime.getAsLong();
        Entry e = recent.get(username);
        if (e != null && now - e.readAtNanos() < MAX_AGE_NANOS) return e.account();
        // When an entry expires under load, a hundred requests find it expired at once; without this,
        // each took a pooled connection to read the same row (seen in the load test's thread dumps).
        boolean mine = reading.add(username);
        if (!mine && e != null && now - e.readAtNanos() < STALE_LIMIT_NANOS) return e.account();
        try {
            UserDetails account;
            try {
                account = users.loadUserByUsername(username);
            } catch (UsernameNotFoundException notFound) {
                account = null;
            }
            if (recent.size() > 10_000) recent.clear(); // bounded: names come from sign-ins, which anyone can try
            recent.put(username, new Entry(account, now));
            return account;
        } finally {
            if (mine) reading.remove(username);
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void forget(AccountChanged event) {
        recent.remove(event.username());
    }
}
