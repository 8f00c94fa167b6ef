package org.gridwatch.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.AccountExpiredException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Checks username and password against the stored hash, and remembers a successful check for a few
 * minutes. HTTP Basic sends the password with every request, and bcrypt is slow on purpose (tens of
 * ms): a QGIS layer asking for 50 pages would otherwise spend seconds hashing. What is remembered is
 * a salted SHA-256 of the password, with a random salt per process; a failed check is never
 * remembered, so guessing still pays bcrypt every time. A password change on this instance forgets at
 * once ({@link AccountChanged}); on other instances after {@link #TTL}. Disabling or demoting does not
 * wait: {@link AccountRefreshFilter} reads the account on every request.
 */
@Component
public class VerifiedPasswordCache implements AuthenticationProvider {

    static final Duration TTL = Duration.ofMinutes(5);
    private static final int MAX_ENTRIES = 10_000;

    private final DaoAuthenticationProvider dao;
    private final byte[] salt = new byte[32];
    private final ConcurrentHashMap<String, Entry> verified = new ConcurrentHashMap<>();

    private record Entry(byte[] digest, Authentication result, long expiresAtNanos) {
    }

    VerifiedPasswordCache(UserDetailsService users, PasswordEncoder encoder) {
        this.dao = new DaoAuthenticationProvider(users);
        this.dao.setPasswordEncoder(encoder);
        // The password first, the account's state after: Spring's default checks "disabled" before the
        // password, so a disabled account answered without bcrypt's delay and stood out by its timing.
        this.dao.setPreAuthenticationChecks(account -> {
        });
        this.dao.setPostAuthenticationChecks(VerifiedPasswordCache::usable);
        new SecureRandom().nextBytes(salt);
    }

    @Override
    public Authentication authenticate(Authentication request) {
        if (!(request.getCredentials() instanceof String password)) {
            return dao.authenticate(request);
        }
        String username = request.getName();
        byte[] digest = digest(username, password);
        Entry known = verified.get(username);
        if (known != null && System.nanoTime() - known.expiresAtNanos < 0
                && MessageDigest.isEqual(known.digest, digest)) {
            return known.result;
        }
        Authentication result = dao.authenticate(request);
        if (verified.size() >= MAX_ENTRIES) {
            verified.clear();
        }
        verified.put(username, new Entry(digest, result, System.nanoTime() + TTL.toNanos()));
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    @EventListener
    void forget(AccountChanged event) {
        verified.remove(event.username());
    }

    private static void usable(UserDetails account) {
        if (!account.isAccountNonLocked()) throw new LockedException("locked");
        if (!account.isEnabled()) throw new DisabledException("disabled");
        if (!account.isAccountNonExpired()) throw new AccountExpiredException("expired");
        if (!account.isCredentialsNonExpired()) throw new CredentialsExpiredException("credentials expired");
    }

    private byte[] digest(String username, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            sha.update(username.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(password.getBytes(StandardCharsets.UTF_8));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
