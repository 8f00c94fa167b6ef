package org.gridwatch.cases;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.gridwatch.feature.FeatureBox;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code cases}, {@code case_transitions}, {@code case_photos} and {@code case_number_counter} tables. */
@Repository
class Cases {

    static final String COLUMNS = "id, case_number, client_id, source, class_code, status, lon, lat, small_grid_code, "
            + "large_grid_code, feature_id, inspection_id, description, address, reporter_name, reporter_phone, "
            + "reported_by, department_code, assignee, merged_into, reopened_from, reported_at, registered_at, "
            + "dispatched_at, handled_at, verified_at, closed_at, stage_deadline, register_deadline, dispatch_deadline, "
            + "handle_deadline, verify_deadline, close_deadline, extension_minutes, pending_extension_minutes, "
            + "rework_count, version, updated_at";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final FeatureBox box;

    Cases(JdbcClient jdbc, JdbcTemplate template, FeatureBox box) {
        this.jdbc = jdbc;
        this.template = template;
        this.box = box;
    }

    /**
     * The next sequence number of {@code day}, drawn inside the caller's transaction: the day's counter
     * row is incremented (made with 1 if missing) and stays locked until that transaction ends. The embedded
     * store runs one write transaction at a time anyway, so there the lock costs nothing; on PostgreSQL
     * reports draw with {@link #drawSequenceUnflushed} at the end of their checks' transaction instead, and
     * only a reopening (rare) comes here.
     */
    int nextSequence(LocalDate day) {
        if (postgres()) {
            return drawSequence(day);
        }
        // One statement on all but the day's first report: every statement here runs inside the store's write
        // lock, which each report waits for in turn.
        Integer next = jdbc.sql("SELECT last_seq FROM FINAL TABLE (UPDATE case_number_counter SET last_seq = last_seq + 1 "
                + "WHERE work_date = :day)").param("day", day).query(Integer.class).optional().orElse(null);
        if (next != null) return next;
        jdbc.sql("INSERT INTO case_number_counter (work_date, last_seq) VALUES (:day, 1)").param("day", day).update();
        return 1;
    }

    /**
     * The next sequence number of {@code day} in one statement (PostgreSQL): makes the day's row or
     * increments it and returns the new value. Run as the last statement of a transaction that then ends,
     * the row lock lasts one statement and a commit, so concurrent reports do not wait for each other's whole create
     * (measured: 50 concurrent reporters, p95 741 ms with the lock held to the create's commit). Numbers
     * rise in the order they are drawn; a create that fails after drawing leaves a gap.
     */
    int drawSequence(LocalDate day) {
        return jdbc.sql("INSERT INTO case_number_counter (work_date, last_seq) VALUES (:day, 1) ON CONFLICT (work_date) "
                        + "DO UPDATE SET last_seq = case_number_counter.last_seq + 1 RETURNING last_seq")
                .param("day", day).query(Integer.class).single();
    }

    /**
     * {@link #drawSequence}, with the enclosing transaction's commit not waiting for the disk (PostgreSQL
     * {@code synchronous_commit = off} for this transaction only). Safe because the write-ahead log is one
     * sequence: the create that uses the number commits later, waiting for the disk, which stores every
     * earlier record with it, the draw included. A crash before that create's commit loses at most draws
     * whose cases were never stored, so no stored case's number can be drawn again. Saves one disk flush
     * (~1-1.5 ms here) per report.
     */
    int drawSequenceUnflushed(LocalDate day) {
        // set_config(..., true) is SET LOCAL, here inside the draw's own statement: one round trip, not two.
        return jdbc.sql("INSERT INTO case_number_counter (work_date, last_seq) SELECT :day, 1 "
                        + "FROM (SELECT set_config('synchronous_commit', 'off', true)) AS unflushed "
                        + "ON CONFLICT (work_date) DO UPDATE SET last_seq = case_number_counter.last_seq + 1 RETURNING last_seq")
                .param("day", day).query(Integer.class).single();
    }

    /** Whether numbers are drawn ahead of the create's transaction ({@link #drawSequence}): PostgreSQL. */
    boolean drawsAhead() {
        return postgres();
    }

    private Boolean postgres;

    private boolean postgres() {
        if (postgres == null) {
            postgres = template.execute((java.sql.Connection c) ->
                    "PostgreSQL".equals(c.getMetaData().getDatabaseProductName()));
        }
        return postgres;
    }

    long insert(CaseRow c) {
        KeyHolder keys = new GeneratedKeyHolder();
        template.update(con -> {
            var ps = con.prepareStatement("INSERT INTO cases (case_number, client_id, source, class_code, status, lon, lat, "
                    + "geom, small_grid_code, large_grid_code, feature_id, inspection_id, description, address, "
                    + "reporter_name, reporter_phone, reported_by, department_code, reopened_from, reported_at, "
                    + "stage_deadline, register_deadline, version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
                    + "ST_SetSRID(ST_MakePoint(?, ?), 4326), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
                    new String[]{"id"});
            int i = 1;
            ps.setString(i++, c.number);
            ps.setString(i++, c.clientId);
            ps.setString(i++, c.source.key());
            ps.setString(i++, c.classCode);
            ps.setString(i++, c.status.key());
            ps.setDouble(i++, c.lon);
            ps.setDouble(i++, c.lat);
            ps.setDouble(i++, c.lon);
            ps.setDouble(i++, c.lat);
            ps.setString(i++, c.smallGridCode);
            ps.setString(i++, c.largeGridCode);
            ps.setObject(i++, c.featureId);
            ps.setObject(i++, c.inspectionId);
            ps.setString(i++, c.description);
            ps.setString(i++, c.address);
            ps.setString(i++, c.reporterName);
            ps.setString(i++, c.reporterPhone);
            ps.setString(i++, c.reportedBy);
            ps.setString(i++, c.department);
            ps.setObject(i++, c.reopenedFrom);
            ps.setObject(i++, utc(c.reportedAt));
            ps.setObject(i++, utc(c.stageDeadline));
            ps.setObject(i++, utc(c.registerDeadline));
            ps.setObject(i, utc(c.updatedAt));
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    Optional<CaseRow> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM cases WHERE id = :id").param("id", id)
                .query((rs, i) -> row(rs)).optional();
    }

    /** The row locked for the rest of the transaction (PostGIS; the embedded store writes one transaction at a time). */
    Optional<CaseRow> findForUpdate(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM cases WHERE id = :id FOR UPDATE").param("id", id)
                .query((rs, i) -> row(rs)).optional();
    }

    Optional<CaseRow> findByClientId(String clientId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM cases WHERE client_id = :clientId").param("clientId", clientId)
                .query((rs, i) -> row(rs)).optional();
    }

    /**
     * Stores every mutable column of {@code c} when the stored version is still {@code expectedVersion}
     * and bumps it. @return false when someone else changed the case first
     */
    boolean update(CaseRow c, long expectedVersion) {
        int n = jdbc.sql("UPDATE cases SET status = :status, lon = :lon, lat = :lat, "
                        + "geom = ST_SetSRID(ST_MakePoint(:lon, :lat), 4326), small_grid_code = :small, "
                        + "large_grid_code = :large, department_code = :department, assignee = :assignee, "
                        + "merged_into = :mergedInto, registered_at = :registeredAt, dispatched_at = :dispatchedAt, "
                        + "handled_at = :handledAt, verified_at = :verifiedAt, closed_at = :closedAt, "
                        + "stage_deadline = :stageDeadline, register_deadline = :registerDeadline, "
                        + "dispatch_deadline = :dispatchDeadline, handle_deadline = :handleDeadline, "
                        + "verify_deadline = :verifyDeadline, close_deadline = :closeDeadline, "
                        + "extension_minutes = :extension, pending_extension_minutes = :pending, rework_count = :rework, "
                        + "version = version + 1, updated_at = :updatedAt WHERE id = :id AND version = :expected")
                .param("status", c.status.key()).param("lon", c.lon).param("lat", c.lat)
                .param("small", c.smallGridCode).param("large", c.largeGridCode).param("department", c.department)
                .param("assignee", c.assignee).param("mergedInto", c.mergedInto)
                .param("registeredAt", utc(c.registeredAt)).param("dispatchedAt", utc(c.dispatchedAt))
                .param("handledAt", utc(c.handledAt)).param("verifiedAt", utc(c.verifiedAt))
                .param("closedAt", utc(c.closedAt)).param("stageDeadline", utc(c.stageDeadline))
                .param("registerDeadline", utc(c.registerDeadline)).param("dispatchDeadline", utc(c.dispatchDeadline))
                .param("handleDeadline", utc(c.handleDeadline)).param("verifyDeadline", utc(c.verifyDeadline))
                .param("closeDeadline", utc(c.closeDeadline)).param("extension", c.extensionMinutes)
                .param("pending", c.pendingExtensionMinutes).param("rework", c.reworkCount)
                .param("updatedAt", utc(c.updatedAt)).param("id", c.id).param("expected", expectedVersion).update();
        return n == 1;
    }

    /** Open (not terminal) cases of a class whose point lies in the lon/lat box, for the duplicate check. */
    List<CaseRow> openInBox(String classCode, double minLon, double minLat, double maxLon, double maxLat, long exceptId) {
        List<Object> args = new ArrayList<>();
        String where = openBoxCondition(minLon, minLat, maxLon, maxLat, args);
        args.add(classCode);
        args.add(exceptId);
        // H2: the open cases of the point's few tiles, never the class's year of cases (cases_class_status_idx)
        // that its planner may prefer without statistics; PostgreSQL has the partial GiST index of open cases (V150)
        String from = postgres() ? "cases" : "cases USE INDEX (cases_open_tile_idx)";
        return template.query("SELECT " + COLUMNS + " FROM " + from + " WHERE " + where
                        + " AND class_code = ? AND id <> ? AND status NOT IN ('closed', 'rejected', 'merged') ORDER BY id",
                (rs, i) -> row(rs), args.toArray());
    }

    /** Cases matching a filter built by {@link CaseQueries}: {@code where} with its arguments. */
    List<CaseRow> select(String where, List<Object> args, String orderBy, int limit, long offset) {
        return select("cases", where, args, orderBy, limit, offset);
    }

    /**
     * As {@link #select}, for a filter holding {@link #boxCondition} of a street-scale box: on H2 read through the
     * box's tiles. Its planner, without statistics, walks the primary key for the ORDER BY id instead, through
     * every case of the year (a zoom-17 case layer took 280 ms at 1,000,000 cases).
     */
    List<CaseRow> selectInView(String where, List<Object> args, String orderBy, int limit, long offset,
                               double minLon, double minLat, double maxLon, double maxLat, boolean openOnly) {
        String index = openOnly ? "cases_open_tile_idx" : "cases_geom_tile_idx";
        String from = box.fewTiles(minLon, minLat, maxLon, maxLat) ? "cases USE INDEX (" + index + ")" : "cases";
        return select(from, where, args, orderBy, limit, offset);
    }

    private List<CaseRow> select(String from, String where, List<Object> args, String orderBy, int limit, long offset) {
        List<Object> all = new ArrayList<>(args);
        all.add(limit);
        all.add(offset);
        return template.query("SELECT " + COLUMNS + " FROM " + from + " WHERE " + where + " ORDER BY " + orderBy
                + " LIMIT ? OFFSET ?", (rs, i) -> row(rs), all.toArray());
    }

    long count(String where, List<Object> args) {
        Long n = template.queryForObject("SELECT COUNT(*) FROM cases WHERE " + where, Long.class, args.toArray());
        return n == null ? 0 : n;
    }

    /** The SQL condition "point in the box" on the cases table, as {@link FeatureBox} writes it. */
    String boxCondition(double minLon, double minLat, double maxLon, double maxLat, List<Object> args) {
        return box.condition(minLon, minLat, maxLon, maxLat, args);
    }

    /**
     * "An open case's point in the box": on H2 through {@code open_geom_tile} (V191), the tiles of the open cases
     * only, so a view is not read through every closed case of the year that lies in it (a zoom-17 view holds
     * ~9,000 cases of a year at city scale, ~100 of them open); on PostgreSQL the plain box.
     */
    String openBoxCondition(double minLon, double minLat, double maxLon, double maxLat, List<Object> args) {
        return box.condition(minLon, minLat, maxLon, maxLat, args, postgres() ? "geom_tile" : "open_geom_tile");
    }

    // --- transitions

    record TransitionRow(long id, long caseId, String action, String fromStatus, String toStatus, String actor,
                         Instant at, String note, String department, Integer extensionMinutes, Long relatedCaseId) {
    }

    long insertTransition(TransitionRow t) {
        KeyHolder keys = new GeneratedKeyHolder();
        template.update(con -> {
            var ps = con.prepareStatement("INSERT INTO case_transitions (case_id, action, from_status, to_status, actor, "
                    + "happened_at, note, department_code, extension_minutes, related_case_id) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[]{"id"});
            ps.setLong(1, t.caseId());
            ps.setString(2, t.action());
            ps.setString(3, t.fromStatus());
            ps.setString(4, t.toStatus());
            ps.setString(5, t.actor());
            ps.setObject(6, utc(t.at()));
            ps.setString(7, t.note());
            ps.setString(8, t.department());
            ps.setObject(9, t.extensionMinutes());
            ps.setObject(10, t.relatedCaseId());
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    List<TransitionRow> transitions(long caseId) {
        return jdbc.sql("SELECT id, case_id, action, from_status, to_status, actor, happened_at, note, department_code, "
                        + "extension_minutes, related_case_id FROM case_transitions WHERE case_id = :id ORDER BY id")
                .param("id", caseId)
                .query((rs, i) -> new TransitionRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), instant(rs, 7), rs.getString(8), rs.getString(9),
                        (Integer) rs.getObject(10, Integer.class), (Long) rs.getObject(11, Long.class)))
                .list();
    }

    // --- photos

    record PhotoRow(long id, long caseId, Long transitionId, String kind, String contentType, int sizeBytes,
                    String uploadedBy, Instant uploadedAt) {
    }

    record PhotoBytes(String contentType, byte[] bytes) {
    }

    long insertPhoto(long caseId, String kind, String contentType, byte[] bytes, String uploadedBy, Instant at) {
        KeyHolder keys = new GeneratedKeyHolder();
        template.update(con -> {
            var ps = con.prepareStatement("INSERT INTO case_photos (case_id, kind, content_type, size_bytes, uploaded_by, "
                    + "uploaded_at, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)", new String[]{"id"});
            ps.setLong(1, caseId);
            ps.setString(2, kind);
            ps.setString(3, contentType);
            ps.setInt(4, bytes.length);
            ps.setString(5, uploadedBy);
            ps.setObject(6, utc(at));
            ps.setBytes(7, bytes);
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    List<PhotoRow> photos(long caseId) {
        return jdbc.sql("SELECT id, case_id, transition_id, kind, content_type, size_bytes, uploaded_by, uploaded_at "
                        + "FROM case_photos WHERE case_id = :id ORDER BY id").param("id", caseId)
                .query((rs, i) -> new PhotoRow(rs.getLong(1), rs.getLong(2), (Long) rs.getObject(3, Long.class),
                        rs.getString(4), rs.getString(5), rs.getInt(6), rs.getString(7), instant(rs, 8)))
                .list();
    }

    Optional<PhotoBytes> photo(long caseId, long photoId) {
        return jdbc.sql("SELECT content_type, bytes FROM case_photos WHERE case_id = :caseId AND id = :id")
                .param("caseId", caseId).param("id", photoId)
                .query((rs, i) -> new PhotoBytes(rs.getString(1), rs.getBytes(2))).optional();
    }

    /** Photos of a kind not yet taken along by a transition, uploaded at or after {@code since}. */
    List<Long> loosePhotos(long caseId, String kind, Instant since) {
        return jdbc.sql("SELECT id FROM case_photos WHERE case_id = :id AND kind = :kind AND transition_id IS NULL "
                        + "AND uploaded_at >= :since ORDER BY id")
                .param("id", caseId).param("kind", kind).param("since", utc(since)).query(Long.class).list();
    }

    /** Photos of a kind no transition has taken along yet (all {@code before} photos are such). */
    long waitingPhotos(long caseId, String kind) {
        return jdbc.sql("SELECT COUNT(*) FROM case_photos WHERE case_id = :id AND kind = :kind AND transition_id IS NULL")
                .param("id", caseId).param("kind", kind).query(Long.class).single();
    }

    void linkPhotos(List<Long> photoIds, long transitionId) {
        for (Long id : photoIds) {
            jdbc.sql("UPDATE case_photos SET transition_id = :t WHERE id = :id").param("t", transitionId)
                    .param("id", id).update();
        }
    }

    // --- mapping

    static CaseRow row(ResultSet rs) throws SQLException {
        CaseRow c = new CaseRow();
        int i = 1;
        c.id = rs.getLong(i++);
        c.number = rs.getString(i++);
        c.clientId = rs.getString(i++);
        c.source = CaseSource.ofKey(rs.getString(i++)).orElseThrow();
        c.classCode = rs.getString(i++);
        c.status = CaseStatus.ofKey(rs.getString(i++)).orElseThrow();
        c.lon = rs.getDouble(i++);
        c.lat = rs.getDouble(i++);
        c.smallGridCode = rs.getString(i++);
        c.largeGridCode = rs.getString(i++);
        c.featureId = rs.getObject(i++, Long.class);
        c.inspectionId = rs.getObject(i++, Long.class);
        c.description = rs.getString(i++);
        c.address = rs.getString(i++);
        c.reporterName = rs.getString(i++);
        c.reporterPhone = rs.getString(i++);
        c.reportedBy = rs.getString(i++);
        c.department = rs.getString(i++);
        c.assignee = rs.getString(i++);
        c.mergedInto = rs.getObject(i++, Long.class);
        c.reopenedFrom = rs.getObject(i++, Long.class);
        c.reportedAt = instant(rs, i++);
        c.registeredAt = instant(rs, i++);
        c.dispatchedAt = instant(rs, i++);
        c.handledAt = instant(rs, i++);
        c.verifiedAt = instant(rs, i++);
        c.closedAt = instant(rs, i++);
        c.stageDeadline = instant(rs, i++);
        c.registerDeadline = instant(rs, i++);
        c.dispatchDeadline = instant(rs, i++);
        c.handleDeadline = instant(rs, i++);
        c.verifyDeadline = instant(rs, i++);
        c.closeDeadline = instant(rs, i++);
        c.extensionMinutes = rs.getInt(i++);
        c.pendingExtensionMinutes = rs.getObject(i++, Integer.class);
        c.reworkCount = rs.getInt(i++);
        c.version = rs.getLong(i++);
        c.updatedAt = instant(rs, i);
        return c;
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }
}
