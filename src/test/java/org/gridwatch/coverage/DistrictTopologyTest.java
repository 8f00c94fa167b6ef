package org.gridwatch.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.gridwatch.coverage.GridTopologyChecker.Grid;
import org.gridwatch.coverage.GridTopologyChecker.Kind;
import org.gridwatch.coverage.GridTopologyChecker.Problem;
import org.gridwatch.geo.MetricProjection;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.WKTReader;

/**
 * The district level of the topology report on hand-made large grids, in metres around a base point
 * (drawn in one projection, measured by the checker in another, so areas agree to about 1e-5).
 *
 * <pre>
 *  y=600 +------------------------------------------+ outline (0..1000 x 0..600)
 *        |  uncovered strip y 500..600 (1000x100)    |
 *  y=500 +----------+--------+----------------------+
 *        |   A      |   B    |  C                    |      C reaches 50 m east of the outline
 *  y=300 |          +--+  +--+                       |----+ (x 1000..1050, y 0..500)
 *        |          |gap|    |                       |    |
 *  y=200 |          +--+--+--+                       |    |
 *        |          |   D    |                       |    |
 *  y=0   +----------+--------+-----------------------+----+
 *        0         300 350  400 500                1000  1050
 * </pre>
 * The gap between A, B, C and D is x 300..400, y 200..300: 100 × 100 = 10,000 m². Edges are straight in
 * lon/lat (as stored), so a border shared by two shapes carries the same vertices in both; otherwise the
 * projection's curvature would leave real slivers of a few m² between them.
 */
class DistrictTopologyTest {

    private static final double BASE_LON = 20.0;
    private static final double BASE_LAT = 50.0;
    private final MetricProjection drawing = MetricProjection.centredOn(BASE_LON, BASE_LAT);

    private Geometry wkt(String metricWkt) {
        try {
            return drawing.unproject(new WKTReader(new GeometryFactory(new PrecisionModel())).read(metricWkt));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Geometry rect(double x0, double y0, double x1, double y1) {
        return wkt("POLYGON ((" + x0 + " " + y0 + ", " + x1 + " " + y0 + ", " + x1 + " " + y1 + ", " + x0 + " " + y1
                + ", " + x0 + " " + y0 + "))");
    }

    /** The outline 0..1000 × 0..600 with vertices wherever a grid's corner lies on its edge. */
    private Geometry outline() {
        return wkt("POLYGON ((0 0, 300 0, 500 0, 1000 0, 1000 500, 1000 600, 0 600, 0 500, 0 0))");
    }

    private List<Grid> district() {
        List<Grid> grids = new ArrayList<>();
        grids.add(new Grid("A", true, null, "王", rect(0, 0, 300, 500)));
        grids.add(new Grid("B", true, null, "李", rect(300, 300, 500, 500)));
        grids.add(new Grid("D", true, null, "赵", rect(300, 0, 500, 200)));
        // C wraps the gap's east side: x 400..1050 from y 0 to 500, plus x 400..500 between y 200 and 300.
        grids.add(new Grid("C", true, null, "钱", wkt("POLYGON ((500 0, 1000 0, 1050 0, 1050 500, 1000 500, 500 500, "
                + "500 300, 400 300, 400 200, 500 200, 500 0))")));
        return grids;
    }

    private static List<Problem> of(List<Problem> all, Kind kind) {
        return all.stream().filter(p -> p.kind() == kind).toList();
    }

    @Test
    void findsGroundOutsideEveryLargeGridTheGapBetweenThemAndTheGridReachingOut() {
        List<Problem> problems = GridTopologyChecker.check(outline(), district(), List.of());

        List<Problem> uncovered = of(problems, Kind.DISTRICT_UNCOVERED);
        assertThat(uncovered).hasSize(1);
        // 1000 × 100 m in the drawing, whose straight lines bow by about a centimetre once edges are straight in
        // lon/lat: measured on the strip built from the same vertices.
        Geometry strip = wkt("POLYGON ((0 500, 300 500, 500 500, 1000 500, 1000 600, 0 600, 0 500))");
        assertThat(uncovered.get(0).areaM2()).isCloseTo(MetricProjection.areaM2Of(strip), within(0.5))
                .isCloseTo(100_000, within(100.0));
        assertThat(List.of(uncovered.get(0).gridCode(), uncovered.get(0).otherGridCode())).containsExactly("A", "B");

        List<Problem> gaps = of(problems, Kind.LARGE_GAP);
        assertThat(gaps).hasSize(1);
        assertThat(gaps.get(0).areaM2()).isCloseTo(10_000, within(0.2));
        assertThat(gaps.get(0).gridCode()).isEqualTo("A");
        assertThat(gaps.get(0).otherGridCode()).isEqualTo("B");
        assertThat(MetricProjection.areaM2Of(gaps.get(0).geometry())).isCloseTo(10_000, within(0.2));

        List<Problem> outside = of(problems, Kind.OUTSIDE_DISTRICT);
        assertThat(outside).hasSize(1);
        assertThat(outside.get(0).gridCode()).isEqualTo("C");
        assertThat(outside.get(0).areaM2()).isCloseTo(50 * 500, within(0.5));

        // District findings come first in the report, in the order the panel lists them.
        assertThat(problems.subList(0, 3)).extracting(Problem::kind)
                .containsExactly(Kind.DISTRICT_UNCOVERED, Kind.LARGE_GAP, Kind.OUTSIDE_DISTRICT);
    }

    @Test
    void withoutAnOutlineOnlyTheEnclosedGapBetweenLargeGridsIsFound() {
        List<Problem> problems = GridTopologyChecker.check(district(), List.of());
        assertThat(of(problems, Kind.LARGE_GAP)).hasSize(1);
        assertThat(of(problems, Kind.LARGE_GAP).get(0).areaM2()).isCloseTo(10_000, within(0.2));
        assertThat(of(problems, Kind.DISTRICT_UNCOVERED)).isEmpty();
        assertThat(of(problems, Kind.OUTSIDE_DISTRICT)).isEmpty();
    }

    @Test
    void aHoleInsideOneLargeGridIsAnEnclaveWithoutAnOutlineAndAGapWithOne() {
        List<Grid> grids = List.of(new Grid("E", true, null, "周",
                wkt("POLYGON ((0 0, 400 0, 400 400, 0 400, 0 0), (100 100, 200 100, 200 200, 100 200, 100 100))")));
        // (Large grids without small grids are also "gaps" of the small-grid level: not looked at here.)
        assertThat(of(GridTopologyChecker.check(grids, List.of()), Kind.LARGE_GAP)).isEmpty();
        List<Problem> withOutline = GridTopologyChecker.check(rect(0, 0, 400, 400), grids, List.of());
        assertThat(withOutline).extracting(Problem::kind).containsExactly(Kind.LARGE_GAP, Kind.GAP);
        assertThat(withOutline.get(0).areaM2()).isCloseTo(10_000, within(0.2));
    }

    @Test
    void largeGridsTilingTheOutlineExactlyAreClean() {
        Geometry outline = wkt("POLYGON ((0 0, 500 0, 1000 0, 1000 600, 500 600, 0 600, 0 0))");
        List<Grid> grids = List.of(new Grid("A", true, null, "王", rect(0, 0, 500, 600)),
                new Grid("B", true, null, "李", rect(500, 0, 1000, 600)));
        List<Problem> clean = GridTopologyChecker.check(outline, grids, List.of());
        assertThat(clean).extracting(Problem::kind).containsOnly(Kind.GAP); // no small grids: that level only
        // Half a metre of drawing noise along the district edge is tolerated, as for small grids.
        List<Grid> noisy = List.of(new Grid("A", true, null, "王", rect(-0.3, 0, 500, 600)),
                new Grid("B", true, null, "李", rect(500, 0, 1000, 600)));
        assertThat(of(GridTopologyChecker.check(outline, noisy, List.of()), Kind.OUTSIDE_DISTRICT)).isEmpty();
        // One metre is not.
        List<Grid> out = List.of(new Grid("A", true, null, "王", rect(-1, 0, 500, 600)),
                new Grid("B", true, null, "李", rect(500, 0, 1000, 600)));
        List<Problem> outside = of(GridTopologyChecker.check(outline, out, List.of()), Kind.OUTSIDE_DISTRICT);
        assertThat(outside).hasSize(1);
        assertThat(outside.get(0).areaM2()).isCloseTo(600, within(0.5));
    }

    @Test
    void aLargeGridOnAnotherContinentIsOutsideTheDistrictWithItsOwnArea() {
        MetricProjection far = MetricProjection.centredOn(114.0, 22.5);
        Geometry farGrid;
        try {
            farGrid = far.unproject(new WKTReader(new GeometryFactory(new PrecisionModel()))
                    .read("POLYGON ((0 0, 200 0, 200 100, 0 100, 0 0))"));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        List<Grid> grids = new ArrayList<>(district());
        grids.add(new Grid("FAR", true, null, "吴", farGrid));
        List<Problem> outside = of(GridTopologyChecker.check(outline(), grids, List.of()),
                Kind.OUTSIDE_DISTRICT);
        assertThat(outside).extracting(Problem::gridCode).containsExactly("C", "FAR");
        assertThat(outside.get(1).areaM2()).isCloseTo(20_000, within(0.5));
    }
}
