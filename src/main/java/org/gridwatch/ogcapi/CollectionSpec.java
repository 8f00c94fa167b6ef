package org.gridwatch.ogcapi;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.gridwatch.grid.GridLevel;
import org.gridwatch.ogcapi.cql2.Cql2Sql;

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
     * @param type   JSON Schema type ({@code string}, {@code number}, {@code integer}, {@code object})
     * @param format JSON Schema format ({@code date-time}) or null
     * @param column the SQL column it is read from when it is a queryable (in CQL2 filters and as
     *               {@code ?name=value}), else null
     */
    record Property(String type, String format, String column, String titleZh, String titleEn) {

        boolean filterable() {
            return column != null;
        }

        /** Its type in filters. */
        Cql2Sql.Type filterType() {
            if ("date-time".equals(format)) return Cql2Sql.Type.TIMESTAMP;
            return switch (type) {
                case "number" -> Cql2Sql.Type.NUMBER;
                case "integer" -> Cql2Sql.Type.INTEGER;
                default -> Cql2Sql.Type.STRING;
            };
        }
    }

    /** The queryable naming an item's geometry in filters ({@code S_INTERSECTS(geometry, ...)}). */
    static final String GEOMETRY = "geometry";
    /** The queryable of an item's time (its creation), the one {@code datetime} and T_INTERSECTS apply to. */
    static final String TIME = "createdAt";

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

    /** Queryable name → SQL column and type, the geometry included: what a CQL2 filter may name. */
    Map<String, Cql2Sql.Column> filterColumns() {
        Map<String, Cql2Sql.Column> columns = new LinkedHashMap<>();
        columns.put(GEOMETRY, new Cql2Sql.Column("geom", Cql2Sql.Type.GEOMETRY));
        queryables().forEach((name, p) -> columns.put(name, new Cql2Sql.Column(p.column(), p.filterType())));
        return columns;
    }

    /** The JSON Schema format of the geometry ({@code geometry-point}, ...). */
    String geometryFormat() {
        return switch (geometryType) {
            case "Point" -> "geometry-point";
            case "LineString" -> "geometry-linestring";
            case "Polygon" -> "geometry-polygon";
            default -> "geometry-any";
        };
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
        p.put("code", new Property("string", null, "code", "编码", "Code"));
        p.put("name", new Property("string", null, "name", "名称", "Name"));
        p.put("level", new Property("string", null, "level", "级别", "Level"));
        p.put("parentCode", new Property("string", null, "parent_code", "所属大网格", "Large grid"));
        p.put("responsiblePerson", new Property("string", null, "responsible_person", "网格责任人", "Responsible person"));
        p.put("phone", new Property("string", null, "phone", "电话", "Phone"));
        p.put("areaM2", new Property("number", null, "area_m2", "面积（平方米）", "Area (m²)"));
        p.put("createdAt", new Property("string", "date-time", "created_at", "创建时间", "Created"));
        p.put("updatedAt", new Property("string", "date-time", "updated_at", "更新时间", "Updated"));
        p.put("version", new Property("integer", null, "version", "版本", "Version"));
        return level == GridLevel.LARGE
                ? new CollectionSpec(LARGE_GRIDS, Kind.GRIDS, level, null, "大网格", "Large grids", "Polygon", p)
                : new CollectionSpec(SMALL_GRIDS, Kind.GRIDS, level, null, "小网格", "Small grids", "Polygon", p);
    }

    static CollectionSpec streets() {
        Map<String, Property> p = new LinkedHashMap<>();
        p.put("name", new Property("string", null, "name", "名称", "Name"));
        p.put("class", new Property("string", null, "street_class", "道路等级", "Street class"));
        return new CollectionSpec(STREETS, Kind.STREETS, null, null, "道路", "Streets", "LineString", p);
    }

    static CollectionSpec features(String typeKey, String labelZh, String labelEn) {
        Map<String, Property> p = new LinkedHashMap<>();
        p.put("type", new Property("string", null, "type_key", "类型", "Type"));
        p.put("name", new Property("string", null, "name", "名称", "Name"));
        p.put("code", new Property("string", null, "code", "编码", "Code"));
        p.put("address", new Property("string", null, "address", "地址", "Address"));
        p.put("status", new Property("string", null, "status", "状态", "Status"));
        p.put("gridCode", new Property("string", null, "grid_code", "所在小网格", "Small grid"));
        p.put("attributes", new Property("object", null, null, "属性", "Attributes"));
        p.put("createdAt", new Property("string", "date-time", "created_at", "创建时间", "Created"));
        p.put("updatedAt", new Property("string", "date-time", "updated_at", "更新时间", "Updated"));
        p.put("version", new Property("integer", null, "version", "版本", "Version"));
        return new CollectionSpec(typeKey, Kind.FEATURES, null, typeKey, labelZh, labelEn, "Point", p);
    }
}
