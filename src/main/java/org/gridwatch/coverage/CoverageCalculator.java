package org.gridwatch.coverage;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.gridwatch.geo.MetricProjection;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.algorithm.locate.PointOnGeometryLocator;
import org.locationtech.jts.algorithm.locate.SimplePointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * Counts features per grid and measures how much of each grid lies within a radius of a feature
 * type, in memory: the points go into a {@link PackedPointIndex}, each grid gets a point-in-area
 * locator, and the grids are processed in parallel on the common fork-join pool (all cores).
 *
 * <p>Counting tests points in lon/lat, where "inside" means the same as in PostGIS
 * {@code ST_Intersects(grid, point)}: interior or boundary. Coverage is measured in the
 * {@link MetricProjection} the caller gives (transverse Mercator centred on the district, scale error
 * below 5e-6 within 20 km of its centre). A circle of radius R is the regular polygon with
 * {@code 4 × quadrantSegments} vertices on the circle, as GEOS/PostGIS {@code ST_Buffer} builds it.
 *
 * <p>Stateless and thread-safe; deterministic (results do not depend on thread scheduling). The
 * {@link MetricProjection} argument is used only on the calling thread.
 */
public final class CoverageCalculator {

    /** Segments per quarter circle, the GEOS and PostGIS default. */
    public static final int DEFAULT_QUADRANT_SEGMENTS = 8;

    /** Above this many vertices a grid gets an indexed locator; below, a linear scan is faster. */
    private static final int INDEXED_LOCATOR_VERTICES = 40;

    private static final GeometryFactory METRIC = new GeometryFactory(new PrecisionModel());

    private CoverageCalculator() {
    }

    /**
     * Active features as parallel arrays: longitude, latitude (WGS84 degrees) and a type index in
     * {@code [0, typeCount)}.
     */
    public record Points(double[] lon, double[] lat, int[] type, int typeCount) {
        public Points {
            if (lon.length != lat.length || lon.length != type.length) {
                throw new IllegalArgumentException("lon, lat and type must have the same length");
            }
        }

        public int size() {
            return lon.length;
        }
    }

    /**
     * Per-grid counts.
     *
     * @param perGrid   {@code perGrid[g][t]}: points of type t covered by grid g
     * @param inAnyGrid per point (caller's order): whether at least one grid covers it
     */
    public record Counts(int[][] perGrid, boolean[] inAnyGrid) {

        /** Points of each type that at least one grid covers. */
        public int[] inAnyGridByType(Points points) {
            int[] out = new int[points.typeCount()];
            for (int i = 0; i < inAnyGrid.length; i++) if (inAnyGrid[i]) out[points.type()[i]]++;
            return out;
        }
    }

    /** A grid's area and the part of it within the radius, both in m². */
    public record GridCoverage(double areaM2, double coveredM2) {

        public double uncoveredM2() {
            return Math.max(0, areaM2 - coveredM2);
        }

        /** Covered share in [0, 1]; 0 for a grid of no area. */
        public double coveredShare() {
            return areaM2 <= 0 ? 0 : Math.min(1, coveredM2 / areaM2);
        }
    }

    /** A packed index over {@code points} in lon/lat, reusable for several {@link #count} calls. */
    public static PackedPointIndex index(Points points) {
        return new PackedPointIndex(points.lon(), points.lat(), 8);
    }

    /** Counts per grid and type; see {@link #count(List, Points, PackedPointIndex)}. */
    public static Counts count(List<Geometry> gridsLonLat, Points points) {
        return count(gridsLonLat, points, index(points));
    }

    /**
     * Counts, for every grid, the points of each type it covers (interior or boundary).
     *
     * @param gridsLonLat polygons in lon/lat
     * @param points      the features
     * @param index       {@link #index(Points)} of the same {@code points}
     */
    public static Counts count(List<Geometry> gridsLonLat, Points points, PackedPointIndex index) {
        int[] typeBySlot = index.permute(points.type());
        int typeCount = points.typeCount();
        boolean[] hitBySlot = new boolean[points.size()];
        int[][] perGrid = new int[gridsLonLat.size()][];
        Envelope[] envelopes = envelopes(gridsLonLat);
        IntStream.range(0, gridsLonLat.size()).parallel().forEach(g -> {
            Geometry grid = gridsLonLat.get(g);
            PointOnGeometryLocator locator = locator(grid);
            int[] row = new int[typeCount];
            Coordinate c = new Coordinate();
            Envelope e = envelopes[g];
            index.query(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY(), (slot, x, y) -> {
                c.x = x;
                c.y = y;
                if (locator.locate(c) != Location.EXTERIOR) {
                    row[typeBySlot[slot]]++;
                    // Every writer writes true, and the stream's completion publishes the array.
                    hitBySlot[slot] = true;
                }
            });
            perGrid[g] = row;
        });
        boolean[] inAny = new boolean[points.size()];
        for (int s = 0; s < hitBySlot.length; s++) inAny[index.originalIndex(s)] = hitBySlot[s];
        return new Counts(perGrid, inAny);
    }

    /**
     * The stations of one feature type projected once into metres, with an index; build it once per
     * request and use it for every grid.
     */
    public static final class Stations {
        private final PackedPointIndex index;
        private final MetricProjection projection;

        private Stations(PackedPointIndex index, MetricProjection projection) {
            this.index = index;
            this.projection = projection;
        }

        /**
         * Projects {@code lon}/{@code lat} with {@code projection} (on the calling thread).
         */
        public static Stations of(double[] lon, double[] lat, MetricProjection projection) {
            double[] x = new double[lon.length];
            double[] y = new double[lat.length];
            for (int i = 0; i < lon.length; i++) {
                Coordinate m = projection.project(lon[i], lat[i]);
                x[i] = m.x;
                y[i] = m.y;
            }
            return new Stations(new PackedPointIndex(x, y, 4), projection);
        }

        public int size() {
            return index.size();
        }

        public MetricProjection projection() {
            return projection;
        }
    }

    /**
     * Measures, for every grid, its area and the part of it within {@code radiusMeters} of a station.
     * Grids are projected on the calling thread, then measured in parallel.
     *
     * @param gridsLonLat      polygons in lon/lat
     * @param stations         from {@link Stations#of}, whose projection is used for the grids too
     * @param radiusMeters     the radius, &gt; 0
     * @param quadrantSegments segments per quarter circle (see {@link #DEFAULT_QUADRANT_SEGMENTS})
     */
    public static GridCoverage[] coverage(List<Geometry> gridsLonLat, Stations stations, double radiusMeters,
                                          int quadrantSegments) {
        checkRadius(radiusMeters, quadrantSegments);
        List<Geometry> metric = new ArrayList<>(gridsLonLat.size());
        for (Geometry g : gridsLonLat) {
            Geometry m = stations.projection.project(g);
            m.getEnvelopeInternal();
            metric.add(m);
        }
        GridCoverage[] out = new GridCoverage[metric.size()];
        IntStream.range(0, metric.size()).parallel().forEach(g -> {
            Geometry grid = metric.get(g);
            double[][] centres = centresNear(grid, stations.index, radiusMeters);
            double covered = centres[0].length == 0 ? 0
                    : new CircleUnionArea(radiusMeters, quadrantSegments).coveredArea(grid, locator(grid), centres[0],
                    centres[1], centres[0].length);
            out[g] = new GridCoverage(grid.getArea(), covered);
        });
        return out;
    }

    /**
     * The part of {@code gridLonLat} farther than {@code radiusMeters} from every station, in lon/lat
     * (empty when the grid is fully covered).
     */
    public static Geometry uncovered(Geometry gridLonLat, Stations stations, double radiusMeters,
                                     int quadrantSegments) {
        checkRadius(radiusMeters, quadrantSegments);
        Geometry grid = stations.projection.project(gridLonLat);
        Geometry circles = circlesNear(grid, stations.index, radiusMeters, unitCircle(quadrantSegments));
        Geometry rest = circles == null ? grid : OverlayNGRobust.overlay(grid, circles, OverlayNG.DIFFERENCE);
        return stations.projection.unproject(rest);
    }

    private static void checkRadius(double radiusMeters, int quadrantSegments) {
        if (!(radiusMeters > 0) || Double.isInfinite(radiusMeters)) {
            throw new IllegalArgumentException("radiusMeters must be a positive number, was " + radiusMeters);
        }
        if (quadrantSegments < 1) {
            throw new IllegalArgumentException("quadrantSegments must be at least 1, was " + quadrantSegments);
        }
    }

    /**
     * The stations whose circle can reach {@code grid}: inside its envelope grown by R, minus those in
     * the grown corners farther than R from the envelope. Returns {x[], y[]}.
     */
    private static double[][] centresNear(Geometry grid, PackedPointIndex index, double radiusMeters) {
        Envelope e = grid.getEnvelopeInternal();
        double[][] out = {new double[16], new double[16]};
        int[] n = {0};
        index.query(e.getMinX() - radiusMeters, e.getMinY() - radiusMeters, e.getMaxX() + radiusMeters,
                e.getMaxY() + radiusMeters, (slot, x, y) -> {
                    if (reaches(e, x, y, radiusMeters)) {
                        if (n[0] == out[0].length) {
                            out[0] = java.util.Arrays.copyOf(out[0], n[0] * 2);
                            out[1] = java.util.Arrays.copyOf(out[1], n[0] * 2);
                        }
                        out[0][n[0]] = x;
                        out[1][n[0]++] = y;
                    }
                });
        return new double[][]{java.util.Arrays.copyOf(out[0], n[0]), java.util.Arrays.copyOf(out[1], n[0])};
    }

    private static boolean reaches(Envelope e, double x, double y, double radiusMeters) {
        double dx = Math.max(0, Math.max(e.getMinX() - x, x - e.getMaxX()));
        double dy = Math.max(0, Math.max(e.getMinY() - y, y - e.getMaxY()));
        return dx * dx + dy * dy <= radiusMeters * radiusMeters;
    }

    private static Geometry circlesNear(Geometry grid, PackedPointIndex index, double radiusMeters, double[] circle) {
        Envelope e = grid.getEnvelopeInternal();
        List<Geometry> circles = new ArrayList<>();
        index.query(e.getMinX() - radiusMeters, e.getMinY() - radiusMeters, e.getMaxX() + radiusMeters,
                e.getMaxY() + radiusMeters, (slot, x, y) -> {
                    if (reaches(e, x, y, radiusMeters)) {
                        circles.add(circle(x, y, radiusMeters, circle));
                    }
                });
        if (circles.isEmpty()) return null;
        if (circles.size() == 1) return circles.get(0);
        return OverlayNGRobust.union(circles);
    }

    /** Vertex directions of the regular polygon GEOS uses for a point buffer: (cos, sin) pairs. */
    private static double[] unitCircle(int quadrantSegments) {
        int n = 4 * quadrantSegments;
        double[] dirs = new double[2 * n];
        for (int k = 0; k < n; k++) {
            // Clockwise from east, as the buffer builder walks round a point.
            double a = -2 * Math.PI * k / n;
            dirs[2 * k] = Math.cos(a);
            dirs[2 * k + 1] = Math.sin(a);
        }
        return dirs;
    }

    private static Polygon circle(double x, double y, double r, double[] dirs) {
        int n = dirs.length / 2;
        Coordinate[] ring = new Coordinate[n + 1];
        for (int k = 0; k < n; k++) ring[k] = new Coordinate(x + r * dirs[2 * k], y + r * dirs[2 * k + 1]);
        ring[n] = ring[0].copy();
        return METRIC.createPolygon(ring);
    }

    private static Envelope[] envelopes(List<Geometry> geometries) {
        Envelope[] out = new Envelope[geometries.size()];
        for (int i = 0; i < out.length; i++) out[i] = geometries.get(i).getEnvelopeInternal();
        return out;
    }

    /** A locator for one grid: an indexed one for long boundaries, a plain ring scan for short ones. */
    static PointOnGeometryLocator locator(Geometry grid) {
        return grid.getNumPoints() > INDEXED_LOCATOR_VERTICES ? new IndexedPointInAreaLocator(grid)
                : new SimplePointInAreaLocator(grid);
    }
}
