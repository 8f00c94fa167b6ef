package org.gridwatch.street;

import java.util.LinkedHashMap;
import java.util.Map;

import org.locationtech.jts.geom.LineString;

/**
 * A street segment: name, class (OSM {@code highway} values such as {@code primary}, {@code residential},
 * {@code footway}, {@code steps}, or the district's own {@code alley}…), one-way rule ({@code yes}: only
 * along the line's direction, {@code -1}: only against it, null: both ways), version, centreline in lon/lat.
 */
public record StreetView(long id, String name, String streetClass, LineString geometry, String oneway, long version) {

    public StreetView(long id, String name, String streetClass, LineString geometry) {
        this(id, name, streetClass, geometry, null, 0);
    }

    /** Name and class, as the map layers and OGC API show a street. */
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("class", streetClass);
        return p;
    }

    /** What {@code /api/streets} answers and takes back for an edit: also the one-way rule and the version. */
    public Map<String, Object> apiProperties() {
        Map<String, Object> p = properties();
        p.put("oneway", oneway);
        p.put("version", version);
        return p;
    }
}
