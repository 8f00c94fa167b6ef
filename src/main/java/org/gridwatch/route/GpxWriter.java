package org.gridwatch.route;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;

/**
 * Writes routes as GPX 1.1 (lat/lon attributes, WGS84) for phone navigation apps: the stops as
 * numbered waypoints and each walk as a track, one segment per line of its geometry. Coordinates are
 * plain decimals of at most 7 places (about 1 cm), as the GPX schema's {@code xsd:decimal} requires:
 * never {@code 5.0E-4}, never float noise such as {@code 51.50000000000001}.
 *
 * <p>Stateless and thread-safe.
 */
public final class GpxWriter {

    private GpxWriter() {
    }

    /** A waypoint: its name, lon/lat, and what kind of place it is ({@code <type>}, may be null). */
    public record Waypoint(String name, double lon, double lat, String type) {
        public Waypoint(String name, double lon, double lat) {
            this(name, lon, lat, null);
        }
    }

    /** One route: the track's name, its walk (lon/lat) and its stops. */
    public record Track(String name, Geometry walkLonLat, List<Waypoint> waypoints) {
    }

    public static String write(String name, Geometry walkLonLat, List<Waypoint> waypoints) {
        return write(List.of(new Track(name, walkLonLat, waypoints)));
    }

    /** Several routes in one file (a split: one track per patroller); all waypoints come first, as GPX orders them. */
    public static String write(List<Track> tracks) {
        int points = 0;
        for (Track t : tracks) points += t.walkLonLat().getNumPoints();
        StringBuilder out = new StringBuilder(256 + points * 48);
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<gpx version=\"1.1\" creator=\"gridwatch\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n");
        for (Track t : tracks) {
            for (Waypoint w : t.waypoints()) {
                out.append("  <wpt lat=\"").append(decimal(w.lat())).append("\" lon=\"").append(decimal(w.lon()))
                        .append("\"><name>").append(escape(w.name())).append("</name>");
                if (w.type() != null) out.append("<type>").append(escape(w.type())).append("</type>");
                out.append("</wpt>\n");
            }
        }
        for (Track t : tracks) {
            out.append("  <trk><name>").append(escape(t.name())).append("</name>\n");
            Geometry walk = t.walkLonLat();
            for (int g = 0; g < walk.getNumGeometries(); g++) {
                if (!(walk.getGeometryN(g) instanceof LineString line)) continue;
                out.append("    <trkseg>\n");
                for (Coordinate c : line.getCoordinates()) {
                    out.append("      <trkpt lat=\"").append(decimal(c.y)).append("\" lon=\"").append(decimal(c.x)).append("\"/>\n");
                }
                out.append("    </trkseg>\n");
            }
            out.append("  </trk>\n");
        }
        out.append("</gpx>\n");
        return out.toString();
    }

    /** A plain decimal rounded to 7 places, trailing zeros dropped: {@code 0.0005}, {@code 51.5}, {@code -0.1234567}, {@code 0}. */
    static String decimal(double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException("not a coordinate: " + v);
        BigDecimal d = BigDecimal.valueOf(v).setScale(7, RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (d.signum() == 0) return "0";
        return d.toPlainString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
