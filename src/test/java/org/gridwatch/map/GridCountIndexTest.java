package org.gridwatch.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.gridwatch.geo.BoundingBox;
import org.junit.jupiter.api.Test;

class GridCountIndexTest {

    private static final BoundingBox EVERYWHERE = new BoundingBox(-180, -90, 180, 90);
    private static final ClusterLattice ONE_CELL = new ClusterLattice(360, 180);

    private final GridCountIndex index = new GridCountIndex(
            List.of(new GridCountIndex.LabelPoint("A", 1, 1), new GridCountIndex.LabelPoint("B", 3, 1)),
            List.of(new GridCountIndex.Row("A", "bin", 2), new GridCountIndex.Row("B", "bin", 1),
                    new GridCountIndex.Row("B", "well", 4), new GridCountIndex.Row(null, "bin", 5),
                    new GridCountIndex.Row("gone", "well", 1)),
            Instant.EPOCH);

    private long count(BoundingBox bbox, Set<String> types) {
        CountGroups groups = new CountGroups();
        index.countByCell(bbox, types, ONE_CELL, groups);
        return groups.total();
    }

    @Test
    void countsTheGridsWhoseLabelPointIsInTheView() {
        assertThat(count(EVERYWHERE, Set.of())).isEqualTo(7);
        assertThat(count(EVERYWHERE, Set.of("bin"))).isEqualTo(3);
        assertThat(count(new BoundingBox(0, 0, 2, 2), Set.of())).isEqualTo(2);
        assertThat(count(new BoundingBox(3, 1, 3, 1), Set.of("well"))).as("edges included").isEqualTo(4);
        // rows of no grid, or of a grid the index does not know, are outside every grid
        assertThat(index.outsideGrids(Set.of())).isEqualTo(6);
        assertThat(index.outsideGrids(Set.of("bin"))).isEqualTo(5);
    }

    @Test
    void adjustMovesCountsBetweenGridsAndOutside() {
        assertThat(index.adjust("A", "bin", -1)).isTrue();
        assertThat(index.adjust("B", "bin", 1)).isTrue();
        assertThat(count(new BoundingBox(0, 0, 2, 2), Set.of())).isEqualTo(1);
        assertThat(count(new BoundingBox(2.5, 0, 4, 2), Set.of("bin"))).isEqualTo(2);
        assertThat(index.adjust(null, "well", 2)).isTrue();
        assertThat(index.outsideGrids(Set.of("well"))).isEqualTo(3);
        assertThat(index.adjust("unknown-grid", "well", -3)).isTrue();
        assertThat(index.outsideGrids(Set.of("well"))).isZero();
    }

    @Test
    void aTypeUnknownWhenBuiltIsRefusedAndChangesNothing() {
        assertThat(index.adjust("A", "rat_bait_station", 1)).isFalse();
        assertThat(count(EVERYWHERE, Set.of())).isEqualTo(7);
        assertThat(count(EVERYWHERE, Set.of("rat_bait_station"))).isZero();
    }

    @Test
    void aGridWhoseCountsReachZeroFormsNoGroup() {
        index.adjust("A", "bin", -2);
        CountGroups groups = new CountGroups();
        index.countByCell(EVERYWHERE, Set.of(), new ClusterLattice(2, 2), groups);
        assertThat(groups.groups()).extracting(CountGroups.CountGroup::key).containsExactly("1:0");
    }

    /** Seeded random grids and counts, against the lattice applied to each grid's label point by hand. */
    @Test
    void cellSumsMatchEachGridPlacedByHand() {
        long seed = 11;
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        List<GridCountIndex.LabelPoint> grids = new java.util.ArrayList<>();
        List<GridCountIndex.Row> rows = new java.util.ArrayList<>();
        String[] kinds = {"bin", "well", "bait"};
        for (int i = 0; i < 2_000; i++) {
            grids.add(new GridCountIndex.LabelPoint("G" + i, 114 + r.nextDouble(0, 0.2), 22.4 + r.nextDouble(0, 0.2)));
            for (String k : kinds) if (r.nextInt(3) > 0) rows.add(new GridCountIndex.Row("G" + i, k, r.nextInt(1, 40)));
        }
        GridCountIndex random = new GridCountIndex(grids, rows, Instant.EPOCH);
        BoundingBox view = new BoundingBox(114.03, 22.45, 114.17, 22.58);
        ClusterLattice lattice = ClusterLattice.squareOnScreen(view, 0.011);
        Set<String> types = Set.of("bin", "bait");

        java.util.Map<String, long[]> expected = new java.util.HashMap<>();
        java.util.Map<String, double[]> position = new java.util.HashMap<>();
        for (GridCountIndex.Row row : rows) {
            GridCountIndex.LabelPoint g = grids.get(Integer.parseInt(row.gridCode().substring(1)));
            if (!types.contains(row.type()) || g.lon() < view.minLon() || g.lon() > view.maxLon()
                    || g.lat() < view.minLat() || g.lat() > view.maxLat()) continue;
            String key = lattice.column(g.lon()) + ":" + lattice.row(g.lat());
            expected.computeIfAbsent(key, k -> new long[1])[0] += row.count();
            double[] sum = position.computeIfAbsent(key, k -> new double[2]);
            sum[0] += g.lon() * row.count();
            sum[1] += g.lat() * row.count();
        }
        CountGroups groups = new CountGroups();
        random.countByCell(view, types, lattice, groups);
        assertThat(groups.groups()).as("seed %d", seed).hasSize(expected.size());
        for (CountGroups.CountGroup g : groups.groups()) {
            long n = expected.get(g.key())[0];
            assertThat(g.count()).as("seed %d, cell %s", seed, g.key()).isEqualTo(n);
            assertThat(g.lon()).isCloseTo(position.get(g.key())[0] / n, org.assertj.core.api.Assertions.within(1e-9));
            assertThat(g.lat()).isCloseTo(position.get(g.key())[1] / n, org.assertj.core.api.Assertions.within(1e-9));
            assertThat(g.types().keySet()).isSubsetOf(types);
        }
    }

    @Test
    void aViewOfMoreCellsThanTheMapMayAskForIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> index.countByCell(EVERYWHERE, Set.of(),
                new ClusterLattice(0.5, 0.5), new CountGroups())).isInstanceOf(IllegalArgumentException.class);
    }
}
