package org.gridwatch.grid;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.locationtech.jts.geom.Geometry;

/** A grid as the rest of the service sees it: immutable, geometry in WGS84 lon/lat. */
public record GridView(String code, String name, GridLevel level, String parentCode, String responsiblePerson,
                       String phone, Geometry geometry, double areaM2, Instant createdAt, Instant updatedAt,
                       long version) {

    /** The GeoJSON properties of the API (camelCase names). */
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("code", code);
        p.put("name", name);
        p.put("level", level.key());
        p.put("parentCode", parentCode);
        p.put("responsiblePerson", responsiblePerson);
        p.put("phone", phone);
        p.put("areaM2", Math.round(areaM2 * 100) / 100.0);
        p.put("createdAt", createdAt);
        p.put("updatedAt", updatedAt);
        p.put("version", version);
        return p;
    }
}
