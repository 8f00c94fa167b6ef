package org.gridwatch.account;

import java.time.Duration;

import org.springframework.security.authentication.AccountStatusException;

/**
 * Too many failed sign-ins for this account or from this address: the attempt was refused without
 * looking at the password. An {@link AccountStatusException}, so an authentication manager never
 * passes the attempt on to another provider that would check it after all.
 */
public class SignInThrottledException extends AccountStatusException {

    private final transient Duration retryAfter;

    public SignInThrottledException(Duration retryAfter) {
        super("too many failed sign-ins; retry after " + retryAfter.toSeconds() + " s");
        this.retryAfter = retryAfter;
    }

    /** Whole seconds to wait, at least 1 (what a Retry-After header carries). */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
