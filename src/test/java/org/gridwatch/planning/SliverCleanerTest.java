package org.gridwatch.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.UnaryUnionNG;
import org.locationtech.jts.geom.PrecisionModel;

class SliverCleanerTest {

    private static final Geometry PARENT = Wkt.box(0, 0, 200, 200);

    /**
     * Four grids of a 200 m square: the north-west one (0) overlaps its eastern neighbour (1) by a
     * 4 cm × 100 m strip (4 m²); the south-west one (2) stops 3 cm short of the south-east one (3),
     * leaving a 3 m² gap; the south-east one reaches 2 cm outside the parent (2 m²); and a 10 m × 10 m
     * hole (100 m²) in the north-east one is a real gap, not a sliver.
     */
    private static final List<Geometry> GRIDS = Wkt.all(
            "POLYGON((0 100, 100.04 100, 100.04 200, 0 200, 0 100))",
            "POLYGON((100 100, 200 100, 200 200, 100 200, 100 100), (140 140, 150 140, 150 150, 140 150, 140 140))",
            "POLYGON((0 0, 99.97 0, 99.97 100, 0 100, 0 0))",
            "POLYGON((100 -0.02, 200 -0.02, 200 100, 100 100, 100 -0.02))");

    @Test
    void slivers_are_removed_and_nothing_else() {
        SliverCleaner.Result r = SliverCleaner.clean(PARENT, GRIDS, 5);
        List<Geometry> g = r.grids();
        // The north-west grid keeps the overlap (it comes first) and is not touched at all.
        assertThat(g.get(0)).isSameAs(GRIDS.get(0));
        // No overlap above noise is left between any two grids.
        for (int i = 0; i < 4; i++) for (int j = i + 1; j < 4; j++) {
            assertThat(g.get(i).intersection(g.get(j)).getArea()).as("overlap %d/%d", i, j).isLessThan(SliverCleaner.NOISE_M2);
        }
        // The only uncovered ground left is the 100 m² hole.
        Geometry rest = OverlayNG.overlay(PARENT, UnaryUnionNG.union(Planar.FACTORY.buildGeometry(g), new PrecisionModel(1000)),
                OverlayNG.DIFFERENCE, new PrecisionModel(1000));
        assertThat(rest.getArea()).isCloseTo(100, within(0.01));
        assertThat(Wkt.sameGround(rest, Wkt.box(140, 140, 150, 150), 0.01)).isTrue();
        // Nothing sticks out of the parent.
        assertThat(g.get(3).difference(PARENT).getArea()).isLessThan(SliverCleaner.NOISE_M2);
        // Areas moved only by the slivers.
        assertThat(g.get(1).getArea()).isCloseTo(10000 - 100 - 4, within(0.01));
        assertThat(g.get(2).getArea() + g.get(3).getArea()).isCloseTo(20000, within(0.01));

        assertThat(r.changes()).extracting(SliverCleaner.Change::kind).containsExactlyInAnyOrder(
                SliverCleaner.Kind.OUTSIDE_REMOVED, SliverCleaner.Kind.OVERLAP_REMOVED,
                SliverCleaner.Kind.GAP_FILLED, SliverCleaner.Kind.GAP_KEPT);
        SliverCleaner.Change overlap = r.changes().stream().filter(c -> c.kind() == SliverCleaner.Kind.OVERLAP_REMOVED).findFirst().orElseThrow();
        assertThat(overlap.grid()).isEqualTo(1);
        assertThat(overlap.otherGrid()).isEqualTo(0);
        assertThat(overlap.areaM2()).isCloseTo(4, within(0.01));
    }

    @Test
    void aThresholdBelowTheSliversChangesNothing() {
        SliverCleaner.Result r = SliverCleaner.clean(PARENT, GRIDS, 1);
        for (int i = 0; i < GRIDS.size(); i++) assertThat(r.grids().get(i)).isSameAs(GRIDS.get(i));
        assertThat(r.changes()).noneMatch(SliverCleaner.Change::applied);
        assertThat(r.changes()).extracting(SliverCleaner.Change::kind).contains(SliverCleaner.Kind.OVERLAP_KEPT,
                SliverCleaner.Kind.GAP_KEPT, SliverCleaner.Kind.OUTSIDE_KEPT);
    }

    @Test
    void aCleanTilingIsLeftAlone() {
        List<Geometry> tiles = List.of(Wkt.box(0, 0, 100, 200), Wkt.box(100, 0, 200, 200));
        SliverCleaner.Result r = SliverCleaner.clean(PARENT, tiles, 5);
        assertThat(r.changes()).isEmpty();
        assertThat(r.grids().get(0)).isSameAs(tiles.get(0));
        assertThat(r.grids().get(1)).isSameAs(tiles.get(1));
    }
}
