package org.gridwatch.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Tiles rendered one by one equal one computation over their union, so the map shows no seam. */
class TileStitchingTest {

    static final double LAT = 22.54;

    /** Seeded points around the shared edge of tiles (x, y) and (x+1, y). */
    static DensityLayer layerAroundEdge(WebMercatorRaster west, int n, long seed) {
        Random random = new Random(seed);
        double[] lons = new double[n];
        double[] lats = new double[n];
        long[] times = new long[n];
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            lons[i] = west.lon(255.5 + random.nextGaussian() * 60);
            lats[i] = west.lat(128 + random.nextGaussian() * 80);
            ids[i] = i + 1;
        }
        return new DensityLayer(List.of(new DensityLayer.Source(new PackedPoints(lons, lats, times, ids), null)),
                Long.MIN_VALUE, Long.MAX_VALUE, 200);
    }

    @ParameterizedTest
    @ValueSource(ints = {11, 13, 14, 16, 17})
    void neighbouringTilesEqualTheirUnion(int zoom) {
        WebMercatorRaster probe = new WebMercatorRaster(zoom, 0, 0, 1, 1, LAT);
        long x = (long) Math.floor((probe.column(114.06) + 0.5) / 256);
        long y = (long) Math.floor((probe.row(LAT) + 0.5) / 256);
        WebMercatorRaster west = WebMercatorRaster.tile(zoom, x, y, LAT);
        WebMercatorRaster east = WebMercatorRaster.tile(zoom, x + 1, y, LAT);
        WebMercatorRaster union = new WebMercatorRaster(zoom, west.originPixelX(), west.originPixelY(), 512, 256, LAT);
        DensityLayer layer = layerAroundEdge(west, 2000, 99 + zoom);
        float[] w = layer.density(west);
        float[] e = layer.density(east);
        float[] u = layer.density(union);
        double max = 0;
        for (float v : u) {
            max = Math.max(max, v);
        }
        assertThat(max).isPositive();
        double worst = 0;
        for (int row = 0; row < 256; row++) {
            for (int col = 0; col < 256; col++) {
                worst = Math.max(worst, Math.abs(w[row * 256 + col] - u[row * 512 + col]));
                worst = Math.max(worst, Math.abs(e[row * 256 + col] - u[row * 512 + 256 + col]));
            }
        }
        // Float rounding only (sums taken in a different order).
        assertThat(worst / max).isLessThan(1e-5);
        // The edge columns continue smoothly: the step across the edge is like the steps beside it.
        double across = 0;
        double beside = 0;
        for (int row = 0; row < 256; row++) {
            across += Math.abs(e[row * 256] - w[row * 256 + 255]);
            beside += Math.abs(w[row * 256 + 255] - w[row * 256 + 254]);
        }
        assertThat(across).isLessThan(3 * beside + 1e-3 * max);
    }

    @Test
    void aFeatureNearTheEdgeColoursTheNeighbouringTile() {
        WebMercatorRaster probe = new WebMercatorRaster(16, 0, 0, 1, 1, LAT);
        long x = (long) Math.floor((probe.column(114.06) + 0.5) / 256);
        long y = (long) Math.floor((probe.row(LAT) + 0.5) / 256);
        WebMercatorRaster west = WebMercatorRaster.tile(16, x, y, LAT);
        WebMercatorRaster east = WebMercatorRaster.tile(16, x + 1, y, LAT);
        // 20 pixels (about 45 m at zoom 16) west of the edge, well within the 200 m radius.
        double lon = west.lon(235);
        double lat = west.lat(128);
        DensityLayer layer = new DensityLayer(List.of(new DensityLayer.Source(
                new PackedPoints(new double[]{lon}, new double[]{lat}, new long[]{0}, new long[]{1}), null)),
                Long.MIN_VALUE, Long.MAX_VALUE, 200);
        float[] e = layer.density(east);
        assertThat(e[128 * 256]).isPositive();
        double d = 20.5 * east.cellWidthMeters(128);
        assertThat((double) e[128 * 256]).isCloseTo(1e6 * KernelDensityEstimator.kernel(d, 200),
                within(0.01 * 1e6 * KernelDensityEstimator.kernel(0, 200)));
        // Far side of the east tile: beyond the radius, exactly zero (transparent).
        assertThat(e[128 * 256 + 255]).isZero();
    }
}
