package org.gridwatch.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.geo.MetricProjection;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

class GridRulesTest {

    private static final MetricProjection AT = MetricProjection.centredOn(114.06, 22.54);
    private static final GeometryFactory METRIC = new GeometryFactory();

    /** A rectangle given in metres around the projection centre, returned in lon/lat. */
    private static Geometry rect(double x0, double y0, double x1, double y1) {
        return AT.unproject(METRIC.toGeometry(new Envelope(x0, x1, y0, y1)));
    }

    @Test
    void overlapIsMeasuredInSquareMetresWithAPointInside() {
        GridRules.Overlap o = GridRules.overlap(rect(0, 0, 100, 100), rect(70, 0, 170, 100), 1.0).orElseThrow();
        assertThat(o.areaM2()).isCloseTo(3000, within(0.5));
        assertThat(rect(70, 0, 100, 100).contains(GeometryFactories.point(o.lon(), o.lat()))).isTrue();
    }

    @Test
    void sharedEdgesAndSlivesBelowTheToleranceAreNotOverlaps() {
        assertThat(GridRules.overlap(rect(0, 0, 100, 100), rect(100, 0, 200, 100), 1.0)).isEmpty();
        // 0.005 m x 100 m = 0.5 m² of overlap: noise, not a conflict.
        assertThat(GridRules.overlap(rect(0, 0, 100, 100), rect(99.995, 0, 200, 100), 1.0)).isEmpty();
        assertThat(GridRules.overlap(rect(0, 0, 100, 100), rect(300, 0, 400, 100), 1.0)).isEmpty();
    }

    @Test
    void containmentAllowsHalfAMetreAndReportsTheAreaBeyond() {
        Geometry large = rect(0, 0, 1000, 1000);
        assertThat(GridRules.outside(rect(900.3, 0, 1000.3, 100), large, 0.5)).isEmpty();
        GridRules.Excess e = GridRules.outside(rect(950, 0, 1050, 100), large, 0.5).orElseThrow();
        assertThat(e.areaM2()).isCloseTo(5000, within(1.0));
        assertThat(e.lon()).isGreaterThan(AT.unproject(1000, 50).x);
    }
}
