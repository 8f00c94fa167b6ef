package org.gridwatch.heatmap;

/**
 * A grid of equal steps in longitude and latitude over a bounding box (EPSG:4326 cells, the way an
 * ESRI ASCII grid or a GeoTIFF in lon/lat lays them out): row 0 along the north edge.
 *
 * <p>Immutable and thread-safe.
 */
public record LonLatRaster(double minLon, double minLat, double maxLon, double maxLat, int width, int height)
        implements RasterFrame {

    public LonLatRaster {
        if (!(maxLon > minLon && maxLat > minLat) || width < 1 || height < 1) {
            throw new IllegalArgumentException("a non-empty box and a positive size required");
        }
    }

    public double cellWidthDegrees() {
        return (maxLon - minLon) / width;
    }

    public double cellHeightDegrees() {
        return (maxLat - minLat) / height;
    }

    @Override
    public double column(double lon) {
        return (lon - minLon) / cellWidthDegrees() - 0.5;
    }

    @Override
    public double row(double lat) {
        return (maxLat - lat) / cellHeightDegrees() - 0.5;
    }

    @Override
    public double lon(double column) {
        return minLon + (column + 0.5) * cellWidthDegrees();
    }

    @Override
    public double lat(double row) {
        return maxLat - (row + 0.5) * cellHeightDegrees();
    }

    @Override
    public double cellWidthMeters(double row) {
        return Math.toRadians(cellWidthDegrees()) * Wgs84.metersPerRadianLon(lat(row));
    }

    @Override
    public double cellHeightMeters(double row) {
        return Math.toRadians(cellHeightDegrees()) * Wgs84.metersPerRadianLat(lat(row));
    }

    @Override
    public double referenceLatitude() {
        return (minLat + maxLat) / 2;
    }
}
