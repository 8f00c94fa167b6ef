package org.gridwatch.ogcapi.tiles;

import java.util.Map;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

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

    private TileShape(long id, Envelope lonLat, Geometry world, String[] keys, Object[] values) {
        this.id = id;
        this.lonLat = lonLat;
        this.world = world;
        this.keys = keys;
        this.values = values;
    }

    /** A shape from its lon/lat geometry and properties (kept in the map's order); the geometry is not changed. */
    public static TileShape of(long id, Geometry lonLat, Map<String, ?> properties) {
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
        int i = 0;
        for (Map.Entry<String, ?> e : properties.entrySet()) {
            keys[i] = e.getKey();
            values[i] = MvtEncoder.normalise(e.getValue());
            // Hashed here once rather than by the first tile's dictionaries.
            if (values[i] != null) values[i].hashCode();
            i++;
        }
        world.getEnvelopeInternal(); // computed now: it is cached lazily, and tiles read it from many threads
        return new TileShape(id, lonLat.getEnvelopeInternal(), world, keys, values);
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
}
