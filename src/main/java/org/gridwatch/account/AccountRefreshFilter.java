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
 * One primary-key lookup per signed-in request.
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
