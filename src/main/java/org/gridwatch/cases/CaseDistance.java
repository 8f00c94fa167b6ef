package org.gridwatch.cases;

/** Great-circle distance between two lon/lat points (haversine on a sphere of the WGS84 mean radius). */
final class CaseDistance {

    private static final double EARTH_RADIUS_METERS = 6_371_008.8;

    private CaseDistance() {
    }

    /** Meters between (lon1, lat1) and (lon2, lat2), degrees; good to 0.5 % at the few hundred meters dedup uses. */
    static double meters(double lon1, double lat1, double lon2, double lat2) {
        double p1 = Math.toRadians(lat1), p2 = Math.toRadians(lat2);
        double dp = p2 - p1, dl = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
