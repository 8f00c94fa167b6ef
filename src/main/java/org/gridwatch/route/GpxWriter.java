package org.gridwatch.route;

import java.util.List;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;

/**
 * Writes a route as GPX 1.1 (lat/lon attributes, WGS84) for phone navigation apps: the stops as
 * numbered waypoints and the walk as a track, one segment per line of the geometry.
 *
 * <p>Stateless and thread-safe.
 */
public final class GpxWriter {

    private GpxWriter() {
    }

    /** A waypoint: its name and lon/lat. */
    public record Waypoint(String name, double lon, double lat) {
    }

    public static String write(String name, Geometry walkLonLat, List<Waypoint> waypoints) {
        StringBuilder out = new StringBuilder(256 + walkLonLat.getNumPoints() * 48);
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<gpx version=\"1.1\" creator=\"gridwatch\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n");
        for (Waypoint w : waypoints) {
            out.append("  <wpt lat=\"").append(w.lat()).append("\" lon=\"").append(w.lon()).append("\"><name>")
                    .append(escape(w.name())).append("</name></wpt>\n");
        }
        out.append("  <trk><name>").append(escape(name)).append("</name>\n");
        for (int g = 0; g < walkLonLat.getNumGeometries(); g++) {
            if (!(walkLonLat.getGeometryN(g) instanceof LineString line)) continue;
            out.append("    <trkseg>\n");
            for (Coordinate c : line.getCoordinates()) {
                out.append("      <trkpt lat=\"").append(c.y).append("\" lon=\"").append(c.x).append("\"/>\n");
            }
            out.append("    </trkseg>\n");
        }
        out.append("  </trk>\n</gpx>\n");
        return out.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
