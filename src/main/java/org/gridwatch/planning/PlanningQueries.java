package org.gridwatch.planning;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.gridwatch.feature.FeatureBox;
import org.locationtech.jts.geom.Envelope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * What planning reads beside grids and streets (active features, as type and position) and the record
 * of retired codes. Portable SQL for H2GIS and PostGIS; feature boxes go through {@link FeatureBox}.
 */
@Repository
class PlanningQueries {

    private final JdbcTemplate jdbc;
    private final FeatureBox box;

    PlanningQueries(JdbcTemplate jdbc, FeatureBox box) {
        this.jdbc = jdbc;
        this.box = box;
    }

    /** An active feature: type key and lon/lat. */
    record Point(String type, double lon, double lat) {
    }

    List<Point> activeFeatures(Envelope window) {
        List<Point> out = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        jdbc.query("SELECT type_key, ST_X(geom), ST_Y(geom) FROM feature WHERE status = 'active' AND "
                        + box.condition(window.getMinX(), window.getMinY(), window.getMaxX(), window.getMaxY(), args),
                rs -> {
                    out.add(new Point(rs.getString(1), rs.getDouble(2), rs.getDouble(3)));
                }, args.toArray());
        return out;
    }

    void recordCodeChange(String oldCode, String newCode, String parentCode, String reason, Instant at) {
        jdbc.update("INSERT INTO grid_code_history (old_code, new_code, parent_code, reason, changed_at)"
                + " VALUES (?, ?, ?, ?, ?)", oldCode, newCode, parentCode, reason, Timestamp.from(at));
    }

    /** Every record where {@code code} is the old or the new code, oldest first. */
    List<Map<String, Object>> codeHistory(String code) {
        return jdbc.query("SELECT old_code, new_code, parent_code, reason, changed_at FROM grid_code_history"
                        + " WHERE old_code = ? OR new_code = ? ORDER BY id",
                (rs, i) -> {
                    Map<String, Object> row = new java.util.LinkedHashMap<>();
                    row.put("oldCode", rs.getString(1));
                    row.put("newCode", rs.getString(2));
                    row.put("parentCode", rs.getString(3));
                    row.put("reason", rs.getString(4));
                    row.put("changedAt", rs.getTimestamp(5).toInstant().toString());
                    return row;
                }, code, code);
    }
}
