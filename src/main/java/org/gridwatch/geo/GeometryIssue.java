package org.gridwatch.geo;

/**
 * Why a geometry was refused, and where. {@code kind} is a stable key (for messages and clients);
 * {@code lon}/{@code lat} locate the problem, NaN when it has no place.
 */
public record GeometryIssue(String kind, double lon, double lat, String englishDetail) {

    public boolean hasLocation() {
        return !Double.isNaN(lon) && !Double.isNaN(lat);
    }
}
