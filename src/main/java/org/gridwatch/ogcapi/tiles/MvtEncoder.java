package org.gridwatch.ogcapi.tiles;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Mapbox Vector Tile 2.1 writer: the protobuf wire format of {@code vector_tile.proto} written by hand
 * (it has four messages), so that the bytes are fully under our control and no generated code is needed.
 *
 * <p>Geometries come in tile coordinates (0..extent, y down, as doubles); they are rounded to the integer
 * grid here, repeated points are dropped, lines of fewer than two distinct points and rings of fewer
 * than three (or of zero area) are dropped, and rings are wound as the spec asks: exterior rings with a
 * positive area by the surveyor's formula in tile coordinates (clockwise on screen), holes negative.
 * A feature left with no geometry is not written.
 */
public final class MvtEncoder {

    public static final int EXTENT = 4096;

    private static final int POINT = 1, LINESTRING = 2, POLYGON = 3;
    private static final int MOVE_TO = 1, LINE_TO = 2, CLOSE_PATH = 7;

    /** The layers made since the last {@link #reset}: the first {@code layerCount}; those after them wait for reuse. */
    private final List<Layer> layers = new ArrayList<>();
    private int layerCount;
    private final ProtoWriter out = new ProtoWriter(1024);
    private final ProtoWriter layer = new ProtoWriter(1024);

    /**
     * Forgets the layers, keeping their buffers and dictionaries at the size they grew to: an encoder reused for
     * the next tile does not grow them from empty again (that was a tenth of a tile's time). Not thread-safe: one
     * tile at a time.
     */
    public void reset() {
        layerCount = 0;
    }

    /** A new layer (written in the order layers are added). */
    public Layer layer(String name) {
        Layer l;
        if (layerCount < layers.size()) {
            l = layers.get(layerCount);
            l.reset(name);
        } else {
            l = new Layer(name);
            layers.add(l);
        }
        layerCount++;
        return l;
    }

    /** The encoded tile; layers without features are left out (zero bytes when all are empty). */
    public byte[] encode() {
        out.reset();
        for (int i = 0; i < layerCount; i++) {
            Layer l = layers.get(i);
            if (l.featureCount == 0) continue;
            layer.reset();
            l.encode(layer);
            out.message(3, layer);
        }
        return out.toByteArray();
    }

    /**
     * One layer: its features, and the keys and values their tags point at (each stored once). The buffers a
     * feature is assembled in are the layer's own and reused: a z14 tile holds thousands of points, and three
     * new streams, a list of boxed tags and a JTS point per feature made encoding most of a tile's time.
     */
    public static final class Layer {
        private String name;
        private final MvtDictionary keys = new MvtDictionary();
        private final MvtDictionary values = new MvtDictionary();
        private final ProtoWriter features = new ProtoWriter(4096);
        private final ProtoWriter feature = new ProtoWriter(64);
        private final ProtoWriter packed = new ProtoWriter(64);
        private final GeometryCommands commands = new GeometryCommands();
        private int[] tags = new int[16];
        private int tagCount;
        private int featureCount;

        private Layer(String name) {
            this.name = name;
        }

        private void reset(String newName) {
            name = newName;
            keys.clear();
            values.clear();
            features.reset();
            tagCount = 0;
            featureCount = 0;
        }

        public int featureCount() {
            return featureCount;
        }

        /**
         * Adds a feature. Property values may be strings, integral numbers, other numbers (written as
         * doubles) or booleans; nulls are skipped, anything else is written as its string.
         *
         * @param id       the feature id (null or negative: none)
         * @param geometry in tile coordinates
         * @return whether the feature was written (false when its geometry vanished on the integer grid)
         */
        public boolean add(Long id, Geometry geometry, Map<String, ?> properties) {
            GeometryCommands g = commands(geometry, commands);
            if (g == null) return false;
            tagCount = 0;
            for (Map.Entry<String, ?> e : properties.entrySet()) tag(e.getKey(), e.getValue());
            write(id == null ? -1 : id, g);
            return true;
        }

        /**
         * Adds a feature with the properties {@code keys[i] = values[i]}: the same bytes as {@link #add(Long, Geometry, Map)}
         * with a map of them in that order.
         */
        public boolean add(long id, Geometry geometry, String[] keys, Object[] values) {
            GeometryCommands g = commands(geometry, commands);
            if (g == null) return false;
            tagCount = 0;
            for (int i = 0; i < keys.length; i++) tag(keys[i], values[i]);
            write(id, g);
            return true;
        }

        /** Adds a prepared shape with its geometry {@code g} in tile coordinates; see {@link #add(long, Geometry, String[], Object[])}. */
        public boolean add(TileShape shape, Geometry g) {
            return add(shape.id(), g, shape.keys(), shape.values());
        }

        /**
         * Adds a prepared shape with its parts in tile coordinates: the same bytes as {@link #add(TileShape, Geometry)}
         * with those parts as a JTS geometry.
         */
        public boolean add(TileShape shape, TileGeometry.Parts parts) {
            GeometryCommands g = commands(parts, commands);
            if (g == null) return false;
            tagCount = 0;
            String[] k = shape.keys();
            Object[] v = shape.values();
            byte[][] utf8 = shape.valueBytes();
            int[] numbered = shape.valueNumbers();
            for (int i = 0; i < k.length; i++) {
                if (v[i] == null) continue;
                if (tagCount + 2 > tags.length) tags = java.util.Arrays.copyOf(tags, tags.length * 2);
                tags[tagCount++] = keys.number(k[i]);
                tags[tagCount++] = numbered != null ? values.number(numbered[i], shape.valueTable())
                        : values.number(v[i], utf8[i]);
            }
            write(shape.id(), g);
            return true;
        }

        /**
         * Adds a point feature at tile coordinates {@code x, y} with the properties {@code keys[i] = values[i]}
         * (the same rules as {@link #add}); the same bytes as {@code add} with a point and a map of them.
         */
        public void addPoint(long id, double x, double y, String[] keys, Object[] values) {
            GeometryCommands g = commands;
            g.reset();
            g.type = POINT;
            g.command(MOVE_TO, 1);
            g.moveBy((int) Math.round(x), (int) Math.round(y));
            tagCount = 0;
            for (int i = 0; i < keys.length; i++) tag(keys[i], values[i]);
            write(id, g);
        }

        private void tag(String key, Object v) {
            Object value = normalise(v);
            if (value == null) return;
            if (tagCount + 2 > tags.length) tags = java.util.Arrays.copyOf(tags, tags.length * 2);
            tags[tagCount++] = keys.number(key);
            tags[tagCount++] = values.number(value);
        }

        private void write(long id, GeometryCommands g) {
            ProtoWriter f = feature;
            f.reset();
            if (id >= 0) {
                f.tag(1, 0);
                f.varint(id);
            }
            if (tagCount > 0) {
                packed.reset();
                for (int i = 0; i < tagCount; i++) packed.varint(tags[i]);
                f.message(2, packed);
            }
            f.tag(3, 0);
            f.varint(g.type);
            packed.reset();
            for (int i = 0; i < g.size; i++) packed.varint(g.ints[i] & 0xFFFFFFFFL);
            f.message(4, packed);
            features.message(2, f);
            featureCount++;
        }

        private void encode(ProtoWriter out) {
            out.tag(15, 0);
            out.varint(2);
            out.bytes(1, name.getBytes(StandardCharsets.UTF_8));
            out.append(features);
            for (int i = 0; i < keys.size(); i++) out.bytes(3, ((String) keys.get(i)).getBytes(StandardCharsets.UTF_8));
            ProtoWriter value = new ProtoWriter(32);
            for (int i = 0; i < values.size(); i++) {
                value.reset();
                byte[] utf8 = values.bytes(i);
                if (utf8 != null) value.bytes(1, utf8);
                else value(values.get(i), value);
                out.message(4, value);
            }
            out.tag(5, 0);
            out.varint(EXTENT);
        }
    }


    /** Strings, longs, doubles and booleans; the map key keeps 1 (long) and 1.0 (double) apart. */
    static Object normalise(Object v) {
        if (v == null) return null;
        if (v instanceof String || v instanceof Boolean) return v;
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number n) return n.doubleValue();
        return v.toString();
    }

    private static void value(Object v, ProtoWriter out) {
        if (v instanceof String s) {
            out.bytes(1, s.getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof Boolean b) {
            out.tag(7, 0);
            out.varint(b ? 1 : 0);
        } else if (v instanceof Long l) {
            // sint64: small negative numbers stay small.
            out.tag(6, 0);
            out.varint((l << 1) ^ (l >> 63));
        } else {
            long bits = Double.doubleToLongBits((Double) v);
            out.tag(3, 1);
            for (int i = 0; i < 8; i++) out.raw((byte) (bits >>> (8 * i)));
        }
    }

    // ---------------------------------------------------------------- geometry

    /** A feature's geometry type and command integers. */
    private static final class GeometryCommands {
        int type;
        int[] ints = new int[16];
        int size;
        int cursorX, cursorY;

        void reset() {
            type = 0;
            size = 0;
            cursorX = 0;
            cursorY = 0;
        }

        void add(int v) {
            if (size == ints.length) ints = java.util.Arrays.copyOf(ints, size * 2);
            ints[size++] = v;
        }

        void command(int id, int count) {
            add((id & 0x7) | (count << 3));
        }

        void moveBy(int x, int y) {
            add(zigzag(x - cursorX));
            add(zigzag(y - cursorY));
            cursorX = x;
            cursorY = y;
        }
    }

    private static GeometryCommands commands(Geometry geometry, GeometryCommands g) {
        if (geometry == null || geometry.isEmpty()) return null;
        g.reset();
        int written = 0;
        for (int i = 0; i < geometry.getNumGeometries(); i++) {
            Geometry part = geometry.getGeometryN(i);
            if (part instanceof Point p) {
                if (g.type != 0 && g.type != POINT) continue;
                g.type = POINT;
                written += points(g, p);
            } else if (part instanceof LineString l) {
                if (g.type != 0 && g.type != LINESTRING) continue;
                if (lineString(g, quantise(l.getCoordinateSequence(), false))) written++;
            } else if (part instanceof Polygon poly) {
                if (g.type != 0 && g.type != POLYGON) continue;
                int[][] holes = new int[poly.getNumInteriorRing()][];
                for (int h = 0; h < holes.length; h++) holes[h] = quantise(poly.getInteriorRingN(h).getCoordinateSequence(), true);
                if (polygon(g, quantise(poly.getExteriorRing().getCoordinateSequence(), true), holes)) written++;
            }
        }
        return written == 0 ? null : g;
    }

    private static GeometryCommands commands(TileGeometry.Parts parts, GeometryCommands g) {
        if (parts == null) return null;
        g.reset();
        int written = 0;
        List<double[]> xy = parts.parts();
        if (!parts.polygons()) {
            for (double[] line : xy) if (lineString(g, quantise(line, false))) written++;
            return written == 0 ? null : g;
        }
        int next = 0;
        for (int rings : parts.ringsPerPolygon()) {
            int[][] holes = new int[rings - 1][];
            for (int h = 0; h < holes.length; h++) holes[h] = quantise(xy.get(next + 1 + h), true);
            if (polygon(g, quantise(xy.get(next), true), holes)) written++;
            next += rings;
        }
        return written == 0 ? null : g;
    }

    /** Writes a quantised line unless fewer than two distinct points are left; whether it was written. */
    private static boolean lineString(GeometryCommands g, int[] xy) {
        if (xy.length < 4) return false;
        g.type = LINESTRING;
        line(g, xy, false);
        return true;
    }

    /**
     * Writes a quantised polygon, shell wound positive and holes negative, leaving out rings of fewer than three
     * points or no area (the whole polygon when its shell is such); whether it was written.
     */
    private static boolean polygon(GeometryCommands g, int[] shell, int[][] holes) {
        if (shell.length < 6 || area2(shell) == 0) return false;
        g.type = POLYGON;
        line(g, wound(shell, true), true);
        for (int[] hole : holes) {
            if (hole.length < 6 || area2(hole) == 0) continue;
            line(g, wound(hole, false), true);
        }
        return true;
    }

    /** {@link #quantise(org.locationtech.jts.geom.CoordinateSequence, boolean)} of flat {@code x, y} pairs. */
    static int[] quantise(double[] xy, boolean ring) {
        int[] out = new int[xy.length];
        int n = 0;
        for (int i = 0; i < xy.length; i += 2) {
            int x = (int) Math.round(xy[i]), y = (int) Math.round(xy[i + 1]);
            if (n > 0 && out[2 * n - 2] == x && out[2 * n - 1] == y) continue;
            out[2 * n] = x;
            out[2 * n + 1] = y;
            n++;
        }
        if (ring && n > 1 && out[0] == out[2 * n - 2] && out[1] == out[2 * n - 1]) n--;
        return java.util.Arrays.copyOf(out, 2 * n);
    }

    /** Writes a point as one MoveTo with one parameter pair (multipoints are split by the caller's geometry). */
    private static int points(GeometryCommands g, Point p) {
        int x = (int) Math.round(p.getX()), y = (int) Math.round(p.getY());
        if (g.size > 0) {
            // Multipoint: the count of the first MoveTo grows; keep the layout simple by rewriting it.
            int count = (g.ints[0] >>> 3) + 1;
            g.ints[0] = (MOVE_TO & 0x7) | (count << 3);
            g.moveBy(x, y);
        } else {
            g.command(MOVE_TO, 1);
            g.moveBy(x, y);
        }
        return 1;
    }

    private static void line(GeometryCommands g, int[] xy, boolean ring) {
        int n = xy.length / 2;
        g.command(MOVE_TO, 1);
        g.moveBy(xy[0], xy[1]);
        g.command(LINE_TO, n - 1);
        for (int i = 1; i < n; i++) g.moveBy(xy[2 * i], xy[2 * i + 1]);
        if (ring) g.command(CLOSE_PATH, 1);
    }

    /**
     * The coordinates on the integer grid, consecutive duplicates removed; for a ring also the closing
     * point (ClosePath draws that segment), so a triangle gives three points.
     */
    static int[] quantise(org.locationtech.jts.geom.CoordinateSequence cs, boolean ring) {
        double[] xy = new double[2 * cs.size()];
        for (int i = 0; i < cs.size(); i++) {
            xy[2 * i] = cs.getX(i);
            xy[2 * i + 1] = cs.getY(i);
        }
        return quantise(xy, ring);
    }

    /** Twice the signed area by the surveyor's formula, in tile coordinates (y down): positive is clockwise on screen. */
    static long area2(int[] xy) {
        int n = xy.length / 2;
        long sum = 0;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            sum += (long) xy[2 * i] * xy[2 * j + 1] - (long) xy[2 * j] * xy[2 * i + 1];
        }
        return sum;
    }

    private static int[] wound(int[] xy, boolean exterior) {
        boolean positive = area2(xy) > 0;
        if (positive == exterior) return xy;
        int n = xy.length / 2;
        int[] out = new int[xy.length];
        // Reversed, keeping the first point first.
        out[0] = xy[0];
        out[1] = xy[1];
        for (int i = 1; i < n; i++) {
            out[2 * i] = xy[2 * (n - i)];
            out[2 * i + 1] = xy[2 * (n - i) + 1];
        }
        return out;
    }

    static int zigzag(int n) {
        return (n << 1) ^ (n >> 31);
    }
}
