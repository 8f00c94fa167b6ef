package org.gridwatch.map;

import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the web map needs to know about base maps.
 *
 * @param tileUrl         a district's own XYZ tile URL template ({z}/{x}/{y}, optional {s}); blank = none configured
 * @param tileAttribution the attribution shown for {@code tileUrl}
 * @param tileMaxZoom     the highest zoom level the configured tiles exist for
 * @param defaultBaseMap  the base map shown first: {@code osm}, {@code custom} (the configured tiles) or
 *                        {@code none} (no tiles at all, for closed networks)
 */
@ConfigurationProperties("gridwatch.map")
public record MapSettings(String tileUrl, String tileAttribution, Integer tileMaxZoom, String defaultBaseMap) {

    /** The public OpenStreetMap tile servers; their usage policy asks for this attribution. */
    public static final String OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
    public static final String OSM_ATTRIBUTION = "&copy; <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a> contributors";

    public MapSettings {
        tileUrl = tileUrl == null || tileUrl.isBlank() ? null : tileUrl.trim();
        tileAttribution = tileAttribution == null ? "" : tileAttribution.trim();
        tileMaxZoom = tileMaxZoom == null ? 19 : tileMaxZoom;
        String base = defaultBaseMap == null || defaultBaseMap.isBlank() ? null : defaultBaseMap.trim().toLowerCase(Locale.ROOT);
        if (base == null) {
            // A district that configured its own tiles wants to see them first.
            base = tileUrl != null ? "custom" : "osm";
        }
        if (!base.equals("osm") && !base.equals("custom") && !base.equals("none")) {
            throw new IllegalArgumentException("gridwatch.map.default-base-map must be osm, custom or none, not " + base);
        }
        if (base.equals("custom") && tileUrl == null) {
            throw new IllegalArgumentException("gridwatch.map.default-base-map=custom needs gridwatch.map.tile-url");
        }
        defaultBaseMap = base;
    }
}
