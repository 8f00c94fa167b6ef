package org.gridwatch.exchange;

import java.util.Locale;

import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.ProjCoordinate;
import org.locationtech.proj4j.proj.Projection;

/**
 * A coordinate system the service exports to: WGS84 (EPSG:4326), CGCS2000 geographic (EPSG:4490) or a
 * CGCS2000 3-degree Gauss–Krüger zone without zone prefix (EPSG:4534–4554: central meridian
 * 75°E + 3° × (code − 4534), scale 1, false easting 500 000 m, false northing 0, ellipsoid CGCS2000 =
 * a 6 378 137 m, 1/f 298.257222101, the same numbers as GRS80).
 *
 * <p>The stored data is WGS84. CGCS2000 and WGS84 agree within a few centimetres today, so no datum
 * shift is applied: geographic exports carry the stored numbers, projected exports are the Gauss–Krüger
 * projection of them (the transverse Mercator of proj4j, whose series are exact to the millimetre
 * within a 3-degree zone).
 *
 * <p>Immutable and thread-safe; the {@link Projector} it hands out is not.
 */
public record ExportCrs(int epsg, String name, String esriName, double centralMeridian) {

    public static final int FIRST_GK_EPSG = 4534;
    public static final int LAST_GK_EPSG = 4554;
    public static final ExportCrs WGS84 = new ExportCrs(4326, "WGS 84", "GCS_WGS_1984", Double.NaN);
    public static final ExportCrs CGCS2000 = new ExportCrs(4490, "China Geodetic Coordinate System 2000",
            "GCS_China_Geodetic_Coordinate_System_2000", Double.NaN);

    private static final String CGCS2000_GEOGCS = "GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\","
            + "DATUM[\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],"
            + "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";
    private static final String WGS84_GEOGCS = "GEOGCS[\"GCS_WGS_1984\","
            + "DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],"
            + "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

    /** The Gauss–Krüger zone EPSG:4534–4554 by code. */
    public static ExportCrs gaussKruger(int epsg) {
        if (epsg < FIRST_GK_EPSG || epsg > LAST_GK_EPSG) {
            throw unknown("EPSG:" + epsg);
        }
        int cm = 75 + 3 * (epsg - FIRST_GK_EPSG);
        return new ExportCrs(epsg, "CGCS2000 / 3-degree Gauss-Kruger CM " + cm + "E",
                "CGCS2000_3_Degree_GK_CM_" + cm + "E", cm);
    }

    /**
     * The 3-degree zone whose central meridian is nearest {@code lon} (zone edges at CM ± 1.5°; a point on
     * an edge goes east), clamped to the zones China defines (75°E–135°E).
     */
    public static ExportCrs gaussKrugerFor(double lon) {
        if (!Double.isFinite(lon)) {
            throw new ExchangeFormatException("exchange.crs.noZone",
                    "the Gauss-Kruger zone cannot be chosen without data; give crs=EPSG:4534..4554");
        }
        int cm = (int) Math.floor((lon + 1.5) / 3.0) * 3;
        cm = Math.max(75, Math.min(135, cm));
        return gaussKruger(FIRST_GK_EPSG + (cm - 75) / 3);
    }

    /**
     * Parses the {@code crs} parameter: empty (WGS84), {@code EPSG:4326}, {@code EPSG:4490},
     * {@code EPSG:4534}…{@code EPSG:4554} (the prefix is optional), or {@code GK} / {@code CGCS2000-GK}
     * for the Gauss–Krüger zone of {@code dataLon}, the longitude at the centre of the data.
     */
    public static ExportCrs parse(String text, double dataLon) {
        if (text == null || text.isBlank()) {
            return WGS84;
        }
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.equals("GK") || t.equals("CGCS2000-GK") || t.equals("CGCS2000_GK")) {
            return gaussKrugerFor(dataLon);
        }
        if (t.startsWith("EPSG:")) {
            t = t.substring(5);
        }
        int code;
        try {
            code = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw unknown(text.trim());
        }
        if (code == 4326) return WGS84;
        if (code == 4490) return CGCS2000;
        return gaussKruger(code);
    }

    /** True for longitude/latitude in degrees, false for projected metres. */
    public boolean geographic() {
        return Double.isNaN(centralMeridian);
    }

    /** {@code EPSG:nnnn}. */
    public String code() {
        return "EPSG:" + epsg;
    }

    /** The {@code .prj} text: ESRI-flavoured WKT as ArcGIS writes it, which QGIS and GDAL read as this EPSG code. */
    public String esriWkt() {
        if (epsg == 4326) return WGS84_GEOGCS;
        if (epsg == 4490) return CGCS2000_GEOGCS;
        return "PROJCS[\"" + esriName + "\"," + CGCS2000_GEOGCS + ",PROJECTION[\"Gauss_Kruger\"],"
                + "PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\",0.0],"
                + "PARAMETER[\"Central_Meridian\"," + centralMeridian + "],PARAMETER[\"Scale_Factor\",1.0],"
                + "PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";
    }

    /** Turns WGS84 lon/lat (degrees) into this system's x/y. Not thread-safe: make one per export. */
    public interface Projector {
        /** Writes x (easting or longitude) to {@code out[0]} and y to {@code out[1]}. */
        void project(double lon, double lat, double[] out);

        boolean identity();
    }

    public Projector projector() {
        if (geographic()) {
            return new Projector() {
                @Override
                public void project(double lon, double lat, double[] out) {
                    out[0] = lon;
                    out[1] = lat;
                }

                @Override
                public boolean identity() {
                    return true;
                }
            };
        }
        Projection projection = new CRSFactory().createFromParameters(esriName,
                "+proj=tmerc +lat_0=0 +lon_0=" + centralMeridian + " +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs")
                .getProjection();
        ProjCoordinate in = new ProjCoordinate();
        ProjCoordinate res = new ProjCoordinate();
        return new Projector() {
            @Override
            public void project(double lon, double lat, double[] out) {
                in.x = lon;
                in.y = lat;
                projection.project(in, res);
                out[0] = res.x;
                out[1] = res.y;
            }

            @Override
            public boolean identity() {
                return false;
            }
        };
    }

    private static ExchangeFormatException unknown(String text) {
        return new ExchangeFormatException("exchange.crs.unknown",
                "unknown coordinate system " + text + "; use EPSG:4326, EPSG:4490, EPSG:4534..EPSG:4554 or GK", text);
    }
}
