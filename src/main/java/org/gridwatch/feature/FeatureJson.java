package org.gridwatch.feature;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.gridwatch.geo.GeoJsonFeature;
import org.gridwatch.geo.GeoJsonFormatException;
import org.locationtech.jts.geom.Point;

import tools.jackson.databind.JsonNode;

/** Turns a GeoJSON Feature of the API into a {@link FeatureDraft}, refusing malformed parts clearly. */
public final class FeatureJson {

    private FeatureJson() {
    }

    public static FeatureDraft draft(JsonNode node) {
        GeoJsonFeature f = GeoJsonFeature.of(node);
        if (f.geometry() != null && !(f.geometry() instanceof Point)) {
            throw new GeoJsonFormatException("feature.geometry.notPoint",
                    "a feature's geometry must be a Point, got " + f.geometry().getGeometryType(),
                    f.geometry().getGeometryType());
        }
        JsonNode attributes = f.properties().get("attributes");
        if (attributes != null && !attributes.isNull() && !attributes.isObject()) {
            throw new GeoJsonFormatException("feature.attributes.notObject", "attributes must be a JSON object");
        }
        Instant createdAt = null;
        String created = f.text("createdAt");
        if (created != null) {
            try {
                createdAt = Instant.parse(created);
            } catch (DateTimeParseException e) {
                throw new GeoJsonFormatException("property.instant",
                        "createdAt must be an ISO-8601 instant such as 2026-05-01T08:00:00Z", "createdAt");
            }
        }
        return new FeatureDraft(f.text("type"), (Point) f.geometry(), f.text("name"), f.text("code"),
                f.text("address"), f.text("status"),
                attributes == null || attributes.isNull() ? null : attributes.toString(), createdAt,
                f.longValue("version"));
    }
}
