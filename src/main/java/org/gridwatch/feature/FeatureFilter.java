package org.gridwatch.feature;

import java.time.Instant;
import java.util.List;

import org.gridwatch.geo.BoundingBox;

/**
 * Which features a query wants: any of {@code types} (empty = all), inside {@code bbox} (null = anywhere),
 * in small grid {@code gridCode} (null = any), with {@code status} (null = any status), created in
 * [{@code createdFrom}, {@code createdTo}] (either end null = open), and with an id above
 * {@code afterId} (null = from the start; keyset paging that stays stable and fast at any depth).
 */
public record FeatureFilter(List<String> types, BoundingBox bbox, String gridCode, String status,
                            Instant createdFrom, Instant createdTo, Long afterId) {

    public FeatureFilter {
        types = types == null ? List.of() : List.copyOf(types);
    }

    public FeatureFilter(List<String> types, BoundingBox bbox, String gridCode, String status) {
        this(types, bbox, gridCode, status, null, null, null);
    }

    public FeatureFilter withAfterId(Long id) {
        return new FeatureFilter(types, bbox, gridCode, status, createdFrom, createdTo, id);
    }
}
