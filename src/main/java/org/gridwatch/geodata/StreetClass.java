package org.gridwatch.geodata;

/** Street classes, most important first; the lower-case name is the GeoJSON {@code class} value. */
public enum StreetClass {
    PRIMARY, SECONDARY, RESIDENTIAL, ALLEY;

    /** The value written to GeoJSON: {@code primary}, {@code secondary}, {@code residential} or {@code alley}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Higher is more important; used to decide which segments to drop first. */
    int importance() {
        return 3 - ordinal();
    }
}
