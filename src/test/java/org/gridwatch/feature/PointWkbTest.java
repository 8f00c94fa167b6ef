package org.gridwatch.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.WKBWriter;

/** The point reader gives exactly the coordinates JTS wrote, in every WKB flavour a store may hand over. */
class PointWkbTest {

    private static final GeometryFactory WGS84 = new GeometryFactory(new PrecisionModel(), 4326);

    @Test
    void readsTheCoordinatesJtsWroteInEveryByteOrderWithAndWithoutSridAndZ() {
        SplittableRandom random = new SplittableRandom(7);
        double[] xy = new double[2];
        for (int i = 0; i < 200; i++) {
            double x = random.nextDouble(-180, 180), y = random.nextDouble(-90, 90);
            Point p2 = WGS84.createPoint(new Coordinate(x, y));
            Point p3 = WGS84.createPoint(new Coordinate(x, y, random.nextDouble(-100, 100)));
            for (int order : new int[]{ByteOrderValues.LITTLE_ENDIAN, ByteOrderValues.BIG_ENDIAN}) {
                for (boolean srid : new boolean[]{true, false}) {
                    PointWkb.read(new WKBWriter(2, order, srid).write(p2), xy);
                    assertThat(xy).containsExactly(x, y);
                    PointWkb.read(new WKBWriter(3, order, srid).write(p3), xy);
                    assertThat(xy).containsExactly(x, y);
                }
            }
        }
    }

    @Test
    void readsIsoCodesAndRefusesWhatIsNoPoint() {
        double[] xy = new double[2];
        byte[] iso = new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN).write(WGS84.createPoint(new Coordinate(114.1, 22.5)));
        iso[1] = (byte) 0xE9; // 1001: an ISO point Z, whose third ordinate this 2D record lacks but is never read
        iso[2] = 0x03;
        PointWkb.read(iso, xy);
        assertThat(xy).containsExactly(114.1, 22.5);
        byte[] line = new WKBWriter().write(WGS84.createLineString(new Coordinate[]{new Coordinate(0, 0), new Coordinate(1, 1)}));
        assertThatThrownBy(() -> PointWkb.read(line, xy)).hasMessageContaining("not a point");
        assertThatThrownBy(() -> PointWkb.read(new byte[]{1, 1, 0, 0}, xy)).hasMessageContaining("not a WKB point");
        assertThatThrownBy(() -> PointWkb.read(new byte[21], xy)).hasMessageContaining("not a point");
    }
}
