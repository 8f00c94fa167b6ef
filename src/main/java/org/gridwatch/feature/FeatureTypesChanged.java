package org.gridwatch.feature;

/**
 * Published inside the writing transaction after a feature type was added through {@link FeatureService}:
 * whatever keeps the list of types (the OGC API's collections) must read it again once the change commits.
 */
public record FeatureTypesChanged(String key) {
}
