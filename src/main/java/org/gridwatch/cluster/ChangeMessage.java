package org.gridwatch.cluster;

import java.util.Locale;

import org.locationtech.jts.geom.Envelope;

/**
 * One change as it travels between instances: who sent it, what kind of data changed, and the
 * lon/lat box it touched. Written as {@code origin|kind|minLon,minLat,maxLon,maxLat} ({@code *} for
 * "anywhere"), far below PostgreSQL's 8000-byte notification limit. Pure; thread-safe.
 *
 * @param origin the sending instance's id (no '|')
 * @param kind   what changed
 * @param area   the touched box in lon/lat; a null envelope means "anywhere"
 */
record ChangeMessage(String origin, Kind kind, Envelope area) {

    enum Kind { FEATURES, GRIDS }

    /** "Anywhere" as the receiving side sees it. */
    static final Envelope WORLD = new Envelope(-180, 180, -90, 90);

    String encode() {
        String box = area == null || area.isNull() ? "*"
                : String.format(Locale.ROOT, "%.9f,%.9f,%.9f,%.9f", area.getMinX(), area.getMinY(), area.getMaxX(),
                area.getMaxY());
        return origin + "|" + kind.name() + "|" + box;
    }

    /**
     * Reads a message written by {@link #encode()}.
     *
     * @return null for anything else (a stranger on the channel must not stop the feed)
     */
    static ChangeMessage decode(String text) {
        if (text == null) return null;
        String[] parts = text.split("\\|", -1);
        if (parts.length != 3 || parts[0].isEmpty()) return null;
        Kind kind;
        try {
            kind = Kind.valueOf(parts[1]);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (parts[2].equals("*")) return new ChangeMessage(parts[0], kind, WORLD);
        String[] n = parts[2].split(",", -1);
        if (n.length != 4) return null;
        try {
            double minX = Double.parseDouble(n[0]), minY = Double.parseDouble(n[1]);
            double maxX = Double.parseDouble(n[2]), maxY = Double.parseDouble(n[3]);
            if (!Double.isFinite(minX + minY + maxX + maxY)) return null;
            return new ChangeMessage(parts[0], kind, new Envelope(minX, maxX, minY, maxY));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
