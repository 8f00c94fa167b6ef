package org.gridwatch.geo;

/**
 * A fixed lattice of lon/lat tiles, {@value #TILES_PER_DEGREE} per degree (0.002°, about 200 m), each
 * numbered by one {@code long}: what the embedded store indexes points by instead of an R-tree (see
 * the H2 migration V87, whose generated column {@code feature.geom_tile} computes the same number).
 *
 * <p>A point belongs to tile {@code (floor(lon * 500), floor(lat * 500))}, shifted to be non-negative.
 * Because {@code floor(v * 500)} never decreases as {@code v} grows, a point inside a rectangle lies in
 * a tile between the rectangle's corner tiles, boundary included: the tiles of a rectangle hold every
 * point in it (and some near it, which the exact test drops).
 */
public final class PointTiles {

    public static final int TILES_PER_DEGREE = 500;
    /** Tile numbers are {@code column * ROW_SPAN + row}; rows run 0..90,000, so this leaves them room. */
    public static final long ROW_SPAN = 100_000;
    /** Shifts that make lon -180 column 0 and lat -90 row 0. */
    private static final long COLUMN_SHIFT = 180L * TILES_PER_DEGREE, ROW_SHIFT = 90L * TILES_PER_DEGREE;

    private PointTiles() {
    }

    public static long column(double lon) {
        return (long) Math.floor(lon * TILES_PER_DEGREE) + COLUMN_SHIFT;
    }

    public static long row(double lat) {
        return (long) Math.floor(lat * TILES_PER_DEGREE) + ROW_SHIFT;
    }

    /** The tile of a point. */
    public static long tile(double lon, double lat) {
        return column(lon) * ROW_SPAN + row(lat);
    }

    /**
     * How a rectangle is looked up: either each of its tiles ({@code tiles != null}), or, when it covers
     * more than {@code maxTiles}, the range of tile numbers from its first to its last column
     * ({@code [from, to]}: whole columns, more rows than asked but still one index range).
     */
    public record Cover(long[] tiles, long from, long to) {
    }

    /** The tiles covering the rectangle, boundary included. */
    public static Cover cover(double minLon, double minLat, double maxLon, double maxLat, int maxTiles) {
        long c0 = column(minLon), c1 = column(maxLon), r0 = row(minLat), r1 = row(maxLat);
        long count = (c1 - c0 + 1) * (r1 - r0 + 1);
        if (count > maxTiles) {
            return new Cover(null, c0 * ROW_SPAN + r0, c1 * ROW_SPAN + r1);
        }
        long[] tiles = new long[(int) count];
        int i = 0;
        for (long c = c0; c <= c1; c++) {
            for (long r = r0; r <= r1; r++) tiles[i++] = c * ROW_SPAN + r;
        }
        return new Cover(tiles, tiles[0], tiles[tiles.length - 1]);
    }
}
