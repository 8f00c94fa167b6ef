package org.gridwatch.support;

/**
 * Builds GeoJSON test geometries from offsets in metres around a base point, with the local
 * spherical approximation (good to about 0.5% for the few-hundred-metre shapes the tests use).
 */
public final class Shapes {

    private static final double METERS_PER_DEGREE_LAT = 110_574.0;

    private Shapes() {
    }

    public static double lon(double baseLon, double baseLat, double eastMeters) {
        return baseLon + eastMeters / (111_320.0 * Math.cos(Math.toRadians(baseLat)));
    }

    public static double lat(double baseLat, double northMeters) {
        return baseLat + northMeters / METERS_PER_DEGREE_LAT;
    }

    /** A rectangle from (x0,y0) to (x1,y1) metres east/north of the base point, as GeoJSON. */
    public static String rectangle(double baseLon, double baseLat, double x0, double y0, double x1, double y1) {
        double w = lon(baseLon, baseLat, x0), e = lon(baseLon, baseLat, x1);
        double s = lat(baseLat, y0), n = lat(baseLat, y1);
        return "{\"type\":\"Polygon\",\"coordinates\":[[[" + w + "," + s + "],[" + e + "," + s + "],[" + e + "," + n
                + "],[" + w + "," + n + "],[" + w + "," + s + "]]]}";
    }

    public static String point(double lon, double lat) {
        return "{\"type\":\"Point\",\"coordinates\":[" + lon + "," + lat + "]}";
    }

    public static String gridFeature(String geometry, String code, String name, String level, String parentCode) {
        return "{\"type\":\"Feature\",\"geometry\":" + geometry + ",\"properties\":{\"code\":\"" + code
                + "\",\"name\":\"" + name + "\",\"level\":\"" + level + "\""
                + (parentCode == null ? "" : ",\"parentCode\":\"" + parentCode + "\"")
                + ",\"responsiblePerson\":\"张伟\",\"phone\":\"13800000000\"}}";
    }

    public static String pointFeature(String type, double lon, double lat, String name) {
        return "{\"type\":\"Feature\",\"geometry\":" + point(lon, lat) + ",\"properties\":{\"type\":\"" + type
                + "\",\"name\":\"" + name + "\",\"attributes\":{\"lidded\":true}}}";
    }
}
