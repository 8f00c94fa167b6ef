package org.gridwatch.map;

import org.gridwatch.geo.BoundingBox;

/**
 * A lon/lat lattice of cluster cells, anchored at 0°,0°: cell (cx, cy) spans lon
 * [cx·cellLonDeg, (cx+1)·cellLonDeg) and lat [cy·cellLatDeg, (cy+1)·cellLatDeg).
 *
 * <p>{@link #squareOnScreen} makes cells that look square on a Web Mercator map near the
 * viewport's middle latitude: there one degree of latitude is 1/cos(lat) times as long on screen as
 * one degree of longitude, so a cell {@code cellLonDeg} wide is {@code cellLonDeg·cos(lat)} tall.
 *
 * <p>Immutable and thread-safe.
 *
 * @param cellLonDeg cell width in degrees of longitude, &gt; 0
 * @param cellLatDeg cell height in degrees of latitude, &gt; 0
 */
public record ClusterLattice(double cellLonDeg, double cellLatDeg) {

    public ClusterLattice {
        if (!(cellLonDeg > 0 && cellLatDeg > 0 && Double.isFinite(cellLonDeg) && Double.isFinite(cellLatDeg))) {
            throw new IllegalArgumentException("cell sizes must be positive and finite");
        }
    }

    /** Cells {@code cellLonDeg} wide that look square on screen around the middle latitude of {@code viewport}. */
    public static ClusterLattice squareOnScreen(BoundingBox viewport, double cellLonDeg) {
        double midLatRad = Math.toRadians((viewport.minLat() + viewport.maxLat()) / 2);
        // Clamp so a viewport touching a pole still gives a usable, non-zero cell height.
        return new ClusterLattice(cellLonDeg, cellLonDeg * Math.max(Math.cos(midLatRad), 0.01));
    }

    /** The column of the cell holding longitude {@code lon}. */
    public long column(double lon) {
        return floor(lon / cellLonDeg);
    }

    /** The row of the cell holding latitude {@code lat}. */
    public long row(double lat) {
        return floor(lat / cellLatDeg);
    }

    /** Math.floor for the finite values here, without its slow path (it showed in the load test's profile). */
    private static long floor(double q) {
        long whole = (long) q;
        return q < whole ? whole - 1 : whole;
    }

    /** How many cells of this lattice meet {@code viewport} (at least 1). */
    public long cellsIn(BoundingBox viewport) {
        long columns = column(viewport.maxLon()) - column(viewport.minLon()) + 1;
        long rows = row(viewport.maxLat()) - row(viewport.minLat()) + 1;
        return columns * rows;
    }
}
