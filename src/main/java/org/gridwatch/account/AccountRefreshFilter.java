package org.gridwatch.account;

import java.io.IOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds a signed-in session to the account as it is now: a session outlives the moment it was
 * opened, and disabling, deleting or demoting an account must take effect on its next request, not
 * when the session expires (and on every instance behind a load balancer, hence the database and
 * not an in-memory session registry). A disabled or deleted account's session is ended and the
 * request goes on without identity (401); changed roles replace the request's authorities.
 * A session also ends when the account's password was set since the session signed in (an admin's
 * reset must lock out whoever holds an old session, as Spring Security and OWASP advise): the session
 * remembers a fingerprint of the password hash it signed in with ({@link #stamp}) and the filter
 * compares it with the account's current hash. One primary-key lookup per signed-in request, at most
 * one a second per account ({@link RecentAccounts}).
 */
public class AccountRefreshFilter extends OncePerRequestFilter {

    private final RecentAccounts users;

    public AccountRefreshFilter(RecentAccounts users) {
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        SecurityContext context = SecurityContextHolder.getContext();
        Authentication auth = context.getAuthentication();
        if (auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken)) {
            UserDetails current = current(auth.getName());
            HttpSession existing = request.getSession(false);
            if (current != null && current.isEnabled() && existing != null && !sameCredentials(existing, current)) {
                current = null;
            }
            if (current == null || !current.isEnabled()) {
                SecurityContextHolder.clearContext();
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
            } else if (!roles(current.getAuthorities()).equals(roles(auth.getAuthorities()))) {
                SecurityContext fresh = SecurityContextHolder.createEmptyContext();
                fresh.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(current, null,
                        current.getAuthorities()));
                SecurityContextHolder.setContext(fresh);
            }
        }
        chain.doFilter(request, response);
    }

    /** Session attribute: the fingerprint of the password hash the session signed in with. */
    static final String CREDENTIALS_STAMP = AccountRefreshFilter.class.getName() + ".credentials";

    /** Records in {@code session} which password {@code account} signed in with (at sign-in, and after one's own change). */
    public static void stamp(HttpSession session, UserDetails account) {
        if (session != null && account != null && account.getPassword() != null) {
            session.setAttribute(CREDENTIALS_STAMP, account.getUsername() + "\n" + fingerprint(account.getPassword()));
        }
    }

    /** A session without a stamp (opened before this check existed) takes the current one. */
    private static boolean sameCredentials(HttpSession session, UserDetails current) {
        Object seen = session.getAttribute(CREDENTIALS_STAMP);
        if (current.getPassword() == null) return true;
        if (seen == null) {
            stamp(session, current);
            return true;
        }
        String stamped = (String) seen;
        if (!stamped.startsWith(current.getUsername() + "\n")) {
            return true; // the session belongs to someone else; this request signed in with Basic on its own
        }
        return stamped.equals(current.getUsername() + "\n" + fingerprint(current.getPassword()));
    }

    /** A digest of the hash, so the session (which may be serialized to disk) holds nothing a cracker could use. */
    private static String fingerprint(String passwordHash) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(passwordHash.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ROLE_ authorities only: others (such as the factor Spring Security records at sign-in) are not the account's. */
    private static Set<String> roles(Collection<? extends GrantedAuthority> authorities) {
        Set<String> roles = new HashSet<>();
        for (GrantedAuthority a : authorities) {
            if (a.getAuthority() != null && a.getAuthority().startsWith("ROLE_")) {
                roles.add(a.getAuthority());
            }
        }
        return roles;
    }

    private UserDetails current(String username) {
        return users.find(username);
    }
}
