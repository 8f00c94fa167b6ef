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
import org.gridwatch.system.TableModifications;
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
    private final TableModifications tables;

    TileQueries(JdbcTemplate jdbc, FeatureBox box, TableModifications tables) {
        this.jdbc = jdbc;
        this.box = box;
        this.tables = tables;
    }

    /** Every point as a tile shows it, for the in-memory store of a tile's points. */
    List<PointStore.Row> allPoints() {
        return jdbc.query("SELECT " + pointColumns() + " FROM feature", (rs, i) -> pointRow(rs));
    }

    /** The points in a lon/lat box (edges included), for bringing the in-memory store up to date after an edit. */
    List<PointStore.Row> pointsIn(Envelope e) {
        List<Object> args = new ArrayList<>();
        String where = box.condition(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY(), args);
        return jdbc.query("SELECT " + pointColumns() + " FROM feature WHERE " + where, (rs, i) -> pointRow(rs), args.toArray());
    }

    /**
     * A stamp of the feature table that moves with writes to it and costs no reading of rows; null when the store
     * keeps none. Embedded store: H2's modification id of the table, held in memory by H2, moved by every write
     * at once (only this service writes there). PostGIS: the table's cumulative inserted, updated and deleted row
     * counts from the statistics system, with its file node (a TRUNCATE or rewrite gives a new one). Those counts
     * are not transactional (an aborted write moves them too) and reach the shared statistics only when the
     * writing session flushes them, up to about 10 s after its commit ({@code PGSTAT_IDLE_INTERVAL}): a write may
     * show in the stamp some time after it can be read, never before. With {@code track_counts} off they stand
     * still: null then. Only an unchanged stamp means anything; a moved one on PostGIS may be this service's own
     * edits (see {@link #featuresDigest}).
     */
    String featuresStamp() {
        if (embedded()) {
            Long id = tables.modificationId("FEATURE");
            return id == null ? null : id.toString();
        }
        // to_regclass resolves 'feature' through the search path, as every other query here does: this schema's
        // table, not another schema's of the same name.
        return jdbc.queryForObject("SELECT CASE WHEN current_setting('track_counts') = 'on' THEN "
                + "(pg_stat_get_tuples_inserted(t.oid) + pg_stat_get_tuples_updated(t.oid) + pg_stat_get_tuples_deleted(t.oid)) "
                + "|| ':' || pg_relation_filenode(t.oid) END FROM (SELECT to_regclass('feature') AS oid) t", String.class);
    }

    /**
     * The number of points and the sum of their digests ({@link PointStore.Row#digest}), as the store holds them
     * now, computed by the database in one pass without sending a row; null on the embedded store, where the
     * stamp alone decides. Equal to {@link PointStore#size()} and {@link PointStore#digest()} of points read from
     * the same state (64-bit sums wrap alike).
     */
    long[] featuresDigest() {
        if (embedded()) return null;
        return jdbc.queryForObject("SELECT COUNT(*), COALESCE(SUM(" + ROW_DIGEST + "), 0) FROM feature", (rs, i) ->
                new long[] {rs.getLong(1), rs.getBigDecimal(2).toBigInteger().longValue()});
    }

    /** Whether the store is the embedded one (H2GIS), which only this service writes. */
    boolean embedded() {
        return tables.embedded();
    }

    private static final String POINT_COLUMNS = "id, type_key, ST_X(geom) AS lon, ST_Y(geom) AS lat, name, status, grid_code";
    /**
     * PostGIS: a 64-bit hash of everything a tile shows of a point, the same expression wherever points are read
     * and where they are summed up for comparison. Each column hashed with a seed of its own (a value moved to
     * another column changes the hash), NULL as the seed (never an empty text's hash in practice); combined by
     * XOR, which cannot overflow. Half the time of hashing the row's text form (0.6 s against 1.2-1.5 s for the
     * benchmark city's million points, mostly formatting the coordinates as text).
     */
    private static final String ROW_DIGEST = "(hashint8extended(id, 0) # hashtextextended(type_key, 1) "
            + "# hashfloat8extended(ST_X(geom), 2) # hashfloat8extended(ST_Y(geom), 3) # COALESCE(hashtextextended(name, 4), 4) "
            + "# COALESCE(hashtextextended(status, 5), 5) # COALESCE(hashtextextended(grid_code, 6), 6))";

    private String pointColumns() {
        return POINT_COLUMNS + (embedded() ? ", 0 AS digest" : ", " + ROW_DIGEST + " AS digest");
    }

    private static PointStore.Row pointRow(ResultSet rs) throws SQLException {
        return new PointStore.Row(rs.getLong("id"), rs.getString("type_key"), rs.getDouble("lon"), rs.getDouble("lat"),
                rs.getString("name"), rs.getString("status"), rs.getString("grid_code"), rs.getLong("digest"));
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
