package org.gridwatch.ogcapi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;

/**
 * The coordinate reference systems the OGC API serves (Part 2, CRS by reference): CRS84 (the storage CRS
 * and the default), EPSG:4326, EPSG:4490 (CGCS2000 geographic) and the 21 CGCS2000 3-degree Gauss–Krüger
 * zones EPSG:4534 (central meridian 75°E) to EPSG:4554 (135°E), every one by its
 * {@code http://www.opengis.net/def/crs/...} URI.
 *
 * <p>Immutable and thread-safe once built; {@link #standard()} is built once.
 */
public final class CrsRegistry {

    public static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    public static final String EPSG_PREFIX = "http://www.opengis.net/def/crs/EPSG/0/";
    /** EPSG:4534 is the zone with central meridian 75°E; each next code is 3° further east. */
    static final int FIRST_GK_EPSG = 4534;
    static final int LAST_GK_EPSG = 4554;
    static final int FIRST_GK_MERIDIAN = 75;

    private static final CrsRegistry STANDARD = build();

    private final Map<String, OgcCrs> byUri;

    private CrsRegistry(Map<String, OgcCrs> byUri) {
        this.byUri = Collections.unmodifiableMap(byUri);
    }

    public static CrsRegistry standard() {
        return STANDARD;
    }

    /** Every supported CRS, CRS84 first. */
    public List<OgcCrs> all() {
        return new ArrayList<>(byUri.values());
    }

    public List<String> uris() {
        return new ArrayList<>(byUri.keySet());
    }

    public OgcCrs storage() {
        return byUri.get(CRS84);
    }

    /**
     * The CRS named by {@code uri}. Also accepts the {@code https} form and the safe-CURIE forms
     * {@code [EPSG:4490]} / {@code [OGC:CRS84]} that Part 2 allows.
     */
    public Optional<OgcCrs> find(String uri) {
        if (uri == null) return Optional.empty();
        String u = uri.trim();
        if (u.startsWith("https://www.opengis.net/")) u = "http://" + u.substring("https://".length());
        if (u.startsWith("[") && u.endsWith("]")) {
            String curie = u.substring(1, u.length() - 1);
            if (curie.equalsIgnoreCase("OGC:CRS84")) u = CRS84;
            else if (curie.regionMatches(true, 0, "EPSG:", 0, 5)) u = EPSG_PREFIX + curie.substring(5);
        }
        return Optional.ofNullable(byUri.get(u));
    }

    /** The central meridian (degrees east) of a Gauss–Krüger code of this registry. */
    static int centralMeridianOf(int epsg) {
        return FIRST_GK_MERIDIAN + 3 * (epsg - FIRST_GK_EPSG);
    }

    private static CrsRegistry build() {
        CRSFactory factory = new CRSFactory();
        // GRS80 on both sides: WGS84 -> CGCS2000 is an identity datum shift (centimetres), so no
        // datum conversion may happen in between.
        CoordinateReferenceSystem grs80LonLat = factory.createFromParameters("CGCS2000-geographic",
                "+proj=longlat +ellps=GRS80 +no_defs");
        Map<String, OgcCrs> m = new LinkedHashMap<>();
        m.put(CRS84, new OgcCrs(CRS84, 0, "WGS 84 (CRS84, longitude/latitude)", OgcCrs.Axes.LON_LAT, null, null));
        m.put(EPSG_PREFIX + 4326, new OgcCrs(EPSG_PREFIX + 4326, 4326, "WGS 84 (EPSG:4326, latitude/longitude)",
                OgcCrs.Axes.LAT_LON, null, null));
        m.put(EPSG_PREFIX + 4490, new OgcCrs(EPSG_PREFIX + 4490, 4490, "CGCS2000 (EPSG:4490, latitude/longitude)",
                OgcCrs.Axes.LAT_LON, null, null));
        for (int epsg = FIRST_GK_EPSG; epsg <= LAST_GK_EPSG; epsg++) {
            int cm = centralMeridianOf(epsg);
            CoordinateReferenceSystem gk = factory.createFromParameters("EPSG:" + epsg,
                    "+proj=tmerc +lat_0=0 +lon_0=" + cm + " +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs");
            m.put(EPSG_PREFIX + epsg, new OgcCrs(EPSG_PREFIX + epsg, epsg,
                    "CGCS2000 / 3-degree Gauss-Kruger CM " + cm + "E (EPSG:" + epsg + ")",
                    OgcCrs.Axes.NORTHING_EASTING, grs80LonLat, gk));
        }
        return new CrsRegistry(m);
    }
}
