package org.gridwatch.heatmap;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Quartic-kernel density of weighted points on a raster, in features per km² at cell centres:
 * {@code Σ w · K(d)} with K(d) = 3 / (π r²) · (1 − d²/r²)² for ground distance d &lt; r, 0 beyond
 * (Silverman 1986, eq. 4.5, the "biweight"). Distances are on the WGS84 ellipsoid through the
 * raster's own cell sizes, so the radius is in metres on the ground at any latitude and zoom.
 *
 * <p>How: the points are linearly binned (each splits its weight between the four surrounding nodes)
 * onto a regular lattice, then the lattice is convolved with the kernel sampled at the lattice
 * offsets, row by row with the row's own cell size. The lattice step is chosen so that the kernel
 * radius spans 10 to 16 lattice cells (8 to 16 on a coarse lattice): the output raster itself when it does; a subdivision of it
 * (up to 8×, so a kernel down to one raster cell wide keeps its accuracy) when the kernel is small on the raster, read back at the cell centres; a coarser
 * power-of-two lattice when the kernel is large, read back by cubic convolution. Binning moves a
 * value by at most about (h/r)² of the peak of one kernel (h the lattice step), under 1.6% at 8
 * cells and typically a fraction of that; the test measures the whole against brute force. A value
 * is exactly zero where no point lies within r plus about three lattice cells. The sampled
 * kernel is scaled so that it sums to one over the lattice, so the density integrates to the total
 * weight exactly, up to rounding, for points away from the raster edge. The lattice extends a
 * kernel radius beyond the raster and points there are counted, so neighbouring rasters on the same
 * pixel grid (tiles) agree along their common edge.
 *
 * <p>Cost: the points once, plus about (lattice cells) × 0.8·R² multiply-adds, R the kernel radius in
 * lattice cells; independent of how many points there are.
 *
 * <p>The estimator is immutable and thread-safe; each {@link Accumulator} belongs to one thread.
 * Large lattices (half a million nodes and more) are convolved in row bands on the common
 * fork-join pool; the result does not depend on how the bands were scheduled.
 */
public final class KernelDensityEstimator {

    /** The kernel spans at least this many lattice cells (radius), or the lattice is subdivided. */
    static final double MIN_RADIUS_CELLS = 10;
    /** The kernel spans at most this many lattice cells, or a coarser lattice is used. */
    static final double MAX_RADIUS_CELLS = 16;
    static final int MAX_SUBDIVISION = 8;
    static final int MAX_COARSENING = 256;
    /** A subdivided lattice stays below this many nodes per side. */
    static final int MAX_LATTICE_SIDE = 4096;
    /** Lattices with at least this many output nodes are convolved on the common fork-join pool. */
    static final long PARALLEL_NODES = 1 << 19;
    private static final int ROWS_PER_BAND = 16;
    /** Lattice nodes convolved beyond the raster on each side, for the interpolation's outer taps. */
    private static final int PAD = 2;

    private final double radiusMeters;

    /** @param radiusMeters the kernel radius r on the ground, metres, positive and finite */
    public KernelDensityEstimator(double radiusMeters) {
        if (!(radiusMeters > 0) || Double.isInfinite(radiusMeters)) {
            throw new IllegalArgumentException("radius must be positive, got " + radiusMeters);
        }
        this.radiusMeters = radiusMeters;
    }

    public double radiusMeters() {
        return radiusMeters;
    }

    /** The quartic kernel in features per m² at ground distance {@code distanceMeters} (0 at and beyond r). */
    public static double kernel(double distanceMeters, double radiusMeters) {
        double u2 = distanceMeters * distanceMeters / (radiusMeters * radiusMeters);
        if (u2 >= 1) {
            return 0;
        }
        double q = 1 - u2;
        return 3 / (Math.PI * radiusMeters * radiusMeters) * q * q;
    }

    /** Starts a density on {@code frame}; feed it points, then call {@link Accumulator#density()}. */
    public Accumulator start(RasterFrame frame) {
        return new Accumulator(frame);
    }

    /**
     * The density of the given points (lon/lat degrees; {@code weights} may be {@code null} for all 1)
     * on {@code frame}, features per km², row-major from the north-west cell.
     */
    public float[] estimate(RasterFrame frame, double[] lons, double[] lats, double[] weights) {
        Accumulator acc = start(frame);
        for (int i = 0; i < lons.length; i++) {
            acc.add(lons[i], lats[i], weights == null ? 1 : weights[i]);
        }
        return acc.density();
    }

    /**
     * The lattice step in raster cells along one axis for a kernel of {@code radiusCells} raster cells:
     * 1, 1/s for a subdivision, or a power of two so that coarse lattices of neighbouring tiles share nodes.
     */
    static double latticeStep(double radiusCells, int rasterCells) {
        if (radiusCells > MAX_RADIUS_CELLS) {
            double f = Math.pow(2, Math.ceil(Math.log(radiusCells / MAX_RADIUS_CELLS) / Math.log(2)));
            return Math.min(f, MAX_COARSENING);
        }
        if (radiusCells >= MIN_RADIUS_CELLS) {
            return 1;
        }
        int s = (int) Math.ceil(MIN_RADIUS_CELLS / radiusCells);
        s = Math.min(s, Math.min(MAX_SUBDIVISION, Math.max(1, MAX_LATTICE_SIDE / rasterCells)));
        return 1.0 / s;
    }

    /** Collects the points of one density. Not thread-safe. */
    public final class Accumulator {

        private final RasterFrame frame;
        /** Lattice nodes per raster cell along x and y (1/step). */
        private final double scaleX;
        private final double scaleY;
        private final int marginX;
        private final int marginY;
        private final int latticeWidth;
        private final int latticeHeight;
        private final float[] bins;
        private final boolean[] rowHasData;
        private boolean done;

        Accumulator(RasterFrame frame) {
            this.frame = frame;
            double refRow = frame.row(frame.referenceLatitude());
            double stepX = latticeStep(radiusMeters / frame.cellWidthMeters(refRow), frame.width());
            double stepY = latticeStep(radiusMeters / frame.cellHeightMeters(refRow), frame.height());
            this.scaleX = 1 / stepX;
            this.scaleY = 1 / stepY;
            // The margin must hold every node within r of an interior node: use the smallest cell
            // anywhere on the extended lattice, plus one node for the bilinear split.
            double extraRows = radiusMeters / Math.min(frame.cellHeightMeters(-0.5), frame.cellHeightMeters(frame.height() - 0.5)) + 2;
            double minWidth = Double.MAX_VALUE;
            double minHeight = Double.MAX_VALUE;
            for (double row : new double[]{-0.5 - extraRows, frame.height() - 0.5 + extraRows, equatorRow(extraRows)}) {
                minWidth = Math.min(minWidth, frame.cellWidthMeters(row));
                minHeight = Math.min(minHeight, frame.cellHeightMeters(row));
            }
            this.marginX = (int) Math.ceil(radiusMeters / (minWidth * stepX)) + 1 + PAD;
            this.marginY = (int) Math.ceil(radiusMeters / (minHeight * stepY)) + 1 + PAD;
            this.latticeWidth = 2 * marginX + (int) Math.ceil((frame.width() - 1) * scaleX - 1e-9) + 1;
            this.latticeHeight = 2 * marginY + (int) Math.ceil((frame.height() - 1) * scaleY - 1e-9) + 1;
            this.bins = new float[Math.multiplyExact(latticeWidth, latticeHeight)];
            this.rowHasData = new boolean[latticeHeight];
        }

        private double equatorRow(double extraRows) {
            double row = frame.row(0);
            return Math.max(-0.5 - extraRows, Math.min(frame.height() - 0.5 + extraRows, row));
        }

        /**
         * Adds a point (degrees) with a weight. Points farther than the kernel radius from every
         * cell centre change nothing.
         */
        public void add(double lon, double lat, double weight) {
            double u = frame.column(lon) * scaleX + marginX;
            double v = frame.row(lat) * scaleY + marginY;
            if (!(u >= 0 && v >= 0 && u < latticeWidth - 1 && v < latticeHeight - 1)) {
                return;
            }
            int i = (int) u;
            int j = (int) v;
            double tx = u - i;
            double ty = v - j;
            int k = j * latticeWidth + i;
            bins[k] += (float) (weight * (1 - tx) * (1 - ty));
            bins[k + 1] += (float) (weight * tx * (1 - ty));
            bins[k + latticeWidth] += (float) (weight * (1 - tx) * ty);
            bins[k + latticeWidth + 1] += (float) (weight * tx * ty);
            rowHasData[j] = true;
            rowHasData[j + 1] = true;
        }

        /** Convolves and returns the raster, features per km², row-major from the north-west cell. Once only. */
        public float[] density() {
            if (done) {
                throw new IllegalStateException("density() was already called");
            }
            done = true;
            // The convolved region reaches PAD nodes past the raster so that interpolation near an
            // edge reads real values, as the neighbouring tile does, rather than clamped ones.
            int innerWidth = latticeWidth - 2 * (marginX - PAD);
            int innerHeight = latticeHeight - 2 * (marginY - PAD);
            float[] inner = new float[innerWidth * innerHeight];
            int bands = (innerHeight + ROWS_PER_BAND - 1) / ROWS_PER_BAND;
            IntStream bandStream = IntStream.range(0, bands);
            if ((long) innerWidth * innerHeight >= PARALLEL_NODES) {
                // Rows are independent (each writes only its own output row): large rasters use the common pool.
                bandStream = bandStream.parallel();
            }
            bandStream.forEach(band -> {
                float[] pair = new float[latticeWidth];
                int end = Math.min(innerHeight, (band + 1) * ROWS_PER_BAND);
                for (int jj = band * ROWS_PER_BAND; jj < end; jj++) {
                    int j = jj + marginY - PAD;
                    if (anyData(j)) {
                        convolveRow(j, inner, jj * innerWidth, innerWidth, pair);
                    }
                }
            });
            return resample(inner, innerWidth, innerHeight);
        }

        private boolean anyData(int j) {
            for (int jj = j - (marginY - PAD) + 1; jj < j + marginY - PAD; jj++) {
                if (rowHasData[jj]) {
                    return true;
                }
            }
            return false;
        }

        private void convolveRow(int j, float[] out, int outOffset, int innerWidth, float[] pair) {
            double row = (j - marginY) / scaleY;
            double gx = frame.cellWidthMeters(row) / scaleX;
            double gy = frame.cellHeightMeters(row) / scaleY;
            float[][] stencil = stencil(gx, gy);
            for (int dy = 0; dy < stencil.length; dy++) {
                int a = j + dy;
                int b = j - dy;
                boolean hasA = rowHasData[a];
                boolean hasB = dy > 0 && rowHasData[b];
                if (!hasA && !hasB) {
                    continue;
                }
                int oa = a * latticeWidth;
                int ob = b * latticeWidth;
                if (hasA && hasB) {
                    for (int i = 0; i < latticeWidth; i++) {
                        pair[i] = bins[oa + i] + bins[ob + i];
                    }
                } else {
                    System.arraycopy(bins, hasA ? oa : ob, pair, 0, latticeWidth);
                }
                float[] k = stencil[dy];
                float c0 = k[0];
                int first = marginX - PAD;
                for (int x = 0; x < innerWidth; x++) {
                    out[outOffset + x] += c0 * pair[first + x];
                }
                for (int dx = 1; dx < k.length; dx++) {
                    float c = k[dx];
                    int right = first + dx;
                    int left = first - dx;
                    for (int x = 0; x < innerWidth; x++) {
                        out[outOffset + x] += c * (pair[right + x] + pair[left + x]);
                    }
                }
            }
        }

        /**
         * The kernel at lattice offsets (dy ≥ 0, dx ≥ 0; the rest by symmetry), in features per km²
         * per unit weight, scaled to sum to one over the ground area of the lattice cells.
         */
        private float[][] stencil(double gx, double gy) {
            int ry = Math.min(marginY - PAD - 1, (int) Math.floor(radiusMeters / gy));
            double[][] k = new double[ry + 1][];
            double total = 0;
            for (int dy = 0; dy <= ry; dy++) {
                double y = dy * gy;
                int rx = Math.min(marginX - PAD - 1, (int) Math.floor(Math.sqrt(Math.max(0, radiusMeters * radiusMeters - y * y)) / gx));
                k[dy] = new double[rx + 1];
                for (int dx = 0; dx <= rx; dx++) {
                    double x = dx * gx;
                    double value = kernel(Math.sqrt(x * x + y * y), radiusMeters);
                    k[dy][dx] = value;
                    total += value * (dx == 0 ? 1 : 2) * (dy == 0 ? 1 : 2);
                }
            }
            // Per m² × cell area: total ≈ 1 already; dividing makes the mass exact.
            double toPerKm2 = 1e6 / (total * gx * gy);
            float[][] out = new float[ry + 1][];
            for (int dy = 0; dy <= ry; dy++) {
                out[dy] = new float[k[dy].length];
                for (int dx = 0; dx < k[dy].length; dx++) {
                    out[dy][dx] = (float) (k[dy][dx] * toPerKm2);
                }
            }
            return out;
        }

        /**
         * Reads the raster's cell centres off the convolved lattice. Where lattice nodes sit on the
         * cell centres (step 1 or 1/s) this is exact; on a coarse lattice it is cubic convolution
         * (Keys 1981, a = -1/2), whose error shrinks with the cube of the step where bilinear
         * interpolation would cost up to 1/R² of the peak. Its slight overshoot is clipped at zero.
         */
        private float[] resample(float[] inner, int innerWidth, int innerHeight) {
            int w = frame.width();
            int h = frame.height();
            if (scaleX == 1 && scaleY == 1) {
                float[] out = new float[w * h];
                for (int y = 0; y < h; y++) {
                    System.arraycopy(inner, (y + PAD) * innerWidth + PAD, out, y * w, w);
                }
                return out;
            }
            int[] cols = new int[4 * w];
            float[] wx = new float[4 * w];
            taps(w, scaleX, innerWidth, cols, wx);
            int[] rows = new int[4 * h];
            float[] wy = new float[4 * h];
            taps(h, scaleY, innerHeight, rows, wy);
            float[] out = new float[w * h];
            float[] line = new float[innerWidth];
            for (int y = 0; y < h; y++) {
                Arrays.fill(line, 0);
                for (int k = 0; k < 4; k++) {
                    float weight = wy[4 * y + k];
                    if (weight != 0) {
                        int o = rows[4 * y + k] * innerWidth;
                        for (int i = 0; i < innerWidth; i++) {
                            line[i] += weight * inner[o + i];
                        }
                    }
                }
                for (int x = 0; x < w; x++) {
                    int b = 4 * x;
                    float v = wx[b] * line[cols[b]] + wx[b + 1] * line[cols[b + 1]] + wx[b + 2] * line[cols[b + 2]]
                            + wx[b + 3] * line[cols[b + 3]];
                    out[y * w + x] = v > 0 ? v : 0;
                }
            }
            return out;
        }

        /** The four lattice nodes (clamped) and cubic-convolution weights for each raster cell along one axis. */
        private static void taps(int cells, double scale, int nodes, int[] index, float[] weight) {
            for (int c = 0; c < cells; c++) {
                double u = c * scale + PAD;
                int i0 = (int) Math.floor(u);
                double t = u - i0;
                double t2 = t * t;
                double t3 = t2 * t;
                double[] wk = {(-t3 + 2 * t2 - t) / 2, (3 * t3 - 5 * t2 + 2) / 2, (-3 * t3 + 4 * t2 + t) / 2, (t3 - t2) / 2};
                for (int k = 0; k < 4; k++) {
                    index[4 * c + k] = Math.max(0, Math.min(nodes - 1, i0 - 1 + k));
                    weight[4 * c + k] = t == 0 ? (k == 1 ? 1 : 0) : (float) wk[k];
                }
            }
        }
    }
}
