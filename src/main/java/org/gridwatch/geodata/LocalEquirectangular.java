package org.gridwatch.geodata;

/**
 * Converts local planar metres (x east, y north of an origin) to WGS84 lon/lat with an
 * equirectangular approximation centred on the origin: one degree of latitude is taken as
 * {@code 111,132.954 - 559.822 cos 2φ + 1.175 cos 4φ} metres (the usual series for the WGS84
 * ellipsoid, about 110,574 m at 22.5°), one degree of longitude as {@code π/180 · a · cos φ /
 * sqrt(1 - e² sin² φ)}. Over a district of a few kilometres the error is far below the lattice
 * jitter; over the 15 km benchmark city it stays under a metre or so, which does not matter for
 * synthetic data. The mapping is affine, so "inside" in metres is "inside" in degrees.
 *
 * <p>Results are rounded to 7 decimals (about 1 cm), the precision {@code GeoJsonWriter} writes, so
 * geometry in memory equals geometry read back from the files. Immutable and thread-safe.
 */
final class LocalEquirectangular {

    private static final double WGS84_A = 6_378_137.0;
    private static final double WGS84_E2 = 6.694_379_990_14e-3;

    private final double originLon;
    private final double originLat;
    private final double metersPerDegreeLat;
    private final double metersPerDegreeLon;

    LocalEquirectangular(double originLon, double originLat) {
        this.originLon = originLon;
        this.originLat = originLat;
        double phi = Math.toRadians(originLat);
        this.metersPerDegreeLat = 111_132.954 - 559.822 * Math.cos(2 * phi) + 1.175 * Math.cos(4 * phi);
        double sin = Math.sin(phi);
        this.metersPerDegreeLon = Math.PI / 180 * WGS84_A * Math.cos(phi) / Math.sqrt(1 - WGS84_E2 * sin * sin);
    }

    /** Longitude, degrees, of a point {@code xMeters} east of the origin, rounded to 7 decimals. */
    double lon(double xMeters) {
        return round7(originLon + xMeters / metersPerDegreeLon);
    }

    /** Latitude, degrees, of a point {@code yMeters} north of the origin, rounded to 7 decimals. */
    double lat(double yMeters) {
        return round7(originLat + yMeters / metersPerDegreeLat);
    }

    double metersPerDegreeLat() {
        return metersPerDegreeLat;
    }

    double metersPerDegreeLon() {
        return metersPerDegreeLon;
    }

    static double round7(double degrees) {
        // Math.round(v * 1e7) / 1e7 is the double nearest to the decimal GeoJsonWriter prints, so the
        // value survives a write/parse round trip unchanged.
        return Math.round(degrees * 1e7) / 1e7;
    }
}
