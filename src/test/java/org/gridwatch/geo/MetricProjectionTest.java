package org.gridwatch.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKTReader;

class MetricProjectionTest {

    @Test
    void squareDrawnInMetresMeasuresItsAreaAfterARoundTripThroughLonLat() {
        MetricProjection p = MetricProjection.centredOn(114.06, 22.54);
        GeometryFactory metric = new GeometryFactory();
        Geometry square = metric.toGeometry(new org.locationtech.jts.geom.Envelope(-500, 500, -500, 500));
        Geometry lonLat = p.unproject(square);
        assertThat(lonLat.getSRID()).isEqualTo(4326);
        assertThat(MetricProjection.areaM2Of(lonLat)).isCloseTo(1_000_000, within(1.0));
    }

    /**
     * One degree of latitude at 22.5°N on the WGS84 ellipsoid is 110,757 m (meridian arc
     * M = a(1−e²)/(1−e² sin²φ)^{3/2} · π/180), one degree of longitude 102,849 m (N cos φ · π/180).
     */
    @Test
    void lengthsAgreeWithTheEllipsoidsRadiiOfCurvature() throws Exception {
        WKTReader wkt = new WKTReader(GeometryFactories.WGS84);
        MetricProjection p = MetricProjection.centredOn(114.5, 22.5);
        double a = 6_378_137.0, e2 = 0.00669437999014, phi = Math.toRadians(22.5);
        double w = 1 - e2 * Math.sin(phi) * Math.sin(phi);
        double meridian = a * (1 - e2) / Math.pow(w, 1.5) * Math.PI / 180;
        double parallel = a / Math.sqrt(w) * Math.cos(phi) * Math.PI / 180;
        assertThat(p.lengthMeters(wkt.read("LINESTRING (114.5 22.495, 114.5 22.505)")) * 100)
                .isCloseTo(meridian, within(meridian * 1e-5));
        assertThat(p.lengthMeters(wkt.read("LINESTRING (114.495 22.5, 114.505 22.5)")) * 100)
                .isCloseTo(parallel, within(parallel * 1e-5));
    }

    @Test
    void projectAndUnprojectAreInverse() {
        MetricProjection p = MetricProjection.centredOn(114.06, 22.54);
        Coordinate m = p.project(114.0731, 22.5512);
        Coordinate back = p.unproject(m.x, m.y);
        assertThat(back.x).isCloseTo(114.0731, within(1e-9));
        assertThat(back.y).isCloseTo(22.5512, within(1e-9));
    }
}
