package org.gridwatch.geodata;

import java.util.LinkedHashMap;
import java.util.Map;

import org.locationtech.jts.geom.Polygon;

/**
 * One generated grid (网格) with the properties written to {@code large_grids.geojson} /
 * {@code small_grids.geojson}.
 *
 * @param code              unique code, {@code JNS-01} for a large grid, {@code JNS-01-001} for a small one
 * @param name              Chinese name, e.g. "锦绣社区" or "锦绣社区第3网格"
 * @param level             {@link #LARGE} or {@link #SMALL}
 * @param parentCode        code of the containing large grid; {@code null} for a large grid
 * @param responsiblePerson name of the grid's responsible person (网格责任人)
 * @param phone             the responsible person's 11-digit mobile number
 * @param polygon           the grid's area, WGS84 lon/lat (SRID 4326), coordinates rounded to 7 decimals
 */
public record Grid(String code, String name, String level, String parentCode, String responsiblePerson,
                   String phone, Polygon polygon) {

    public static final String LARGE = "large";
    public static final String SMALL = "small";

    /** The GeoJSON properties in file order: code, name, level, parentCode, responsiblePerson, phone. */
    public Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("code", code);
        properties.put("name", name);
        properties.put("level", level);
        properties.put("parentCode", parentCode);
        properties.put("responsiblePerson", responsiblePerson);
        properties.put("phone", phone);
        return properties;
    }
}
