package org.gridwatch.geo;

import java.util.Optional;
import java.util.Set;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Checks geometries before they are stored: finite coordinates inside lon [-180,180] and lat
 * [-90,90], an allowed geometry type, and JTS (OGC) validity — self-intersections, rings with too few
 * points, holes outside shells and the like — reporting the first problem with its location.
 *
 * <p>Stateless and thread-safe.
 */
public final class GeometryValidator {

    public static final Set<String> AREAL = Set.of("Polygon", "MultiPolygon");
    public static final Set<String> PUNTAL = Set.of("Point");
    public static final Set<String> LINEAL = Set.of("LineString");

    private GeometryValidator() {
    }

    /**
     * @param allowedTypes the JTS geometry type names accepted ({@link Geometry#getGeometryType()})
     * @return the first issue found, or empty when the geometry may be stored
     */
    public static Optional<GeometryIssue> check(Geometry g, Set<String> allowedTypes) {
        if (g == null) {
            return Optional.of(new GeometryIssue("geometry.missing", Double.NaN, Double.NaN, "geometry is missing"));
        }
        if (!allowedTypes.contains(g.getGeometryType())) {
            return Optional.of(new GeometryIssue("geometry.type", Double.NaN, Double.NaN,
                    "geometry type " + g.getGeometryType() + " is not allowed here; expected " + allowedTypes));
        }
        if (g.isEmpty()) {
            return Optional.of(new GeometryIssue("geometry.empty", Double.NaN, Double.NaN, "geometry is empty"));
        }
        for (Coordinate c : g.getCoordinates()) {
            if (Double.isNaN(c.x) || Double.isNaN(c.y) || Double.isInfinite(c.x) || Double.isInfinite(c.y)) {
                return Optional.of(new GeometryIssue("geometry.coordinate.nan", c.x, c.y,
                        "coordinate is not a finite number: " + c.x + ", " + c.y));
            }
            if (c.x < -180 || c.x > 180 || c.y < -90 || c.y > 90) {
                return Optional.of(new GeometryIssue("geometry.coordinate.range", c.x, c.y,
                        "coordinate out of range (lon must be in [-180,180], lat in [-90,90]) at "
                                + c.x + ", " + c.y));
            }
        }
        TopologyValidationError error = new IsValidOp(g).getValidationError();
        if (error != null) {
            Coordinate at = error.getCoordinate();
            double lon = at == null ? Double.NaN : at.x;
            double lat = at == null ? Double.NaN : at.y;
            return Optional.of(new GeometryIssue(kindOf(error.getErrorType()), lon, lat,
                    error.getMessage() + (at == null ? "" : " at " + format(lon) + ", " + format(lat))));
        }
        return Optional.empty();
    }

    private static String kindOf(int errorType) {
        return switch (errorType) {
            case TopologyValidationError.SELF_INTERSECTION, TopologyValidationError.RING_SELF_INTERSECTION ->
                    "geometry.selfIntersection";
            case TopologyValidationError.TOO_FEW_POINTS -> "geometry.ring.tooFewPoints";
            case TopologyValidationError.RING_NOT_CLOSED -> "geometry.ring.notClosed";
            case TopologyValidationError.HOLE_OUTSIDE_SHELL -> "geometry.holeOutsideShell";
            case TopologyValidationError.NESTED_HOLES -> "geometry.nestedHoles";
            case TopologyValidationError.DISCONNECTED_INTERIOR -> "geometry.disconnectedInterior";
            case TopologyValidationError.NESTED_SHELLS -> "geometry.nestedShells";
            case TopologyValidationError.DUPLICATE_RINGS -> "geometry.duplicateRings";
            case TopologyValidationError.INVALID_COORDINATE -> "geometry.coordinate.nan";
            default -> "geometry.invalid";
        };
    }

    /** Formats a lon or lat with 7 decimals, trailing zeros dropped. */
    public static String format(double v) {
        StringBuilder sb = new StringBuilder();
        try {
            GeoJsonWriter.number(v, sb);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return sb.toString();
    }
}
