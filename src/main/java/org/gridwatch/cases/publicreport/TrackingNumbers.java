package org.gridwatch.cases.publicreport;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Tracking numbers for residents: 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L,
 * U), grouped as {@code XXXX-XXXX-XX} to read out on the phone; about 2^49 values, so guessing someone
 * else's number is hopeless at the rate limit. {@link #normalise} accepts what people type back (lower
 * case, spaces, missing dashes). Thread-safe.
 */
public final class TrackingNumbers {

    static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final int LENGTH = 10;

    private final RandomGenerator random;

    public TrackingNumbers(RandomGenerator random) {
        this.random = random;
    }

    public static TrackingNumbers secure() {
        return new TrackingNumbers(new SecureRandom());
    }

    /** A new number, {@code XXXX-XXXX-XX}. */
    public String next() {
        StringBuilder b = new StringBuilder(LENGTH + 2);
        for (int i = 0; i < LENGTH; i++) {
            if (i == 4 || i == 8) b.append('-');
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /** The number in its canonical form, or null when {@code typed} cannot be one. */
    public static String normalise(String typed) {
        if (typed == null) return null;
        String s = typed.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
        if (s.length() != LENGTH) return null;
        for (int i = 0; i < s.length(); i++) if (ALPHABET.indexOf(s.charAt(i)) < 0) return null;
        return s.substring(0, 4) + "-" + s.substring(4, 8) + "-" + s.substring(8);
    }
}
