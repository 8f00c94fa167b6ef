package org.gridwatch.ogcapi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.gridwatch.feature.FeatureBox;
import org.gridwatch.feature.FeatureView;
import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.grid.GridLevel;
import org.gridwatch.grid.GridView;
import org.gridwatch.ogcapi.cql2.Cql2Sql;
import org.gridwatch.street.StreetView;
import org.gridwatch.system.PeopleFields;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKTWriter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Read-only SQL for the OGC API: keyset pages and counts of grids, streets and point features, single
 * grids and streets, and the extents of every collection. Portable between H2GIS and PostGIS: the bounding-box operator {@code &&}
 * lets PostGIS use its spatial index (feature boxes go through {@link FeatureBox}, which gives H2 its tile index; H2
 * scans grids and streets), {@code ST_Intersects} makes the test exact, geometries travel as WKB.
 */
@Repository
class OgcQueries {

    /** Queryable → column of the grid collections, for filters. */
    static final Map<String, Cql2Sql.Column> GRID_FILTER_COLUMNS = CollectionSpec.grids(GridLevel.LARGE).filterColumns();
    /** Queryable → column of streets. */
    static final Map<String, Cql2Sql.Column> STREET_FILTER_COLUMNS = CollectionSpec.streets().filterColumns();
    /** Queryable → column of the feature collections. */
    static final Map<String, Cql2Sql.Column> FEATURE_FILTER_COLUMNS = CollectionSpec.features("", "", "").filterColumns();

    private static final String GRID_COLUMNS = "id, code, name, level, parent_code, responsible_person, phone, "
            + "ST_AsBinary(geom) AS wkb, area_m2, created_at, updated_at, version";

    private final JdbcTemplate jdbc;
    private final FeatureBox box;
    private final MatchedCountCache counts;

    OgcQueries(JdbcTemplate jdbc, FeatureBox box,
               @org.springframework.beans.factory.annotation.Value("${gridwatch.ogcapi.count-cache-entries:2000}") int countEntries,
               @org.springframework.beans.factory.annotation.Value("${gridwatch.tiles.cache-seconds:60}") long countSeconds) {
        this.jdbc = jdbc;
        this.box = box;
        this.counts = new MatchedCountCache(countEntries, countSeconds * 1_000_000_000L, System::nanoTime);
    }

    /** {@code SELECT COUNT(*) FROM <table><where>}, from the count cache when this query was counted since the last change. */
    private long count(String table, String where, List<Object> args) {
        String sql = "SELECT COUNT(*) FROM " + table + where;
        String key = table + " " + where + " " + args;
        Long known = counts.get(key);
        if (known != null) return known;
        long generation = counts.generation();
        Long n = jdbc.queryForObject(sql, Long.class, args.toArray());
        long count = n == null ? 0 : n;
        counts.put(key, count, generation);
        return count;
    }

    /** Rows of {@code table} (feature, grid, street) changed: their counts are dropped. */
    void tableChanged(String table) {
        counts.invalidate(table + " ");
    }

    /** Extent of a set of rows: lon/lat box (null when there are none) and creation-time range (nulls when unknown). */
    record Extent(Envelope bbox, Instant firstCreated, Instant lastCreated) {
    }

    // ---- grids ----

    List<OgcItem> gridPage(GridLevel level, ItemFilter filter, Long afterId, int limit) {
        List<Object> args = new ArrayList<>();
        String where = gridWhere(level, filter, afterId, args);
        args.add(limit);
        WKBReader wkb = new WKBReader(GeometryFactories.WGS84);
        return jdbc.query("SELECT " + GRID_COLUMNS + " FROM grid" + where + " ORDER BY id LIMIT ?",
                (rs, i) -> gridItem(rs, wkb), args.toArray());
    }

    long gridCount(GridLevel level, ItemFilter filter) {
        List<Object> args = new ArrayList<>();
        String where = gridWhere(level, filter, null, args);
        return count("grid", where, args);
    }

    Optional<OgcItem> grid(GridLevel level, String code) {
        WKBReader wkb = new WKBReader(GeometryFactories.WGS84);
        return jdbc.query("SELECT " + GRID_COLUMNS + " FROM grid WHERE level = ? AND code = ?",
                (rs, i) -> gridItem(rs, wkb), level.key(), code).stream().findFirst();
    }

    Extent gridExtent(GridLevel level) {
        return jdbc.queryForObject("SELECT MIN(ST_XMin(geom)) AS minx, MIN(ST_YMin(geom)) AS miny, "
                + "MAX(ST_XMax(geom)) AS maxx, MAX(ST_YMax(geom)) AS maxy, MIN(created_at) AS t0, MAX(created_at) AS t1 "
                + "FROM grid WHERE level = ?", (rs, i) -> extent(rs, true), level.key());
    }

    private static String gridWhere(GridLevel level, ItemFilter f, Long afterId, List<Object> args) {
        StringBuilder sql = new StringBuilder(" WHERE level = ?");
        args.add(level.key());
        spatial(f, sql, args);
        time(f, sql, args);
        where(f, GRID_FILTER_COLUMNS, null, sql, args);
        if (afterId != null) {
            sql.append(" AND id > ?");
            args.add(afterId);
        }
        return sql.toString();
    }

    private static OgcItem gridItem(ResultSet rs, WKBReader wkb) throws SQLException {
        GridView view = new GridView(rs.getString("code"), rs.getString("name"), GridLevel.parse(rs.getString("level")),
                rs.getString("parent_code"), rs.getString("responsible_person"), rs.getString("phone"),
                geometry(rs, wkb), rs.getDouble("area_m2"), instant(rs, "created_at"), instant(rs, "updated_at"),
                rs.getLong("version"));
        return new OgcItem(view.code(), rs.getLong("id"), view.geometry(), PeopleFields.forCaller(view.properties()));
    }

    // ---- streets ----

    List<OgcItem> streetPage(ItemFilter filter, Long afterId, int limit) {
        List<Object> args = new ArrayList<>();
        String where = streetWhere(filter, afterId, args);
        args.add(limit);
        WKBReader wkb = new WKBReader(GeometryFactories.WGS84);
        return jdbc.query("SELECT id, name, street_class, ST_AsBinary(geom) AS wkb FROM street" + where
                + " ORDER BY id LIMIT ?", (rs, i) -> streetItem(rs, wkb), args.toArray());
    }

    long streetCount(ItemFilter filter) {
        List<Object> args = new ArrayList<>();
        String where = streetWhere(filter, null, args);
        return count("street", where, args);
    }

    Optional<OgcItem> street(long id) {
        WKBReader wkb = new WKBReader(GeometryFactories.WGS84);
        return jdbc.query("SELECT id, name, street_class, ST_AsBinary(geom) AS wkb FROM street WHERE id = ?",
                (rs, i) -> streetItem(rs, wkb), id).stream().findFirst();
    }

    Extent streetExtent() {
        return jdbc.queryForObject("SELECT MIN(ST_XMin(geom)) AS minx, MIN(ST_YMin(geom)) AS miny, "
                + "MAX(ST_XMax(geom)) AS maxx, MAX(ST_YMax(geom)) AS maxy FROM street", (rs, i) -> extent(rs, false));
    }

    private static String streetWhere(ItemFilter f, Long afterId, List<Object> args) {
        StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
        spatial(f, sql, args);
        // Streets carry no time, so no street lies in any datetime window.
        if (f.time() != null) sql.append(" AND 1 = 0");
        where(f, STREET_FILTER_COLUMNS, null, sql, args);
        if (afterId != null) {
            sql.append(" AND id > ?");
            args.add(afterId);
        }
        return sql.toString();
    }

    private static OgcItem streetItem(ResultSet rs, WKBReader wkb) throws SQLException {
        StreetView view = new StreetView(rs.getLong("id"), rs.getString("name"), rs.getString("street_class"),
                (LineString) geometry(rs, wkb));
        return new OgcItem(view.id(), view.id(), view.geometry(), view.properties());
    }

    // ---- features ----

    private static final String FEATURE_COLUMNS = "id, type_key, ST_X(geom) AS lon, ST_Y(geom) AS lat, name, code, "
            + "address, status, attributes, grid_code, created_at, updated_at, version";

    /**
     * A keyset page of one feature type. Ordered by {@code type_key, id} (the same order as by id, the type
     * being fixed) because that is what lets H2 walk the (type_key, id) index and stop after {@code limit}
     * rows; ordered by id alone H2 reads every feature of the type and sorts them, seconds at 400,000.
     */
    List<OgcItem> featurePage(String typeKey, ItemFilter filter, Long afterId, int limit) {
        List<Object> args = new ArrayList<>();
        String where = featureWhere(typeKey, filter, afterId, args);
        args.add(limit);
        // The page's ids first, then its rows: selecting only the id lets PostGIS answer the selection from the
        // covering index (type_key, status, id) INCLUDE (geom) without visiting the table for every row it
        // passes over (a box of a quarter of the city skips ~70,000 of them before the page's first; V190).
        List<Long> ids = jdbc.queryForList("SELECT id FROM feature" + where + " ORDER BY type_key, id LIMIT ?",
                Long.class, args.toArray());
        if (ids.isEmpty()) return List.of();
        String marks = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        return jdbc.query("SELECT " + FEATURE_COLUMNS + " FROM feature WHERE id IN (" + marks + ") ORDER BY id",
                (rs, i) -> featureItem(rs), ids.toArray());
    }

    long featureCount(String typeKey, ItemFilter filter) {
        List<Object> args = new ArrayList<>();
        String where = featureWhere(typeKey, filter, null, args);
        return count("feature", where, args);
    }

    /** The extent of every feature type in one pass over the table. */
    Map<String, Extent> featureExtents() {
        Map<String, Extent> extents = new java.util.HashMap<>();
        jdbc.query("SELECT type_key, MIN(ST_X(geom)) AS minx, MIN(ST_Y(geom)) AS miny, MAX(ST_X(geom)) AS maxx, "
                + "MAX(ST_Y(geom)) AS maxy, MIN(created_at) AS t0, MAX(created_at) AS t1 FROM feature GROUP BY type_key",
                rs -> {
                    extents.put(rs.getString("type_key"), extent(rs, true));
                });
        return extents;
    }

    private String featureWhere(String typeKey, ItemFilter f, Long afterId, List<Object> args) {
        StringBuilder sql = new StringBuilder(" WHERE type_key = ?");
        args.add(typeKey);
        if (f.envelope() != null) {
            // Points: the bounding-box test is exact, boundary included.
            Envelope e = f.envelope();
            sql.append(" AND ").append(box.condition(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY(), args));
        }
        time(f, sql, args);
        // A spatial condition of the filter also goes through the feature box (H2's tile index).
        where(f, FEATURE_FILTER_COLUMNS, new Cql2Sql.BoxCondition() {
            @Override
            public String condition(Envelope e, List<Object> a) {
                return box.condition(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY(), a);
            }

            @Override
            public boolean exactForRectangles() {
                // features are points, and FeatureBox's condition is exact with the boundary included
                return true;
            }
        }, sql, args);
        if (afterId != null) {
            sql.append(" AND id > ?");
            args.add(afterId);
        }
        return sql.toString();
    }

    private static OgcItem featureItem(ResultSet rs) throws SQLException {
        FeatureView view = new FeatureView(rs.getLong("id"), rs.getString("type_key"), rs.getDouble("lon"),
                rs.getDouble("lat"), rs.getString("name"), rs.getString("code"), rs.getString("address"),
                rs.getString("status"), rs.getString("attributes"), rs.getString("grid_code"), instant(rs, "created_at"),
                instant(rs, "updated_at"), rs.getLong("version"));
        return new OgcItem(view.id(), view.id(), view.point(), view.properties());
    }

    // ---- shared ----

    private static void spatial(ItemFilter f, StringBuilder sql, List<Object> args) {
        if (f.envelope() == null) return;
        Envelope e = f.envelope();
        sql.append(" AND geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)");
        args.add(e.getMinX());
        args.add(e.getMinY());
        args.add(e.getMaxX());
        args.add(e.getMaxY());
        if (f.area() != null) {
            sql.append(" AND ST_Intersects(geom, ST_GeomFromText(?, 4326))");
            args.add(new WKTWriter().write(f.area()));
        } else {
            sql.append(" AND ST_Intersects(geom, ST_MakeEnvelope(?, ?, ?, ?, 4326))");
            args.add(e.getMinX());
            args.add(e.getMinY());
            args.add(e.getMaxX());
            args.add(e.getMaxY());
        }
    }

    private static void time(ItemFilter f, StringBuilder sql, List<Object> args) {
        if (f.time() == null) return;
        if (f.time().from() != null) {
            sql.append(" AND created_at >= ?");
            args.add(f.time().from().atOffset(ZoneOffset.UTC));
        }
        if (f.time().to() != null) {
            sql.append(" AND created_at <= ?");
            args.add(f.time().to().atOffset(ZoneOffset.UTC));
        }
    }

    /** The CQL2 part of a filter, checked and translated, its literals bound as parameters. */
    private static void where(ItemFilter f, Map<String, Cql2Sql.Column> columns, Cql2Sql.BoxCondition box,
                              StringBuilder sql, List<Object> args) {
        if (f.where() == null) return;
        // With public read on, nobody signed out may filter on people's names or phones (they are not shown either).
        for (String property : org.gridwatch.ogcapi.cql2.Cql2.properties(f.where())) PeopleFields.checkFilter(property);
        Cql2Sql.Where w = Cql2Sql.translate(f.where(), columns, box);
        sql.append(" AND ").append(w.sql());
        args.addAll(w.args());
    }

    private static Extent extent(ResultSet rs, boolean withTimes) throws SQLException {
        double minx = rs.getDouble("minx");
        Envelope box = rs.wasNull() ? null : new Envelope(minx, rs.getDouble("maxx"), rs.getDouble("miny"),
                rs.getDouble("maxy"));
        return withTimes ? new Extent(box, instant(rs, "t0"), instant(rs, "t1")) : new Extent(box, null, null);
    }

    private static Geometry geometry(ResultSet rs, WKBReader wkb) throws SQLException {
        try {
            Geometry g = wkb.read(rs.getBytes("wkb"));
            g.setSRID(GeometryFactories.WGS84_SRID);
            return g;
        } catch (ParseException e) {
            throw new SQLException("stored geometry is not valid WKB", e);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
