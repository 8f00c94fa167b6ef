package org.gridwatch.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

class EdgeSnapperTest {

    private static Geometry wkt(String s) throws Exception {
        return new WKTReader().read(s);
    }

    /** B was drawn 0.3 m east of A's east edge: snapping closes the gap, and the border becomes shared. */
    @Test
    void aSnapClosesAThirtyCentimetreGap() throws Exception {
        Geometry a = wkt("POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))");
        Geometry b = wkt("POLYGON((100.3 20, 200 20, 200 80, 100.3 80, 100.3 20))");
        assertThat(a.distance(b)).isCloseTo(0.3, within(1e-9));
        Geometry snapped = EdgeSnapper.snapMetric(b, List.of(a), 0.5);
        assertThat(snapped.distance(a)).isZero();
        assertThat(snapped.intersection(a).getArea()).isLessThan(1e-9);
        assertThat(snapped.getArea()).isCloseTo(99.7 * 60 + 0.3 * 60, within(1e-6));
        // The shared border is A's edge itself.
        assertThat(a.getBoundary().intersection(snapped.getBoundary()).getLength()).isCloseTo(60, within(1e-6));
    }

    @Test
    void verticesSnapOntoNeighbourVerticesExactlyAndNeighbourVerticesAreInserted() throws Exception {
        Geometry a = wkt("POLYGON((0 0, 100 0, 100 50, 100 100, 0 100, 0 0))");
        Geometry b = wkt("POLYGON((100.2 -0.1, 200 0, 200 100, 99.8 100.3, 100.2 -0.1))");
        Geometry snapped = EdgeSnapper.snapMetric(b, List.of(a), 0.5);
        List<Coordinate> coords = List.of(snapped.getCoordinates());
        assertThat(coords).contains(new Coordinate(100, 0), new Coordinate(100, 100), new Coordinate(100, 50));
        assertThat(snapped.intersection(a).getArea()).isLessThan(1e-9);
    }

    /**
     * C's corner lies on B's west edge, 0.3 m from B's vertex, and exactly on A's corner: the border
     * C shares with A must not shift to B's vertex nearby (that would open a sliver against A).
     */
    @Test
    void aVertexAlreadyOnANeighboursEdgeStaysThere() throws Exception {
        Geometry a = wkt("POLYGON((0 0, 100 0, 100 50, 0 50, 0 0))");
        Geometry b = wkt("POLYGON((100 0, 200 0, 200 100, 100 100, 100 50.3, 100 0))");
        Geometry c = wkt("POLYGON((0 50, 100 50, 100 100, 0 100, 0 50))");
        Geometry snapped = EdgeSnapper.snapMetric(c, List.of(a, b), 0.5);
        // The corner stays; B's vertex, lying on C's edge, is inserted so both sides carry it.
        assertThat(List.of(snapped.getCoordinates())).contains(new Coordinate(100, 50), new Coordinate(100, 50.3));
        assertThat(snapped.getArea()).isCloseTo(5000, within(1e-9));
        assertThat(snapped.intersection(b).getArea()).isZero();
        assertThat(snapped.intersection(a).getArea()).isZero();
    }

    /** A corner on the parent's outline, 0.3 m from the neighbour's corner on it, slides along the outline onto it. */
    @Test
    void aVertexOnAnEdgeSlidesAlongItOntoANearbyVertex() throws Exception {
        Geometry parent = wkt("POLYGON((0 0, 400 0, 400 200, 0 200, 0 0))");
        Geometry one = wkt("POLYGON((0 0, 200 0, 200 200, 0 200, 0 0))");
        Geometry two = wkt("POLYGON((200.3 0, 399.8 0, 399.8 200, 200.3 200, 200.3 0))");
        Geometry snapped = EdgeSnapper.snapMetric(two, List.of(parent, one), 0.5);
        assertThat(snapped.equalsTopo(wkt("POLYGON((200 0, 400 0, 400 200, 200 200, 200 0))"))).as(snapped.toText()).isTrue();
    }

    @Test
    void verticesFartherThanTheToleranceStay() throws Exception {
        Geometry a = wkt("POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))");
        Geometry b = wkt("POLYGON((101 0, 200 0, 200 100, 101 100, 101 0))");
        assertThat(EdgeSnapper.snapMetric(b, List.of(a), 0.5).equalsExact(b)).isTrue();
    }

    @Test
    void inLonLatTheToleranceIsInMetres() throws Exception {
        // 0.3 m east at latitude 22.5°: 0.3 / (111320 cos 22.5°) degrees.
        double dLon = 0.3 / (111_320 * Math.cos(Math.toRadians(22.5)));
        Geometry a = wkt("POLYGON((114 22.5, 114.001 22.5, 114.001 22.501, 114 22.501, 114 22.5))");
        double x = 114.001 + dLon;
        Geometry b = wkt("POLYGON((" + x + " 22.5, 114.002 22.5, 114.002 22.501, " + x + " 22.501, " + x + " 22.5))");
        Geometry snapped = EdgeSnapper.snapLonLat(b, List.of(a), 0.5);
        assertThat(snapped.distance(a)).isZero();
        assertThat(EdgeSnapper.snapLonLat(b, List.of(a), 0.2).equalsExact(b)).isTrue();
    }
}
