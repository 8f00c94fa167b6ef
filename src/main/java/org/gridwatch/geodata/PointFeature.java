package org.gridwatch.geodata;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.locationtech.jts.geom.Point;

/**
 * One generated point feature, written to {@code features.geojson}.
 *
 * @param id         1-based id, also the GeoJSON Feature id
 * @param type       the feature type
 * @param name       Chinese name, e.g. "建设路垃圾桶12号"
 * @param code       unique code, type prefix and a 6-digit (or wider) per-type sequence: {@code TB-000123}
 * @param address    e.g. "建设路128号附近"
 * @param status     {@code active} or {@code removed}
 * @param gridCode   code of the small grid whose interior holds the point
 * @param createdAt  an instant in the 180 days before {@link DistrictGenerator#REFERENCE_INSTANT}
 * @param attributes type-specific facts (JSON object), see {@code geodata/README.md}
 * @param point      the location, WGS84 lon/lat (SRID 4326), rounded to 7 decimals
 */
public record PointFeature(long id, FeatureType type, String name, String code, String address, String status,
                           String gridCode, Instant createdAt, Map<String, Object> attributes, Point point) {

    public static final String ACTIVE = "active";
    public static final String REMOVED = "removed";

    /** The GeoJSON properties in file order: type, name, code, address, status, gridCode, createdAt, attributes. */
    public Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("type", type.key());
        properties.put("name", name);
        properties.put("code", code);
        properties.put("address", address);
        properties.put("status", status);
        properties.put("gridCode", gridCode);
        properties.put("createdAt", createdAt);
        properties.put("attributes", attributes);
        return properties;
    }
}
