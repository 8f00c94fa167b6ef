package org.gridwatch.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;

class StreetBlockDividerTest {

    private static final Geometry AREA = Wkt.box(0, 0, 300, 300);
    /** Streets at x = 100, 200 and y = 100, 200, reaching beyond the area: a 3×3 block lattice. */
    private static final List<LineString> LATTICE = Wkt.lines(
            "LINESTRING(100 -50, 100 350)", "LINESTRING(200 -50, 200 350)",
            "LINESTRING(-50 100, 350 100)", "LINESTRING(-50 200, 350 200)");

    @Test
    void aBlockLatticeYieldsExactlyItsBlocks() {
        List<Geometry> blocks = StreetBlockDivider.divide(AREA, LATTICE, 2000);
        assertThat(blocks).hasSize(9);
        List<Geometry> expected = new ArrayList<>();
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) expected.add(Wkt.box(i * 100, j * 100, i * 100 + 100, j * 100 + 100));
        for (Geometry e : expected) {
            assertThat(blocks).as("block %s", e).anyMatch(b -> b.equalsTopo(e));
        }
    }

    @Test
    void aBlockBelowTheMinimumJoinsTheNeighbourWithTheLongestBorder() {
        List<LineString> streets = new ArrayList<>(LATTICE);
        // Cuts a 10 m × 100 m strip (1000 m²) off the east side of the middle block, and a dead end that cuts nothing.
        // A street touching the area at one corner from outside cuts nothing either.
        streets.addAll(Wkt.lines("LINESTRING(190 100, 190 200)", "LINESTRING(150 150, 160 160)", "LINESTRING(300 300, 350 400)"));
        assertThat(StreetBlockDivider.blocks(AREA, streets)).hasSize(10);
        List<Geometry> blocks = StreetBlockDivider.divide(AREA, streets, 2000);
        assertThat(blocks).hasSize(9);
        // The strip borders the middle block along 100 m and the east block along 100 m; it touches
        // the north and south blocks along 10 m only. Either 100 m neighbour is right; the area is whole.
        assertThat(blocks.stream().mapToDouble(Geometry::getArea).sum()).isEqualTo(90000.0);
        assertThat(blocks).allMatch(b -> b.getArea() >= 10000 && b.getNumGeometries() == 1 && b.isValid());
    }

    @Test
    void withoutStreetsTheAreaIsOneBlock() {
        List<Geometry> blocks = StreetBlockDivider.divide(AREA, List.of(), 2000);
        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).equalsTopo(AREA)).isTrue();
    }
}
