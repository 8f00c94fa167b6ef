package org.gridwatch.street;

import java.util.LinkedHashMap;
import java.util.Map;

import org.locationtech.jts.geom.LineString;

/** A street segment: name, class ({@code primary|secondary|residential|alley}) and centreline in lon/lat. */
public record StreetView(long id, String name, String streetClass, LineString geometry) {

    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("class", streetClass);
        return p;
    }
}
