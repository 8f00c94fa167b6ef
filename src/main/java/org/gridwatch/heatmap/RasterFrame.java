package org.gridwatch.heatmap;

/**
 * Where the cells of a raster lie: {@code width × height} cells, row 0 in the north, column 0 in the
 * west, values meant at cell centres. Cell coordinates are fractional with cell centres at integers
 * (the centre of the top-left cell is (0, 0)). Longitude maps to columns and latitude to rows
 * independently, which holds for Web Mercator and for plain lon/lat grids.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface RasterFrame {

    int width();

    int height();

    /** Fractional column of a longitude (degrees). */
    double column(double lon);

    /** Fractional row of a latitude (degrees). */
    double row(double lat);

    /** Longitude (degrees) at a fractional column. */
    double lon(double column);

    /** Latitude (degrees) at a fractional row. */
    double lat(double row);

    /** Ground width in metres (WGS84 ellipsoid) of one cell at a fractional row. */
    double cellWidthMeters(double row);

    /** Ground height in metres (WGS84 ellipsoid) of one cell at a fractional row. */
    double cellHeightMeters(double row);

    /**
     * The latitude whose cell size chooses the estimator's lattice step. Rasters that must stitch
     * without a seam (the tiles of one layer at one zoom) must report the same value.
     */
    double referenceLatitude();
}
