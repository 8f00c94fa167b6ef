package org.gridwatch.geo;

/**
 * Values in PostgreSQL's COPY text format, for the bulk loads that stream features into PostGIS
 * (the district import at first start and file imports). Pure functions; thread-safe.
 */
public final class PostgresCopyText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PostgresCopyText() {
    }

    /** Appends {@code v} with backslash, tab, newline and carriage return escaped; null as {@code \N}. */
    public static StringBuilder field(StringBuilder out, String v) {
        if (v == null) return out.append("\\N");
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
        return out;
    }

    /**
     * Appends the point (lon {@code x}, lat {@code y}) as hex EWKB with SRID 4326, little-endian: the
     * cheapest geometry text for the server to parse.
     */
    public static StringBuilder point4326(StringBuilder out, double x, double y) {
        out.append("0101000020E6100000");
        hexLittleEndian(out, x);
        hexLittleEndian(out, y);
        return out;
    }

    private static void hexLittleEndian(StringBuilder out, double v) {
        long bits = Double.doubleToRawLongBits(v);
        for (int i = 0; i < 8; i++) {
            int b = (int) (bits >>> (8 * i)) & 0xFF;
            out.append(HEX[b >>> 4]).append(HEX[b & 0xF]);
        }
    }
}
