package org.gridwatch.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.geo.MetricProjection;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.operation.buffer.BufferOp;
import org.locationtech.jts.operation.buffer.BufferParameters;

/**
 * Counting and coverage against brute-force references. Geometries are drawn in metres around a base
 * point in Shenzhen and carried to lon/lat with the projection the calculator then uses, so metric
 * expectations hold to the projection's round trip (about 1e-9 relative).
 */
class CoverageCalculatorTest {

    private static final double BASE_LON = 113.95;
    private static final double BASE_LAT = 22.55;
    private static final GeometryFactory METRIC = new GeometryFactory(new PrecisionModel());

    private final MetricProjection projection = MetricProjection.centredOn(BASE_LON, BASE_LAT);

    private Geometry lonLat(String metricWkt) {
        try {
            return projection.unproject(new WKTReader(METRIC).read(metricWkt));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String rect(double x0, double y0, double x1, double y1) {
        return "POLYGON ((" + x0 + " " + y0 + ", " + x1 + " " + y0 + ", " + x1 + " " + y1 + ", " + x0 + " " + y1
                + ", " + x0 + " " + y0 + "))";
    }

    /** The area of the regular 32-gon GEOS/JTS build for a point buffer of radius r. */
    private static double polygonCircleArea(double r) {
        int n = 32;
        return n / 2.0 * r * r * Math.sin(2 * Math.PI / n);
    }

    private CoverageCalculator.Stations stations(double[][] metricXY) {
        double[] lon = new double[metricXY.length];
        double[] lat = new double[metricXY.length];
        for (int i = 0; i < metricXY.length; i++) {
            Coordinate c = projection.unproject(metricXY[i][0], metricXY[i][1]);
            lon[i] = c.x;
            lat[i] = c.y;
        }
        return CoverageCalculator.Stations.of(lon, lat);
    }

    private void checkCovered(String gridWkt, double[][] stations, double radius, double expectedM2) {
        CoverageCalculator.GridCoverage c = CoverageCalculator.coverage(List.of(lonLat(gridWkt)), stations(stations),
                radius, CoverageCalculator.DEFAULT_QUADRANT_SEGMENTS)[0];
        assertThat(c.coveredM2()).isCloseTo(expectedM2, within(1e-6 * Math.max(1, expectedM2) + 1e-6));
    }

    @Test
    void oneStationInsideCoversOneCircle() {
        checkCovered(rect(0, 0, 100, 100), new double[][]{{50, 50}}, 20, polygonCircleArea(20));
    }

    @Test
    void stationOnTheEdgeCoversHalfACircleAndOneFarAwayNothing() {
        checkCovered(rect(0, 0, 100, 100), new double[][]{{100, 50}, {300, 300}}, 20, polygonCircleArea(20) / 2);
    }

    @Test
    void stationInTheCornerOfTheQueryWindowButOutOfReachIsIgnored() {
        // (115, 115) is within R of the envelope in x and y separately, but 21.2 m from the corner.
        checkCovered(rect(0, 0, 100, 100), new double[][]{{115, 115}}, 20, 0);
    }

    @Test
    void twoOverlappingCirclesCountTheirUnionOnce() {
        // Circles of radius 20 whose centres are 20 m apart (the 32-gons share a vertex pattern on the x axis).
        Geometry a = BufferOp.bufferOp(METRIC.createPoint(new Coordinate(40, 50)), 20, 8);
        Geometry b = BufferOp.bufferOp(METRIC.createPoint(new Coordinate(60, 50)), 20, 8);
        checkCovered(rect(0, 0, 100, 100), new double[][]{{40, 50}, {60, 50}}, 20, a.union(b).getArea());
    }

    @Test
    void sharesAndUncoveredPolygonsAddUpToTheGrid() {
        String grid = rect(0, 0, 100, 60);
        CoverageCalculator.Stations s = stations(new double[][]{{10, 10}, {90, 50}, {50, 30}});
        CoverageCalculator.GridCoverage c = CoverageCalculator.coverage(List.of(lonLat(grid)), s, 25, 8)[0];
        Geometry uncovered = CoverageCalculator.uncovered(lonLat(grid), s, 25, 8);
        assertThat(c.areaM2()).isCloseTo(6000, within(1e-5));
        assertThat(projection.areaM2(uncovered)).isCloseTo(c.uncoveredM2(), within(1e-4));
        assertThat(c.coveredShare()).isBetween(0.0, 1.0);
        assertThat(uncovered.getSRID()).isEqualTo(GeometryFactories.WGS84_SRID);
    }

    @Test
    void randomGridsAndStationsMatchBufferUnionReference() {
        long seed = 77L;
        Random random = new Random(seed);
        List<Geometry> grids = new ArrayList<>();
        List<Geometry> metricGrids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 4; j++) {
                // A lattice of jittered quadrilaterals about 120 m across, edge-matched.
                String wkt = "POLYGON ((" + corner(i, j) + ", " + corner(i + 1, j) + ", " + corner(i + 1, j + 1) + ", "
                        + corner(i, j + 1) + ", " + corner(i, j) + "))";
                grids.add(lonLat(wkt));
                metricGrids.add(projection.project(grids.get(grids.size() - 1)));
            }
        }
        double[][] pts = new double[60][];
        for (int k = 0; k < pts.length; k++) pts[k] = new double[]{random.nextDouble() * 650 - 25, random.nextDouble() * 530 - 25};
        double radius = 10 + random.nextDouble() * 30;
        CoverageCalculator.GridCoverage[] got = CoverageCalculator.coverage(grids, stations(pts), radius, 8);
        List<Geometry> buffers = new ArrayList<>();
        BufferParameters params = new BufferParameters(8);
        for (double[] p : pts) {
            Coordinate c = projection.project(projection.unproject(p[0], p[1]).x, projection.unproject(p[0], p[1]).y);
            buffers.add(BufferOp.bufferOp(METRIC.createPoint(c), radius, params));
        }
        Geometry all = METRIC.buildGeometry(buffers).union();
        for (int g = 0; g < grids.size(); g++) {
            double expected = metricGrids.get(g).intersection(all).getArea();
            assertThat(got[g].coveredM2()).as("seed %d grid %d", seed, g).isCloseTo(expected, within(1e-6 * 15_000));
            assertThat(got[g].areaM2()).isCloseTo(metricGrids.get(g).getArea(), within(1e-6));
        }
    }

    @Test
    void concaveGridWithAHoleAndDuplicateStationsMatchTheOverlay() {
        long seed = 991L;
        Random random = new Random(seed);
        // An L-shaped grid with a square courtyard cut out of it.
        String wkt = "POLYGON ((0 0, 300 0, 300 120, 130 120, 130 260, 0 260, 0 0), (30 30, 90 30, 90 90, 30 90, 30 30))";
        Geometry grid = lonLat(wkt);
        Geometry gridM = projection.project(grid);
        for (int round = 0; round < 20; round++) {
            int k = 1 + random.nextInt(25);
            double[][] pts = new double[k][];
            for (int i = 0; i < k; i++) {
                pts[i] = i > 0 && random.nextInt(5) == 0 ? pts[i - 1].clone()
                        : new double[]{random.nextDouble() * 340 - 20, random.nextDouble() * 300 - 20};
            }
            double radius = 5 + random.nextDouble() * 45;
            CoverageCalculator.Stations s = stations(pts);
            double got = CoverageCalculator.coverage(List.of(grid), s, radius, 8)[0].coveredM2();
            double expected = gridM.getArea() - projection.project(CoverageCalculator.uncovered(grid, s, radius, 8)).getArea();
            assertThat(got).as("seed %d round %d", seed, round).isCloseTo(expected, within(1e-3));
        }
    }

    private static String corner(int i, int j) {
        // Deterministic jitter so shared corners agree between neighbours.
        double jx = ((i * 31 + j * 17) % 11) - 5;
        double jy = ((i * 13 + j * 29) % 9) - 4;
        return (i * 120 + jx) + " " + (j * 120 + jy);
    }

    @Test
    void countsMatchCoversForRandomPointsIncludingSharedEdges() {
        long seed = 4242L;
        Random random = new Random(seed);
        List<Geometry> grids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 5; j++) grids.add(lonLat(rect(i * 100, j * 100, (i + 1) * 100, (j + 1) * 100)));
        }
        // A large irregular grid, to exercise the indexed locator (many vertices).
        StringBuilder ring = new StringBuilder("POLYGON ((");
        for (int k = 0; k < 64; k++) {
            double a = 2 * Math.PI * k / 64;
            double r = 150 + 40 * Math.sin(5 * a);
            ring.append(300 + r * Math.cos(a)).append(' ').append(250 + r * Math.sin(a)).append(", ");
        }
        ring.append(300 + 150).append(' ').append(250).append("))");
        grids.add(lonLat(ring.toString()));
        int n = 4000;
        double[] lon = new double[n];
        double[] lat = new double[n];
        int[] type = new int[n];
        for (int i = 0; i < n; i++) {
            Coordinate c;
            if (i < 20) {
                // Exactly on a shared vertical edge, taken from a stored grid vertex.
                c = grids.get(i % 25).getCoordinates()[1];
            } else {
                c = projection.unproject(random.nextDouble() * 700 - 50, random.nextDouble() * 600 - 50);
            }
            lon[i] = c.x;
            lat[i] = c.y;
            type[i] = random.nextInt(3);
        }
        CoverageCalculator.Points points = new CoverageCalculator.Points(lon, lat, type, 3);
        CoverageCalculator.Counts counts = CoverageCalculator.count(grids, points);
        boolean[] anyExpected = new boolean[n];
        for (int g = 0; g < grids.size(); g++) {
            int[] expected = new int[3];
            for (int i = 0; i < n; i++) {
                if (grids.get(g).covers(GeometryFactories.point(lon[i], lat[i]))) {
                    expected[type[i]]++;
                    anyExpected[i] = true;
                }
            }
            assertThat(counts.perGrid()[g]).as("seed %d grid %d", seed, g).containsExactly(expected);
        }
        assertThat(counts.inAnyGrid()).containsExactly(anyExpected);
        int onEdges = 0;
        for (int g = 0; g < 30; g++) onEdges += counts.perGrid()[g][type[0]] > 0 ? 1 : 0;
        assertThat(onEdges).as("points on shared corners are counted in every grid that has them").isGreaterThan(1);
    }

    @Test
    void refusesRadiusThatIsNotPositive() {
        List<Geometry> grids = List.of(lonLat(rect(0, 0, 10, 10)));
        CoverageCalculator.Stations s = stations(new double[][]{{5, 5}});
        assertThatThrownBy(() -> CoverageCalculator.coverage(grids, s, 0, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CoverageCalculator.coverage(grids, s, Double.NaN, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CoverageCalculator.uncovered(grids.get(0), s, -1, 8)).isInstanceOf(IllegalArgumentException.class);
    }
}
