package org.gridwatch.heatmap;

import java.util.Objects;

/**
 * A block of pixels of the Web Mercator (EPSG:3857) XYZ pyramid at one zoom: the world is
 * {@code 256·2^zoom} pixels square, pixel (0, 0) at 180°W, 85.05°N. A map tile is the 256×256 block
 * starting at pixel ({@code 256·x}, {@code 256·y}).
 *
 * <p>{@link #row(double)} is called once per point: near the raster (within 0.1° of its centre
 * latitude) it uses a fifth-order Taylor expansion of the Mercator ordinate instead of log∘tan, whose
 * remainder (below 1e-14 radians, 1e-7 pixel at zoom 20) is smaller than the rounding of the exact
 * formula, so neighbouring tiles still agree on every point's position.
 *
 * <p>Immutable and thread-safe.
 */
public final class WebMercatorRaster implements RasterFrame {

    public static final int TILE_SIZE = 256;
    private static final double TAYLOR_RANGE_RADIANS = Math.toRadians(0.1);

    private final int zoom;
    private final long originPixelX;
    private final long originPixelY;
    private final int width;
    private final int height;
    private final double referenceLatitude;
    private final double worldPixels;
    /** Expansion latitude (radians) and the pixel row there, then d^k row / dφ^k / k!. */
    private final double phi0;
    private final double[] taylor = new double[6];

    /**
     * @param zoom              0 to 30
     * @param originPixelX      world pixel column of this raster's west-most column
     * @param originPixelY      world pixel row of this raster's north-most row
     * @param referenceLatitude see {@link RasterFrame#referenceLatitude()}; tiles of one layer share it
     */
    public WebMercatorRaster(int zoom, long originPixelX, long originPixelY, int width, int height,
                             double referenceLatitude) {
        if (zoom < 0 || zoom > 30 || width < 1 || height < 1) {
            throw new IllegalArgumentException("zoom 0-30 and a positive size required");
        }
        this.zoom = zoom;
        this.originPixelX = originPixelX;
        this.originPixelY = originPixelY;
        this.width = width;
        this.height = height;
        this.referenceLatitude = referenceLatitude;
        this.worldPixels = TILE_SIZE * Math.pow(2, zoom);
        this.phi0 = Math.toRadians(lat((height - 1) / 2.0));
        // ψ(φ) = ln tan(π/4 + φ/2); ψ' = sec φ = s; with t = tan φ: s' = s·t, t' = s²; row = -ψ·W/2π + const.
        double s = 1 / Math.cos(phi0);
        double t = Math.tan(phi0);
        double d1 = s;
        double d2 = s * t;
        double d3 = s * (t * t + s * s);
        double d4 = s * t * (t * t + 5 * s * s);
        double d5 = s * (t * t * t * t + 18 * s * s * t * t + 5 * s * s * s * s);
        double k = -worldPixels / (2 * Math.PI);
        taylor[0] = exactRow(phi0);
        taylor[1] = k * d1;
        taylor[2] = k * d2 / 2;
        taylor[3] = k * d3 / 6;
        taylor[4] = k * d4 / 24;
        taylor[5] = k * d5 / 120;
    }

    /** The 256×256 tile {@code z/x/y}. */
    public static WebMercatorRaster tile(int z, long x, long y, double referenceLatitude) {
        return new WebMercatorRaster(z, x * TILE_SIZE, y * TILE_SIZE, TILE_SIZE, TILE_SIZE, referenceLatitude);
    }

    public int zoom() {
        return zoom;
    }

    public long originPixelX() {
        return originPixelX;
    }

    public long originPixelY() {
        return originPixelY;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public double referenceLatitude() {
        return referenceLatitude;
    }

    @Override
    public double column(double lon) {
        return (lon + 180) / 360 * worldPixels - originPixelX - 0.5;
    }

    @Override
    public double row(double lat) {
        double phi = Math.toRadians(lat);
        double d = phi - phi0;
        if (Math.abs(d) < TAYLOR_RANGE_RADIANS) {
            return taylor[0] + d * (taylor[1] + d * (taylor[2] + d * (taylor[3] + d * (taylor[4] + d * taylor[5]))));
        }
        return exactRow(phi);
    }

    private double exactRow(double phi) {
        double y = 0.5 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / (2 * Math.PI);
        return y * worldPixels - originPixelY - 0.5;
    }

    @Override
    public double lon(double column) {
        return (column + 0.5 + originPixelX) / worldPixels * 360 - 180;
    }

    @Override
    public double lat(double row) {
        double y = (row + 0.5 + originPixelY) / worldPixels;
        return Math.toDegrees(Math.atan(Math.sinh(Math.PI * (1 - 2 * y))));
    }

    /** One pixel spans 2π/worldPixels radians of longitude, and 2π·cos φ/worldPixels of latitude. */
    @Override
    public double cellWidthMeters(double row) {
        return 2 * Math.PI / worldPixels * Wgs84.metersPerRadianLon(lat(row));
    }

    @Override
    public double cellHeightMeters(double row) {
        double lat = lat(row);
        return 2 * Math.PI * Math.cos(Math.toRadians(lat)) / worldPixels * Wgs84.metersPerRadianLat(lat);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebMercatorRaster r && r.zoom == zoom && r.originPixelX == originPixelX
                && r.originPixelY == originPixelY && r.width == width && r.height == height
                && Double.compare(r.referenceLatitude, referenceLatitude) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(zoom, originPixelX, originPixelY, width, height, referenceLatitude);
    }

    @Override
    public String toString() {
        return "WebMercatorRaster[z=" + zoom + ", px=" + originPixelX + ", py=" + originPixelY + ", " + width + "x" + height + "]";
    }
}
