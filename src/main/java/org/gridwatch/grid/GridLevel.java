package org.gridwatch.grid;

import java.util.Locale;

/** Large grids (大网格) hold small grids (小网格); the two levels are fixed by the national practice. */
public enum GridLevel {
    LARGE, SMALL;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code large} or {@code small}; returns null for anything else. */
    public static GridLevel parse(String text) {
        if (text == null) return null;
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "large" -> LARGE;
            case "small" -> SMALL;
            default -> null;
        };
    }
}
