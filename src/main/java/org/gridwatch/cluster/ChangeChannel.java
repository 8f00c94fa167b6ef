package org.gridwatch.cluster;

import java.util.Locale;

/**
 * The NOTIFY channel of the instances that share one schema. PostgreSQL's channels belong to the whole
 * database, not to a schema: two districts kept in two schemas of one database, on one shared channel,
 * would each drop and rebuild their caches for every edit of the other.
 */
final class ChangeChannel {

    /** The channel of the default schema, the name every deployment used before channels had schemas. */
    static final String DEFAULT = "gridwatch_changes";
    private static final String SUFFIX = "_changes";
    /** PostgreSQL truncates names to 63 bytes. */
    private static final int MAX_NAME = 63;

    private ChangeChannel() {
    }

    /**
     * {@code <schema>_changes} for a schema other than {@code public} (or none), else {@link #DEFAULT}.
     * Characters outside a plain lower-case SQL name become '_'; two long names that then agree share a
     * channel, which costs only needless cache refreshes, never a missed one.
     */
    static String forSchema(String schema) {
        if (schema == null || schema.isBlank() || schema.equals("public")) return DEFAULT;
        String plain = schema.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (!Character.isLetter(plain.charAt(0)) && plain.charAt(0) != '_') plain = "_" + plain;
        int keep = Math.min(plain.length(), MAX_NAME - SUFFIX.length());
        return plain.substring(0, keep) + SUFFIX;
    }

    /** Whether {@code name} may be used as a channel as it is (a plain lower-case SQL name). */
    static boolean isPlainName(String name) {
        return name.matches("[a-z_][a-z0-9_]{0,62}");
    }
}
