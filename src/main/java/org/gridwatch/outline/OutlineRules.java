package org.gridwatch.outline;

import java.util.Optional;

import org.gridwatch.geo.GeometryIssue;
import org.gridwatch.geo.GeometryValidator;
import org.gridwatch.geo.MetricProjection;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * What a district outline must be: one valid polygon or multipolygon in lon/lat, of a street office's
 * size. A street (街道) covers from well under one to a few dozen square kilometres; the bounds below
 * leave room on both sides while refusing what is plainly something else (a single building drawn by
 * mistake, a province, coordinates typed in the wrong order).
 *
 * <p>Pure and thread-safe.
 */
public final class OutlineRules {

    /** Smallest outline accepted, m² (one hectare). */
    public static final double MIN_AREA_M2 = 10_000;
    /** Largest outline accepted, m² (2,500 km²). */
    public static final double MAX_AREA_M2 = 2.5e9;
    /** Largest extent east-west or north-south, metres. */
    public static final double MAX_EXTENT_METERS = 100_000;
    /** Most vertices accepted: a boundary traced at one-metre detail around a 50 km district. */
    public static final int MAX_VERTICES = 200_000;

    private OutlineRules() {
    }

    /** A refusal: message key (i18n/outline*.properties or the geometry keys), English text, arguments. */
    public record Refusal(String key, String english, Object[] arguments, GeometryIssue issue) {
    }

    /** The first rule {@code lonLat} breaks, or empty when it may be stored; its area is in {@link #areaM2}. */
    public static Optional<Refusal> check(Geometry lonLat) {
        if (lonLat != null && lonLat.getNumPoints() > MAX_VERTICES) {
            return Optional.of(new Refusal("outline.tooManyVertices", "the outline has " + lonLat.getNumPoints()
                    + " vertices, more than " + MAX_VERTICES + "; simplify it first",
                    new Object[]{lonLat.getNumPoints(), MAX_VERTICES}, null));
        }
        Optional<GeometryIssue> issue = GeometryValidator.check(lonLat, GeometryValidator.AREAL);
        if (issue.isPresent()) {
            GeometryIssue i = issue.get();
            return Optional.of(new Refusal(i.kind(), i.englishDetail(), new Object[0], i));
        }
        MetricProjection projection = MetricProjection.centredOn(lonLat.getEnvelopeInternal());
        Envelope metric = projection.project(lonLat.getEnvelope()).getEnvelopeInternal();
        double extent = Math.max(metric.getWidth(), metric.getHeight());
        if (extent > MAX_EXTENT_METERS) {
            long km = Math.round(extent / 1000);
            return Optional.of(new Refusal("outline.tooWide", "the outline is " + km + " km across; a district outline "
                    + "may be at most " + (int) (MAX_EXTENT_METERS / 1000) + " km across",
                    new Object[]{km, (int) (MAX_EXTENT_METERS / 1000)}, null));
        }
        double area = areaM2(lonLat);
        if (area < MIN_AREA_M2) {
            long m2 = Math.round(area);
            return Optional.of(new Refusal("outline.tooSmall", "the outline covers " + m2 + " m²; a district outline "
                    + "must cover at least " + (long) MIN_AREA_M2 + " m²", new Object[]{m2, (long) MIN_AREA_M2}, null));
        }
        if (area > MAX_AREA_M2) {
            long km2 = Math.round(area / 1e6);
            return Optional.of(new Refusal("outline.tooLarge", "the outline covers " + km2 + " km²; a district outline "
                    + "may cover at most " + (long) (MAX_AREA_M2 / 1e6) + " km²",
                    new Object[]{km2, (long) (MAX_AREA_M2 / 1e6)}, null));
        }
        return Optional.empty();
    }

    /** Area in m², measured in a transverse Mercator projection centred on the outline itself. */
    public static double areaM2(Geometry lonLat) {
        return MetricProjection.centredOn(lonLat.getEnvelopeInternal()).areaM2(lonLat);
    }
}
