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
}
