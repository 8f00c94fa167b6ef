package org.gridwatch.feature;

import java.time.Instant;

import org.locationtech.jts.geom.Point;

/** A feature as a caller asks to store it (validated by {@link FeatureService}). */
public record FeatureDraft(String type, Point point, String name, String code, String address, String status,
                           String attributesJson, Instant createdAt, Long expectedVersion) {
}
