package org.gridwatch.basemap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Tianditu (天地图) tile URL templates for one key: vector and imagery, each with its annotation layer
 * (place names drawn on a transparent tile above the base), in Web Mercator ({@code TILEMATRIXSET=w}, the
 * {@code _w} services), so they line up with Leaflet's default projection. Tianditu's coordinates are
 * CGCS2000, which differs from WGS84 by centimetres: the district's data needs no shift.
 *
 * <p>Pure: no Spring, no store.
 */
public final class TiandituTiles {

    /** A Tianditu key as its console hands it out: 32 hexadecimal characters. */
    private static final Pattern KEY = Pattern.compile("[0-9a-fA-F]{32}");

    /** The subdomain digits {@code t0}…{@code t7} that spread the tile requests. */
    public static final String SUBDOMAINS = "01234567";

    /** The host pattern of every template (for the Content-Security-Policy's img-src). */
    public static final String HOSTS = "https://*.tianditu.gov.cn";

    /** The attribution Tianditu's terms ask for (审图号 of the national base map). */
    public static final String ATTRIBUTION = "&copy; 天地图 GS(2023)336号";

    private TiandituTiles() {
    }

    /** Whether {@code key} has the form of a Tianditu key (after trimming). */
    public static boolean isKey(String key) {
        return key != null && KEY.matcher(key.trim()).matches();
    }

    /**
     * The WMTS GetTile request of one Tianditu layer ({@code vec}, {@code cva}, {@code img}, {@code cia},
     * {@code eva}, {@code eia}) as a Leaflet XYZ template: {@code {s}} subdomain, {@code {z}/{y}/{x}} as
     * TILEMATRIX/TILEROW/TILECOL.
     */
    public static String template(String layer, String key) {
        if (!isKey(key)) throw new IllegalArgumentException("not a Tianditu key");
        if (!List.of("vec", "cva", "img", "cia", "eva", "eia").contains(layer)) {
            throw new IllegalArgumentException("unknown Tianditu layer " + layer);
        }
        return "https://t{s}.tianditu.gov.cn/" + layer + "_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
                + "&LAYER=" + layer + "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles"
                + "&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=" + key.trim();
    }

    /**
     * What the page needs for both Tianditu base maps: {@code vector} and {@code imagery}, each a list of
     * templates drawn bottom to top (base, then annotation). Annotations are Chinese ({@code cva}, {@code cia});
     * English ones ({@code eva}, {@code eia}) for an English page, as Tianditu offers them.
     */
    public static Map<String, Object> forPage(String key, boolean english) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("vector", List.of(template("vec", key), template(english ? "eva" : "cva", key)));
        out.put("imagery", List.of(template("img", key), template(english ? "eia" : "cia", key)));
        out.put("subdomains", SUBDOMAINS);
        out.put("attribution", ATTRIBUTION);
        out.put("maxNativeZoom", 18);
        return out;
    }
}
