package org.gridwatch.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.gridwatch.geo.GeometryFactories;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;

class GpxWriterTest {

    @Test
    void coordinatesArePlainDecimalsWithoutExponentsOrFloatNoise() {
        assertThat(GpxWriter.decimal(0.0005)).isEqualTo("0.0005");
        assertThat(GpxWriter.decimal(-0.00001)).isEqualTo("-0.00001");
        assertThat(GpxWriter.decimal(51.50000000000001)).isEqualTo("51.5");
        assertThat(GpxWriter.decimal(0.0)).isEqualTo("0");
        assertThat(GpxWriter.decimal(-0.0)).isEqualTo("0");
        assertThat(GpxWriter.decimal(1e-9)).isEqualTo("0");
        assertThat(GpxWriter.decimal(121.123456789)).isEqualTo("121.1234568");
    }

    @Test
    void aRouteNearLongitudeZeroIsValidGpx() {
        String gpx = GpxWriter.write("Greenwich", GeometryFactories.WGS84.createLineString(new Coordinate[]{
                new Coordinate(0.0005, 51.50000000000001), new Coordinate(-0.0001, 51.4999)}),
                List.of(new GpxWriter.Waypoint("1 <&>", 0.0005, 51.5)));
        assertThat(gpx).doesNotContain("E-").doesNotContain("0000000001")
                .contains("<trkpt lat=\"51.5\" lon=\"0.0005\"/>")
                .contains("<trkpt lat=\"51.4999\" lon=\"-0.0001\"/>")
                .contains("<name>1 &lt;&amp;&gt;</name>");
    }
}
