package org.gridwatch.heatmap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.locationtech.jts.geom.Envelope;

/**
 * One heatmap layer: the points of some feature types (each set optionally weighted), those whose
 * time lies in [{@code fromMillis}, {@code toMillis}), and a kernel radius. Renders densities on any
 * raster frame by reading only the points within reach of it, and summarises the whole layer (its
 * maximum density, for a colour scale shared by every tile, and its hot spots).
 *
 * <p>Immutable and thread-safe (the point sets must not change while it is used).
 */
public final class DensityLayer {

    /** A point set and its per-point weights (indexed like the set), or {@code null} for weight 1. */
    public record Source(PackedPoints points, double[] weights) {
    }

    /** A local maximum of the density: where (degrees), how dense (features per km²). */
    public record Peak(double lon, double lat, double densityPerKm2) {
    }

    /** The whole layer on one coarse grid: its maximum density and its highest separated peaks. */
    public record Summary(double maxDensityPerKm2, List<Peak> peaks, LonLatRaster grid) {
    }

    /** Cells of the summary grid per kernel radius, and its largest side. */
    static final double SUMMARY_CELLS_PER_RADIUS = 6;
    static final int SUMMARY_MAX_SIDE = 2048;

    private final List<Source> sources;
    private final long fromMillis;
    private final long toMillis;
    private final KernelDensityEstimator estimator;

    public DensityLayer(List<Source> sources, long fromMillis, long toMillis, double radiusMeters) {
        this.sources = List.copyOf(sources);
        this.fromMillis = fromMillis;
        this.toMillis = toMillis;
        this.estimator = new KernelDensityEstimator(radiusMeters);
    }

    public double radiusMeters() {
        return estimator.radiusMeters();
    }

    /** The lon/lat extent of every point of the layer (ignoring the window), or null when empty. */
    public Envelope extent() {
        Envelope e = new Envelope();
        for (Source s : sources) {
            if (s.points().size() > 0) {
                e.expandToInclude(s.points().extent());
            }
        }
        return e.isNull() ? null : e;
    }

    /** The density on {@code frame}, features per km², row-major from the north-west cell. */
    public float[] density(RasterFrame frame) {
        KernelDensityEstimator.Accumulator acc = estimator.start(frame);
        // Points up to r (plus the lattice cell that binning spreads them over) from the raster count.
        forEachPointInReach(frame, 1.25 * radiusMeters(), acc::add);
        return acc.density();
    }

    /** Receives a point of the layer: lon, lat (degrees) and its non-zero weight. */
    @FunctionalInterface
    private interface PointSink {
        void accept(double lon, double lat, double weight);
    }

    /** The layer's points in the window, with non-zero weight, within {@code reachMeters} of {@code frame}. */
    private void forEachPointInReach(RasterFrame frame, double reachMeters, PointSink sink) {
        double north = frame.lat(-0.5);
        double south = frame.lat(frame.height() - 0.5);
        double poleward = Math.max(Math.abs(north), Math.abs(south));
        double dLat = Math.toDegrees(reachMeters / Wgs84.metersPerRadianLat(0));
        double dLon = Math.toDegrees(reachMeters / Wgs84.metersPerRadianLon(Math.min(89, poleward + dLat)));
        double west = frame.lon(-0.5) - dLon;
        double east = frame.lon(frame.width() - 0.5) + dLon;
        for (Source s : sources) {
            PackedPoints p = s.points();
            double[] w = s.weights();
            p.forEachIn(west, south - dLat, east, north + dLat, i -> {
                long t = p.timeMillis(i);
                if (t >= fromMillis && t < toMillis) {
                    double weight = w == null ? 1 : w[i];
                    if (weight != 0) {
                        sink.accept(p.lon(i), p.lat(i), weight);
                    }
                }
            });
        }
    }

    /**
     * Point–cell pairs above which {@link #gridDensity} falls back to the binned estimator: about
     * half a second of exact evaluation on one core.
     */
    static final double MAX_EXACT_OPERATIONS = 3e7;

    /**
     * The density at the cell centres of a lon/lat grid (the heatmap's grid download), exactly by the
     * kernel's definition with great-circle distances ({@link GreatCircleKernelDensity}), unless that
     * would take more than {@link #MAX_EXACT_OPERATIONS} point–cell pairs (a very fine grid under a
     * large radius), when the binned estimator of the tiles answers instead.
     */
    public float[] gridDensity(LonLatRaster frame) {
        double[][] picked = {new double[256], new double[256], new double[256]};
        int[] n = {0};
        forEachPointInReach(frame, 1.01 * radiusMeters(), (lon, lat, weight) -> {
            if (n[0] == picked[0].length) {
                for (int k = 0; k < 3; k++) picked[k] = java.util.Arrays.copyOf(picked[k], n[0] * 2);
            }
            picked[0][n[0]] = lon;
            picked[1][n[0]] = lat;
            picked[2][n[0]++] = weight;
        });
        if (GreatCircleKernelDensity.operations(frame, n[0], radiusMeters()) > MAX_EXACT_OPERATIONS) {
            return density(frame);
        }
        return GreatCircleKernelDensity.estimate(frame, picked[0], picked[1], picked[2], n[0], radiusMeters());
    }

    /**
     * The layer over its whole extent (plus a radius) on a grid of about r/6 cells, at most 2048 a side:
     * the maximum (which can fall a few percent below the true peak between cells) and up to
     * {@code maxPeaks} local maxima, highest first, no two closer than the radius.
     */
    public Summary summary(int maxPeaks) {
        Envelope e = extent();
        if (e == null) {
            return new Summary(0, List.of(), null);
        }
        double r = radiusMeters();
        double midLat = e.centre().y;
        double padLat = Math.toDegrees(r / Wgs84.metersPerRadianLat(midLat));
        double padLon = Math.toDegrees(r / Wgs84.metersPerRadianLon(Math.min(89, Math.max(Math.abs(e.getMinY()), Math.abs(e.getMaxY())) + padLat)));
        double minLon = e.getMinX() - padLon;
        double maxLon = e.getMaxX() + padLon;
        double minLat = e.getMinY() - padLat;
        double maxLat = e.getMaxY() + padLat;
        double cellLat = padLat / SUMMARY_CELLS_PER_RADIUS;
        double cellLon = padLon / SUMMARY_CELLS_PER_RADIUS;
        int width = (int) Math.max(1, Math.min(SUMMARY_MAX_SIDE, Math.ceil((maxLon - minLon) / cellLon)));
        int height = (int) Math.max(1, Math.min(SUMMARY_MAX_SIDE, Math.ceil((maxLat - minLat) / cellLat)));
        LonLatRaster grid = new LonLatRaster(minLon, minLat, maxLon, maxLat, width, height);
        float[] v = density(grid);
        double max = 0;
        for (float x : v) {
            max = Math.max(max, x);
        }
        return new Summary(max, peaks(grid, v, maxPeaks, r), grid);
    }

    /**
     * Local maxima (a plateau counts once: ties go to the first cell in row order), highest first,
     * greedily thinned so that no two are closer than {@code separationMeters}.
     */
    static List<Peak> peaks(RasterFrame grid, float[] v, int maxPeaks, double separationMeters) {
        int w = grid.width();
        int h = grid.height();
        List<int[]> candidates = new ArrayList<>();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float c = v[y * w + x];
                if (!(c > 0)) {
                    continue;
                }
                boolean peak = true;
                for (int dy = -1; dy <= 1 && peak; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        int yy = y + dy;
                        if ((dx == 0 && dy == 0) || xx < 0 || yy < 0 || xx >= w || yy >= h) {
                            continue;
                        }
                        float n = v[yy * w + xx];
                        boolean before = dy < 0 || (dy == 0 && dx < 0);
                        if (n > c || (before && n == c)) {
                            peak = false;
                            break;
                        }
                    }
                }
                if (peak) {
                    candidates.add(new int[]{x, y});
                }
            }
        }
        candidates.sort(Comparator.comparingDouble((int[] c) -> -v[c[1] * w + c[0]]));
        List<Peak> out = new ArrayList<>();
        List<int[]> kept = new ArrayList<>();
        for (int[] c : candidates) {
            if (out.size() >= maxPeaks) {
                break;
            }
            double lon = grid.lon(c[0]);
            double lat = grid.lat(c[1]);
            boolean farEnough = true;
            for (int[] k : kept) {
                double dx = (c[0] - k[0]) * grid.cellWidthMeters(c[1]);
                double dy = (c[1] - k[1]) * grid.cellHeightMeters(c[1]);
                if (dx * dx + dy * dy < separationMeters * separationMeters) {
                    farEnough = false;
                    break;
                }
            }
            if (farEnough) {
                kept.add(c);
                out.add(new Peak(lon, lat, v[c[1] * w + c[0]]));
            }
        }
        return out;
    }
}
