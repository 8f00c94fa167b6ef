package org.gridwatch.exchange;

/**
 * Converts between WGS84 and the offset coordinates of Chinese consumer web maps: GCJ-02 (AutoNavi/Amap,
 * Tencent, Google in China) and BD-09 (Baidu, GCJ-02 with a further offset).
 *
 * <p>The forward WGS84 → GCJ-02 transformation is the publicly circulated formula (a polynomial-and-sine
 * offset in the Krasovsky-ellipsoid metric, a = 6 378 245 m, e² = 0.00669342162296594323), applied only
 * inside China's rough bounding box (72.004°E–137.8347°E, 0.8293°N–55.8271°N); outside it GCJ-02 equals
 * WGS84. GCJ-02 → BD-09 is the published rotation-and-scale formula with the (0.0065°, 0.006°) shift.
 * The inverses have no closed form; they are found by fixed-point iteration on the forward formulas
 * until the step is below 1e-10° (about 0.01 mm), which converges in a handful of steps because the
 * offset changes by well under 1% across its own size.
 *
 * <p>All methods take and return longitude first, in degrees. Stateless and thread-safe.
 */
public final class ChinaOffsets {

    private static final double KRASOVSKY_A = 6378245.0;
    private static final double KRASOVSKY_EE = 0.00669342162296594323;
    private static final double X_PI = Math.PI * 3000.0 / 180.0;
    private static final double STEP_DEGREES = 1e-10;
    private static final int MAX_STEPS = 30;

    private ChinaOffsets() {
    }

    /** True where GCJ-02 applies an offset. */
    public static boolean inChina(double lon, double lat) {
        return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
    }

    /** WGS84 → GCJ-02; writes lon, lat to {@code out}. */
    public static void wgs84ToGcj02(double lon, double lat, double[] out) {
        if (!inChina(lon, lat)) {
            out[0] = lon;
            out[1] = lat;
            return;
        }
        double x = lon - 105.0;
        double y = lat - 35.0;
        double dLat = offsetLat(x, y);
        double dLon = offsetLon(x, y);
        double radLat = Math.toRadians(lat);
        double magic = Math.sin(radLat);
        magic = 1 - KRASOVSKY_EE * magic * magic;
        double sqrtMagic = Math.sqrt(magic);
        // Offsets are in metres of the Krasovsky ellipsoid: divide by the meridian and parallel radii.
        dLat = dLat * 180.0 / ((KRASOVSKY_A * (1 - KRASOVSKY_EE)) / (magic * sqrtMagic) * Math.PI);
        dLon = dLon * 180.0 / (KRASOVSKY_A / sqrtMagic * Math.cos(radLat) * Math.PI);
        out[0] = lon + dLon;
        out[1] = lat + dLat;
    }

    /** GCJ-02 → WGS84 by iteration on {@link #wgs84ToGcj02}; better than 1 mm inside China. */
    public static void gcj02ToWgs84(double lon, double lat, double[] out) {
        double wLon = lon;
        double wLat = lat;
        double[] g = new double[2];
        for (int i = 0; i < MAX_STEPS; i++) {
            wgs84ToGcj02(wLon, wLat, g);
            double dLon = g[0] - lon;
            double dLat = g[1] - lat;
            wLon -= dLon;
            wLat -= dLat;
            if (Math.abs(dLon) < STEP_DEGREES && Math.abs(dLat) < STEP_DEGREES) break;
        }
        out[0] = wLon;
        out[1] = wLat;
    }

    /** GCJ-02 → BD-09. */
    public static void gcj02ToBd09(double lon, double lat, double[] out) {
        double z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
        double theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * X_PI);
        out[0] = z * Math.cos(theta) + 0.0065;
        out[1] = z * Math.sin(theta) + 0.006;
    }

    /** BD-09 → GCJ-02 by iteration on {@link #gcj02ToBd09}. */
    public static void bd09ToGcj02(double lon, double lat, double[] out) {
        double gLon = lon - 0.0065;
        double gLat = lat - 0.006;
        double[] b = new double[2];
        for (int i = 0; i < MAX_STEPS; i++) {
            gcj02ToBd09(gLon, gLat, b);
            double dLon = b[0] - lon;
            double dLat = b[1] - lat;
            gLon -= dLon;
            gLat -= dLat;
            if (Math.abs(dLon) < STEP_DEGREES && Math.abs(dLat) < STEP_DEGREES) break;
        }
        out[0] = gLon;
        out[1] = gLat;
    }

    /** BD-09 → WGS84. */
    public static void bd09ToWgs84(double lon, double lat, double[] out) {
        bd09ToGcj02(lon, lat, out);
        gcj02ToWgs84(out[0], out[1], out);
    }

    private static double offsetLat(double x, double y) {
        double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
        r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        r += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
        r += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320.0 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        return r;
    }

    private static double offsetLon(double x, double y) {
        double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
        r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        r += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
        r += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        return r;
    }
}
