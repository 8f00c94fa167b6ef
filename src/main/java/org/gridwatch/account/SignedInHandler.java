package org.gridwatch.account;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.RequestCache;

/**
 * After a sign-in on the login page: stamps the session with the password it signed in with (so a later
 * reset ends it, see {@link AccountRefreshFilter}), then goes where the login form goes (the page that
 * sent the browser to log in, else the map). The account is read afresh, not from {@link RecentAccounts},
 * whose copy may be a second old on another instance and would stamp a password just replaced.
 */
public class SignedInHandler extends SavedRequestAwareAuthenticationSuccessHandler {

    private final UserDetailsService accounts;

    public SignedInHandler(UserDetailsService accounts, RequestCache requestCache) {
        this.accounts = accounts;
        setDefaultTargetUrl("/");
        setRequestCache(requestCache);
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication auth)
            throws ServletException, IOException {
        try {
            AccountRefreshFilter.stamp(request.getSession(), accounts.loadUserByUsername(auth.getName()));
        } catch (UsernameNotFoundException gone) {
            // Deleted in the same instant: the next request's check ends the session.
        }
        super.onAuthenticationSuccess(request, response, auth);
    }
}
