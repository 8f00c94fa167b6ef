package org.gridwatch.grid;

import java.util.Optional;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.gridwatch.geo.MetricProjection;

/**
 * The spatial rules between grids, measured in metres in a projection centred on the grids compared.
 *
 * <p>A shared border computed twice in floating point leaves slivers of 1e-10 m²; the thresholds
 * below (an overlap counts above 1 m², a small grid may stick out of its large grid by 0.5 m) keep
 * such noise from refusing honest edits while catching any overlap a person could see on the map.
 *
 * <p>Stateless and thread-safe.
 */
public final class GridRules {

    /** An overlap must be larger than this to count. */
    public static final double OVERLAP_TOLERANCE_M2 = 1.0;
    /** A small grid may reach this far outside its large grid. */
    public static final double CONTAINMENT_TOLERANCE_METERS = 0.5;

    private GridRules() {
    }

    /** The part of {@code inner} outside {@code outer}, when it goes beyond the tolerance. */
    public record Excess(double areaM2, double lon, double lat) {
    }

    /** An overlap between two grids larger than the tolerance. */
    public record Overlap(double areaM2, double lon, double lat) {
    }

    /**
     * Checks that {@code inner} lies inside {@code outer} buffered by {@code toleranceMeters}.
     *
     * @return the part outside (its whole area beyond {@code outer}, and a point in it), or empty
     */
    public static Optional<Excess> outside(Geometry inner, Geometry outer, double toleranceMeters) {
        MetricProjection projection = MetricProjection.centredOn(outer.getEnvelopeInternal());
        Geometry innerM = projection.project(inner);
        Geometry outerM = projection.project(outer);
        if (outerM.buffer(toleranceMeters).covers(innerM)) {
            return Optional.empty();
        }
        Geometry excess = innerM.difference(outerM);
        Point at = projection.unproject(excess.isEmpty() ? innerM : excess).getInteriorPoint();
        return Optional.of(new Excess(excess.getArea(), at.getX(), at.getY()));
    }

    /**
     * The overlap of two grids when it is larger than {@code toleranceM2}, with a point inside it.
     */
    public static Optional<Overlap> overlap(Geometry a, Geometry b, double toleranceM2) {
        if (!a.getEnvelopeInternal().intersects(b.getEnvelopeInternal()) || !a.intersects(b)) {
            return Optional.empty();
        }
        MetricProjection projection = MetricProjection.centredOn(a.getEnvelopeInternal());
        Geometry common = projection.project(a).intersection(projection.project(b));
        double area = common.getArea();
        if (area <= toleranceM2) {
            return Optional.empty();
        }
        Point at = projection.unproject(common).getInteriorPoint();
        return Optional.of(new Overlap(area, at.getX(), at.getY()));
    }
}
