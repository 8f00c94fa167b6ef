package org.gridwatch.account;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of sign-in ({@code gridwatch.security.*}).
 *
 * @param adminUsername the first admin's name (default {@code admin})
 * @param adminPassword the first admin's password (env {@code GRIDWATCH_ADMIN_PASSWORD}); empty: a random
 *                      one is generated and printed once. Used only while there is no account at all.
 * @param publicRead    let anyone read without signing in (default false); writes always need an account
 */
@ConfigurationProperties("gridwatch.security")
public record SecuritySettings(String adminUsername, String adminPassword, boolean publicRead) {

    public SecuritySettings {
        if (adminUsername == null || adminUsername.isBlank()) adminUsername = "admin";
    }
}
