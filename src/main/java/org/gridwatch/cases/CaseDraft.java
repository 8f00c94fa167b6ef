package org.gridwatch.cases;

/**
 * A report as a client sends it ({@code POST /api/cases}); the public page and Open311 build one too.
 * {@code lon}/{@code lat}: WGS84, GeoJSON order. {@code clientId}: optional, makes a retry return the
 * stored case instead of a second one.
 */
public record CaseDraft(String clientId, String source, String classCode, Double lon, Double lat, String description,
                        String address, Long featureId, Long inspectionId, String reporterName, String reporterPhone) {
}
