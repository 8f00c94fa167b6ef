package org.gridwatch.feature;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.gridwatch.geo.GeoJsonWriter.RawJson;
import org.gridwatch.geo.GeometryFactories;
import org.locationtech.jts.geom.Point;

/** A point feature as the rest of the service sees it, lon/lat in WGS84. */
public record FeatureView(long id, String type, double lon, double lat, String name, String code, String address,
                          String status, String attributesJson, String gridCode, Instant createdAt,
                          Instant updatedAt, long version) {

    public Point point() {
        return GeometryFactories.point(lon, lat);
    }

    /** The GeoJSON properties of the API (camelCase names). */
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", type);
        p.put("name", name);
        p.put("code", code);
        p.put("address", address);
        p.put("status", status);
        p.put("gridCode", gridCode);
        p.put("attributes", new RawJson(attributesJson == null ? "{}" : attributesJson));
        p.put("createdAt", createdAt);
        p.put("updatedAt", updatedAt);
        p.put("version", version);
        return p;
    }
}
