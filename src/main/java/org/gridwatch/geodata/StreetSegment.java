package org.gridwatch.geodata;

import java.util.LinkedHashMap;
import java.util.Map;

import org.locationtech.jts.geom.LineString;

/**
 * One generated street segment, written to {@code streets.geojson}. Segments of one street share its
 * name; segments that meet share exact end coordinates.
 *
 * @param id          1-based id, also the GeoJSON Feature id
 * @param name        Chinese street name, e.g. "建设路"
 * @param streetClass the street's class
 * @param geometry    the segment, WGS84 lon/lat (SRID 4326), coordinates rounded to 7 decimals
 */
public record StreetSegment(int id, String name, StreetClass streetClass, LineString geometry) {

    /** The GeoJSON properties in file order: name, class. */
    public Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("name", name);
        properties.put("class", streetClass.key());
        return properties;
    }
}
