package org.gridwatch.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** GCJ-02 and BD-09 against published coordinate pairs and against their own round trip. */
class ChinaOffsetsTest {

    /** The issue asks for better than half a metre. */
    private static final double TOLERANCE_METERS = 0.5;

    /**
     * WGS84 → GCJ-02 pairs published with the eviltransform project's tests (Shanghai, Shenzhen, Beijing),
     * lon/lat order here.
     */
    private static final double[][] WGS_GCJ = {
            {121.5272106, 31.1774276, 121.531541859215, 31.17530398364597},
            {113.912316, 22.543847, 113.9171764808363, 22.540796131694766},
            {116.377817, 39.911954, 116.38404722455657, 39.91334545536069},
    };

    /**
     * GCJ-02 → BD-09 and BD-09 → GCJ-02 of (116.404, 39.915), published in the coordtransform project's
     * README/test (x_pi = π·3000/180 variant, the one Baidu's own converter agrees with).
     */
    private static final double[] GCJ_TO_BD = {116.404, 39.915, 116.41036949371029, 39.92133699351021};
    private static final double[] BD_TO_GCJ = {116.404, 39.915, 116.39762729119315, 39.90865673957631};

    @Test
    void forwardAndInverseMatchPublishedPairs() {
        double[] out = new double[2];
        for (double[] p : WGS_GCJ) {
            ChinaOffsets.wgs84ToGcj02(p[0], p[1], out);
            assertThat(meters(out[0], out[1], p[2], p[3])).as("wgs→gcj at %s,%s", p[0], p[1]).isLessThan(TOLERANCE_METERS);
            ChinaOffsets.gcj02ToWgs84(p[2], p[3], out);
            assertThat(meters(out[0], out[1], p[0], p[1])).as("gcj→wgs at %s,%s", p[2], p[3]).isLessThan(TOLERANCE_METERS);
        }
        ChinaOffsets.gcj02ToBd09(GCJ_TO_BD[0], GCJ_TO_BD[1], out);
        assertThat(meters(out[0], out[1], GCJ_TO_BD[2], GCJ_TO_BD[3])).as("gcj→bd").isLessThan(TOLERANCE_METERS);
        ChinaOffsets.bd09ToGcj02(BD_TO_GCJ[0], BD_TO_GCJ[1], out);
        assertThat(meters(out[0], out[1], BD_TO_GCJ[2], BD_TO_GCJ[3])).as("bd→gcj").isLessThan(TOLERANCE_METERS);
    }

    @Test
    void theOffsetIsHundredsOfMetresInChinaAndNoneOutside() {
        double[] out = new double[2];
        ChinaOffsets.wgs84ToGcj02(114.05, 22.55, out);
        assertThat(meters(out[0], out[1], 114.05, 22.55)).isBetween(100.0, 1000.0);
        ChinaOffsets.wgs84ToGcj02(2.35, 48.85, out);
        assertThat(out).containsExactly(2.35, 48.85);
    }

    @Test
    void inversesUndoTheForwardFormulasAtRandomPlaces() {
        long seed = 20260501L;
        Random random = new Random(seed);
        double[] g = new double[2];
        double[] b = new double[2];
        double[] back = new double[2];
        for (int i = 0; i < 2000; i++) {
            double lon = 75 + random.nextDouble() * 60;
            double lat = 18 + random.nextDouble() * 35;
            ChinaOffsets.wgs84ToGcj02(lon, lat, g);
            ChinaOffsets.gcj02ToBd09(g[0], g[1], b);
            ChinaOffsets.gcj02ToWgs84(g[0], g[1], back);
            assertThat(meters(back[0], back[1], lon, lat)).as("seed %s point %s", seed, i).isLessThan(0.001);
            ChinaOffsets.bd09ToWgs84(b[0], b[1], back);
            assertThat(meters(back[0], back[1], lon, lat)).as("seed %s point %s", seed, i).isLessThan(0.001);
        }
    }

    /** Distance on a sphere of radius 6 371 000 m; equirectangular is exact enough below a kilometre. */
    private static double meters(double lon1, double lat1, double lon2, double lat2) {
        double metersPerDegree = 6_371_000.0 * Math.PI / 180.0;
        double dy = (lat1 - lat2) * metersPerDegree;
        double dx = (lon1 - lon2) * metersPerDegree * Math.cos(Math.toRadians(lat2));
        return Math.hypot(dx, dy);
    }
}
