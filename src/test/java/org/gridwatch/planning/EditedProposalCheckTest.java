package org.gridwatch.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;

import org.gridwatch.geo.MetricProjection;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

/**
 * The check of an edited proposal on hand-made WKT (written in metres around a point of Jinan and
 * unprojected to lon/lat, which is what the service gives it). Two stored grids side by side,
 * 0..100 and 100..200 by 0..100 m, are replaced by two grids whose shared border has a bend at
 * (110, 50) — the planner dragged the middle of the border 10 m east.
 */
class EditedProposalCheckTest {

    private static final MetricProjection JINAN = MetricProjection.centredOn(117.0, 36.65);
    private static final double SNAP_M = 0.5, TOLERANCE_M2 = 1.0;

    private static final List<Geometry> REPLACED = List.of(
            lonLat("POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))"),
            lonLat("POLYGON((100 0, 200 0, 200 100, 100 100, 100 0))"));
    private static final Geometry WEST = lonLat("POLYGON((0 0, 100 0, 110 50, 100 100, 0 100, 0 0))");

    private static Geometry lonLat(String metricWkt) {
        return JINAN.unproject(Wkt.read(metricWkt));
    }

    /** The east grid with the bend of the shared border at (x, y). */
    private static Geometry east(double x, double y) {
        return lonLat("POLYGON((100 0, 200 0, 200 100, 100 100, " + x + " " + y + ", 100 0))");
    }

    @Test
    void anEditedProposalThatTilesTheReplacedGroundIsAccepted() {
        EditedProposalCheck.Result r = EditedProposalCheck.check(List.of(WEST, east(110, 50)), REPLACED, SNAP_M, TOLERANCE_M2);
        assertThat(r.problem()).isEmpty();
        assertThat(r.accepted()).isTrue();
        assertThat(r.grids()).hasSize(2);
        double total = r.grids().stream().mapToDouble(MetricProjection::areaM2Of).sum();
        assertThat(total).isCloseTo(20_000, within(1.0));
    }

    @Test
    void aBorderMovedOnOneSideByLessThanTheSnappingToleranceIsSnappedBackAndTiles() {
        // The east grid's copy of the bend is 0.3 m east and 0.2 m north of the west grid's.
        EditedProposalCheck.Result r = EditedProposalCheck.check(List.of(WEST, east(110.3, 50.2)), REPLACED, SNAP_M, TOLERANCE_M2);
        assertThat(r.problem()).isEmpty();
        // Both grids now carry the very same bend vertex, within the tolerance of where it was.
        Coordinate westBend = r.grids().get(0).getCoordinates()[2];
        assertThat(Arrays.asList(r.grids().get(1).getCoordinates())).anyMatch(c -> c.equals2D(westBend));
        Coordinate bendMetric = JINAN.project(westBend.x, westBend.y);
        assertThat(Math.hypot(bendMetric.x - 110, bendMetric.y - 50)).isLessThan(SNAP_M);
        // Without snapping the same proposal leaves slivers of about 15 m² and is refused.
        assertThat(EditedProposalCheck.check(List.of(WEST, east(110.3, 50.2)), REPLACED, 0, TOLERANCE_M2).problem())
                .containsInstanceOf(EditedProposalCheck.Gap.class);
    }

    @Test
    void aProposalLeavingAGapIsRefusedNamingTheGapAndTheGridsAroundIt() {
        // Bend at 112 on the east side, 110 on the west: two triangles of 2 m x 50 m / 2 each, 100 m².
        EditedProposalCheck.Result r = EditedProposalCheck.check(List.of(WEST, east(112, 50)), REPLACED, SNAP_M, TOLERANCE_M2);
        assertThat(r.accepted()).isFalse();
        EditedProposalCheck.Gap gap = (EditedProposalCheck.Gap) r.problem().orElseThrow();
        assertThat(gap.areaM2()).isCloseTo(100, within(0.5));
        assertThat(gap.totalAreaM2()).isCloseTo(100, within(0.5));
        assertThat(gap.neighbours()).containsExactly(0, 1);
        Coordinate at = JINAN.project(gap.lon(), gap.lat());
        assertThat(at.x).isBetween(100.0, 112.0);
        assertThat(at.y).isBetween(0.0, 100.0);
    }

    @Test
    void aProposalLeavingOutAWholeReplacedGridIsRefusedAsAGap() {
        EditedProposalCheck.Result r = EditedProposalCheck.check(List.of(REPLACED.get(0)), REPLACED, SNAP_M, TOLERANCE_M2);
        EditedProposalCheck.Gap gap = (EditedProposalCheck.Gap) r.problem().orElseThrow();
        assertThat(gap.areaM2()).isCloseTo(10_000, within(1.0));
        assertThat(gap.neighbours()).containsExactly(0);
    }

    @Test
    void overlappingProposedGridsAreRefusedNamingBoth() {
        EditedProposalCheck.Result r = EditedProposalCheck.check(List.of(WEST, east(108, 50)), REPLACED, SNAP_M, TOLERANCE_M2);
        EditedProposalCheck.Overlap overlap = (EditedProposalCheck.Overlap) r.problem().orElseThrow();
        assertThat(overlap.grid()).isZero();
        assertThat(overlap.otherGrid()).isEqualTo(1);
        assertThat(overlap.areaM2()).isCloseTo(100, within(0.5));
    }

    @Test
    void aProposedGridReachingBeyondTheReplacedGroundIsRefused() {
        Geometry wider = lonLat("POLYGON((-5 0, 100 0, 110 50, 100 100, -5 100, -5 0))");
        EditedProposalCheck.Result r = EditedProposalCheck.check(List.of(wider, east(110, 50)), REPLACED, SNAP_M, TOLERANCE_M2);
        EditedProposalCheck.Beyond beyond = (EditedProposalCheck.Beyond) r.problem().orElseThrow();
        assertThat(beyond.grid()).isZero();
        assertThat(beyond.areaM2()).isCloseTo(500, within(0.5));
    }

    @Test
    void anInvalidPolygonIsRefusedBeforeAnythingIsMeasured() {
        Geometry bowTie = lonLat("POLYGON((100 0, 200 100, 200 0, 100 100, 100 0))");
        EditedProposalCheck.Result r = EditedProposalCheck.check(List.of(WEST, bowTie), REPLACED, SNAP_M, TOLERANCE_M2);
        EditedProposalCheck.Invalid invalid = (EditedProposalCheck.Invalid) r.problem().orElseThrow();
        assertThat(invalid.grid()).isEqualTo(1);
        assertThat(invalid.issue().kind()).isEqualTo("geometry.selfIntersection");
        assertThat(invalid.issue().hasLocation()).isTrue();
    }
}
