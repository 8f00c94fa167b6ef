package org.gridwatch.feature;

import java.util.List;

import org.gridwatch.geo.BoundingBox;

/**
 * Which features a query wants: any of {@code types} (empty = all), inside {@code bbox} (null = anywhere),
 * in small grid {@code gridCode} (null = any), with {@code status} (null = any status).
 */
public record FeatureFilter(List<String> types, BoundingBox bbox, String gridCode, String status) {

    public FeatureFilter {
        types = types == null ? List.of() : List.copyOf(types);
    }
}
