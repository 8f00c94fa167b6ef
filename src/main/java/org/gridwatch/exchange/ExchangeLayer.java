package org.gridwatch.exchange;

import java.util.List;
import java.util.Locale;

/**
 * The layers that can be exported and imported, with the attribute columns of each: the API's property
 * names, their dBASE type and width. Widths are in bytes of the .dbf encoding (UTF-8 Chinese takes 3
 * bytes a character, GBK 2), chosen to hold what the API accepts in practice while keeping a million
 * records small.
 */
public enum ExchangeLayer {

    LARGE_GRIDS("large_grids", ShapefileWriter.ShapeType.POLYGON, gridColumns()),
    SMALL_GRIDS("small_grids", ShapefileWriter.ShapeType.POLYGON, gridColumns()),
    STREETS("streets", ShapefileWriter.ShapeType.POLYLINE, List.of(
            DbfField.integer("id", 10), DbfField.text("name", 120), DbfField.text("class", 16))),
    FEATURES("features", ShapefileWriter.ShapeType.POINT, List.of(
            DbfField.integer("id", 10), DbfField.text("type", 32), DbfField.text("name", 120),
            DbfField.text("code", 32), DbfField.text("address", 180), DbfField.text("status", 8),
            DbfField.text("gridCode", 32), DbfField.text("attributes", 254), DbfField.date("createdAt"),
            DbfField.date("updatedAt"), DbfField.integer("version", 10))),
    /** The district outline (one polygon or multipolygon; see the outline package). */
    DISTRICT_OUTLINE("district_outline", ShapefileWriter.ShapeType.POLYGON, List.of(
            DbfField.text("name", 200), DbfField.text("source", 16), DbfField.decimal("areaM2", 16, 2),
            DbfField.date("updatedAt"), DbfField.integer("version", 10))),
    /** Per-grid coverage of a feature type within a radius; the geometry is the grid's uncovered part. */
    COVERAGE("coverage", ShapefileWriter.ShapeType.POLYGON, List.of(
            DbfField.text("code", 64), DbfField.text("name", 120), DbfField.text("parentCode", 64),
            DbfField.text("type", 32), DbfField.decimal("radiusMeters", 10, 1), DbfField.decimal("areaM2", 16, 2),
            DbfField.decimal("coveredPct", 7, 2), DbfField.decimal("uncoveredM2", 16, 2))),
    /** Topology problems with an area: gaps, overlaps, parts of small grids outside their large grid. */
    TOPOLOGY("topology", ShapefileWriter.ShapeType.POLYGON, List.of(
            DbfField.text("kind", 24), DbfField.text("gridCode", 64), DbfField.text("otherGridCode", 64),
            DbfField.decimal("areaM2", 16, 2))),
    /** Each small grid's (or one grid's) planned patrol route: the walk covering its streets. */
    ROUTES("routes", ShapefileWriter.ShapeType.POLYLINE, List.of(
            DbfField.text("gridCode", 64), DbfField.decimal("lengthM", 12, 1), DbfField.integer("durationS", 10),
            DbfField.decimal("streetLengthM", 12, 1), DbfField.decimal("repeatedM", 12, 1),
            DbfField.integer("components", 6))),
    /** Heatmap peaks (hot spots), ranked from the densest. */
    HOTSPOTS("hotspots", ShapefileWriter.ShapeType.POINT, List.of(
            DbfField.integer("rank", 4), DbfField.text("type", 120), DbfField.decimal("radiusMeters", 10, 1),
            DbfField.decimal("densityPerKm2", 14, 2), DbfField.text("gridCode", 64)));

    private final String key;
    private final ShapefileWriter.ShapeType shapeType;
    private final List<DbfField> columns;

    ExchangeLayer(String key, ShapefileWriter.ShapeType shapeType, List<DbfField> columns) {
        this.key = key;
        this.shapeType = shapeType;
        this.columns = DbfFieldNames.assign(columns);
    }

    private static List<DbfField> gridColumns() {
        return List.of(DbfField.text("code", 64), DbfField.text("name", 120), DbfField.text("level", 8),
                DbfField.text("parentCode", 64), DbfField.text("responsiblePerson", 60), DbfField.text("phone", 32),
                DbfField.decimal("areaM2", 16, 2), DbfField.date("createdAt"), DbfField.date("updatedAt"),
                DbfField.integer("version", 10));
    }

    public String key() {
        return key;
    }

    public ShapefileWriter.ShapeType shapeType() {
        return shapeType;
    }

    /** The columns, named for the .dbf by {@link DbfFieldNames}. */
    public List<DbfField> columns() {
        return columns;
    }

    /** True for the layers computed by the coverage, topology, route and heatmap features (export only). */
    public boolean analysis() {
        return ordinal() > DISTRICT_OUTLINE.ordinal();
    }

    public static ExchangeLayer parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (ExchangeLayer l : values()) {
            if (l.key.equals(t)) return l;
        }
        throw new ExchangeFormatException("exchange.layer.unknown",
                "unknown layer '" + text + "'; use large_grids, small_grids, streets, features, district_outline, coverage, "
                        + "topology, "
                        + "routes or hotspots", String.valueOf(text));
    }
}
