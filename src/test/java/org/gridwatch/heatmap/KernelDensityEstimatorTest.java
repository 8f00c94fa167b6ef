package org.gridwatch.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.gridwatch.geo.MetricProjection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Coordinate;

/**
 * The estimator against a brute-force sum over every point, with distances measured independently
 * in a transverse Mercator projection on the WGS84 ellipsoid (proj4j).
 */
class KernelDensityEstimatorTest {

    static final double CENTRE_LON = 114.06;
    static final double CENTRE_LAT = 22.54;
    static final long SEED = 20260501L;

    /** Seeded points: half in a few tight clusters, half spread over about 6 km × 6 km. */
    static double[][] points(int n, long seed) {
        Random random = new Random(seed);
        double[] lons = new double[n];
        double[] lats = new double[n];
        double[][] clusters = new double[8][];
        for (int c = 0; c < clusters.length; c++) {
            clusters[c] = new double[]{CENTRE_LON + (random.nextDouble() - 0.5) * 0.03,
                    CENTRE_LAT + (random.nextDouble() - 0.5) * 0.03};
        }
        for (int i = 0; i < n; i++) {
            if (i % 2 == 0) {
                double[] c = clusters[random.nextInt(clusters.length)];
                lons[i] = c[0] + random.nextGaussian() * 0.002;
                lats[i] = c[1] + random.nextGaussian() * 0.002;
            } else {
                lons[i] = CENTRE_LON + (random.nextDouble() - 0.5) * 0.06;
                lats[i] = CENTRE_LAT + (random.nextDouble() - 0.5) * 0.06;
            }
        }
        return new double[][]{lons, lats};
    }

    /** Σ K(d) over every point for every cell centre, features per km², d in a local ellipsoidal TM. */
    static double[] bruteForce(RasterFrame frame, double[] lons, double[] lats, double[] weights, double radiusMeters) {
        MetricProjection tm = MetricProjection.centredOn(CENTRE_LON, CENTRE_LAT);
        double[] px = new double[lons.length];
        double[] py = new double[lons.length];
        for (int i = 0; i < lons.length; i++) {
            Coordinate c = tm.project(lons[i], lats[i]);
            px[i] = c.x;
            py[i] = c.y;
        }
        int w = frame.width();
        int h = frame.height();
        double[] out = new double[w * h];
        double r2 = radiusMeters * radiusMeters;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                Coordinate c = tm.project(frame.lon(x), frame.lat(y));
                double sum = 0;
                for (int i = 0; i < px.length; i++) {
                    double dx = px[i] - c.x;
                    double dy = py[i] - c.y;
                    double d2 = dx * dx + dy * dy;
                    if (d2 < r2) {
                        sum += (weights == null ? 1 : weights[i]) * KernelDensityEstimator.kernel(Math.sqrt(d2), radiusMeters);
                    }
                }
                out[y * w + x] = sum * 1e6;
            }
        }
        return out;
    }

    /** Largest |estimate − brute force| as a fraction of the brute-force maximum. */
    static double maxError(float[] estimate, double[] brute) {
        double max = 0;
        for (double v : brute) {
            max = Math.max(max, v);
        }
        double err = 0;
        for (int i = 0; i < brute.length; i++) {
            err = Math.max(err, Math.abs(estimate[i] - brute[i]));
        }
        return err / max;
    }

    /** A tile near the centre at zoom z, with the point cloud around it. */
    static WebMercatorRaster tileAtCentre(int z) {
        WebMercatorRaster world = new WebMercatorRaster(z, 0, 0, 1, 1, CENTRE_LAT);
        long x = (long) Math.floor((world.column(CENTRE_LON + 0.004) + 0.5) / 256);
        long y = (long) Math.floor((world.row(CENTRE_LAT - 0.003) + 0.5) / 256);
        return WebMercatorRaster.tile(z, x, y, CENTRE_LAT);
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 13, 14, 15, 16, 17, 18})
    void tilesMatchBruteForceWithinOnePercentOfThePeak(int zoom) {
        double[][] p = points(3000, SEED + zoom);
        WebMercatorRaster tile = tileAtCentre(zoom);
        KernelDensityEstimator kde = new KernelDensityEstimator(200);
        float[] estimate = kde.estimate(tile, p[0], p[1], null);
        double[] brute = bruteForce(tile, p[0], p[1], null, 200);
        double error = maxError(estimate, brute);
        System.out.printf("zoom %d seed %d: max error %.4f%% of peak%n", zoom, SEED + zoom, error * 100);
        assertThat(error).isLessThan(0.01);
    }

    @ParameterizedTest
    @ValueSource(doubles = {50, 200, 600})
    void lonLatGridMatchesBruteForceForSeveralRadii(double radiusMeters) {
        double[][] p = points(3000, SEED);
        LonLatRaster grid = new LonLatRaster(CENTRE_LON - 0.03, CENTRE_LAT - 0.03, CENTRE_LON + 0.03,
                CENTRE_LAT + 0.03, 160, 120);
        double[] weights = new double[p[0].length];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = 1 + i % 5;
        }
        float[] estimate = new KernelDensityEstimator(radiusMeters).estimate(grid, p[0], p[1], weights);
        double[] brute = bruteForce(grid, p[0], p[1], weights, radiusMeters);
        double error = maxError(estimate, brute);
        System.out.printf("lon/lat grid radius %.0f m: max error %.4f%% of peak%n", radiusMeters, error * 100);
        assertThat(error).isLessThan(0.01);
    }
}
