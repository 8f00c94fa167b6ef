package org.gridwatch.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/** Basic sends the password on every request: bcrypt runs once per verified password, and every time for a wrong one. */
class VerifiedPasswordCacheTest {

    private final PasswordEncoder bcrypt = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final AtomicInteger checks = new AtomicInteger();
    private final PasswordEncoder counting = new PasswordEncoder() {
        @Override
        public String encode(CharSequence raw) {
            return bcrypt.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            checks.incrementAndGet();
            return bcrypt.matches(raw, encoded);
        }
    };

    @Test
    void aVerifiedPasswordIsCheckedOnceAWrongOneEveryTime() {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
                User.withUsername("qgis").password(bcrypt.encode("layer-password")).roles("VIEWER").build(),
                User.withUsername("gone").password(bcrypt.encode("layer-password")).roles("VIEWER").disabled(true).build());
        VerifiedPasswordCache cache = new VerifiedPasswordCache(users, counting);

        Authentication first = cache.authenticate(login("qgis", "layer-password"));
        Authentication second = cache.authenticate(login("qgis", "layer-password"));
        assertThat(first.isAuthenticated()).isTrue();
        assertThat(second.getAuthorities()).extracting(a -> a.getAuthority()).contains("ROLE_VIEWER");
        assertThat(checks.get()).isEqualTo(1);

        assertThatThrownBy(() -> cache.authenticate(login("qgis", "guess"))).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> cache.authenticate(login("qgis", "guess"))).isInstanceOf(BadCredentialsException.class);
        assertThat(checks.get()).isEqualTo(3);

        // A changed account is verified afresh.
        cache.forget(new AccountChanged("qgis"));
        cache.authenticate(login("qgis", "layer-password"));
        assertThat(checks.get()).isEqualTo(4);

        assertThatThrownBy(() -> cache.authenticate(login("gone", "layer-password"))).isInstanceOf(DisabledException.class);
    }

    private static UsernamePasswordAuthenticationToken login(String username, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(username, password);
    }
}
