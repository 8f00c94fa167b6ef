package org.gridwatch.ogcapi.tiles;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Lineal;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;

/**
 * A line or polygon prepared once for every tile it will be drawn in: its coordinates already in Web Mercator
 * world fractions ({@link WebMercatorQuad#worldX}, {@code worldY}: the logarithm of a latitude is most of the cost
 * of projecting a vertex to a tile), and its tile properties as arrays in the order they are written. Immutable.
 */
public final class TileShape {

    private final long id;
    private final Envelope lonLat;
    private final Geometry world;
    private final String[] keys;
    private final Object[] values;
    /** Each string value's UTF-8 bytes (null for other values): encoded once rather than by every tile. */
    private final byte[][] valueBytes;
    /** The geometry's lines or rings in world fractions as flat {@code x, y} arrays (see {@link #ringsPerPolygon}). */
    private final double[][] worldParts;
    /** For polygons, how many of {@link #worldParts} each polygon has (shell first); null for lines. */
    private final int[] ringsPerPolygon;
    /** The values' numbers in {@link #valueTable}; null when prepared without one. */
    private final int[] valueNumbers;
    private final ShapeValues valueTable;

    private TileShape(long id, Envelope lonLat, Geometry world, String[] keys, Object[] values, byte[][] valueBytes,
                      double[][] worldParts, int[] ringsPerPolygon, int[] valueNumbers, ShapeValues valueTable) {
        this.id = id;
        this.lonLat = lonLat;
        this.world = world;
        this.keys = keys;
        this.values = values;
        this.valueBytes = valueBytes;
        this.worldParts = worldParts;
        this.ringsPerPolygon = ringsPerPolygon;
        this.valueNumbers = valueNumbers;
        this.valueTable = valueTable;
    }

    /** A shape from its lon/lat geometry and properties (kept in the map's order); the geometry is not changed. */
    public static TileShape of(long id, Geometry lonLat, Map<String, ?> properties) {
        return of(id, lonLat, properties, null);
    }

    /**
     * {@link #of(long, Geometry, Map)} with its values numbered in {@code table} (null: not numbered), for shapes
     * held in memory and drawn in many tiles.
     */
    public static TileShape of(long id, Geometry lonLat, Map<String, ?> properties, ShapeValues table) {
        Geometry world = lonLat.copy();
        world.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence seq, int i) {
                seq.setOrdinate(i, 0, WebMercatorQuad.worldX(seq.getX(i)));
                seq.setOrdinate(i, 1, WebMercatorQuad.worldY(seq.getY(i)));
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
        String[] keys = new String[properties.size()];
        Object[] values = new Object[properties.size()];
        byte[][] valueBytes = new byte[properties.size()][];
        int i = 0;
        for (Map.Entry<String, ?> e : properties.entrySet()) {
            keys[i] = e.getKey();
            values[i] = MvtEncoder.normalise(e.getValue());
            // Hashed here once rather than by the first tile's dictionaries.
            if (values[i] != null) values[i].hashCode();
            if (values[i] instanceof String str) valueBytes[i] = str.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            i++;
        }
        int[] numbers = null;
        if (table != null) {
            numbers = new int[values.length];
            for (int k = 0; k < values.length; k++) numbers[k] = values[k] == null ? -1 : table.number(values[k]);
        }
        world.getEnvelopeInternal(); // computed now: it is cached lazily, and tiles read it from many threads
        List<double[]> parts = new ArrayList<>(1);
        int[] rings = null;
        if (world instanceof Polygonal) {
            rings = new int[world.getNumGeometries()];
            for (int g = 0; g < rings.length; g++) {
                Polygon p = (Polygon) world.getGeometryN(g);
                parts.add(flat(p.getExteriorRing().getCoordinateSequence()));
                for (int h = 0; h < p.getNumInteriorRing(); h++) parts.add(flat(p.getInteriorRingN(h).getCoordinateSequence()));
                rings[g] = 1 + p.getNumInteriorRing();
            }
        } else if (world instanceof Lineal) {
            for (int g = 0; g < world.getNumGeometries(); g++) {
                parts.add(flat(((LineString) world.getGeometryN(g)).getCoordinateSequence()));
            }
        }
        return new TileShape(id, lonLat.getEnvelopeInternal(), world, keys, values, valueBytes,
                parts.toArray(double[][]::new), rings, numbers, table);
    }

    private static double[] flat(CoordinateSequence seq) {
        double[] xy = new double[2 * seq.size()];
        for (int i = 0; i < seq.size(); i++) {
            xy[2 * i] = seq.getX(i);
            xy[2 * i + 1] = seq.getY(i);
        }
        return xy;
    }

    public long id() {
        return id;
    }

    /** Bounds in lon/lat. */
    public Envelope lonLat() {
        return lonLat;
    }

    /** The geometry in world fractions (x from 0 at 180°W, y from 0 at the top of the square world); not to be changed. */
    Geometry world() {
        return world;
    }

    String[] keys() {
        return keys;
    }

    Object[] values() {
        return values;
    }

    byte[][] valueBytes() {
        return valueBytes;
    }

    /** Lines or rings in world fractions, flat; not to be changed. */
    double[][] worldParts() {
        return worldParts;
    }

    /** For polygons, the rings of each in {@link #worldParts()}; null for lines. */
    int[] ringsPerPolygon() {
        return ringsPerPolygon;
    }

    /** The values' numbers in {@link #valueTable()} (-1 for a null value); null when not numbered. */
    int[] valueNumbers() {
        return valueNumbers;
    }

    ShapeValues valueTable() {
        return valueTable;
    }
}
