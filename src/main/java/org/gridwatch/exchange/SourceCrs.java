package org.gridwatch.exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.ProjCoordinate;
import org.locationtech.proj4j.proj.Projection;

/**
 * The coordinate system of an imported file, and the way back to WGS84 lon/lat.
 *
 * <p>Understood: geographic WGS84 or CGCS2000 (taken as equal, see {@link ExportCrs}); transverse Mercator /
 * Gauss–Krüger on those ellipsoids with any central meridian, false easting (zone-prefixed or not), scale
 * and unit; Web Mercator; and the offset systems GCJ-02 and BD-09 (given as {@code crs=}). Refused with a
 * clear reason: Beijing 1954 and Xi'an 1980 (they need local transformation parameters a file does not
 * carry), other projections, and WKT that cannot be read.
 *
 * <p>Immutable; {@link #toWgs84} is not thread-safe (it reuses scratch coordinates). Make one per import.
 */
public final class SourceCrs {

    private enum Kind { LONLAT, PROJECTED, GCJ02, BD09 }

    private final Kind kind;
    private final String description;
    private final Projection projection;
    private final ProjCoordinate in = new ProjCoordinate();
    private final ProjCoordinate out = new ProjCoordinate();

    private SourceCrs(Kind kind, String description, Projection projection) {
        this.kind = kind;
        this.description = description;
        this.projection = projection;
    }

    public static SourceCrs wgs84() {
        return new SourceCrs(Kind.LONLAT, "EPSG:4326", null);
    }

    /** What was detected, for the import preview ("EPSG:4547 (from .prj)", "GCJ-02", ...). */
    public String description() {
        return description;
    }

    public boolean geographic() {
        return kind != Kind.PROJECTED;
    }

    /** Converts x/y of this system to WGS84 lon/lat in {@code result}. */
    public void toWgs84(double x, double y, double[] result) {
        switch (kind) {
            case LONLAT -> {
                result[0] = x;
                result[1] = y;
            }
            case GCJ02 -> ChinaOffsets.gcj02ToWgs84(x, y, result);
            case BD09 -> ChinaOffsets.bd09ToWgs84(x, y, result);
            case PROJECTED -> {
                in.x = x;
                in.y = y;
                projection.inverseProject(in, out);
                result[0] = out.x;
                result[1] = out.y;
            }
        }
    }

    /**
     * Parses the {@code crs} request parameter: {@code EPSG:4326}, {@code EPSG:4490}, {@code EPSG:4534}…
     * {@code EPSG:4554}, {@code EPSG:3857}, {@code GCJ-02} or {@code BD-09}.
     */
    public static SourceCrs parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace("_", "-");
        switch (t) {
            case "GCJ-02", "GCJ02" -> {
                return new SourceCrs(Kind.GCJ02, "GCJ-02", null);
            }
            case "BD-09", "BD09" -> {
                return new SourceCrs(Kind.BD09, "BD-09", null);
            }
            case "EPSG:3857", "3857" -> {
                return webMercator("EPSG:3857");
            }
            default -> {
                ExportCrs crs = ExportCrs.parse(text, Double.NaN);
                if (crs.geographic()) {
                    return new SourceCrs(Kind.LONLAT, crs.code(), null);
                }
                return transverseMercator(crs.code(), crs.centralMeridian(), 500000, 0, 1, 0, 6378137, 298.257222101, 1);
            }
        }
    }

    /** Reads a {@code .prj} (ESRI or OGC WKT1). */
    public static SourceCrs fromPrj(String wkt) {
        Node root;
        try {
            root = new WktParser(wkt).parse();
        } catch (RuntimeException e) {
            throw unreadable(wkt);
        }
        String kind = root.name.toUpperCase(Locale.ROOT);
        if (!kind.equals("PROJCS") && !kind.equals("GEOGCS")) {
            throw unreadable(wkt);
        }
        Node geog = kind.equals("GEOGCS") ? root : root.child("GEOGCS");
        if (geog == null) throw unreadable(wkt);
        Node datum = geog.child("DATUM");
        Node spheroid = datum == null ? null : datum.child("SPHEROID");
        String datumName = datum == null ? "" : datum.text(0).toLowerCase(Locale.ROOT);
        if (datumName.contains("beijing") || datumName.contains("1954") || datumName.contains("xian")
                || datumName.contains("xi_an") || datumName.contains("1980")) {
            throw new ExchangeFormatException("exchange.prj.localDatum",
                    "the .prj names the datum " + datum.text(0) + ", which needs local transformation parameters; "
                            + "convert the file to CGCS2000 or WGS84 in the desktop GIS first", datum.text(0));
        }
        double a = spheroid == null ? 6378137 : spheroid.number(1);
        double rf = spheroid == null ? 298.257222101 : spheroid.number(2);
        if (kind.equals("GEOGCS")) {
            return new SourceCrs(Kind.LONLAT, geog.text(0) + " (.prj)", null);
        }
        Node projectionNode = root.child("PROJECTION");
        String projectionName = projectionNode == null ? "" : projectionNode.text(0).toLowerCase(Locale.ROOT);
        double unit = 1;
        for (Node n : root.children) {
            if (n.name.equalsIgnoreCase("UNIT")) unit = n.number(1);
        }
        String name = root.text(0) + " (.prj)";
        if (projectionName.contains("transverse_mercator") || projectionName.contains("gauss")) {
            return transverseMercator(name, root.parameter("central_meridian", Double.NaN),
                    root.parameter("false_easting", 0), root.parameter("false_northing", 0),
                    root.parameter("scale_factor", 1), root.parameter("latitude_of_origin", 0), a, rf, unit);
        }
        if (projectionName.contains("mercator_auxiliary_sphere") || projectionName.contains("pseudo_mercator")
                || projectionName.contains("popular_visualisation")) {
            return webMercator(name);
        }
        throw new ExchangeFormatException("exchange.prj.unsupportedProjection",
                "the .prj uses the projection " + projectionNode.text(0)
                        + "; supported are Gauss-Kruger/transverse Mercator, Web Mercator and lon/lat",
                projectionNode == null ? "?" : projectionNode.text(0));
    }

    private static SourceCrs transverseMercator(String name, double cm, double fe, double fn, double k, double lat0,
                                                double a, double rf, double unitMeters) {
        if (!Double.isFinite(cm) || !Double.isFinite(a) || !Double.isFinite(rf) || a < 6_000_000 || a > 7_000_000) {
            throw unreadable(name);
        }
        String params = "+proj=tmerc +lat_0=" + lat0 + " +lon_0=" + cm + " +k=" + k + " +x_0=" + fe * unitMeters
                + " +y_0=" + fn * unitMeters + " +a=" + a + " +b=" + a * (1 - 1 / rf) + " +units=m +no_defs";
        if (unitMeters != 1) params += " +to_meter=" + unitMeters;
        Projection p = new CRSFactory().createFromParameters(name, params).getProjection();
        return new SourceCrs(Kind.PROJECTED, name, p);
    }

    private static SourceCrs webMercator(String name) {
        Projection p = new CRSFactory().createFromParameters(name,
                "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +no_defs").getProjection();
        return new SourceCrs(Kind.PROJECTED, name, p);
    }

    private static ExchangeFormatException unreadable(String wkt) {
        String shown = wkt.length() > 80 ? wkt.substring(0, 80) + "…" : wkt;
        return new ExchangeFormatException("exchange.prj.unreadable",
                "the .prj could not be read as a coordinate system: " + shown, shown);
    }

    /** A WKT1 node: {@code NAME[value, value, NODE[...], ...]}. */
    private record Node(String name, List<Object> values, List<Node> children) {

        Node child(String n) {
            for (Node c : children) if (c.name.equalsIgnoreCase(n)) return c;
            return null;
        }

        String text(int i) {
            return i < values.size() ? String.valueOf(values.get(i)) : "";
        }

        double number(int i) {
            Object v = i < values.size() ? values.get(i) : null;
            return v instanceof Double d ? d : Double.NaN;
        }

        double parameter(String n, double fallback) {
            for (Node c : children) {
                if (c.name.equalsIgnoreCase("PARAMETER") && c.text(0).equalsIgnoreCase(n)) return c.number(1);
            }
            return fallback;
        }
    }

    /** A small recursive-descent reader of WKT1; depth and size are bounded by the caller's file limit. */
    private static final class WktParser {
        private static final int MAX_DEPTH = 16;
        private final String s;
        private int i;

        WktParser(String s) {
            this.s = s.strip();
        }

        Node parse() {
            Node n = node(0);
            skip();
            if (i != s.length()) throw new IllegalArgumentException("trailing text");
            return n;
        }

        private Node node(int depth) {
            if (depth > MAX_DEPTH) throw new IllegalArgumentException("too deep");
            skip();
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
            String name = s.substring(start, i);
            if (name.isEmpty()) throw new IllegalArgumentException("name expected at " + i);
            skip();
            char open = s.charAt(i++);
            if (open != '[' && open != '(') throw new IllegalArgumentException("[ expected");
            char close = open == '[' ? ']' : ')';
            List<Object> values = new ArrayList<>();
            List<Node> children = new ArrayList<>();
            while (true) {
                skip();
                char c = s.charAt(i);
                if (c == '"') {
                    int end = s.indexOf('"', i + 1);
                    if (end < 0) throw new IllegalArgumentException("unclosed string");
                    values.add(s.substring(i + 1, end));
                    i = end + 1;
                } else if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) {
                    int st = i;
                    while (i < s.length() && "+-.eE0123456789".indexOf(s.charAt(i)) >= 0) i++;
                    values.add(Double.parseDouble(s.substring(st, i)));
                } else {
                    int save = i;
                    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
                    skip();
                    boolean isNode = i < s.length() && (s.charAt(i) == '[' || s.charAt(i) == '(');
                    i = save;
                    if (isNode) {
                        children.add(node(depth + 1));
                    } else {
                        int st = i;
                        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
                        if (i == st) throw new IllegalArgumentException("value expected at " + i);
                        values.add(s.substring(st, i));
                    }
                }
                skip();
                char sep = s.charAt(i++);
                if (sep == close) break;
                if (sep != ',') throw new IllegalArgumentException(", expected");
            }
            return new Node(name, values, children);
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }
    }
}
