package org.gridwatch.account;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AccountStatusException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Every password check of the service (login form and HTTP Basic alike) goes through here:
 * <ul>
 *   <li>an account or address that failed too often waits ({@link SignInThrottle}); while it waits
 *       the password is not even checked ({@link SignInThrottledException}: 429 with Retry-After);</li>
 *   <li>every failure is logged at WARN with the name tried and the client address;</li>
 *   <li>a disabled account answers exactly like a wrong password (same exception, so the same status
 *       and body; the password is checked first in either case, see {@link VerifiedPasswordCache}, so
 *       the timing matches too): a stranger learns nothing about which names exist or are disabled.</li>
 * </ul>
 */
@Component
public class SignInGuard implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(SignInGuard.class);

    private final VerifiedPasswordCache passwords;
    private final SignInThrottle throttle = new SignInThrottle(SignInThrottle.Limits.DEFAULT, System::nanoTime);

    SignInGuard(VerifiedPasswordCache passwords) {
        this.passwords = passwords;
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String username = attempt.getName();
        String address = attempt.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
        Duration wait = throttle.wait(username, address);
        if (!wait.isZero()) {
            log.debug("sign-in for '{}' from {} refused unchecked: throttled", printable(username), address);
            throw new SignInThrottledException(wait);
        }
        try {
            Authentication result = passwords.authenticate(attempt);
            throttle.succeeded(username);
            return result;
        } catch (InternalAuthenticationServiceException storeDown) {
            // The store could not be read: not the caller's failure, and not to be counted against them.
            throw storeDown;
        } catch (AuthenticationException e) {
            int inARow = throttle.failed(username, address);
            log.warn("failed sign-in for '{}' from {} ({} in a row, {})", printable(username), address, inARow,
                    e instanceof AccountStatusException ? "account not usable" : "bad credentials");
            throw new BadCredentialsException("wrong username or password");
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** The name as typed, made safe for one log line: control characters (a forged CR LF) become '?'. */
    static String printable(String s) {
        if (s == null) return "";
        String cut = s.length() > 100 ? s.substring(0, 100) + "…" : s;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
