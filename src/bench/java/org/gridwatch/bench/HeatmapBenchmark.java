package org.gridwatch.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.gridwatch.heatmap.ColorRamp;
import org.gridwatch.heatmap.DensityLayer;
import org.gridwatch.heatmap.IndexedPngEncoder;
import org.gridwatch.heatmap.KernelDensityEstimator;
import org.gridwatch.heatmap.LonLatRaster;
import org.gridwatch.heatmap.PackedPoints;
import org.gridwatch.heatmap.WebMercatorRaster;
import org.locationtech.jts.geom.Envelope;

/**
 * Heatmap speed on the benchmark city: uncached tile renders (query + density + colours + PNG) at
 * zooms 13-17, and a 1024×1024 density grid of every feature over the whole city, each beside a
 * brute-force sum over every point on a sample of cells.
 *
 * <p>Args: [features.geojson path (default /tmp/bench-city/features.geojson; synthetic 1,000,000 points
 * near 114.06E 22.54N if absent)] [radius metres, default 200] [tiles per zoom, default 200].
 */
public final class HeatmapBenchmark {

    /** The machine may be shared: CPU time of this thread beside wall time shows what the code itself costs. */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** CPU time of the whole process: the 1024 grid convolves in parallel on the common pool. */
    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "/tmp/bench-city/features.geojson");
        double radius = args.length > 1 ? Double.parseDouble(args[1]) : 200;
        int tilesPerZoom = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        long t0 = System.nanoTime();
        double[][] data = Files.exists(file) ? read(file) : synthetic(1_000_000);
        int n = data[0].length;
        System.out.printf("points: %,d from %s (%.1f s to read)%n", n, Files.exists(file) ? file : "synthetic generator",
                (System.nanoTime() - t0) / 1e9);
        long[] ids = new long[n];
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i + 1;
            times[i] = (long) data[2][i];
        }
        t0 = System.nanoTime();
        PackedPoints points = new PackedPoints(data[0], data[1], times, ids);
        System.out.printf("packing the index: %.0f ms%n", (System.nanoTime() - t0) / 1e6);
        DensityLayer layer = new DensityLayer(List.of(new DensityLayer.Source(points, null)), Long.MIN_VALUE,
                Long.MAX_VALUE, radius);
        Envelope city = points.extent();
        System.out.printf("city: %s, radius %.0f m%n", city, radius);

        t0 = System.nanoTime();
        DensityLayer.Summary summary = layer.summary(20);
        System.out.printf("layer summary (scale maximum + hot spots, %dx%d cells): %.0f ms, max %.0f /km²%n",
                summary.grid().width(), summary.grid().height(), (System.nanoTime() - t0) / 1e6, summary.maxDensityPerKm2());

        tiles(layer, points, city, radius, summary.maxDensityPerKm2(), tilesPerZoom, n);
        grid(points, layer, city, radius, n);
    }

    private static void tiles(DensityLayer layer, PackedPoints points, Envelope city, double radius, double max,
                              int tilesPerZoom, int n) {
        ColorRamp ramp = ColorRamp.DEFAULT;
        Random random = new Random(7);
        // Warm the JIT on a few hundred tiles first; figures below are for tiles not rendered before.
        for (int i = 0; i < 300; i++) {
            int z = 13 + i % 5;
            render(layer, ramp, randomTile(random, points, z, city), max);
        }
        System.out.println();
        System.out.println("tile renders (uncached: point query + density + colours + PNG), ms");
        System.out.println("zoom  tiles | wall p50   p95    max | cpu p50   p95    max | brute force per tile (sampled)  ratio (wall p50)");
        for (int z = 13; z <= 17; z++) {
            double[] ms = new double[tilesPerZoom];
            double[] cpuMs = new double[tilesPerZoom];
            long bytes = 0;
            for (int i = 0; i < tilesPerZoom; i++) {
                WebMercatorRaster tile = randomTile(random, points, z, city);
                long s = System.nanoTime();
                long c = cpu();
                byte[] png = render(layer, ramp, tile, max);
                cpuMs[i] = (cpu() - c) / 1e6;
                ms[i] = (System.nanoTime() - s) / 1e6;
                bytes += png.length;
            }
            Arrays.sort(ms);
            Arrays.sort(cpuMs);
            WebMercatorRaster sample = randomTile(random, points, z, city);
            double bruteMs = bruteForceTileMs(points, sample, radius, 400);
            int p95 = (int) Math.ceil(0.95 * ms.length) - 1;
            System.out.printf("%4d  %5d | %6.1f %6.1f %6.1f | %6.1f %6.1f %6.1f | %12.0f ms (extrapolated) %8.0fx   (avg PNG %d B)%n",
                    z, tilesPerZoom, ms[ms.length / 2], ms[p95], ms[ms.length - 1], cpuMs[ms.length / 2], cpuMs[p95],
                    cpuMs[ms.length - 1], bruteMs, bruteMs / ms[ms.length / 2], bytes / tilesPerZoom);
        }
    }

    private static byte[] render(DensityLayer layer, ColorRamp ramp, WebMercatorRaster tile, double max) {
        float[] d = layer.density(tile);
        return IndexedPngEncoder.encode(ramp.indexes(d, max), tile.width(), tile.height(), ramp);
    }

    /** The tile containing a random feature, so tiles are where the data is. */
    private static WebMercatorRaster randomTile(Random random, PackedPoints points, int z, Envelope city) {
        int i = random.nextInt(points.size());
        WebMercatorRaster world = new WebMercatorRaster(z, 0, 0, 1, 1, city.centre().y);
        long x = (long) Math.floor((world.column(points.lon(i)) + 0.5) / 256);
        long y = (long) Math.floor((world.row(points.lat(i)) + 0.5) / 256);
        return WebMercatorRaster.tile(z, x, y, city.centre().y);
    }

    /**
     * Brute force: for sampled pixels, the kernel summed over every point of the layer (no index),
     * distances in the raster's local metres; time per pixel × pixels in the tile.
     */
    private static double bruteForceTileMs(PackedPoints points, WebMercatorRaster tile, double radius, int pixels) {
        Random random = new Random(11);
        long s = System.nanoTime();
        double sink = 0;
        for (int k = 0; k < pixels; k++) {
            int x = random.nextInt(tile.width());
            int y = random.nextInt(tile.height());
            sink += bruteForceAt(points, tile.lon(x), tile.lat(y), radius);
        }
        double perPixel = (System.nanoTime() - s) / 1e6 / pixels;
        if (sink < 0) {
            System.out.println(sink);
        }
        return perPixel * tile.width() * tile.height();
    }

    static double bruteForceAt(PackedPoints points, double lon, double lat, double radius) {
        double mPerDegLat = 110_574.0 + 1_110 * Math.pow(Math.sin(Math.toRadians(lat)), 2);
        double mPerDegLon = 111_320.0 * Math.cos(Math.toRadians(lat));
        double r2 = radius * radius;
        double sum = 0;
        for (int i = 0; i < points.size(); i++) {
            double dx = (points.lon(i) - lon) * mPerDegLon;
            double dy = (points.lat(i) - lat) * mPerDegLat;
            double d2 = dx * dx + dy * dy;
            if (d2 < r2) {
                sum += KernelDensityEstimator.kernel(Math.sqrt(d2), radius);
            }
        }
        return sum * 1e6;
    }

    private static void grid(PackedPoints points, DensityLayer layer, Envelope city, double radius, int n) {
        LonLatRaster grid = new LonLatRaster(city.getMinX(), city.getMinY(), city.getMaxX(), city.getMaxY(), 1024, 1024);
        double[] times = new double[7];
        double[] cpuTimes = new double[7];
        float[] d = null;
        for (int run = 0; run < times.length; run++) {
            long s = System.nanoTime();
            long c = processCpu();
            d = layer.density(grid);
            cpuTimes[run] = (processCpu() - c) / 1e6;
            times[run] = (System.nanoTime() - s) / 1e6;
        }
        double[] sortedCpu = cpuTimes.clone();
        Arrays.sort(sortedCpu);
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        double max = 0;
        for (float v : d) {
            max = Math.max(max, v);
        }
        // Brute force on sampled cells: every one of the points, for each cell.
        Random random = new Random(13);
        int samples = 300;
        double err = 0;
        long s = System.nanoTime();
        for (int k = 0; k < samples; k++) {
            int x = random.nextInt(1024);
            int y = random.nextInt(1024);
            double b = bruteForceAt(points, grid.lon(x), grid.lat(y), radius);
            err = Math.max(err, Math.abs(b - d[y * 1024 + x]));
        }
        double bruteMs = (System.nanoTime() - s) / 1e6 / samples * 1024 * 1024;
        System.out.println();
        System.out.printf("1024x1024 grid of %,d points over the whole city (cells %.1f m x %.1f m), radius %.0f m%n",
                n, grid.cellWidthMeters(512), grid.cellHeightMeters(512), radius);
        System.out.printf("  runs, wall ms: %s; process cpu ms (all threads): %s%n  wall median %.0f ms, best %.0f ms; cpu median %.0f ms, best %.0f ms%n",
                Arrays.toString(round(times)), Arrays.toString(round(cpuTimes)), sorted[sorted.length / 2], sorted[0],
                sortedCpu[sorted.length / 2], sortedCpu[0]);
        System.out.printf("  brute force over every point: %.0f ms per grid (extrapolated from %d cells) -> ratio %.0fx%n",
                bruteMs, samples, bruteMs / sorted[sorted.length / 2]);
        System.out.printf("  largest difference on those cells: %.3f%% of the grid maximum (%.0f /km²)%n",
                100 * err / max, max);
    }

    private static double[] round(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.round(v[i]);
        }
        return out;
    }

    /** lon, lat, createdAt millis of every feature, read line by line (the generator writes one feature per line). */
    static double[][] read(Path file) throws IOException {
        double[] lons = new double[1 << 20];
        double[] lats = new double[1 << 20];
        double[] times = new double[1 << 20];
        int n = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                int c = line.indexOf("\"coordinates\":[");
                if (c < 0) {
                    continue;
                }
                int start = c + 15;
                int comma = line.indexOf(',', start);
                int end = line.indexOf(']', comma);
                if (n == lons.length) {
                    lons = Arrays.copyOf(lons, n * 2);
                    lats = Arrays.copyOf(lats, n * 2);
                    times = Arrays.copyOf(times, n * 2);
                }
                lons[n] = Double.parseDouble(line.substring(start, comma));
                lats[n] = Double.parseDouble(line.substring(comma + 1, end));
                int t = line.indexOf("\"createdAt\":\"");
                times[n] = t < 0 ? 0 : Instant.parse(line.substring(t + 13, line.indexOf('"', t + 13))).toEpochMilli();
                n++;
            }
        }
        return new double[][]{Arrays.copyOf(lons, n), Arrays.copyOf(lats, n), Arrays.copyOf(times, n)};
    }

    /** Deterministic stand-in city: 14 km × 14 km around 114.06E 22.54N, clustered like streets and blocks. */
    static double[][] synthetic(int n) {
        Random random = new Random(42);
        double[] lons = new double[n];
        double[] lats = new double[n];
        double[] times = new double[n];
        double halfLon = 7_000 / (111_320.0 * Math.cos(Math.toRadians(22.54)));
        double halfLat = 7_000 / 110_574.0;
        double[][] centres = new double[400][];
        for (int c = 0; c < centres.length; c++) {
            centres[c] = new double[]{114.06 + (random.nextDouble() * 2 - 1) * halfLon, 22.54 + (random.nextDouble() * 2 - 1) * halfLat};
        }
        for (int i = 0; i < n; i++) {
            if (i % 3 == 0) {
                lons[i] = 114.06 + (random.nextDouble() * 2 - 1) * halfLon;
                lats[i] = 22.54 + (random.nextDouble() * 2 - 1) * halfLat;
            } else {
                double[] c = centres[random.nextInt(centres.length)];
                lons[i] = c[0] + random.nextGaussian() * 0.004;
                lats[i] = c[1] + random.nextGaussian() * 0.004;
            }
            times[i] = 1_767_225_600_000L + random.nextInt(365) * 86_400_000L;
        }
        return new double[][]{lons, lats, times};
    }
}
