package org.gridwatch.ogcapi.tiles;

import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Lines or polygons of one layer in memory in an R-tree, for stores that cannot find them by box quickly (the
 * embedded H2 store has no spatial index and would read every street for every tile). Immutable once built.
 *
 * @param <T> what is kept per shape (its geometry, id and tile properties)
 */
public final class ShapeIndex<T> {

    private final STRtree tree = new STRtree();
    private final int size;

    public ShapeIndex(List<T> shapes, java.util.function.Function<T, Geometry> geometry) {
        for (T s : shapes) tree.insert(geometry.apply(s).getEnvelopeInternal(), s);
        tree.build();
        size = shapes.size();
    }

    public int size() {
        return size;
    }

    /** The shapes whose bounding box meets the box. */
    @SuppressWarnings("unchecked")
    public List<T> query(Envelope box) {
        return size == 0 ? List.of() : new ArrayList<>((List<T>) tree.query(box));
    }
}
