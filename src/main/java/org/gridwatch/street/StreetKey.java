package org.gridwatch.street;

import java.util.Locale;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.LineString;

/**
 * What makes two streets the same street for an import: the same centreline, vertex by vertex at the
 * stored precision (7 decimals, about 1 cm), whichever way it is drawn. Plain Java, no database.
 */
final class StreetKey {

    private StreetKey() {
    }

    static String of(LineString line) {
        Coordinate[] cs = line.getCoordinates();
        boolean reverse = compare(cs[cs.length - 1], cs[0]) < 0;
        StringBuilder sb = new StringBuilder(cs.length * 24);
        for (int i = 0; i < cs.length; i++) {
            Coordinate c = cs[reverse ? cs.length - 1 - i : i];
            sb.append(String.format(Locale.ROOT, "%.7f %.7f,", c.x, c.y));
        }
        return sb.toString();
    }

    private static int compare(Coordinate a, Coordinate b) {
        int x = Long.compare(Math.round(a.x * 1e7), Math.round(b.x * 1e7));
        return x != 0 ? x : Long.compare(Math.round(a.y * 1e7), Math.round(b.y * 1e7));
    }
}
