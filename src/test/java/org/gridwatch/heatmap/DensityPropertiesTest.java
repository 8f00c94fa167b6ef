package org.gridwatch.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Properties of the density that do not need a brute-force reference. */
class DensityPropertiesTest {

    @Test
    void densityIntegratesToTheWeightedNumberOfFeatures() {
        Random random = new Random(5);
        int n = 2500;
        double[] lons = new double[n];
        double[] lats = new double[n];
        double[] weights = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            lons[i] = 114.06 + random.nextGaussian() * 0.005;
            lats[i] = 22.54 + random.nextGaussian() * 0.005;
            weights[i] = 1 + random.nextInt(4);
            total += weights[i];
        }
        // A box reaching far beyond every point plus the radius.
        LonLatRaster grid = new LonLatRaster(114.0, 22.48, 114.12, 22.60, 300, 280);
        for (double radius : new double[]{100, 200, 800}) {
            float[] d = new KernelDensityEstimator(radius).estimate(grid, lons, lats, weights);
            double integral = 0;
            for (int row = 0; row < grid.height(); row++) {
                double cellKm2 = grid.cellWidthMeters(row) * grid.cellHeightMeters(row) / 1e6;
                for (int col = 0; col < grid.width(); col++) {
                    integral += d[row * grid.width() + col] * cellKm2;
                }
            }
            assertThat(integral).as("radius %s", radius).isCloseTo(total, within(0.005 * total));
        }
    }

    @Test
    void zeroWhereNoFeatureIsWithinTheRadiusAndTransparentThere() {
        double[] lons = {114.06};
        double[] lats = {22.54};
        WebMercatorRaster probe = new WebMercatorRaster(15, 0, 0, 1, 1, 22.54);
        long x = (long) Math.floor((probe.column(114.06) + 0.5) / 256);
        long y = (long) Math.floor((probe.row(22.54) + 0.5) / 256);
        WebMercatorRaster tile = WebMercatorRaster.tile(15, x, y, 22.54);
        float[] d = new KernelDensityEstimator(100).estimate(tile, lons, lats, null);
        double cx = tile.column(114.06);
        double cy = tile.row(22.54);
        int zeros = 0;
        for (int row = 0; row < 256; row++) {
            for (int col = 0; col < 256; col++) {
                double dm = Math.hypot((col - cx) * tile.cellWidthMeters(row), (row - cy) * tile.cellHeightMeters(row));
                float v = d[row * 256 + col];
                if (dm > 100 + 8 * tile.cellWidthMeters(row)) {
                    assertThat(v).isZero();
                    zeros++;
                } else if (dm < 95) {
                    assertThat(v).isPositive();
                }
            }
        }
        assertThat(zeros).isGreaterThan(30_000);
        byte[] idx = ColorRamp.DEFAULT.indexes(d, 100);
        for (int i = 0; i < d.length; i++) {
            assertThat(idx[i] == 0).isEqualTo(d[i] == 0);
        }
        assertThat(ColorRamp.DEFAULT.argb(0) >>> 24).isZero();
    }

    @Test
    void theSameDensityHasTheSameColourInTwoTilesOfALayer() {
        // Two identical 5-point clusters in two tiles; the second tile also holds a dense cluster.
        // The colour scale is the layer's, so the two identical clusters get identical colours.
        WebMercatorRaster probe = new WebMercatorRaster(16, 0, 0, 1, 1, 22.54);
        long x = (long) Math.floor((probe.column(114.06) + 0.5) / 256);
        long y = (long) Math.floor((probe.row(22.54) + 0.5) / 256);
        WebMercatorRaster a = WebMercatorRaster.tile(16, x, y, 22.54);
        WebMercatorRaster b = WebMercatorRaster.tile(16, x + 3, y, 22.54);
        double[][] offsets = {{128, 128}, {140, 120}, {120, 135}, {131, 110}, {125, 126}};
        int n = 2 * offsets.length + 40;
        double[] lons = new double[n];
        double[] lats = new double[n];
        int k = 0;
        for (double[] o : offsets) {
            lons[k] = a.lon(o[0]);
            lats[k++] = a.lat(o[1]);
            lons[k] = b.lon(o[0]);
            lats[k++] = b.lat(o[1]);
        }
        while (k < n) {
            lons[k] = b.lon(40 + k % 5);
            lats[k] = b.lat(40 + k % 7);
            k++;
        }
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i + 1;
        }
        DensityLayer layer = new DensityLayer(List.of(new DensityLayer.Source(new PackedPoints(lons, lats, new long[n], ids), null)),
                Long.MIN_VALUE, Long.MAX_VALUE, 150);
        double max = layer.summary(5).maxDensityPerKm2();
        byte[] ia = ColorRamp.DEFAULT.indexes(layer.density(a), max);
        byte[] ib = ColorRamp.DEFAULT.indexes(layer.density(b), max);
        for (int[] p : new int[][]{{128, 128}, {135, 122}, {200, 128}, {128, 200}}) {
            int at = p[1] * 256 + p[0];
            assertThat(ia[at]).as("pixel %s,%s", p[0], p[1]).isNotZero().isEqualTo(ib[at]);
        }
    }

    @Test
    void aTimeWindowKeepsOnlyFeaturesCreatedInIt() {
        double[] lons = {114.06, 114.0605};
        double[] lats = {22.54, 22.54};
        long[] times = {1_000, 5_000};
        PackedPoints points = new PackedPoints(lons, lats, times, new long[]{1, 2});
        LonLatRaster grid = new LonLatRaster(114.05, 22.53, 114.07, 22.55, 50, 50);
        DensityLayer both = new DensityLayer(List.of(new DensityLayer.Source(points, null)), 0, 10_000, 200);
        DensityLayer first = new DensityLayer(List.of(new DensityLayer.Source(points, null)), 0, 5_000, 200);
        float[] b = both.density(grid);
        float[] f = first.density(grid);
        float[] alone = new KernelDensityEstimator(200).estimate(grid, new double[]{114.06}, new double[]{22.54}, null);
        for (int i = 0; i < b.length; i++) {
            assertThat(f[i]).isEqualTo(alone[i]);
        }
        assertThat(b[25 * 50 + 25]).isGreaterThan(f[25 * 50 + 25]);
    }

    @Test
    void mercatorRowsNearTheRasterMatchTheExactFormula() {
        WebMercatorRaster tile = WebMercatorRaster.tile(20, 876_000, 457_000, 22.5);
        double lat0 = tile.lat(128);
        for (double d = -0.099; d <= 0.099; d += 0.0033) {
            double lat = lat0 + d;
            double phi = Math.toRadians(lat);
            double exact = (0.5 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / (2 * Math.PI)) * 256 * Math.pow(2, 20)
                    - tile.originPixelY() - 0.5;
            assertThat(tile.row(lat)).isCloseTo(exact, within(1e-5));
        }
        assertThat(tile.lat(tile.row(22.5))).isCloseTo(22.5, within(1e-9));
    }
}
