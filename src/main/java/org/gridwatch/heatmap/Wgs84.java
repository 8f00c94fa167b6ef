package org.gridwatch.heatmap;

/**
 * Ground lengths of small steps in longitude and latitude on the WGS84 ellipsoid, so that a radius
 * in metres means metres on the ground at any latitude. A sphere would be 0.5% off north–south at
 * 22°N, enough to spend half the 1% error budget.
 */
final class Wgs84 {

    static final double A = 6_378_137.0;
    private static final double F = 1 / 298.257223563;
    private static final double E2 = F * (2 - F);

    private Wgs84() {
    }

    /** Metres on the ground per radian of longitude at latitude {@code latDeg}: N(φ)·cos φ. */
    static double metersPerRadianLon(double latDeg) {
        double phi = Math.toRadians(latDeg);
        double s = Math.sin(phi);
        return A / Math.sqrt(1 - E2 * s * s) * Math.cos(phi);
    }

    /** Metres on the ground per radian of latitude at latitude {@code latDeg}: the meridian radius M(φ). */
    static double metersPerRadianLat(double latDeg) {
        double s = Math.sin(Math.toRadians(latDeg));
        double w = 1 - E2 * s * s;
        return A * (1 - E2) / (w * Math.sqrt(w));
    }
}
