package org.gridwatch.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class PointTilesTest {

    @Test
    void tileNumberIsColumnThenRowOfTheFiveHundredthDegreeLattice() {
        // 114.03 * 500 = 57015 (+90000), 22.521 * 500 = 11260.5 -> 11260 (+45000)
        assertThat(PointTiles.tile(114.03, 22.521)).isEqualTo(147_015L * PointTiles.ROW_SPAN + 56_260L);
        assertThat(PointTiles.tile(-180, -90)).isZero();
        // Negative coordinates round down, not towards zero.
        assertThat(PointTiles.column(-0.0001)).isEqualTo(PointTiles.column(0) - 1);
    }

    @Test
    void everyPointInARectangleLiesInOneOfItsTilesBoundaryIncluded() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2000; i++) {
            double minLon = random.nextDouble(-179, 179), minLat = random.nextDouble(-89, 89);
            // Edges on exact tile boundaries half the time: where rounding could drop a point.
            if (i % 2 == 0) {
                minLon = Math.floor(minLon * 500) / 500;
                minLat = Math.floor(minLat * 500) / 500;
            }
            double maxLon = minLon + random.nextDouble(0, 0.02), maxLat = minLat + random.nextDouble(0, 0.02);
            PointTiles.Cover cover = PointTiles.cover(minLon, minLat, maxLon, maxLat, 1024);
            assertThat(cover.tiles()).isNotNull();
            java.util.Set<Long> tiles = new java.util.HashSet<>();
            for (long t : cover.tiles()) tiles.add(t);
            for (double[] p : new double[][]{{minLon, minLat}, {maxLon, maxLat}, {minLon, maxLat}, {maxLon, minLat},
                    {random.nextDouble(minLon, Math.nextUp(maxLon)), random.nextDouble(minLat, Math.nextUp(maxLat))}}) {
                long tile = PointTiles.tile(Math.min(p[0], maxLon), Math.min(p[1], maxLat));
                assertThat(tiles).as("point %s,%s in box %s,%s,%s,%s", p[0], p[1], minLon, minLat, maxLon, maxLat)
                        .contains(tile);
                assertThat(tile).isBetween(cover.from(), cover.to());
            }
        }
    }

    @Test
    void aRectangleOfTooManyTilesBecomesOneRangeOfWholeColumns() {
        PointTiles.Cover cover = PointTiles.cover(114.0, 22.0, 114.2, 22.2, 1024);   // 101 x 101 tiles
        assertThat(cover.tiles()).isNull();
        assertThat(cover.from()).isEqualTo(PointTiles.tile(114.0, 22.0));
        assertThat(cover.to()).isEqualTo(PointTiles.tile(114.2, 22.2));
        // A point at the top of the first column and the bottom of the last are inside the range.
        assertThat(PointTiles.tile(114.0, 22.2)).isBetween(cover.from(), cover.to());
        assertThat(PointTiles.tile(114.2, 22.0)).isBetween(cover.from(), cover.to());
        // A point just left of the rectangle is not.
        assertThat(PointTiles.tile(113.998, 22.1)).isLessThan(cover.from());
    }
}
