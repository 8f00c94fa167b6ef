package org.gridwatch.feature;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.gridwatch.grid.SmallGridLocator;
import org.locationtech.jts.geom.Envelope;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The feature SQL that must be fast: viewport reads, bulk inserts and grid-code recomputation.
 * Plain JDBC, with SQL that H2GIS and PostGIS both understand; boxes go through {@link FeatureBox},
 * which lets either database use an index.
 */
@Repository
class FeatureQueries {

    private static final String COLUMNS = "id, type_key, ST_X(geom) AS lon, ST_Y(geom) AS lat, name, code, address, "
            + "status, attributes, grid_code, created_at, updated_at, version";

    private static final int STREAM_FETCH_ROWS = 2000;

    private final JdbcTemplate jdbc;
    private final FeatureBox box;

    FeatureQueries(JdbcTemplate jdbc, FeatureBox box) {
        this.jdbc = jdbc;
        this.box = box;
    }

    /** Streams one page of matching features, ordered by id, to {@code sink}. */
    void page(FeatureFilter filter, int limit, long offset, Consumer<FeatureView> sink) {
        page(filter, FeatureProperty.all(), limit, offset, sink);
    }

    /**
     * Streams one page of matching features with only the columns behind {@code chosen} read (the
     * others are null or 0 in the views handed to {@code sink}).
     */
    void page(FeatureFilter filter, Set<FeatureProperty> chosen, int limit, long offset, Consumer<FeatureView> sink) {
        boolean every = chosen.size() == FeatureProperty.values().length;
        StringBuilder columns = new StringBuilder("id, ST_X(geom) AS lon, ST_Y(geom) AS lat");
        for (FeatureProperty p : chosen) columns.append(", ").append(p.column());
        List<Object> args = new ArrayList<>();
        String where = where(filter, box, args);
        args.add(limit);
        args.add(offset);
        // With one type and no box, ordering by (type_key, id) is the same order, and lets H2 walk
        // the (type_key, id) index and stop at the limit instead of sorting every feature of the type.
        String order = filter.types().size() == 1 && filter.bbox() == null ? " ORDER BY type_key, id" : " ORDER BY id";
        String sql = "SELECT " + (every ? COLUMNS : columns) + " FROM feature" + where + order + " LIMIT ? OFFSET ?";
        // A fetch size makes the PostgreSQL driver read through a cursor (inside the caller's transaction)
        // instead of loading the whole result, so streaming a million rows keeps memory bounded.
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(sql);
            ps.setFetchSize(STREAM_FETCH_ROWS);
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            return ps;
        }, rs -> {
            sink.accept(every ? row(rs) : row(rs, chosen));
        });
    }

    long count(FeatureFilter filter) {
        List<Object> args = new ArrayList<>();
        String where = where(filter, box, args);
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM feature" + where, Long.class, args.toArray());
        return n == null ? 0 : n;
    }

    static String where(FeatureFilter f, FeatureBox box, List<Object> args) {
        StringBuilder sql = new StringBuilder();
        String glue = " WHERE ";
        if (f.bbox() != null) {
            sql.append(glue).append(box.condition(f.bbox().minLon(), f.bbox().minLat(), f.bbox().maxLon(),
                    f.bbox().maxLat(), args));
            glue = " AND ";
        }
        if (!f.types().isEmpty()) {
            sql.append(glue).append("type_key IN (").append("?,".repeat(f.types().size() - 1)).append("?)");
            args.addAll(f.types());
            glue = " AND ";
        }
        if (f.gridCode() != null) {
            sql.append(glue).append("grid_code = ?");
            args.add(f.gridCode());
            glue = " AND ";
        }
        if (f.status() != null) {
            sql.append(glue).append("status = ?");
            args.add(f.status());
            glue = " AND ";
        }
        if (f.createdFrom() != null) {
            sql.append(glue).append("created_at >= ?");
            args.add(f.createdFrom().atOffset(java.time.ZoneOffset.UTC));
            glue = " AND ";
        }
        if (f.createdTo() != null) {
            sql.append(glue).append("created_at <= ?");
            args.add(f.createdTo().atOffset(java.time.ZoneOffset.UTC));
            glue = " AND ";
        }
        if (f.afterId() != null) {
            sql.append(glue).append("id > ?");
            args.add(f.afterId());
        }
        return sql.toString();
    }

    static FeatureView row(ResultSet rs) throws SQLException {
        return new FeatureView(rs.getLong("id"), rs.getString("type_key"), rs.getDouble("lon"), rs.getDouble("lat"),
                rs.getString("name"), rs.getString("code"), rs.getString("address"), rs.getString("status"),
                rs.getString("attributes"), rs.getString("grid_code"), instant(rs, "created_at"),
                instant(rs, "updated_at"), rs.getLong("version"));
    }

    private static FeatureView row(ResultSet rs, Set<FeatureProperty> chosen) throws SQLException {
        return new FeatureView(rs.getLong("id"), text(rs, chosen, FeatureProperty.TYPE), rs.getDouble("lon"),
                rs.getDouble("lat"), text(rs, chosen, FeatureProperty.NAME), text(rs, chosen, FeatureProperty.CODE),
                text(rs, chosen, FeatureProperty.ADDRESS), text(rs, chosen, FeatureProperty.STATUS),
                text(rs, chosen, FeatureProperty.ATTRIBUTES), text(rs, chosen, FeatureProperty.GRID_CODE),
                chosen.contains(FeatureProperty.CREATED_AT) ? instant(rs, "created_at") : null,
                chosen.contains(FeatureProperty.UPDATED_AT) ? instant(rs, "updated_at") : null,
                chosen.contains(FeatureProperty.VERSION) ? rs.getLong("version") : 0);
    }

    private static String text(ResultSet rs, Set<FeatureProperty> chosen, FeatureProperty p) throws SQLException {
        return chosen.contains(p) ? rs.getString(p.column()) : null;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** A validated feature with its computed grid code, ready to insert. */
    record NewFeature(FeatureDraft draft, String gridCode) {
    }

    private static final String INSERT = "INSERT INTO feature (type_key, geom, name, code, address, status, attributes, "
            + "grid_code, created_at, updated_at, version) VALUES (?, ST_SetSRID(ST_MakePoint(?, ?), 4326), ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int BATCH_ROWS = 1000;

    /**
     * Inserts in JDBC batches inside the caller's transaction.
     *
     * @return the new ids, in the order of {@code features}
     */
    List<Long> insert(List<NewFeature> features, Instant now) {
        return jdbc.execute((ConnectionCallback<List<Long>>) con -> {
            List<Long> ids = new ArrayList<>(features.size());
            try (PreparedStatement ps = con.prepareStatement(INSERT, new String[]{"id"})) {
                for (int start = 0; start < features.size(); start += BATCH_ROWS) {
                    int end = Math.min(features.size(), start + BATCH_ROWS);
                    for (int i = start; i < end; i++) {
                        bind(ps, features.get(i), 0, now);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        while (keys.next()) ids.add(keys.getLong(1));
                    }
                }
            }
            if (ids.size() != features.size()) {
                throw new IllegalStateException("the database returned " + ids.size() + " ids for " + features.size()
                        + " inserted features");
            }
            return ids;
        });
    }

    /** Inserts one feature under a given id (a restore from the change history). */
    void insertWithId(long id, NewFeature feature, long version, Instant now) {
        jdbc.update("INSERT INTO feature (id, type_key, geom, name, code, address, status, attributes, grid_code, "
                + "created_at, updated_at, version) VALUES (?, ?, ST_SetSRID(ST_MakePoint(?, ?), 4326), ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ps -> {
                    ps.setLong(1, id);
                    bind(ps, feature, 1, now);
                    ps.setLong(13, version);
                });
    }

    private static void bind(PreparedStatement ps, NewFeature f, int shift, Instant now) throws SQLException {
        FeatureDraft d = f.draft();
        ps.setString(shift + 1, d.type());
        ps.setDouble(shift + 2, d.point().getX());
        ps.setDouble(shift + 3, d.point().getY());
        ps.setString(shift + 4, d.name());
        ps.setString(shift + 5, d.code());
        ps.setString(shift + 6, d.address());
        ps.setString(shift + 7, d.status());
        ps.setString(shift + 8, d.attributesJson());
        ps.setString(shift + 9, f.gridCode());
        ps.setObject(shift + 10, (d.createdAt() != null ? d.createdAt() : now).atOffset(java.time.ZoneOffset.UTC));
        ps.setObject(shift + 11, now.atOffset(java.time.ZoneOffset.UTC));
        if (shift == 0) ps.setLong(12, 0);
    }

    /**
     * Recomputes the grid code of every feature inside {@code area} with {@code smallGrids} (which must
     * hold every small grid touching the area) and stores the codes that changed; returns how many did.
     * In memory rather than one correlated UPDATE, because the embedded store has no spatial index on
     * grid that a per-feature subquery could use.
     */
    int reassignGridCodes(Envelope area, SmallGridLocator smallGrids) {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat, grid_code FROM feature WHERE "
                + box.condition(area.getMinX(), area.getMinY(), area.getMaxX(), area.getMaxY(), args);
        List<Object[]> changes = new ArrayList<>();
        jdbc.query(sql, rs -> {
            String code = smallGrids.codeAt(rs.getDouble("lon"), rs.getDouble("lat"));
            if (!java.util.Objects.equals(code, rs.getString("grid_code"))) changes.add(new Object[]{code, rs.getLong("id")});
        }, args.toArray());
        jdbc.batchUpdate("UPDATE feature SET grid_code = ? WHERE id = ?", changes);
        return changes.size();
    }


    /**
     * Active features per type in the small grids {@code gridCodes} (null: everywhere), created in
     * [{@code createdFrom}, {@code createdTo}) (either null: open).
     */
    java.util.Map<String, Long> countByType(List<String> gridCodes, Instant createdFrom, Instant createdTo) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT type_key, COUNT(*) FROM feature WHERE status = 'active'");
        if (gridCodes != null) {
            if (gridCodes.isEmpty()) return new java.util.LinkedHashMap<>();
            sql.append(" AND grid_code IN (").append("?,".repeat(gridCodes.size() - 1)).append("?)");
            args.addAll(gridCodes);
        }
        if (createdFrom != null) {
            sql.append(" AND created_at >= ?");
            args.add(createdFrom.atOffset(java.time.ZoneOffset.UTC));
        }
        if (createdTo != null) {
            sql.append(" AND created_at < ?");
            args.add(createdTo.atOffset(java.time.ZoneOffset.UTC));
        }
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        jdbc.query(sql.append(" GROUP BY type_key").toString(), rs -> {
            out.put(rs.getString(1), rs.getLong(2));
        }, args.toArray());
        return out;
    }

    /** Active features per grid code (key null: none) and type, per creation bucket between the ascending bounds. */
    java.util.Map<String, java.util.Map<String, long[]>> countByGridAndCreation(List<Instant> bounds) {
        List<Object> args = new ArrayList<>();
        StringBuilder bucket = new StringBuilder("CASE");
        for (int i = 0; i < bounds.size(); i++) {
            bucket.append(" WHEN created_at < ? THEN ").append(i);
            args.add(bounds.get(i).atOffset(java.time.ZoneOffset.UTC));
        }
        bucket.append(" ELSE ").append(bounds.size()).append(" END");
        java.util.Map<String, java.util.Map<String, long[]>> out = new java.util.HashMap<>();
        jdbc.query("SELECT grid_code, type_key, b, COUNT(*) FROM (SELECT grid_code, type_key, " + bucket
                + " AS b FROM feature WHERE status = 'active') f GROUP BY grid_code, type_key, b", rs -> {
            out.computeIfAbsent(rs.getString(1), k -> new java.util.HashMap<>())
                    .computeIfAbsent(rs.getString(2), k -> new long[bounds.size() + 1])[rs.getInt(3)] += rs.getLong(4);
        }, args.toArray());
        return out;
    }
}
