package org.gridwatch.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a new password must be, following NIST SP 800-63B rather than composition rules: long enough
 * ({@value #MIN_LENGTH} to {@value #MAX_LENGTH} characters), not the username, and not on the list of
 * passwords guessing tools try first ({@code common-passwords.txt}, compared lower-cased). Applied when
 * an account is created, when its password is set, and to the configured first admin password.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 128;

    /** Why a password was refused: the problem code, its English text and the code's arguments. */
    public record Refusal(String code, String english, Object... args) {
    }

    private final Set<String> common;

    PasswordPolicy(Set<String> common) {
        this.common = common;
    }

    /** The policy with the bundled list. */
    public static PasswordPolicy standard() {
        return new PasswordPolicy(readList());
    }

    /** Why {@code password} may not be {@code username}'s, or empty when it may. */
    public Optional<Refusal> check(String username, String password) {
        if (password == null || password.isBlank() || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
            return Optional.of(new Refusal("account.password.invalid",
                    "the password must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters", MIN_LENGTH, MAX_LENGTH));
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (username != null && lower.equals(username.trim().toLowerCase(Locale.ROOT))) {
            return Optional.of(new Refusal("account.password.username", "the password may not be the username"));
        }
        if (common.contains(lower)) {
            return Optional.of(new Refusal("account.password.common",
                    "this password is among the most common ones and is guessed first; choose another"));
        }
        return Optional.empty();
    }

    private static Set<String> readList() {
        Set<String> words = new HashSet<>();
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt")) {
            if (in == null) throw new IllegalStateException("common-passwords.txt is missing from the build");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                String w = line.strip();
                if (!w.isEmpty() && !w.startsWith("#")) words.add(w.toLowerCase(Locale.ROOT));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
