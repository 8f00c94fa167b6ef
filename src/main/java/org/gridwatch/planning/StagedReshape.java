package org.gridwatch.planning;

import java.util.List;

import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.geo.MetricProjection;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * Splits a reshape into what it takes away and what it adds, for storing a clean that moves large grids
 * (clipped to the district outline, grown over a gap) and their small grids together: small grids must
 * lose their ground outside the new large grid before the large grid shrinks, and the large grid must
 * grow before its small grids grow into the new ground. Lon/lat in and out; a change counts when it moves
 * more than {@link #NOISE_M2}. Pure and stateless.
 */
final class StagedReshape {

    /** Smaller differences are floating-point noise of an overlay, not a change. */
    static final double NOISE_M2 = 0.01;

    private StagedReshape() {
    }

    /** The part of {@code current} that {@code proposed} keeps, or null when {@code current} loses nothing. */
    static Geometry shrunk(Geometry current, Geometry proposed) {
        Geometry lost = OverlayNGRobust.overlay(current, proposed, OverlayNG.DIFFERENCE);
        if (lost.isEmpty() || MetricProjection.areaM2Of(lost) <= NOISE_M2) return null;
        return polygonal(OverlayNGRobust.overlay(current, proposed, OverlayNG.INTERSECTION));
    }

    /** True when the two shapes differ by no more than {@link #NOISE_M2}. */
    static boolean same(Geometry a, Geometry b) {
        Geometry d = OverlayNGRobust.overlay(a, b, OverlayNG.SYMDIFFERENCE);
        return d.isEmpty() || MetricProjection.areaM2Of(d) <= NOISE_M2;
    }

    private static Geometry polygonal(Geometry g) {
        List<Polygon> parts = Planar.polygons(g);
        if (parts.size() == 1) return GeometryFactories.WGS84.createGeometry(parts.get(0));
        return GeometryFactories.WGS84.createMultiPolygon(parts.toArray(Polygon[]::new));
    }
}
