package org.gridwatch.ogcapi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.gridwatch.feature.FeatureBox;
import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.grid.GridLevel;
import org.gridwatch.ogcapi.tiles.PointClusters;
import org.gridwatch.ogcapi.tiles.PointStore;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Read-only SQL for vector tiles: what one tile's box holds, with only the columns a tile carries.
 * Point features go through {@link FeatureBox} (PostGIS GiST index, H2 point-tile index) and can be counted
 * or grouped into cells by the database, so a zoomed-out tile never carries every point over the wire.
 */
@Repository
class TileQueries {

    /** A point feature as a tile carries it. */
    record PointRow(long id, String type, double lon, double lat, String name, String status, String gridCode) {
    }

    /** A grid or street as a tile carries it: internal id, geometry (lon/lat) and a few properties. */
    record ShapeRow(long id, Geometry geometry, Map<String, Object> properties) {
    }

    private final JdbcTemplate jdbc;
    private final FeatureBox box;

    TileQueries(JdbcTemplate jdbc, FeatureBox box) {
        this.jdbc = jdbc;
        this.box = box;
    }

    /** Every point as a tile shows it, for the in-memory store of a tile's points. */
    List<PointStore.Row> allPoints() {
        return jdbc.query("SELECT " + POINT_COLUMNS + " FROM feature", (rs, i) -> pointRow(rs));
    }

    /** The points in a lon/lat box (edges included), for bringing the in-memory store up to date after an edit. */
    List<PointStore.Row> pointsIn(Envelope e) {
        List<Object> args = new ArrayList<>();
        String where = box.condition(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY(), args);
        return jdbc.query("SELECT " + POINT_COLUMNS + " FROM feature WHERE " + where, (rs, i) -> pointRow(rs), args.toArray());
    }

    /**
     * A stamp of the feature table that changes with every write to it, where the store keeps one that costs no
     * reading of rows: on the embedded store H2's modification id of the table (held in memory by H2). Null on
     * PostGIS, where no such stamp catches every write (another instance's or one made by hand): there the points
     * are read again whole once older than the cache age.
     */
    Long featuresStamp() {
        if (!embedded()) return null;
        return jdbc.queryForObject("SELECT LAST_MODIFICATION FROM INFORMATION_SCHEMA.TABLES "
                + "WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_NAME = 'FEATURE'", Long.class);
    }

    private volatile Boolean embedded;

    private boolean embedded() {
        Boolean e = embedded;
        if (e == null) {
            e = jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<Boolean>) c ->
                    !"PostgreSQL".equals(c.getMetaData().getDatabaseProductName()));
            embedded = e;
        }
        return e;
    }

    private static final String POINT_COLUMNS = "id, type_key, ST_X(geom) AS lon, ST_Y(geom) AS lat, name, status, grid_code";

    private static PointStore.Row pointRow(ResultSet rs) throws SQLException {
        return new PointStore.Row(rs.getLong("id"), rs.getString("type_key"), rs.getDouble("lon"), rs.getDouble("lat"),
                rs.getString("name"), rs.getString("status"), rs.getString("grid_code"));
    }

    List<PointRow> features(Collection<String> types, Envelope e) {
        List<Object> args = new ArrayList<>();
        String where = featureWhere(types, e, args);
        return jdbc.query("SELECT id, type_key, ST_X(geom) AS lon, ST_Y(geom) AS lat, name, status, grid_code FROM feature"
                + where, (rs, i) -> new PointRow(rs.getLong("id"), rs.getString("type_key"),
                rs.getDouble("lon"), rs.getDouble("lat"), rs.getString("name"), rs.getString("status"),
                rs.getString("grid_code")), args.toArray());
    }

    /**
     * The points of the box grouped by the database into the cells of {@code clusters} (columns and rows
     * of equal lon/lat size over {@code e}, rows counted from the north; across one tile the Mercator
     * stretch of latitude is negligible at the zooms where a tile can hold many points).
     */
    void featureCells(Collection<String> types, Envelope e, PointClusters clusters) {
        List<Object> args = new ArrayList<>();
        double cw = e.getWidth() / clusters.cells(), ch = e.getHeight() / clusters.cells();
        args.add(e.getMinX());
        args.add(cw);
        args.add(e.getMaxY());
        args.add(ch);
        String where = featureWhere(types, e, args);
        String sql = "SELECT type_key, cx, cy, COUNT(*) AS n, SUM(lon) AS slon, SUM(lat) AS slat FROM ("
                + "SELECT type_key, ST_X(geom) AS lon, ST_Y(geom) AS lat, "
                + "CAST(FLOOR((ST_X(geom) - ?) / ?) AS INTEGER) AS cx, CAST(FLOOR((? - ST_Y(geom)) / ?) AS INTEGER) AS cy "
                + "FROM feature" + where + ") p GROUP BY type_key, cx, cy";
        jdbc.query(sql, rs -> {
            clusters.add(rs.getString("type_key"), rs.getLong("cx"), rs.getLong("cy"), rs.getLong("n"),
                    rs.getDouble("slon"), rs.getDouble("slat"));
        }, args.toArray());
    }

    private String featureWhere(Collection<String> types, Envelope e, List<Object> args) {
        StringBuilder sql = new StringBuilder(" WHERE ");
        sql.append(box.condition(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY(), args));
        sql.append(" AND type_key IN (").append("?,".repeat(types.size() - 1)).append("?)");
        args.addAll(types);
        return sql.toString();
    }

    List<ShapeRow> grids(GridLevel level, Envelope e) {
        WKBReader wkb = new WKBReader(GeometryFactories.WGS84);
        return jdbc.query("SELECT id, code, name, parent_code, ST_AsBinary(geom) AS wkb FROM grid WHERE level = ? AND "
                + "geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)", (rs, i) -> {
            Map<String, Object> p = new java.util.LinkedHashMap<>();
            p.put("code", rs.getString("code"));
            p.put("name", rs.getString("name"));
            p.put("level", level.key());
            p.put("parentCode", rs.getString("parent_code"));
            return new ShapeRow(rs.getLong("id"), geometry(rs, wkb), p);
        }, level.key(), e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY());
    }

    /**
     * A stamp of a layer's grids or of the streets that changes whenever they change (count, highest id, and for
     * grids their summed versions and latest update): read instead of all the shapes to learn whether the ones in
     * memory are still current.
     */
    String shapesStamp(CollectionSpec c) {
        if (c.kind() == CollectionSpec.Kind.STREETS) {
            return jdbc.queryForObject("SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM street", String.class);
        }
        return jdbc.queryForObject("SELECT COUNT(*) || ':' || COALESCE(SUM(version), 0) || ':' "
                + "|| COALESCE(CAST(MAX(updated_at) AS VARCHAR), '') || ':' || COALESCE(MAX(id), 0) FROM grid WHERE level = ?",
                String.class, c.level().key());
    }

    List<ShapeRow> streets(Envelope e) {
        WKBReader wkb = new WKBReader(GeometryFactories.WGS84);
        return jdbc.query("SELECT id, name, street_class, ST_AsBinary(geom) AS wkb FROM street WHERE "
                + "geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)", (rs, i) -> {
            Map<String, Object> p = new java.util.LinkedHashMap<>();
            p.put("name", rs.getString("name"));
            p.put("class", rs.getString("street_class"));
            return new ShapeRow(rs.getLong("id"), geometry(rs, wkb), p);
        }, e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY());
    }

    private static Geometry geometry(ResultSet rs, WKBReader wkb) throws SQLException {
        try {
            return wkb.read(rs.getBytes("wkb"));
        } catch (ParseException ex) {
            throw new SQLException("stored geometry is not valid WKB", ex);
        }
    }
}
