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
 * {@code ST_Intersects(grid, point)}: interior or boundary. Coverage is measured per grid in a
 * {@link MetricProjection} centred near that grid (scale error below 1e-5 within 25 km of its centre),
 * so a grid's figures never depend on where the rest of the store lies. A circle of radius R is the regular polygon with
 * {@code 4 × quadrantSegments} vertices on the circle, as GEOS/PostGIS {@code ST_Buffer} builds it.
 *
 * <p>Stateless and thread-safe; deterministic (results do not depend on thread scheduling).
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
     * Counts, for every grid, the points it owns: point {@code i} belongs to the grid whose code is
     * {@code ownerCode[i]} (null or an unknown code: to none). This is the one counting rule of the
     * service: a point on a border shared by two grids belongs to one of them only (the feature's own
     * {@code gridCode}), so per-grid counts add up exactly to the total of the level.
     *
     * @param gridCodes the grids' codes, in row order
     * @param ownerCode per point, the code of the grid that owns it
     * @param points    the features
     */
    public static Counts countByOwner(List<String> gridCodes, String[] ownerCode, Points points) {
        if (ownerCode.length != points.size()) {
            throw new IllegalArgumentException("one owner per point needed: " + ownerCode.length + " for " + points.size());
        }
        java.util.Map<String, Integer> row = new java.util.HashMap<>();
        for (int g = 0; g < gridCodes.size(); g++) row.putIfAbsent(gridCodes.get(g), g);
        int[][] perGrid = new int[gridCodes.size()][points.typeCount()];
        boolean[] inAny = new boolean[points.size()];
        for (int i = 0; i < ownerCode.length; i++) {
            Integer g = ownerCode[i] == null ? null : row.get(ownerCode[i]);
            if (g == null) continue;
            perGrid[g][points.type()[i]]++;
            inAny[i] = true;
        }
        return new Counts(perGrid, inAny);
    }

    /**
     * The grid owning each point: of the grids covering it (interior or boundary), the one with the
     * smallest code — the rule by which a feature is given its small grid — or -1 for none.
     *
     * @param gridsLonLat polygons in lon/lat
     * @param codes       their codes, same order
     * @param points      the points
     */
    public static int[] owners(List<Geometry> gridsLonLat, List<String> codes, Points points) {
        PackedPointIndex index = index(points);
        int[] ownerBySlot = new int[points.size()];
        java.util.Arrays.fill(ownerBySlot, -1);
        Envelope[] envelopes = envelopes(gridsLonLat);
        // Sequential: two grids may claim one slot, and the smaller code must win deterministically.
        Coordinate c = new Coordinate();
        for (int g = 0; g < gridsLonLat.size(); g++) {
            PointOnGeometryLocator locator = locator(gridsLonLat.get(g));
            Envelope e = envelopes[g];
            int grid = g;
            index.query(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY(), (slot, x, y) -> {
                c.x = x;
                c.y = y;
                int current = ownerBySlot[slot];
                if ((current < 0 || codes.get(grid).compareTo(codes.get(current)) < 0)
                        && locator.locate(c) != Location.EXTERIOR) {
                    ownerBySlot[slot] = grid;
                }
            });
        }
        int[] out = new int[points.size()];
        for (int s = 0; s < ownerBySlot.length; s++) out[index.originalIndex(s)] = ownerBySlot[s];
        return out;
    }

    /**
     * The stations of one feature type, indexed once in lon/lat; build it once per request and use it
     * for every grid. Each grid projects only the stations near it, in a projection local to the grid.
     */
    public static final class Stations {
        private final PackedPointIndex index;

        private Stations(PackedPointIndex index) {
            this.index = index;
        }

        /** Indexes the stations at {@code lon}/{@code lat} (WGS84 degrees). */
        public static Stations of(double[] lon, double[] lat) {
            return new Stations(new PackedPointIndex(lon.clone(), lat.clone(), 4));
        }

        public int size() {
            return index.size();
        }
    }

    /**
     * Measures, for every grid, its area and the part of it within {@code radiusMeters} of a station.
     * Each grid is measured in a transverse Mercator projection centred near the grid itself
     * ({@link MetricProjection#near}), so the result does not depend on where the other grids lie:
     * a grid of 50 km has a scale error below 1e-5 at any longitude. Grids are measured in parallel.
     *
     * @param gridsLonLat      polygons in lon/lat
     * @param stations         from {@link Stations#of}
     * @param radiusMeters     the radius, &gt; 0
     * @param quadrantSegments segments per quarter circle (see {@link #DEFAULT_QUADRANT_SEGMENTS})
     */
    public static GridCoverage[] coverage(List<Geometry> gridsLonLat, Stations stations, double radiusMeters,
                                          int quadrantSegments) {
        checkRadius(radiusMeters, quadrantSegments);
        GridCoverage[] out = new GridCoverage[gridsLonLat.size()];
        IntStream.range(0, gridsLonLat.size()).parallel().forEach(g -> {
            LocalFrame frame = LocalFrame.of(gridsLonLat.get(g), stations, radiusMeters);
            double covered = frame.centres[0].length == 0 ? 0
                    : new CircleUnionArea(radiusMeters, quadrantSegments).coveredArea(frame.grid, locator(frame.grid),
                    frame.centres[0], frame.centres[1], frame.centres[0].length);
            out[g] = new GridCoverage(frame.grid.getArea(), covered);
        });
        return out;
    }

    /**
     * The part of {@code gridLonLat} farther than {@code radiusMeters} from every station, in lon/lat
     * (empty when the grid is fully covered), computed in a projection local to the grid.
     */
    public static Geometry uncovered(Geometry gridLonLat, Stations stations, double radiusMeters,
                                     int quadrantSegments) {
        checkRadius(radiusMeters, quadrantSegments);
        LocalFrame frame = LocalFrame.of(gridLonLat, stations, radiusMeters);
        double[] unit = unitCircle(quadrantSegments);
        List<Geometry> circles = new ArrayList<>();
        for (int i = 0; i < frame.centres[0].length; i++) {
            circles.add(circle(frame.centres[0][i], frame.centres[1][i], radiusMeters, unit));
        }
        Geometry rest = circles.isEmpty() ? frame.grid
                : OverlayNGRobust.overlay(frame.grid, circles.size() == 1 ? circles.get(0)
                : OverlayNGRobust.union(circles), OverlayNG.DIFFERENCE);
        return frame.projection.unproject(rest);
    }

    /** One grid and the stations that can reach it, in metres of a projection centred near the grid. */
    private record LocalFrame(MetricProjection projection, Geometry grid, double[][] centres) {

        static LocalFrame of(Geometry gridLonLat, Stations stations, double radiusMeters) {
            Envelope e = gridLonLat.getEnvelopeInternal();
            MetricProjection projection = MetricProjection.near(e.centre().x, e.centre().y);
            Geometry grid = projection.projectDensified(gridLonLat);
            // The stations' window in degrees: the radius over the shortest degree of longitude in the
            // grid's latitude band, with 1% to spare for the ellipsoid; the exact test is in metres.
            double maxAbsLat = Math.min(89, Math.max(Math.abs(e.getMinY()), Math.abs(e.getMaxY())) + radiusMeters / 110_574.0);
            double dLat = radiusMeters / 110_574.0 * 1.01;
            double dLon = radiusMeters / (111_320.0 * Math.cos(Math.toRadians(maxAbsLat))) * 1.01;
            Envelope m = grid.getEnvelopeInternal();
            double[][] out = {new double[16], new double[16]};
            int[] n = {0};
            stations.index.query(e.getMinX() - dLon, e.getMinY() - dLat, e.getMaxX() + dLon, e.getMaxY() + dLat,
                    (slot, lon, lat) -> {
                        Coordinate c = projection.project(lon, lat);
                        if (reaches(m, c.x, c.y, radiusMeters)) {
                            if (n[0] == out[0].length) {
                                out[0] = java.util.Arrays.copyOf(out[0], n[0] * 2);
                                out[1] = java.util.Arrays.copyOf(out[1], n[0] * 2);
                            }
                            out[0][n[0]] = c.x;
                            out[1][n[0]++] = c.y;
                        }
                    });
            return new LocalFrame(projection, grid, new double[][]{java.util.Arrays.copyOf(out[0], n[0]),
                    java.util.Arrays.copyOf(out[1], n[0])});
        }
    }

    private static void checkRadius(double radiusMeters, int quadrantSegments) {
        if (!(radiusMeters > 0) || Double.isInfinite(radiusMeters)) {
            throw new IllegalArgumentException("radiusMeters must be a positive number, was " + radiusMeters);
        }
        if (quadrantSegments < 1) {
            throw new IllegalArgumentException("quadrantSegments must be at least 1, was " + quadrantSegments);
        }
    }

    private static boolean reaches(Envelope e, double x, double y, double radiusMeters) {
        double dx = Math.max(0, Math.max(e.getMinX() - x, x - e.getMaxX()));
        double dy = Math.max(0, Math.max(e.getMinY() - y, y - e.getMaxY()));
        return dx * dx + dy * dy <= radiusMeters * radiusMeters;
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
