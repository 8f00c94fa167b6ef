package org.gridwatch.ogcapi.tiles;

import org.gridwatch.geo.PointTransform;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Lineal;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.TopologyException;
import org.locationtech.jts.simplify.DouglasPeuckerSimplifier;

/**
 * Lon/lat geometries to the coordinates of one tile (0..{@link MvtEncoder#EXTENT}, y down): projected to
 * Web Mercator, clipped to the tile grown by a buffer (so that strokes and fills join seamlessly across
 * tile edges), and simplified by a quarter of a tile unit (finer detail is lost on the integer grid anyway).
 */
public final class TileGeometry {

    /** Tile units around the tile that clipped lines and polygons keep (MVT renderers draw strokes across edges). */
    public static final int BUFFER = 64;
    private static final double SIMPLIFY_TOLERANCE = 0.25;

    private final WebMercatorQuad.Tile tile;
    private final int extent;
    private final Envelope clip;
    private final Geometry clipBox;

    public TileGeometry(WebMercatorQuad.Tile tile, GeometryFactory factory) {
        this.tile = tile;
        this.extent = MvtEncoder.EXTENT;
        this.clip = new Envelope(-BUFFER, extent + BUFFER, -BUFFER, extent + BUFFER);
        this.clipBox = factory.toGeometry(clip);
    }

    public WebMercatorQuad.Tile tile() {
        return tile;
    }

    /** The tile grown by the buffer, in lon/lat: the box to read lines and polygons in. */
    public Envelope readBox() {
        return tile.lonLat(BUFFER, extent);
    }

    /** Tile x of a longitude. */
    public double x(double lon) {
        return tile.tileX(lon, extent);
    }

    /** Tile y of a latitude. */
    public double y(double lat) {
        return tile.tileY(lat, extent);
    }

    /**
     * A line or polygon geometry in tile coordinates, clipped to the buffered tile; null when nothing of
     * it is left.
     */
    public Geometry project(Geometry lonLat) {
        Geometry g = lonLat.copy();
        g.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence seq, int i) {
                seq.setOrdinate(i, 0, x(seq.getX(i)));
                seq.setOrdinate(i, 1, y(seq.getY(i)));
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
        return clippedAndSimplified(g, g.getEnvelopeInternal());
    }

    /**
     * {@link #project(Geometry)} of a prepared shape: the same tile coordinates bit for bit (the same arithmetic
     * on the same world fractions), without projecting lon/lat again. Null when nothing of it is left.
     */
    public Geometry project(TileShape shape) {
        Geometry world = shape.world();
        double n = 1L << tile.z();
        int x0 = tile.x(), y0 = tile.y();
        // The projection only scales and shifts, and rounding keeps order, so the corners give the envelope.
        Envelope w = world.getEnvelopeInternal();
        Envelope e = new Envelope((w.getMinX() * n - x0) * extent, (w.getMaxX() * n - x0) * extent,
                (w.getMinY() * n - y0) * extent, (w.getMaxY() * n - y0) * extent);
        if (!e.intersects(clip)) return null;
        // scale and shift into the tile through the shared coordinate walk (a copy; the shape stays as held)
        PointTransform toTile = (x, y, out) -> {
            out[0] = (x * n - x0) * extent;
            out[1] = (y * n - y0) * extent;
        };
        Geometry g = toTile.applyTo(world);
        return clippedAndSimplified(g, e);
    }

    private Geometry clippedAndSimplified(Geometry g, Envelope e) {
        if (!e.intersects(clip)) return null;
        if (!clip.contains(e)) {
            g = clipped(g);
            if (g == null || g.isEmpty()) return null;
        }
        if (g instanceof Lineal || g instanceof Polygonal) {
            Geometry simple = DouglasPeuckerSimplifier.simplify(g, SIMPLIFY_TOLERANCE);
            if (!simple.isEmpty()) g = simple;
        }
        return g;
    }

    private Geometry clipped(Geometry g) {
        try {
            return g.intersection(clipBox);
        } catch (TopologyException e) {
            // A stored polygon that is not quite valid: its repaired form is clipped instead.
            return g instanceof Polygonal ? g.buffer(0).intersection(clipBox) : null;
        }
    }
}
