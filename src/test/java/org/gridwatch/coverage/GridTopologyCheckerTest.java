package org.gridwatch.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.gridwatch.coverage.GridTopologyChecker.Feature;
import org.gridwatch.coverage.GridTopologyChecker.Grid;
import org.gridwatch.coverage.GridTopologyChecker.Kind;
import org.gridwatch.coverage.GridTopologyChecker.Problem;
import org.gridwatch.geo.MetricProjection;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.WKTReader;

/**
 * Each topology problem built on purpose, in metres around a base point (drawn with one projection,
 * measured by the checker in another centred 3 km away, so areas agree to the projections' scale
 * difference, below 1e-6).
 *
 * <pre>
 *   y=430 +----------------+ S6 sticks 30 m out of L3
 *   y=400 |      L3 / S6    |
 *   y=200 +--------+-----+--+--------+----+------+        +--+ S7 (parent NOPE)
 *         |   S1   | S2  |  |  S3   |////| S4   |        +--+
 *         |        |     |gap       |////|(no person)
 *   y=0   +--------+-----+--+--------+----+------+
 *         0       200   350 400     580  600    800     900 950
 * </pre>
 */
class GridTopologyCheckerTest {

    private static final double BASE_LON = 113.95;
    private static final double BASE_LAT = 22.55;
    private final MetricProjection drawing = MetricProjection.centredOn(BASE_LON, BASE_LAT);

    private Geometry rect(double x0, double y0, double x1, double y1) {
        try {
            return drawing.unproject(new WKTReader(new GeometryFactory(new PrecisionModel())).read(
                    "POLYGON ((" + x0 + " " + y0 + ", " + x1 + " " + y0 + ", " + x1 + " " + y1 + ", " + x0 + " " + y1
                            + ", " + x0 + " " + y0 + "))"));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Feature feature(long id, double x, double y) {
        Coordinate c = drawing.unproject(x, y);
        return new Feature(id, "trash_bin", c.x, c.y);
    }

    private List<Grid> cleanDistrict() {
        List<Grid> grids = new ArrayList<>();
        grids.add(new Grid("L1", true, null, "王", rect(0, 0, 400, 200)));
        grids.add(new Grid("S1", false, "L1", "张三", rect(0, 0, 200, 200)));
        grids.add(new Grid("S2", false, "L1", "李四", rect(200, 0, 400, 200)));
        grids.add(new Grid("L2", true, null, "赵", rect(400, 0, 800, 200)));
        grids.add(new Grid("S3", false, "L2", "钱", rect(400, 0, 600, 200)));
        grids.add(new Grid("S4", false, "L2", "孙", rect(600, 0, 800, 200)));
        return grids;
    }

    @Test
    void aCleanDistrictHasNoProblems() {
        List<Problem> problems = GridTopologyChecker.check(cleanDistrict(),
                List.of(feature(1, 100, 100), feature(2, 600, 200)));
        assertThat(problems).isEmpty();
    }

    @Test
    void everyKindOfProblemIsReportedWithItsArea() {
        List<Grid> grids = new ArrayList<>();
        grids.add(new Grid("L1", true, null, "王", rect(0, 0, 400, 200)));
        grids.add(new Grid("S1", false, "L1", "张三", rect(0, 0, 200, 200)));
        grids.add(new Grid("S2", false, "L1", "李四", rect(200, 0, 350, 200)));
        grids.add(new Grid("L2", true, null, "赵", rect(400, 0, 800, 200)));
        grids.add(new Grid("S3", false, "L2", "钱", rect(400, 0, 600, 200)));
        grids.add(new Grid("S4", false, "L2", "  ", rect(580, 0, 800, 200)));
        grids.add(new Grid("L3", true, null, "周", rect(0, 200, 400, 400)));
        grids.add(new Grid("S6", false, "L3", "吴", rect(0, 200, 400, 430)));
        grids.add(new Grid("S7", false, "NOPE", "郑", rect(900, 0, 950, 50)));
        List<Feature> features = List.of(feature(1, 100, 100), feature(2, 375, 100), feature(3, 2000, 2000));

        List<Problem> problems = GridTopologyChecker.check(grids, features);

        assertThat(problems).extracting(Problem::kind).containsExactly(Kind.GAP, Kind.OVERLAP, Kind.OUTSIDE_PARENT,
                Kind.NO_PARENT, Kind.NO_RESPONSIBLE_PERSON, Kind.FEATURE_IN_NO_GRID, Kind.FEATURE_IN_NO_GRID);
        check(problems.get(0), "L1", null, 50 * 200);
        check(problems.get(1), "S3", "S4", 20 * 200);
        check(problems.get(2), "S6", "L3", 400 * 30);
        check(problems.get(3), "S7", "NOPE", 50 * 50);
        check(problems.get(4), "S4", null, 220 * 200);
        assertThat(problems.get(5).featureId()).isEqualTo(2L);
        assertThat(problems.get(6).featureId()).isEqualTo(3L);
        assertThat(problems.get(5).featureType()).isEqualTo("trash_bin");
        // The gap's geometry is where the gap is: x 350..400 m.
        Geometry gap = drawing.project(problems.get(0).geometry());
        assertThat(gap.getEnvelopeInternal().getMinX()).isCloseTo(350, within(1e-3));
        assertThat(gap.getEnvelopeInternal().getMaxX()).isCloseTo(400, within(1e-3));
    }

    @Test
    void sliversSmallerThanTheToleranceAreNotProblems() {
        List<Grid> grids = cleanDistrict();
        // A 0.3 m x 2 m notch (0.6 m² gap) and a 0.3 m overhang of S4 past L2: noise, not problems.
        grids.set(1, new Grid("S1", false, "L1", "张三", rect(0, 0, 200, 200)
                .difference(rect(199.7, 50, 200, 52))));
        grids.set(5, new Grid("S4", false, "L2", "孙", rect(600, 0, 800.3, 200)));
        assertThat(GridTopologyChecker.check(grids, List.of())).isEmpty();
    }

    private static void check(Problem p, String code, String other, double expectedM2) {
        assertThat(p.gridCode()).isEqualTo(code);
        assertThat(p.otherGridCode()).isEqualTo(other);
        assertThat(p.areaM2()).as(p.kind() + " " + code).isCloseTo(expectedM2, within(expectedM2 * 1e-5));
    }
}
