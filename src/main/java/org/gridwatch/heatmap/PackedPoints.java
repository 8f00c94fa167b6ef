package org.gridwatch.heatmap;

import java.util.function.IntConsumer;

import org.locationtech.jts.geom.Envelope;

/**
 * An immutable, compact set of points (lon/lat degrees, a time in epoch milliseconds, a feature id)
 * packed into a uniform bucket grid over their extent: the points are stored bucket by bucket, so a
 * bounding-box query visits only the buckets it overlaps and reads memory in order. About 32 points
 * per bucket on average, at most 1024 × 1024 buckets.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class PackedPoints {

    private static final int POINTS_PER_BUCKET = 32;
    private static final int MAX_BUCKETS_PER_SIDE = 1024;

    private final double[] lons;
    private final double[] lats;
    private final long[] times;
    private final long[] ids;
    /** Position of each point in id order: lets a second pass by id fill per-point arrays. */
    private final long[] idsSorted;
    private final int[] positionOfSorted;
    private final int[] bucketStart;
    private final int bucketsX;
    private final int bucketsY;
    private final double minLon;
    private final double minLat;
    private final double maxLon;
    private final double maxLat;
    private final double bucketWidth;
    private final double bucketHeight;

    /**
     * Packs points given as parallel arrays (the arrays are not kept).
     *
     * @param timesMillis a time per point (epoch milliseconds), used for windows
     * @param ids         a distinct id per point
     */
    public PackedPoints(double[] lons, double[] lats, long[] timesMillis, long[] ids) {
        int n = lons.length;
        if (lats.length != n || timesMillis.length != n || ids.length != n) {
            throw new IllegalArgumentException("parallel arrays must have the same length");
        }
        Envelope extent = new Envelope();
        for (int i = 0; i < n; i++) {
            extent.expandToInclude(lons[i], lats[i]);
        }
        if (n == 0) {
            extent.expandToInclude(0, 0);
        }
        minLon = extent.getMinX();
        minLat = extent.getMinY();
        maxLon = extent.getMaxX();
        maxLat = extent.getMaxY();
        int side = (int) Math.max(1, Math.min(MAX_BUCKETS_PER_SIDE, Math.ceil(Math.sqrt((double) n / POINTS_PER_BUCKET))));
        double aspect = extent.getWidth() > 0 && extent.getHeight() > 0 ? extent.getWidth() / extent.getHeight() : 1;
        bucketsX = (int) Math.max(1, Math.min(MAX_BUCKETS_PER_SIDE, Math.round(side * Math.sqrt(aspect))));
        bucketsY = (int) Math.max(1, Math.min(MAX_BUCKETS_PER_SIDE, Math.round(side / Math.sqrt(aspect))));
        bucketWidth = Math.max(extent.getWidth(), 1e-9) / bucketsX;
        bucketHeight = Math.max(extent.getHeight(), 1e-9) / bucketsY;

        // Counting sort by bucket; stable, so points of one bucket keep their input order.
        int[] bucketOf = new int[n];
        bucketStart = new int[bucketsX * bucketsY + 1];
        for (int i = 0; i < n; i++) {
            bucketOf[i] = bucketY(lats[i]) * bucketsX + bucketX(lons[i]);
            bucketStart[bucketOf[i] + 1]++;
        }
        for (int b = 0; b < bucketsX * bucketsY; b++) {
            bucketStart[b + 1] += bucketStart[b];
        }
        int[] next = bucketStart.clone();
        this.lons = new double[n];
        this.lats = new double[n];
        this.times = new long[n];
        this.ids = new long[n];
        int[] positionOfInput = new int[n];
        for (int i = 0; i < n; i++) {
            int at = next[bucketOf[i]]++;
            this.lons[at] = lons[i];
            this.lats[at] = lats[i];
            this.times[at] = timesMillis[i];
            this.ids[at] = ids[i];
            positionOfInput[i] = at;
        }
        idsSorted = new long[n];
        positionOfSorted = new int[n];
        boolean ascending = true;
        for (int i = 1; i < n && ascending; i++) {
            ascending = ids[i] > ids[i - 1];
        }
        if (ascending) {
            // The usual case: the store reads features ordered by id.
            System.arraycopy(ids, 0, idsSorted, 0, n);
            System.arraycopy(positionOfInput, 0, positionOfSorted, 0, n);
        } else {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> Long.compare(ids[a], ids[b]));
            for (int k = 0; k < n; k++) {
                idsSorted[k] = ids[order[k]];
                positionOfSorted[k] = positionOfInput[order[k]];
                if (k > 0 && idsSorted[k] == idsSorted[k - 1]) {
                    throw new IllegalArgumentException("duplicate id " + idsSorted[k]);
                }
            }
        }
    }

    private int bucketX(double lon) {
        return Math.max(0, Math.min(bucketsX - 1, (int) ((lon - minLon) / bucketWidth)));
    }

    private int bucketY(double lat) {
        return Math.max(0, Math.min(bucketsY - 1, (int) ((lat - minLat) / bucketHeight)));
    }

    public int size() {
        return lons.length;
    }

    public double lon(int i) {
        return lons[i];
    }

    public double lat(int i) {
        return lats[i];
    }

    public long timeMillis(int i) {
        return times[i];
    }

    public long id(int i) {
        return ids[i];
    }

    /** The position of the point with this id, or -1. */
    public int positionOfId(long id) {
        int k = java.util.Arrays.binarySearch(idsSorted, id);
        return k < 0 ? -1 : positionOfSorted[k];
    }

    /** The lon/lat extent of all points (a zero-size box at 0,0 when there are none). */
    public Envelope extent() {
        return new Envelope(minLon, maxLon, minLat, maxLat);
    }

    /**
     * Calls {@code sink} with the position of every point inside the closed box, bucket by bucket
     * (south-west first), in a fixed order for a given set.
     */
    public void forEachIn(double west, double south, double east, double north, IntConsumer sink) {
        if (lons.length == 0 || east < minLon || west > maxLon || north < minLat || south > maxLat) {
            return;
        }
        int bx0 = bucketX(west);
        int bx1 = bucketX(east);
        int by0 = bucketY(south);
        int by1 = bucketY(north);
        for (int by = by0; by <= by1; by++) {
            int from = bucketStart[by * bucketsX + bx0];
            int to = bucketStart[by * bucketsX + bx1 + 1];
            for (int i = from; i < to; i++) {
                double lon = lons[i];
                double lat = lats[i];
                if (lon >= west && lon <= east && lat >= south && lat <= north) {
                    sink.accept(i);
                }
            }
        }
    }
}
