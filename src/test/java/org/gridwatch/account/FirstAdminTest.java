package org.gridwatch.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.boot.DefaultApplicationArguments;

/** The first admin: from the configured password, or a generated one printed once, and only into an empty store. */
class FirstAdminTest {

    @Test
    void withoutAPasswordOneIsGeneratedAndPrintedOnce() {
        AccountService accounts = mock(AccountService.class);
        when(accounts.createFirstAdmin(anyString(), anyString())).thenReturn(true);
        String out = run(new FirstAdmin(accounts, new SecuritySettings(null, "", false)));
        ArgumentCaptor<String> password = ArgumentCaptor.forClass(String.class);
        verify(accounts).createFirstAdmin(eq("admin"), password.capture());
        assertThat(password.getValue()).hasSize(20).matches("[A-Za-z2-9]+");
        assertThat(out).contains("'admin'", password.getValue());
    }

    /** The ready line (the last the person sees) repeats the generated password once, and says as whom to sign in. */
    @Test
    void theReadyLineRepeatsTheGeneratedPasswordOnceAndOtherwiseSaysWhoSignsIn() {
        AccountService accounts = mock(AccountService.class);
        when(accounts.createFirstAdmin(anyString(), anyString())).thenReturn(true);
        FirstAdmin first = new FirstAdmin(accounts, new SecuritySettings(null, "", false));
        run(first);
        ArgumentCaptor<String> password = ArgumentCaptor.forClass(String.class);
        verify(accounts).createFirstAdmin(eq("admin"), password.capture());
        assertThat(first.signInHint()).contains("'admin'", password.getValue(), "首次登录");
        assertThat(first.signInHint()).doesNotContain(password.getValue()).contains("'admin'", "GRIDWATCH_ADMIN_PASSWORD");

        AccountService existing = mock(AccountService.class);
        when(existing.createFirstAdmin(anyString(), anyString())).thenReturn(false);
        FirstAdmin later = new FirstAdmin(existing, new SecuritySettings(null, "", false));
        run(later);
        assertThat(later.signInHint()).contains("'admin'").doesNotContainPattern("password [A-Za-z2-9]{20}");
    }

    @Test
    void theConfiguredPasswordIsUsedAndNeverPrinted() {
        AccountService accounts = mock(AccountService.class);
        when(accounts.createFirstAdmin(anyString(), anyString())).thenReturn(true);
        String out = run(new FirstAdmin(accounts, new SecuritySettings("chief", "from-the-environment", false)));
        verify(accounts).createFirstAdmin("chief", "from-the-environment");
        assertThat(out).doesNotContain("from-the-environment");
    }

    @Test
    void aStoreWithAccountsPrintsNothing() {
        AccountService accounts = mock(AccountService.class);
        when(accounts.createFirstAdmin(anyString(), anyString())).thenReturn(false);
        assertThat(run(new FirstAdmin(accounts, new SecuritySettings(null, null, false)))).isEmpty();
    }

    private static String run(FirstAdmin firstAdmin) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            firstAdmin.run(new DefaultApplicationArguments());
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
