package org.gridwatch.geo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Writes GeoJSON (RFC 7946) text for JTS geometries and simple property maps, streaming into any
 * {@link Appendable}. Coordinates are written lon,lat (x,y) with 7 decimals (about 1 cm), which is
 * finer than any survey the districts do and keeps responses short.
 *
 * <p>Property values may be {@code null}, {@link String}, {@link Number}, {@link Boolean},
 * {@link Map}, {@link Collection}, {@link Instant}/{@link OffsetDateTime}/{@link LocalDate} (written
 * as ISO-8601 strings) or {@link RawJson} (inserted verbatim). Anything else is written via
 * {@code toString()} as a string.
 *
 * <p>Stateless and thread-safe; the {@link FeatureCollectionWriter} is not.
 */
public final class GeoJsonWriter {

    private GeoJsonWriter() {
    }

    /** A fragment of JSON that is already serialised (for example a stored JSON object). */
    public record RawJson(String json) {
    }

    public static String toJson(Geometry geometry) {
        StringBuilder sb = new StringBuilder(64);
        writeGeometry(geometry, sb);
        return sb.toString();
    }

    public static void writeGeometry(Geometry g, Appendable out) {
        try {
            if (g == null) {
                out.append("null");
                return;
            }
            if (g instanceof Point p) {
                out.append("{\"type\":\"Point\",\"coordinates\":");
                if (p.isEmpty()) {
                    out.append("[]");
                } else {
                    coordinate(p.getCoordinateSequence(), 0, out);
                }
            } else if (g instanceof LineString l) {
                out.append("{\"type\":\"LineString\",\"coordinates\":");
                sequence(l.getCoordinateSequence(), out);
            } else if (g instanceof Polygon p) {
                out.append("{\"type\":\"Polygon\",\"coordinates\":");
                polygon(p, out);
            } else if (g instanceof MultiPoint mp) {
                out.append("{\"type\":\"MultiPoint\",\"coordinates\":[");
                for (int i = 0; i < mp.getNumGeometries(); i++) {
                    if (i > 0) out.append(',');
                    coordinate(((Point) mp.getGeometryN(i)).getCoordinateSequence(), 0, out);
                }
                out.append(']');
            } else if (g instanceof MultiLineString ml) {
                out.append("{\"type\":\"MultiLineString\",\"coordinates\":[");
                for (int i = 0; i < ml.getNumGeometries(); i++) {
                    if (i > 0) out.append(',');
                    sequence(((LineString) ml.getGeometryN(i)).getCoordinateSequence(), out);
                }
                out.append(']');
            } else if (g instanceof MultiPolygon mp) {
                out.append("{\"type\":\"MultiPolygon\",\"coordinates\":[");
                for (int i = 0; i < mp.getNumGeometries(); i++) {
                    if (i > 0) out.append(',');
                    polygon((Polygon) mp.getGeometryN(i), out);
                }
                out.append(']');
            } else if (g instanceof GeometryCollection gc) {
                out.append("{\"type\":\"GeometryCollection\",\"geometries\":[");
                for (int i = 0; i < gc.getNumGeometries(); i++) {
                    if (i > 0) out.append(',');
                    writeGeometry(gc.getGeometryN(i), out);
                }
                out.append(']');
            } else {
                throw new IllegalArgumentException("Unsupported geometry type " + g.getGeometryType());
            }
            out.append('}');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void polygon(Polygon p, Appendable out) throws IOException {
        out.append('[');
        if (!p.isEmpty()) {
            // RFC 7946 section 3.1.6: exterior rings counter-clockwise, holes clockwise.
            ring(p.getExteriorRing().getCoordinateSequence(), true, out);
            for (int i = 0; i < p.getNumInteriorRing(); i++) {
                out.append(',');
                ring(p.getInteriorRingN(i).getCoordinateSequence(), false, out);
            }
        }
        out.append(']');
    }

    private static void ring(CoordinateSequence seq, boolean counterClockwise, Appendable out) throws IOException {
        boolean isCcw = org.locationtech.jts.algorithm.Orientation.isCCW(seq);
        if (isCcw == counterClockwise) {
            sequence(seq, out);
            return;
        }
        out.append('[');
        for (int i = seq.size() - 1; i >= 0; i--) {
            if (i < seq.size() - 1) out.append(',');
            coordinate(seq, i, out);
        }
        out.append(']');
    }

    private static void sequence(CoordinateSequence seq, Appendable out) throws IOException {
        out.append('[');
        for (int i = 0; i < seq.size(); i++) {
            if (i > 0) out.append(',');
            coordinate(seq, i, out);
        }
        out.append(']');
    }

    private static void coordinate(CoordinateSequence seq, int i, Appendable out) throws IOException {
        out.append('[');
        number(seq.getX(i), out);
        out.append(',');
        number(seq.getY(i), out);
        out.append(']');
    }

    /** Writes a coordinate value rounded to 7 decimals without scientific notation. */
    public static void number(double v, Appendable out) throws IOException {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            out.append("null");
            return;
        }
        long scaled = Math.round(v * 1e7);
        if (scaled < 0) {
            out.append('-');
            scaled = -scaled;
        }
        long whole = scaled / 10_000_000L;
        long frac = scaled % 10_000_000L;
        out.append(Long.toString(whole));
        if (frac != 0) {
            String f = Long.toString(frac);
            out.append('.');
            for (int k = f.length(); k < 7; k++) out.append('0');
            int end = f.length();
            while (end > 0 && f.charAt(end - 1) == '0') end--;
            out.append(f, 0, end);
        }
    }

    public static void writeValue(Object v, Appendable out) {
        try {
            if (v == null) {
                out.append("null");
            } else if (v instanceof String s) {
                string(s, out);
            } else if (v instanceof Double d) {
                if (d.isNaN() || d.isInfinite()) out.append("null");
                else out.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString());
            } else if (v instanceof Float f) {
                writeValue(f.doubleValue(), out);
            } else if (v instanceof Number || v instanceof Boolean) {
                out.append(v.toString());
            } else if (v instanceof RawJson raw) {
                out.append(raw.json() == null || raw.json().isBlank() ? "null" : raw.json());
            } else if (v instanceof Map<?, ?> m) {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) out.append(',');
                    first = false;
                    string(String.valueOf(e.getKey()), out);
                    out.append(':');
                    writeValue(e.getValue(), out);
                }
                out.append('}');
            } else if (v instanceof Collection<?> c) {
                out.append('[');
                Iterator<?> it = c.iterator();
                while (it.hasNext()) {
                    writeValue(it.next(), out);
                    if (it.hasNext()) out.append(',');
                }
                out.append(']');
            } else {
                string(v.toString(), out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void string(String s, Appendable out) throws IOException {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Streams a FeatureCollection: {@link #begin}, any number of {@link #feature}, {@link #end}.
     * Members given to {@code end} (for example {@code numberMatched}) are written after the features,
     * so a count can be added once the stream is done.
     */
    public static final class FeatureCollectionWriter {
        private final Appendable out;
        private boolean first = true;
        private long written;

        public FeatureCollectionWriter(Appendable out) {
            this.out = out;
        }

        public FeatureCollectionWriter begin() {
            try {
                out.append("{\"type\":\"FeatureCollection\",\"features\":[");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        public void feature(Object id, Geometry geometry, Map<String, ?> properties) {
            try {
                if (!first) out.append(",\n");
                first = false;
                writeFeature(id, geometry, properties, out);
                written++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public long written() {
            return written;
        }

        public void end(Map<String, ?> members) {
            try {
                out.append(']');
                if (members != null) {
                    for (Map.Entry<String, ?> e : members.entrySet()) {
                        out.append(',');
                        string(e.getKey(), out);
                        out.append(':');
                        writeValue(e.getValue(), out);
                    }
                }
                out.append("}\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static String feature(Object id, Geometry geometry, Map<String, ?> properties) {
        StringBuilder sb = new StringBuilder(256);
        try {
            writeFeature(id, geometry, properties, sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    public static void writeFeature(Object id, Geometry geometry, Map<String, ?> properties, Appendable out)
            throws IOException {
        out.append("{\"type\":\"Feature\"");
        if (id != null) {
            out.append(",\"id\":");
            writeValue(id, out);
        }
        out.append(",\"geometry\":");
        writeGeometry(geometry, out);
        out.append(",\"properties\":");
        writeValue(properties == null ? Map.of() : properties, out);
        out.append('}');
    }
}
