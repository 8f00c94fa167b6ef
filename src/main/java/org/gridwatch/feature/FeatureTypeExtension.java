package org.gridwatch.feature;

import java.util.Map;

/**
 * Members another feature adds to each feature type in {@code GET /api/feature-types} (inspections add
 * {@code inspectionFields}), so this package need not know those features.
 */
public interface FeatureTypeExtension {

    /** Extra JSON members of the type {@code typeKey}; empty when there are none. */
    Map<String, Object> members(String typeKey);
}
