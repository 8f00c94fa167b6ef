package org.gridwatch.history;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.gridwatch.geo.GeoJsonReader;
import org.gridwatch.geo.GeometryFactories;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;

/** The change_history table: plain JDBC, SQL both H2 and PostgreSQL understand. */
@Repository
class ChangeHistory {

    /** One row to write; JSON already serialised. */
    record Row(String entity, String entityId, ChangeAction action, String actor, Instant changedAt, Integer batchCount,
               String beforeProps, String beforeGeom, String afterProps, String afterGeom) {
    }

    private static final String INSERT = "INSERT INTO change_history (entity, entity_id, action, actor, changed_at, "
            + "batch_count, before_props, before_geom, after_props, after_geom) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcTemplate jdbc;

    ChangeHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    long insert(Row row) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement(INSERT, new String[]{"id"});
            bind(ps, row);
            return ps;
        }, keys);
        Number key = keys.getKey();
        return key == null ? -1 : key.longValue();
    }

    void insertAll(List<Row> rows) {
        jdbc.batchUpdate(INSERT, rows, 1000, ChangeHistory::bind);
    }

    private static void bind(PreparedStatement ps, Row r) throws SQLException {
        ps.setString(1, r.entity());
        ps.setString(2, r.entityId());
        ps.setString(3, r.action().key());
        ps.setString(4, r.actor());
        ps.setObject(5, r.changedAt().atOffset(ZoneOffset.UTC));
        if (r.batchCount() == null) ps.setNull(6, Types.INTEGER);
        else ps.setInt(6, r.batchCount());
        ps.setString(7, r.beforeProps());
        ps.setString(8, r.beforeGeom());
        ps.setString(9, r.afterProps());
        ps.setString(10, r.afterGeom());
    }

    /** Newest first; either filter may be null. */
    List<HistoryEntry> page(String entity, String entityId, int limit, long offset) {
        List<Object> args = new ArrayList<>();
        String where = where(entity, entityId, args);
        args.add(limit);
        args.add(offset);
        return jdbc.query("SELECT * FROM change_history" + where + " ORDER BY id DESC LIMIT ? OFFSET ?",
                (rs, n) -> entry(rs), args.toArray());
    }

    long count(String entity, String entityId) {
        List<Object> args = new ArrayList<>();
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM change_history" + where(entity, entityId, args), Long.class,
                args.toArray());
        return n == null ? 0 : n;
    }

    Optional<HistoryEntry> find(long id) {
        return jdbc.query("SELECT * FROM change_history WHERE id = ?", (rs, n) -> entry(rs), id).stream().findFirst();
    }

    private static String where(String entity, String entityId, List<Object> args) {
        if (entity == null) return "";
        args.add(entity);
        if (entityId == null) return " WHERE entity = ?";
        args.add(entityId);
        return " WHERE entity = ? AND entity_id = ?";
    }

    private static HistoryEntry entry(ResultSet rs) throws SQLException {
        int batch = rs.getInt("batch_count");
        Integer batchCount = rs.wasNull() ? null : batch;
        OffsetDateTime at = rs.getObject("changed_at", OffsetDateTime.class);
        return new HistoryEntry(rs.getLong("id"), rs.getString("entity"), rs.getString("entity_id"),
                ChangeAction.parse(rs.getString("action")), rs.getString("actor"), at.toInstant(), batchCount,
                json(rs.getString("before_props")), geometry(rs.getString("before_geom")),
                json(rs.getString("after_props")), geometry(rs.getString("after_geom")));
    }

    private static Geometry geometry(String wkt) {
        if (wkt == null) return null;
        try {
            return new WKTReader(GeometryFactories.WGS84).read(wkt);
        } catch (ParseException e) {
            throw new IllegalStateException("unreadable geometry in change_history: " + e.getMessage(), e);
        }
    }

    private static JsonNode json(String text) {
        return text == null ? null : GeoJsonReader.parseTree(text);
    }
}
