package org.gridwatch.planning;

import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.UnaryUnionNG;

/** The planar (metre) overlay helpers the planning tools share. */
final class Planar {

    static final GeometryFactory FACTORY = new GeometryFactory();
    /**
     * Overlays snap-round to 1 mm: borders computed from the same linework come out identical, and
     * floating-point noise between neighbours (nanometres) cannot leave zero-width spikes.
     */
    static final PrecisionModel MILLIMETRE = new PrecisionModel(1000);

    private Planar() {
    }

    static Geometry intersection(Geometry a, Geometry b) {
        return OverlayNG.overlay(a, b, OverlayNG.INTERSECTION, MILLIMETRE);
    }

    static Geometry difference(Geometry a, Geometry b) {
        return OverlayNG.overlay(a, b, OverlayNG.DIFFERENCE, MILLIMETRE);
    }

    static Geometry union(Geometry a, Geometry b) {
        return OverlayNG.overlay(a, b, OverlayNG.UNION, MILLIMETRE);
    }

    static Geometry union(List<? extends Geometry> parts) {
        if (parts.isEmpty()) return FACTORY.createPolygon();
        return UnaryUnionNG.union(FACTORY.buildGeometry(new ArrayList<Geometry>(parts)), MILLIMETRE);
    }

    /** The polygons of {@code g} (its polygonal parts; lines and points of a collapsed overlay dropped). */
    static List<Polygon> polygons(Geometry g) {
        List<Polygon> out = new ArrayList<>();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry part = g.getGeometryN(i);
            if (part instanceof Polygon p && !p.isEmpty()) out.add(p);
        }
        return out;
    }

    /** {@code g} as a Polygon when it has one part, else as it is (MultiPolygon). */
    static Geometry polygonal(Geometry g) {
        List<Polygon> parts = polygons(g);
        if (parts.size() == 1) return parts.get(0);
        return FACTORY.createMultiPolygon(parts.toArray(Polygon[]::new));
    }
}
