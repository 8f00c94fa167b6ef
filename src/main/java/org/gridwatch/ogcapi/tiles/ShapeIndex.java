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
        this(shapes, geometry.andThen(Geometry::getEnvelopeInternal), 0);
    }

    private ShapeIndex(List<T> shapes, java.util.function.Function<T, Envelope> envelope, int unused) {
        for (T s : shapes) tree.insert(envelope.apply(s), s);
        tree.build();
        size = shapes.size();
    }

    /** An index of shapes by the bounds that {@code envelope} gives. */
    public static <T> ShapeIndex<T> byEnvelope(List<T> shapes, java.util.function.Function<T, Envelope> envelope) {
        return new ShapeIndex<>(shapes, envelope, 0);
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
