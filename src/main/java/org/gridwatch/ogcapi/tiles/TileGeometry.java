package org.gridwatch.ogcapi.tiles;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.gridwatch.geo.PointTransform;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Lineal;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.impl.PackedCoordinateSequence;

/**
 * Lon/lat geometries to the coordinates of one tile (0..{@link MvtEncoder#EXTENT}, y down): projected to
 * Web Mercator, clipped to the tile grown by a buffer (so that strokes and fills join seamlessly across
 * tile edges; {@link RectangleClip}), and simplified by a quarter of a tile unit (finer detail is lost on the
 * integer grid anyway).
 */
public final class TileGeometry {

    /** Tile units around the tile that clipped lines and polygons keep (MVT renderers draw strokes across edges). */
    public static final int BUFFER = 64;
    private static final double SIMPLIFY_TOLERANCE = 0.25;

    private final WebMercatorQuad.Tile tile;
    private final int extent;
    private final Envelope clip;
    private final RectangleClip clipper;
    private final GeometryFactory factory;

    public TileGeometry(WebMercatorQuad.Tile tile, GeometryFactory factory) {
        this.tile = tile;
        this.extent = MvtEncoder.EXTENT;
        this.clip = new Envelope(-BUFFER, extent + BUFFER, -BUFFER, extent + BUFFER);
        this.clipper = new RectangleClip(-BUFFER, -BUFFER, extent + BUFFER, extent + BUFFER);
        this.factory = factory;
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
        return inTile(lonLat, (x, y, out) -> {
            out[0] = x(x);
            out[1] = y(y);
        });
    }

    /**
     * {@link #project(Geometry)} of a prepared shape: the same tile coordinates bit for bit (the same arithmetic
     * on the same world fractions), without projecting lon/lat again. Null when nothing of it is left.
     */
    public Geometry project(TileShape shape) {
        Parts p = parts(shape);
        if (p == null) return null;
        List<Geometry> out = new ArrayList<>();
        if (!p.polygons()) {
            for (double[] line : p.parts()) out.add(factory.createLineString(sequence(line)));
        } else {
            int next = 0;
            for (int rings : p.ringsPerPolygon()) {
                LinearRing[] holes = new LinearRing[rings - 1];
                for (int h = 0; h < holes.length; h++) holes[h] = factory.createLinearRing(sequence(p.parts().get(next + 1 + h)));
                out.add(factory.createPolygon(factory.createLinearRing(sequence(p.parts().get(next))), holes));
                next += rings;
            }
        }
        return factory.buildGeometry(out);
    }

    /**
     * A shape's lines, or its polygons' rings (each polygon's shell, then its holes), in tile coordinates as flat
     * {@code x, y} arrays (rings closed), clipped and simplified: what the encoder writes, with no geometry objects
     * made for a shape drawn once and dropped.
     *
     * @param ringsPerPolygon for polygons, how many of {@code parts} each polygon has, in order; null for lines
     */
    public record Parts(List<double[]> parts, int[] ringsPerPolygon) {
        public boolean polygons() {
            return ringsPerPolygon != null;
        }
    }

    /** The parts of a prepared line or polygon shape in this tile, as {@link #project(TileShape)} has them; null when none is left. */
    public Parts parts(TileShape shape) {
        Geometry world = shape.world();
        if (!(world instanceof Polygonal) && !(world instanceof Lineal)) {
            throw new IllegalArgumentException("a tile shape is lines or polygons, not " + world.getGeometryType());
        }
        double n = 1L << tile.z();
        int x0 = tile.x(), y0 = tile.y();
        Envelope w = world.getEnvelopeInternal();
        Envelope e = new Envelope((w.getMinX() * n - x0) * extent, (w.getMaxX() * n - x0) * extent,
                (w.getMinY() * n - y0) * extent, (w.getMaxY() * n - y0) * extent);
        if (!e.intersects(clip)) return null;
        boolean whole = clip.contains(e);
        double[][] world2 = shape.worldParts();
        List<double[]> parts = new ArrayList<>(world2.length);
        int[] ringsPerPolygon = shape.ringsPerPolygon();
        if (ringsPerPolygon == null) {
            for (double[] line : world2) {
                double[] xy = inTile(line, n, x0, y0);
                for (double[] piece : whole ? List.of(xy) : clipper.line(xy)) {
                    parts.add(RectangleClip.simplify(piece, SIMPLIFY_TOLERANCE));
                }
            }
            return parts.isEmpty() ? null : new Parts(parts, null);
        }
        int[] counts = new int[ringsPerPolygon.length];
        int polygons = 0, next = 0;
        for (int rings : ringsPerPolygon) {
            int first = next;
            next += rings;
            double[] shell = ring(inTile(world2[first], n, x0, y0), whole);
            if (shell == null) continue;
            parts.add(shell);
            int kept = 1;
            for (int h = first + 1; h < next; h++) {
                double[] hole = ring(inTile(world2[h], n, x0, y0), whole);
                if (hole == null) continue;
                parts.add(hole);
                kept++;
            }
            counts[polygons++] = kept;
        }
        return polygons == 0 ? null : new Parts(parts, Arrays.copyOf(counts, polygons));
    }

    /** World fractions to this tile's coordinates: the arithmetic of {@link #project(TileShape)}. */
    private double[] inTile(double[] world, double n, int x0, int y0) {
        double[] xy = new double[world.length];
        for (int i = 0; i < xy.length; i += 2) {
            xy[i] = (world[i] * n - x0) * extent;
            xy[i + 1] = (world[i + 1] * n - y0) * extent;
        }
        return xy;
    }

    /** The parts of {@code g} transformed into the tile, clipped to the buffered tile and simplified; null when none is left. */
    private Geometry inTile(Geometry g, PointTransform toTile) {
        List<Geometry> parts = new ArrayList<>(1);
        addParts(g, toTile, parts);
        if (parts.isEmpty()) return null;
        return factory.buildGeometry(parts);
    }

    private void addParts(Geometry g, PointTransform toTile, List<Geometry> out) {
        if (g instanceof Polygon p) {
            double[] shell = ring(p.getExteriorRing().getCoordinateSequence(), toTile);
            if (shell == null) return;
            LinearRing[] holes = new LinearRing[p.getNumInteriorRing()];
            int kept = 0;
            for (int h = 0; h < holes.length; h++) {
                double[] hole = ring(p.getInteriorRingN(h).getCoordinateSequence(), toTile);
                if (hole != null) holes[kept++] = factory.createLinearRing(sequence(hole));
            }
            out.add(factory.createPolygon(factory.createLinearRing(sequence(shell)), Arrays.copyOf(holes, kept)));
        } else if (g instanceof LineString l) {
            double[] xy = coordinates(l.getCoordinateSequence(), toTile);
            List<double[]> pieces = clipper.contains(xy) ? List.of(xy) : clipper.line(xy);
            for (double[] piece : pieces) {
                out.add(factory.createLineString(sequence(RectangleClip.simplify(piece, SIMPLIFY_TOLERANCE))));
            }
        } else if (g instanceof Point pt) {
            if (pt.isEmpty()) return;
            double[] xy = coordinates(pt.getCoordinateSequence(), toTile);
            if (clipper.contains(xy)) out.add(factory.createPoint(sequence(xy)));
        } else if (g instanceof GeometryCollection c) {
            for (int i = 0; i < c.getNumGeometries(); i++) addParts(c.getGeometryN(i), toTile, out);
        }
    }

    /**
     * A ring in the tile, clipped and simplified, closed; null when nothing of it is left. A ring that the
     * simplification would leave with fewer than three vertices is kept as it was (the integer grid decides).
     */
    private double[] ring(CoordinateSequence seq, PointTransform toTile) {
        return ring(coordinates(seq, toTile), false);
    }

    /** {@link #ring(CoordinateSequence, PointTransform)} of a ring already in the tile; {@code whole}: known inside the clip. */
    private double[] ring(double[] xy, boolean whole) {
        if (xy.length < 8) return null;
        if (!whole && !clipper.contains(xy)) {
            xy = clipper.ring(xy);
            if (xy == null) return null;
        }
        double[] simple = RectangleClip.simplify(xy, SIMPLIFY_TOLERANCE);
        return simple.length >= 8 ? simple : xy;
    }

    private static double[] coordinates(CoordinateSequence seq, PointTransform toTile) {
        int n = seq.size();
        double[] xy = new double[2 * n];
        double[] p = new double[2];
        for (int i = 0; i < n; i++) {
            toTile.transform(seq.getX(i), seq.getY(i), p);
            xy[2 * i] = p[0];
            xy[2 * i + 1] = p[1];
        }
        return xy;
    }

    private CoordinateSequence sequence(double[] xy) {
        return new PackedCoordinateSequence.Double(xy, 2, 0);
    }
}
