package org.gridwatch.account;

import java.security.SecureRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Makes sure a new installation can be signed in to: when the store has no account, creates the
 * admin from {@code gridwatch.security.admin-password} (env GRIDWATCH_ADMIN_PASSWORD) or from a
 * generated password that is printed this once (only its hash is stored, so it cannot be shown again).
 */
@Component
@Order(0)
public class FirstAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final AccountService accounts;
    private final SecuritySettings settings;
    /**
     * The password generated at this start, kept in memory only until the ready line has repeated it:
     * the first print scrolls away under the start-up log before the person looks.
     */
    private volatile String generatedThisStart;

    FirstAdmin(AccountService accounts, SecuritySettings settings) {
        this.accounts = accounts;
        this.settings = settings;
    }

    @Override
    public void run(ApplicationArguments args) {
        String given = settings.adminPassword();
        boolean generated = given == null || given.isBlank();
        String password = generated ? generate() : given;
        if (!generated && accounts.isEmpty()) {
            // The first admin holds every right; a guessable password there is worse than no start at all.
            String why = accounts.refusal(settings.adminUsername(), password);
            if (why != null) {
                throw new IllegalStateException("gridwatch.security.admin-password (GRIDWATCH_ADMIN_PASSWORD) is refused: "
                        + why + "; choose another or leave it empty to have one generated");
            }
        }
        if (!accounts.createFirstAdmin(settings.adminUsername(), password)) {
            return;
        }
        if (generated) {
            generatedThisStart = password;
            String line = "gridwatch: created the first admin account '" + settings.adminUsername()
                    + "' with the generated password " + password
                    + "  (shown only now; set GRIDWATCH_ADMIN_PASSWORD to choose it, change it on the account page)";
            log.warn("created the first admin account '{}' with a generated password (printed on the console)",
                    settings.adminUsername());
            System.out.println(line);
        } else {
            log.info("created the first admin account '{}' with the password from gridwatch.security.admin-password",
                    settings.adminUsername());
        }
    }

    /** How to sign in, for the ready line: the first admin's name and, once, the generated password. */
    public String signInHint() {
        String password = generatedThisStart;
        generatedThisStart = null;
        if (password != null) {
            return "sign in as '" + settings.adminUsername() + "' with the password " + password
                    + " (generated now, shown only at this start) / 首次登录：用户名 " + settings.adminUsername()
                    + "，密码 " + password + "（仅本次显示）";
        }
        return "sign in with your account (first admin: '" + settings.adminUsername()
                + "', password from GRIDWATCH_ADMIN_PASSWORD or printed at the first start) / 请用账号登录";
    }

    private static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder s = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}
