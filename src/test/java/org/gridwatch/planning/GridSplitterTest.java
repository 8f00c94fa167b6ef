package org.gridwatch.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

class GridSplitterTest {

    private static final Geometry SQUARE = Wkt.box(0, 0, 100, 100);

    /**
     * <pre>
     *   -10,70 ←───────────── 110,70     the line runs in along y=30, out at x=100,
     *          |  part 3   |    │          back in along y=70: it crosses the grid twice
     *          |-----------|────┘
     *          |  part 2   |
     *   -10,30 ────────────────┐
     *          |  part 1   |
     * </pre>
     */
    @Test
    void aLineCrossingTheGridTwiceCutsThreeParts() {
        List<Polygon> parts = GridSplitter.split(SQUARE, (LineString) Wkt.read("LINESTRING(-10 30, 110 30, 110 70, -10 70)"));
        assertThat(parts).hasSize(3);
        assertThat(parts.get(0).getArea()).isCloseTo(4000, within(1e-6));
        assertThat(parts.get(1).getArea()).isCloseTo(3000, within(1e-6));
        assertThat(parts.get(2).getArea()).isCloseTo(3000, within(1e-6));
        assertThat(Wkt.sameGround(parts.get(0), Wkt.box(0, 30, 100, 70), 1e-6)).isTrue();
        // The parts tile the grid: no overlap, nothing missing.
        Geometry union = parts.get(0).union(parts.get(1)).union(parts.get(2));
        assertThat(Wkt.sameGround(union, SQUARE, 1e-6)).isTrue();
        assertThat(parts.get(0).intersection(parts.get(1)).getArea()).isZero();
    }

    @Test
    void aLineAcrossOnceCutsTwoPartsAndItsOutsideEndsCutNothing() {
        List<Polygon> parts = GridSplitter.split(SQUARE, (LineString) Wkt.read("LINESTRING(25 -50, 25 150, 300 150)"));
        assertThat(parts).extracting(Polygon::getArea).containsExactly(7500.0, 2500.0);
    }

    @Test
    void aLineThatStopsInsideCutsNothing() {
        List<Polygon> parts = GridSplitter.split(SQUARE, (LineString) Wkt.read("LINESTRING(-10 50, 60 50)"));
        assertThat(parts).hasSize(1);
        assertThat(parts.get(0).getArea()).isCloseTo(10000, within(1e-6));
    }

    @Test
    void theHoleOfAGridStaysAHoleInItsParts() {
        Geometry withHole = Wkt.read("POLYGON((0 0, 100 0, 100 100, 0 100, 0 0), (40 40, 60 40, 60 60, 40 60, 40 40))");
        List<Polygon> parts = GridSplitter.split(withHole, (LineString) Wkt.read("LINESTRING(-1 20, 101 20)"));
        assertThat(parts).extracting(Polygon::getArea).containsExactly(7600.0, 2000.0);
        assertThat(parts.get(0).getNumInteriorRing()).isEqualTo(1);
    }
}
