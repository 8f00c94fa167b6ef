package org.gridwatch.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

class UnitGridNumberingTest {

    /**
     * A 3×3 block, given shuffled (seed 7); cells named by row (from the north) and column (from the west):
     * <pre>
     *   r0c0 r0c1 r0c2   → 001 002 003
     *   r1c0 r1c1 r1c2   → 004 005 006
     *   r2c0 r2c1 r2c2   → 007 008 009
     * </pre>
     * The middle row is staggered by 20 m north, less than half a cell: still one row.
     */
    @Test
    void aThreeByThreeBlockIsNumberedWestToEastThenNorthToSouth() {
        List<String> names = new ArrayList<>();
        List<Geometry> cells = new ArrayList<>();
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) {
                double y0 = (2 - row) * 100 + (row == 1 ? 20 * col / 2.0 : 0);
                names.add("r" + row + "c" + col);
                cells.add(Wkt.box(col * 100, y0, col * 100 + 100, y0 + 100));
            }
        }
        List<Integer> shuffled = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8));
        Collections.shuffle(shuffled, new Random(7));
        List<Geometry> input = shuffled.stream().map(cells::get).toList();
        List<String> codes = UnitGridNumbering.codes("440304001002", input);
        for (int k = 0; k < 9; k++) {
            int original = shuffled.get(k);
            assertThat(codes.get(k)).as(names.get(original)).isEqualTo("440304001002" + String.format("%03d", original + 1));
        }
        assertThat(codes).allMatch(c -> c.length() == 15);
    }

    @Test
    void aPrefixMustBeTwelveDigits() {
        assertThatThrownBy(() -> UnitGridNumbering.codes("44030400100", List.of(Wkt.box(0, 0, 1, 1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UnitGridNumbering.codes("44030400100X", List.of(Wkt.box(0, 0, 1, 1))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
