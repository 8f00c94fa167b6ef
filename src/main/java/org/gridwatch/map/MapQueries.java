package org.gridwatch.map;

import java.util.ArrayList;
import java.util.List;

import org.gridwatch.feature.FeatureBox;
import org.gridwatch.geo.BoundingBox;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The read-only SQL behind the map: feature counts grouped in the database, the district's extent,
 * and the search box. It reads the grid and feature tables directly because these are aggregates
 * over up to a million rows that no per-record service call could answer in time. SQL that H2GIS and
 * PostGIS both run; boxes go through {@link FeatureBox}, which lets either use an index.
 */
@Repository
class MapQueries {

    private final JdbcTemplate jdbc;
    private final FeatureBox box;

    MapQueries(JdbcTemplate jdbc, FeatureBox box) {
        this.jdbc = jdbc;
        this.box = box;
    }

    /** Active features in {@code bbox} of the given types (empty = all), counted per lattice cell and type. */
    void countByCell(BoundingBox bbox, List<String> types, ClusterLattice lattice, CountGroups into) {
        List<Object> args = new ArrayList<>();
        args.add(lattice.cellLonDeg());
        args.add(lattice.cellLatDeg());
        String where = where(bbox, types, args);
        // The inner select names the cell columns so both databases accept the GROUP BY on them.
        String sql = "SELECT cx, cy, type_key, COUNT(*) AS n, SUM(x) AS sx, SUM(y) AS sy FROM ("
                + "SELECT FLOOR(ST_X(geom) / ?) AS cx, FLOOR(ST_Y(geom) / ?) AS cy, ST_X(geom) AS x, ST_Y(geom) AS y,"
                + " type_key FROM feature" + where + ") cells GROUP BY cx, cy, type_key";
        jdbc.query(sql, rs -> {
            into.add((long) rs.getDouble("cx") + ":" + (long) rs.getDouble("cy"), rs.getString("type_key"),
                    rs.getLong("n"), rs.getDouble("sx"), rs.getDouble("sy"));
        }, args.toArray());
    }

    /**
     * Active features in {@code bbox} counted per small grid and type; features in no grid are
     * counted under the key {@code null} by the caller's choice of what to do with them.
     */
    void countByGrid(BoundingBox bbox, List<String> types, CountGroups into, long[] outsideGrids) {
        List<Object> args = new ArrayList<>();
        String where = where(bbox, types, args);
        String sql = "SELECT grid_code, type_key, COUNT(*) AS n, SUM(ST_X(geom)) AS sx, SUM(ST_Y(geom)) AS sy"
                + " FROM feature" + where + " GROUP BY grid_code, type_key";
        jdbc.query(sql, rs -> {
            String code = rs.getString("grid_code");
            if (code == null) {
                outsideGrids[0] += rs.getLong("n");
            } else {
                into.add(code, rs.getString("type_key"), rs.getLong("n"), rs.getDouble("sx"), rs.getDouble("sy"));
            }
        }, args.toArray());
    }

    /** Active features per small grid and type, over the whole store (no geometry is read). */
    List<GridCountIndex.Row> countRowsPerGrid() {
        return jdbc.query("SELECT grid_code, type_key, COUNT(*) AS n FROM feature WHERE status = 'active'"
                        + " GROUP BY grid_code, type_key",
                (rs, i) -> new GridCountIndex.Row(rs.getString("grid_code"), rs.getString("type_key"), rs.getLong("n")));
    }

    private String where(BoundingBox bbox, List<String> types, List<Object> args) {
        StringBuilder sql = new StringBuilder(" WHERE ")
                .append(box.condition(bbox.minLon(), bbox.minLat(), bbox.maxLon(), bbox.maxLat(), args))
                .append(" AND status = 'active'");
        if (!types.isEmpty()) {
            sql.append(" AND type_key IN (").append("?,".repeat(types.size() - 1)).append("?)");
            args.addAll(types);
        }
        return sql.toString();
    }

    /** The lon/lat extent of the large grids (all grids if there are no large ones), or null when there are none. */
    BoundingBox gridExtent() {
        String sql = "SELECT MIN(ST_XMin(geom)) AS x0, MIN(ST_YMin(geom)) AS y0, MAX(ST_XMax(geom)) AS x1,"
                + " MAX(ST_YMax(geom)) AS y1 FROM grid";
        BoundingBox large = jdbc.query(sql + " WHERE level = 'large'", MapQueries::extentRow);
        return large != null ? large : jdbc.query(sql, MapQueries::extentRow);
    }

    private static BoundingBox extentRow(java.sql.ResultSet rs) throws java.sql.SQLException {
        if (!rs.next()) return null;
        double x0 = rs.getDouble("x0");
        if (rs.wasNull()) return null;
        return new BoundingBox(x0, rs.getDouble("y0"), rs.getDouble("x1"), rs.getDouble("y1"));
    }

    /** Grids whose code or name contains {@code needle} (case-insensitive), exact code first. */
    List<SearchHit> searchGrids(String needle, int limit) {
        String like = "%" + escapeLike(needle.toLowerCase(java.util.Locale.ROOT)) + "%";
        return jdbc.query("""
                SELECT code, name, level, ST_XMin(geom) AS x0, ST_YMin(geom) AS y0, ST_XMax(geom) AS x1, ST_YMax(geom) AS y1
                  FROM grid
                 WHERE LOWER(code) LIKE ? ESCAPE '!' OR LOWER(name) LIKE ? ESCAPE '!'
                 ORDER BY CASE WHEN LOWER(code) = ? THEN 0 ELSE 1 END, level, code
                 LIMIT ?""",
                (rs, i) -> new SearchHit("grid", rs.getString("code"), rs.getString("name"), rs.getString("level"),
                        List.of(rs.getDouble("x0"), rs.getDouble("y0"), rs.getDouble("x1"), rs.getDouble("y1"))),
                like, like, needle.toLowerCase(java.util.Locale.ROOT), limit);
    }

    /** Active features whose name contains {@code needle} (case-insensitive), oldest first. */
    List<SearchHit> searchFeatures(String needle, int limit) {
        String like = "%" + escapeLike(needle.toLowerCase(java.util.Locale.ROOT)) + "%";
        return jdbc.query("""
                SELECT id, type_key, name, ST_X(geom) AS x, ST_Y(geom) AS y
                  FROM feature
                 WHERE status = 'active' AND LOWER(name) LIKE ? ESCAPE '!'
                 ORDER BY id
                 LIMIT ?""",
                (rs, i) -> {
                    double x = rs.getDouble("x"), y = rs.getDouble("y");
                    return new SearchHit("feature", String.valueOf(rs.getLong("id")), rs.getString("name"),
                            rs.getString("type_key"), List.of(x, y, x, y));
                }, like, limit);
    }

    private static String escapeLike(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
