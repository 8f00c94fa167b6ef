package org.gridwatch.outline;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.locationtech.jts.geom.Geometry;

/**
 * The stored district outline. {@code source} says how it came: {@code drawn}, {@code imported} or
 * {@code generated} (the sample district). Geometry in WGS84 lon/lat.
 */
public record DistrictOutlineView(String name, String source, Geometry geometry, double areaM2, Instant createdAt,
                                  Instant updatedAt, long version) {

    /** The properties the API shows (and the change history keeps). */
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("source", source);
        p.put("areaM2", Math.round(areaM2 * 100) / 100.0);
        p.put("createdAt", createdAt);
        p.put("updatedAt", updatedAt);
        p.put("version", version);
        return p;
    }
}
