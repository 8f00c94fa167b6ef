package org.gridwatch.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

class AreaDividerTest {

    @Test
    void aRectangleWithoutStreetsIsCutIntoEqualCellsThatTileIt() {
        Geometry area = Wkt.box(0, 0, 400, 200);
        List<Geometry> cells = AreaDivider.divide(area, List.of(), 10000);
        assertThat(cells).hasSize(8);
        for (Geometry c : cells) assertThat(c.getArea()).isCloseTo(10000, within(1.0));
        Geometry union = cells.stream().reduce(Geometry::union).orElseThrow();
        assertThat(Wkt.sameGround(union, area, 0.01)).isTrue();
    }

    @Test
    void cellsFollowTheStreetAndNeverCrossIt() {
        Geometry area = Wkt.box(0, 0, 400, 200);
        List<Geometry> cells = AreaDivider.divide(area, Wkt.lines("LINESTRING(150 -10, 150 210)"), 10000);
        // West block 30,000 m² → 3 cells; east block 50,000 m² → 5 cells.
        assertThat(cells).hasSize(8);
        Geometry west = Wkt.box(0, 0, 150, 200);
        long westCells = cells.stream().filter(c -> west.covers(c.getInteriorPoint())).count();
        assertThat(westCells).isEqualTo(3);
        for (Geometry c : cells) {
            double inWest = c.intersection(west).getArea();
            assertThat(inWest < 0.01 || inWest > c.getArea() - 0.01).as("cell %s crosses the street", c).isTrue();
            assertThat(c.getArea()).isCloseTo(10000, within(1.0));
        }
    }
}
