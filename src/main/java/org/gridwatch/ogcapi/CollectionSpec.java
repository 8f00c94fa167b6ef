package org.gridwatch.ogcapi;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.gridwatch.grid.GridLevel;

/**
 * One collection: its id, what it holds, its titles and the properties of its items (with their JSON
 * Schema type, and whether simple equality filters on them are accepted).
 *
 * @param level   the grid level for grid collections, else null
 * @param typeKey the feature type key for point-feature collections, else null
 */
record CollectionSpec(String id, Kind kind, GridLevel level, String typeKey, String titleZh, String titleEn,
                      String geometryType, Map<String, Property> properties) {

    enum Kind { GRIDS, STREETS, FEATURES }

    /**
     * An item property.
     *
     * @param type       JSON Schema type ({@code string}, {@code number}, {@code integer}, {@code object})
     * @param format     JSON Schema format ({@code date-time}) or null
     * @param filterable whether {@code ?name=value} filters on it
     */
    record Property(String type, String format, boolean filterable, String titleZh, String titleEn) {
    }

    static final String LARGE_GRIDS = "large_grids";
    static final String SMALL_GRIDS = "small_grids";
    static final String STREETS = "streets";

    String title(Locale locale) {
        return isEnglish(locale) ? titleEn : titleZh;
    }

    /** True when items carry a creation time, so {@code datetime} applies. */
    boolean hasTime() {
        return kind != Kind.STREETS;
    }

    Map<String, Property> queryables() {
        Map<String, Property> q = new LinkedHashMap<>();
        properties.forEach((name, p) -> {
            if (p.filterable()) q.put(name, p);
        });
        return q;
    }

    static boolean isEnglish(Locale locale) {
        return locale != null && locale.getLanguage().equals("en");
    }

    static CollectionSpec grids(GridLevel level) {
        Map<String, Property> p = new LinkedHashMap<>();
        p.put("code", new Property("string", null, true, "编码", "Code"));
        p.put("name", new Property("string", null, true, "名称", "Name"));
        p.put("level", new Property("string", null, false, "级别", "Level"));
        p.put("parentCode", new Property("string", null, true, "所属大网格", "Large grid"));
        p.put("responsiblePerson", new Property("string", null, true, "网格责任人", "Responsible person"));
        p.put("phone", new Property("string", null, true, "电话", "Phone"));
        p.put("areaM2", new Property("number", null, false, "面积（平方米）", "Area (m²)"));
        p.put("createdAt", new Property("string", "date-time", false, "创建时间", "Created"));
        p.put("updatedAt", new Property("string", "date-time", false, "更新时间", "Updated"));
        p.put("version", new Property("integer", null, false, "版本", "Version"));
        return level == GridLevel.LARGE
                ? new CollectionSpec(LARGE_GRIDS, Kind.GRIDS, level, null, "大网格", "Large grids", "Polygon", p)
                : new CollectionSpec(SMALL_GRIDS, Kind.GRIDS, level, null, "小网格", "Small grids", "Polygon", p);
    }

    static CollectionSpec streets() {
        Map<String, Property> p = new LinkedHashMap<>();
        p.put("name", new Property("string", null, true, "名称", "Name"));
        p.put("class", new Property("string", null, true, "道路等级", "Street class"));
        return new CollectionSpec(STREETS, Kind.STREETS, null, null, "道路", "Streets", "LineString", p);
    }

    static CollectionSpec features(String typeKey, String labelZh, String labelEn) {
        Map<String, Property> p = new LinkedHashMap<>();
        p.put("type", new Property("string", null, false, "类型", "Type"));
        p.put("name", new Property("string", null, false, "名称", "Name"));
        p.put("code", new Property("string", null, false, "编码", "Code"));
        p.put("address", new Property("string", null, false, "地址", "Address"));
        p.put("status", new Property("string", null, true, "状态", "Status"));
        p.put("gridCode", new Property("string", null, true, "所在小网格", "Small grid"));
        p.put("attributes", new Property("object", null, false, "属性", "Attributes"));
        p.put("createdAt", new Property("string", "date-time", false, "创建时间", "Created"));
        p.put("updatedAt", new Property("string", "date-time", false, "更新时间", "Updated"));
        p.put("version", new Property("integer", null, false, "版本", "Version"));
        return new CollectionSpec(typeKey, Kind.FEATURES, null, typeKey, labelZh, labelEn, "Point", p);
    }
}
