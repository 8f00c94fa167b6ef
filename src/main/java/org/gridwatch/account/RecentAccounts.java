package org.gridwatch.account;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

    private record Entry(UserDetails account, long readAtNanos) {
    }

    private final UserDetailsService users;
    private final Map<String, Entry> recent = new ConcurrentHashMap<>();

    RecentAccounts(UserDetailsService users) {
        this.users = users;
    }

    /** The account {@code username}, or null when there is none. */
    public UserDetails find(String username) {
        long now = System.nanoTime();
        Entry e = recent.get(username);
        if (e != null && now - e.readAtNanos() < MAX_AGE_NANOS) return e.account();
        UserDetails account;
        try {
            account = users.loadUserByUsername(username);
        } catch (UsernameNotFoundException notFound) {
            account = null;
        }
        if (recent.size() > 10_000) recent.clear(); // bounded: names come from sign-ins, which anyone can try
        recent.put(username, new Entry(account, now));
        return account;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void forget(AccountChanged event) {
        recent.remove(event.username());
    }
}
