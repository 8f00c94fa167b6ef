package org.gridwatch.feature;

/**
 * A feature type: its key ({@code trash_bin}), labels, map symbol and colour (#rrggbb), and the
 * national urban-management part code where one exists.
 */
public record FeatureTypeView(String key, String labelZh, String labelEn, String symbol, String color,
                              String partCode, int sortOrder) {
}
