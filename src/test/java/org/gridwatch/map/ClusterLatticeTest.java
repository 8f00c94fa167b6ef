package org.gridwatch.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.gridwatch.geo.BoundingBox;
import org.junit.jupiter.api.Test;

class ClusterLatticeTest {

    private final ClusterLattice tenthDegree = new ClusterLattice(0.1, 0.1);

    @Test
    void cellsAreHalfOpenAndAnchoredAtZero() {
        assertThat(tenthDegree.column(0.0)).isZero();
        assertThat(tenthDegree.column(0.0999)).isZero();
        assertThat(tenthDegree.column(0.25)).isEqualTo(2);
        // West of Greenwich the column is negative, floor not truncation: -0.05 lies in cell -1.
        assertThat(tenthDegree.column(-0.05)).isEqualTo(-1);
        assertThat(tenthDegree.row(-89.95)).isEqualTo(-900);
        assertThat(tenthDegree.column(114.05)).isEqualTo(1140);
    }

    /** Seeded values on both sides of zero and on cell edges, against Math.floor. */
    @Test
    void columnsAndRowsAreTheFloorOfTheQuotientEverywhere() {
        ClusterLattice lattice = new ClusterLattice(0.25, 0.125);
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            double lon = i % 10 == 0 ? r.nextInt(-720, 720) * 0.25 : r.nextDouble(-180, 180);
            double lat = i % 10 == 0 ? r.nextInt(-720, 720) * 0.125 : r.nextDouble(-90, 90);
            assertThat(lattice.column(lon)).as("lon %s", lon).isEqualTo((long) Math.floor(lon / 0.25));
            assertThat(lattice.row(lat)).as("lat %s", lat).isEqualTo((long) Math.floor(lat / 0.125));
        }
    }

    @Test
    void squareOnScreenCellsAreShorterInLatitudeByTheCosineOfTheMiddleLatitude() {
        ClusterLattice lattice = ClusterLattice.squareOnScreen(new BoundingBox(113, 59, 115, 61), 0.02);
        assertThat(lattice.cellLonDeg()).isEqualTo(0.02);
        assertThat(lattice.cellLatDeg()).isCloseTo(0.01, within(1e-12)); // cos 60° = 0.5
        ClusterLattice polar = ClusterLattice.squareOnScreen(new BoundingBox(0, 89.9, 1, 90), 0.02);
        assertThat(polar.cellLatDeg()).isGreaterThan(0);
    }

    @Test
    void countsTheCellsABoxMeetsIncludingPartlyCoveredOnes() {
        assertThat(tenthDegree.cellsIn(new BoundingBox(0.05, 0.05, 0.05, 0.05))).isEqualTo(1);
        assertThat(tenthDegree.cellsIn(new BoundingBox(0.05, 0.05, 0.25, 0.15))).isEqualTo(3 * 2);
        assertThat(tenthDegree.cellsIn(new BoundingBox(-0.05, -0.05, 0.05, 0.05))).isEqualTo(4);
    }

    @Test
    void refusesCellsWithoutSize() {
        assertThatThrownBy(() -> new ClusterLattice(0, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClusterLattice(0.1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClusterLattice(Double.POSITIVE_INFINITY, 0.1)).isInstanceOf(IllegalArgumentException.class);
    }
}
