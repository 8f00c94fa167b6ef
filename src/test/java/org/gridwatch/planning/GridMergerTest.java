package org.gridwatch.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Polygon;

class GridMergerTest {

    @Test
    void gridsSharingBordersMergeIntoOnePolygonWithoutTheBorders() {
        Polygon merged = GridMerger.merge(List.of(Wkt.box(0, 0, 100, 100), Wkt.box(100, 0, 200, 100), Wkt.box(0, 100, 100, 150)))
                .orElseThrow();
        assertThat(merged.getArea()).isEqualTo(25000.0);
        assertThat(merged.getNumInteriorRing()).isZero();
        // The former borders are gone from the outline.
        assertThat(merged.getBoundary().intersects(Wkt.read("LINESTRING(100 1, 100 99)"))).isFalse();
        assertThat(merged.getBoundary().intersects(Wkt.read("LINESTRING(1 100, 99 100)"))).isFalse();
    }

    @Test
    void gridsMeetingOnlyAtACornerOrApartAreRefused() {
        assertThat(GridMerger.merge(List.of(Wkt.box(0, 0, 100, 100), Wkt.box(100, 100, 200, 200)))).isEmpty();
        assertThat(GridMerger.merge(List.of(Wkt.box(0, 0, 100, 100), Wkt.box(101, 0, 200, 100)))).isEmpty();
    }
}
