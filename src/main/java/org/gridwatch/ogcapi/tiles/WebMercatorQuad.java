package org.gridwatch.ogcapi.tiles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.Envelope;

/**
 * The OGC WebMercatorQuad tile matrix set (OGC 17-083r4 annex D.1): EPSG:3857, 256 × 256 tiles, one tile at
 * level 0, origin at the top left corner, rows counted downwards. Levels 0..{@link #MAX_ZOOM} are served.
 */
public final class WebMercatorQuad {

    public static final String ID = "WebMercatorQuad";
    public static final String URI = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad";
    public static final String CRS = "http://www.opengis.net/def/crs/EPSG/0/3857";
    /** Deeper than any street map needs (z22 tiles are ~10 m wide); the registered set goes to 24. */
    public static final int MAX_ZOOM = 22;

    /** Half the equator length of the spherical Mercator, metres. */
    public static final double ORIGIN = 20037508.3427892;
    /** Latitude where the square world of Web Mercator ends. */
    public static final double MAX_LAT = 85.0511287798066;
    private static final double EARTH_RADIUS = 6378137.0;
    /** Metres per pixel at level 0 (256-pixel tiles). */
    private static final double CELL_SIZE_0 = 2 * ORIGIN / 256;
    /** The standard rendering pixel of 0.28 mm (OGC 17-083r4). */
    private static final double PIXEL_METRES = 0.00028;

    private WebMercatorQuad() {
    }

    /** A tile of the set: level {@code z}, column {@code x}, row {@code y} (from the top). */
    public record Tile(int z, int x, int y) {

        public Tile {
            if (!valid(z, x, y)) throw new IllegalArgumentException("no tile " + z + "/" + y + "/" + x);
        }

        /** The tile's bounds in lon/lat. */
        public Envelope lonLat() {
            double n = 1L << z;
            return new Envelope(lon(x / n), lon((x + 1) / n), lat((y + 1) / n), lat(y / n));
        }

        /** The tile's bounds grown by {@code margin} tile units on each side (of an extent of {@code extent}), in lon/lat. */
        public Envelope lonLat(double margin, int extent) {
            double n = 1L << z;
            double m = margin / extent;
            return new Envelope(lon(Math.max(0, x - m) / n), lon(Math.min(n, x + 1 + m) / n),
                    lat(Math.min(n, y + 1 + m) / n), lat(Math.max(0, y - m) / n));
        }

        /** Tile x coordinate (0..extent across the tile) of a longitude. */
        public double tileX(double lon, int extent) {
            return (worldX(lon) * (1L << z) - x) * extent;
        }

        /** Tile y coordinate (0..extent down the tile) of a latitude. */
        public double tileY(double lat, int extent) {
            return (worldY(lat) * (1L << z) - y) * extent;
        }
    }

    public static boolean valid(int z, long x, long y) {
        if (z < 0 || z > MAX_ZOOM) return false;
        long n = 1L << z;
        return x >= 0 && x < n && y >= 0 && y < n;
    }

    /** Fraction of the world width (0 at 180°W, 1 at 180°E). */
    static double worldX(double lon) {
        return (lon + 180) / 360;
    }

    /** Fraction of the world height from the top (0 at {@link #MAX_LAT}, 1 at its negative). */
    static double worldY(double lat) {
        double clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
        double s = Math.sin(Math.toRadians(clamped));
        return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
    }

    static double lon(double worldX) {
        return worldX * 360 - 180;
    }

    static double lat(double worldY) {
        return Math.toDegrees(Math.atan(Math.sinh(Math.PI * (1 - 2 * worldY))));
    }

    /** The tile holding a position at level {@code z} (positions on the east/south edge go to the last tile). */
    public static Tile tileAt(double lon, double lat, int z) {
        long n = 1L << z;
        int x = (int) Math.min(n - 1, Math.max(0, Math.floor(worldX(lon) * n)));
        int y = (int) Math.min(n - 1, Math.max(0, Math.floor(worldY(lat) * n)));
        return new Tile(z, x, y);
    }

    /** EPSG:3857 easting/northing of a lon/lat position. */
    public static double[] mercator(double lon, double lat) {
        double clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
        return new double[] {Math.toRadians(lon) * EARTH_RADIUS,
                Math.log(Math.tan(Math.PI / 4 + Math.toRadians(clamped) / 2)) * EARTH_RADIUS};
    }

    /** The tile matrix set as OGC Two Dimensional Tile Matrix Set 2.0 JSON (a map for a JSON writer). */
    public static Map<String, Object> definition() {
        Map<String, Object> tms = new LinkedHashMap<>();
        tms.put("id", ID);
        tms.put("title", "Google Maps Compatible for the World");
        tms.put("uri", URI);
        tms.put("crs", CRS);
        tms.put("orderedAxes", List.of("E", "N"));
        tms.put("wellKnownScaleSet", "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible");
        List<Object> matrices = new ArrayList<>();
        for (int z = 0; z <= MAX_ZOOM; z++) {
            double cell = CELL_SIZE_0 / (1L << z);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", String.valueOf(z));
            m.put("scaleDenominator", cell / PIXEL_METRES);
            m.put("cellSize", cell);
            m.put("cornerOfOrigin", "topLeft");
            m.put("pointOfOrigin", List.of(-ORIGIN, ORIGIN));
            m.put("tileWidth", 256);
            m.put("tileHeight", 256);
            m.put("matrixWidth", 1L << z);
            m.put("matrixHeight", 1L << z);
            matrices.add(m);
        }
        tms.put("tileMatrices", matrices);
        return tms;
    }
}
