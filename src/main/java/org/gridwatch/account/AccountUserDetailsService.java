package org.gridwatch.account;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Spring Security's view of the account tables: username, hash, enabled flag, roles as ROLE_ authorities. */
@Component
class AccountUserDetailsService implements UserDetailsService {

    private final Accounts accounts;

    AccountUserDetailsService(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String username) {
        Account a = accounts.find(username).orElseThrow(() -> new UsernameNotFoundException(username));
        return User.withUsername(a.username()).password(a.passwordHash()).disabled(!a.enabled())
                .authorities(a.roles().stream().map(Role::authority).toArray(String[]::new)).build();
    }
}
