package org.gridwatch.planning;

import java.util.List;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * Merges grids that share borders into one grid.
 *
 * <p>Planar coordinates (metres). Stateless and thread-safe.
 */
public final class GridMerger {

    private GridMerger() {
    }

    /**
     * The union of {@code grids} (snap-rounded to 1 mm, so borders stored with nanometre differences
     * dissolve), or empty when the grids do not form one connected area: grids that meet only at a
     * corner, or are apart, cannot be merged.
     *
     * @param grids two or more valid polygons
     */
    public static java.util.Optional<Polygon> merge(List<? extends Geometry> grids) {
        Geometry union = Planar.union(grids);
        List<Polygon> parts = Planar.polygons(union);
        if (parts.size() != 1) return java.util.Optional.empty();
        return java.util.Optional.of(parts.get(0));
    }
}
