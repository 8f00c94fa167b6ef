package org.gridwatch.heatmap;

/**
 * The quartic-kernel density at the cell centres of a lon/lat grid, computed exactly by its
 * definition: {@code Σ w · K(d)} over every point, d the great-circle distance on the sphere of the
 * Earth's mean radius ({@value #EARTH_RADIUS_METERS} m), K as in {@link KernelDensityEstimator#kernel}.
 * Features per km². This is what the heatmap's grid download promises; the tiles use the binned
 * estimator, which is within a few percent of it and costs nothing per point.
 *
 * <p>Cost: for every point, the cells whose centre lies within its radius: about
 * points × π r² / (cell area). {@link #operations} estimates it so that callers can choose.
 *
 * <p>The distance comes from the chord c between unit vectors (|p − q|² = 2 − 2 cos d/R) as
 * d = 2R·asin(c/2); for d² the series R²c²(1 + c²/12) is used, whose relative error is below 1e-9
 * for distances under 10 km, well inside float output.
 *
 * <p>Stateless and thread-safe.
 */
public final class GreatCircleKernelDensity {

    /** Mean Earth radius (IUGG R1), metres. */
    public static final double EARTH_RADIUS_METERS = 6_371_008.8;

    private GreatCircleKernelDensity() {
    }

    /** Point–cell pairs that {@link #estimate} will evaluate, for {@code points} points in reach. */
    public static double operations(LonLatRaster frame, int points, double radiusMeters) {
        double cellW = Math.max(1e-9, frame.cellWidthMeters((frame.height() - 1) / 2.0));
        double cellH = Math.max(1e-9, frame.cellHeightMeters((frame.height() - 1) / 2.0));
        double cells = Math.min((double) frame.width() * frame.height(),
                (2 * radiusMeters / cellW + 1) * (2 * radiusMeters / cellH + 1));
        return points * cells;
    }

    /**
     * The density at every cell centre of {@code frame}, row-major from the north-west cell.
     *
     * @param lons         point longitudes, degrees
     * @param lats         point latitudes, degrees
     * @param weights      per-point weights, or null for 1
     * @param count        how many of the arrays' entries to use
     * @param radiusMeters the kernel radius, &gt; 0
     */
    public static float[] estimate(LonLatRaster frame, double[] lons, double[] lats, double[] weights, int count,
                                   double radiusMeters) {
        if (!(radiusMeters > 0) || Double.isInfinite(radiusMeters)) {
            throw new IllegalArgumentException("radius must be positive, got " + radiusMeters);
        }
        int w = frame.width();
        int h = frame.height();
        // Unit vectors of the cell centres, separable: x = cosφ·cosλ, y = cosφ·sinλ, z = sinφ.
        double[] cosLon = new double[w];
        double[] sinLon = new double[w];
        for (int c = 0; c < w; c++) {
            double l = Math.toRadians(frame.lon(c));
            cosLon[c] = Math.cos(l);
            sinLon[c] = Math.sin(l);
        }
        double[] cosLat = new double[h];
        double[] sinLat = new double[h];
        for (int r = 0; r < h; r++) {
            double p = Math.toRadians(frame.lat(r));
            cosLat[r] = Math.cos(p);
            sinLat[r] = Math.sin(p);
        }
        double r2 = radiusMeters * radiusMeters;
        double norm = 3 / (Math.PI * r2) * 1e6; // per m² -> per km²
        double radiusRad = radiusMeters / EARTH_RADIUS_METERS;
        double dLatDeg = Math.toDegrees(radiusRad) * 1.001;
        double[] out = new double[w * h];
        for (int i = 0; i < count; i++) {
            double weight = weights == null ? 1 : weights[i];
            if (weight == 0) continue;
            double lon = lons[i];
            double lat = lats[i];
            double phi = Math.toRadians(lat);
            double lam = Math.toRadians(lon);
            double px = Math.cos(phi) * Math.cos(lam);
            double py = Math.cos(phi) * Math.sin(lam);
            double pz = Math.sin(phi);
            double maxAbsLat = Math.min(89.9, Math.abs(lat) + dLatDeg);
            double dLonDeg = dLatDeg / Math.cos(Math.toRadians(maxAbsLat));
            int r0 = Math.max(0, (int) Math.floor(frame.row(lat + dLatDeg)));
            int r1 = Math.min(h - 1, (int) Math.ceil(frame.row(lat - dLatDeg)));
            int c0 = Math.max(0, (int) Math.floor(frame.column(lon - dLonDeg)));
            int c1 = Math.min(w - 1, (int) Math.ceil(frame.column(lon + dLonDeg)));
            double scaled = weight * norm;
            for (int r = r0; r <= r1; r++) {
                double dz = sinLat[r] - pz;
                double cl = cosLat[r];
                int base = r * w;
                for (int c = c0; c <= c1; c++) {
                    double dx = cl * cosLon[c] - px;
                    double dy = cl * sinLon[c] - py;
                    double chord2 = dx * dx + dy * dy + dz * dz;
                    double d2 = EARTH_RADIUS_METERS * EARTH_RADIUS_METERS * chord2 * (1 + chord2 / 12);
                    if (d2 >= r2) continue;
                    double q = 1 - d2 / r2;
                    out[base + c] += scaled * q * q;
                }
            }
        }
        float[] result = new float[out.length];
        for (int k = 0; k < out.length; k++) result[k] = (float) out[k];
        return result;
    }
}
