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
class FirstAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final AccountService accounts;
    private final SecuritySettings settings;

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

    private static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder s = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}
