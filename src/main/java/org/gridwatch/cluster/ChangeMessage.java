package org.gridwatch.cluster;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.gridwatch.feature.FeaturesChanged.CountChange;
import org.locationtech.jts.geom.Envelope;

/**
 * One change as it travels between instances: who sent it, what kind of data changed, the lon/lat
 * box it touched and, for a single feature edit, how it changed the active features per small grid
 * and type (so the receivers adjust their counts in place instead of reading them all again).
 * Written as {@code origin|kind|minLon,minLat,maxLon,maxLat} ({@code *} for "anywhere"), followed by
 * {@code |grid~type~delta;...} when the counts are listed (grid and type URL-encoded, {@code !} for
 * no grid); a single edit stays far below PostgreSQL's 8000-byte notification limit. Pure; thread-safe.
 *
 * @param origin the sending instance's id (no '|')
 * @param kind   what changed
 * @param area   the touched box in lon/lat; a null envelope means "anywhere"
 * @param counts the count changes of a features message, or null when not listed
 */
record ChangeMessage(String origin, Kind kind, Envelope area, List<CountChange> counts) {

    /** The most count changes a message carries; more are left out and the receivers count again. */
    static final int MAX_COUNTS = 100;

    ChangeMessage(String origin, Kind kind, Envelope area) {
        this(origin, kind, area, null);
    }

    enum Kind { FEATURES, GRIDS }

    /** "Anywhere" as the receiving side sees it. */
    static final Envelope WORLD = new Envelope(-180, 180, -90, 90);

    String encode() {
        String box = area == null || area.isNull() ? "*"
                : String.format(Locale.ROOT, "%.9f,%.9f,%.9f,%.9f", area.getMinX(), area.getMinY(), area.getMaxX(),
                area.getMaxY());
        String head = origin + "|" + kind.name() + "|" + box;
        if (counts == null || counts.size() > MAX_COUNTS) return head;
        StringBuilder sb = new StringBuilder(head).append('|');
        for (int i = 0; i < counts.size(); i++) {
            CountChange c = counts.get(i);
            if (i > 0) sb.append(';');
            sb.append(c.gridCode() == null ? "!" : URLEncoder.encode(c.gridCode(), StandardCharsets.UTF_8))
                    .append('~').append(URLEncoder.encode(c.type(), StandardCharsets.UTF_8)).append('~').append(c.delta());
        }
        return sb.toString();
    }

    /**
     * Reads a message written by {@link #encode()}.
     *
     * @return null for anything else (a stranger on the channel must not stop the feed)
     */
    static ChangeMessage decode(String text) {
        if (text == null) return null;
        String[] parts = text.split("\\|", -1);
        if (parts.length < 3 || parts.length > 4 || parts[0].isEmpty()) return null;
        Kind kind;
        try {
            kind = Kind.valueOf(parts[1]);
        } catch (IllegalArgumentException e) {
            return null;
        }
        List<CountChange> counts = parts.length == 4 ? counts(parts[3]) : null;
        if (parts[2].equals("*")) return new ChangeMessage(parts[0], kind, WORLD, counts);
        String[] n = parts[2].split(",", -1);
        if (n.length != 4) return null;
        try {
            double minX = Double.parseDouble(n[0]), minY = Double.parseDouble(n[1]);
            double maxX = Double.parseDouble(n[2]), maxY = Double.parseDouble(n[3]);
            if (!Double.isFinite(minX + minY + maxX + maxY)) return null;
            return new ChangeMessage(parts[0], kind, new Envelope(minX, maxX, minY, maxY), counts);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The listed count changes, or null (count again) when they cannot be read. */
    private static List<CountChange> counts(String text) {
        if (text.isEmpty()) return List.of();
        List<CountChange> out = new ArrayList<>();
        for (String entry : text.split(";", -1)) {
            String[] f = entry.split("~", -1);
            if (f.length != 3 || f[1].isEmpty()) return null;
            try {
                String grid = f[0].equals("!") ? null : URLDecoder.decode(f[0], StandardCharsets.UTF_8);
                out.add(new CountChange(grid, URLDecoder.decode(f[1], StandardCharsets.UTF_8), Integer.parseInt(f[2])));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return List.copyOf(out);
    }
}
