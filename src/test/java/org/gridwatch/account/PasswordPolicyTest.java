package org.gridwatch.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    private final PasswordPolicy policy = PasswordPolicy.standard();

    private String code(String username, String password) {
        Optional<PasswordPolicy.Refusal> r = policy.check(username, password);
        return r.map(PasswordPolicy.Refusal::code).orElse(null);
    }

    @Test
    void shortCommonAndUsernamePasswordsAreRefused() {
        assertThat(code("vc1", "12345678")).isEqualTo("account.password.invalid");
        assertThat(code("vc1", "password")).isEqualTo("account.password.invalid");
        assertThat(code("vc1", "123456789")).isEqualTo("account.password.invalid");
        assertThat(code("vc1", "          ")).isEqualTo("account.password.invalid");
        assertThat(code("vc1", "x".repeat(129))).isEqualTo("account.password.invalid");
        assertThat(code("vc1", "1234567890")).isEqualTo("account.password.common");
        assertThat(code("vc1", "Password123")).as("compared lower-cased").isEqualTo("account.password.common");
        assertThat(code("vc1", "woaini1314520")).isEqualTo("account.password.common");
        assertThat(code("vc1", "1qaz2wsx3edc")).isEqualTo("account.password.common");
        assertThat(code("Zhang.Wei-2024", "zhang.wei-2024")).isEqualTo("account.password.username");
    }

    @Test
    void longUncommonPasswordsPass() {
        assertThat(code("vc1", "secret-password-1")).isNull();
        assertThat(code("vc1", "马路边的垃圾桶每周检查")).isNull();
        assertThat(code("vc1", "x".repeat(128))).isNull();
    }

    @Test
    void theBundledListHoldsTheWellKnownOnes() {
        for (String p : new String[]{"qwertyuiop", "1234567890", "administrator", "iloveyou1314", "passwordpassword"}) {
            assertThat(code("someone", p)).as(p).isEqualTo("account.password.common");
        }
    }
}
