package org.gridwatch.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import org.locationtech.jts.io.WKTReader;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes {@link CaseGenerator}'s cases and transitions into a store that holds the benchmark city, in JDBC
 * batches (the service's own create path would take hours for a million), and then sets what the service
 * reads to go on from there: the day counters of case numbers, the identity of {@code cases.id}, and the
 * evaluation's watermark (the generator fills the handling minutes itself) — see {@link #finish}.
 */
final class CaseLoader {

    private static final int BATCH = 2000;
    /** The date column of case_number_counter. */
    static final String COUNTER_DAY = "work_date";
    private static final String CASE_INSERT = "INSERT INTO cases (id, case_number, source, class_code, status, lon, lat, geom, "
            + "small_grid_code, large_grid_code, description, reporter_name, reporter_phone, reported_by, department_code, "
            + "assignee, merged_into, reported_at, registered_at, dispatched_at, handled_at, verified_at, closed_at, "
            + "stage_deadline, register_deadline, dispatch_deadline, handle_deadline, verify_deadline, close_deadline, "
            + "rework_count, handling_work_minutes, handled_by, version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
            + "ST_SetSRID(ST_MakePoint(?, ?), 4326), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)";
    private static final String TRANSITION_INSERT = "INSERT INTO case_transitions (case_id, action, from_status, to_status, "
            + "actor, happened_at, department_code) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private CaseLoader() {
    }

    /** Loads {@code count} cases reported over the 365 days before {@code now}'s day; returns the cases written. */
    static long load(DataSource dataSource, long count, Instant now, ZoneId zone, CaseGenerator.Calendar calendar,
                     long seed) throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        WKTReader wkt = new WKTReader();
        List<CaseGenerator.Grid> grids = new ArrayList<>();
        jdbc.query("SELECT code, parent_code, ST_AsText(geom) FROM grid WHERE level = 'small' ORDER BY code", rs -> {
            try {
                grids.add(new CaseGenerator.Grid(rs.getString(1), rs.getString(2), wkt.read(rs.getString(3))));
            } catch (org.locationtech.jts.io.ParseException e) {
                throw new IllegalStateException(e);
            }
        });
        List<CaseGenerator.CaseClass> classes = jdbc.query("SELECT code, COALESCE(default_department, 'community'), "
                        + "register_minutes, dispatch_minutes, handle_minutes, verify_minutes, close_minutes FROM case_classes "
                        + "WHERE active ORDER BY sort_order, code",
                (rs, n) -> new CaseGenerator.CaseClass(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                        rs.getInt(5), rs.getInt(6), rs.getInt(7)));
        long firstId = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM cases", Long.class) + 1;
        LocalDate last = now.atZone(zone).toLocalDate();
        LocalDate first = last.minusDays(364);
        CaseGenerator generator = new CaseGenerator(grids, classes, calendar, zone, seed);
        long[] written = {0};
        long started = System.nanoTime();
        // H2 keeps every secondary index current row by row (14 of them on the two tables): dropped for the load
        // and built again after it, each in one sorted pass
        List<String> rebuild = isH2(jdbc) ? dropSecondaryIndexes(jdbc) : List.of();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement cases = c.prepareStatement(CASE_INSERT);
                 PreparedStatement transitions = c.prepareStatement(TRANSITION_INSERT)) {
                generator.generate(count, first, last, now, firstId, k -> {
                    try {
                        bind(cases, k, now);
                        cases.addBatch();
                        for (CaseGenerator.Transition t : k.transitions()) {
                            transitions.setLong(1, k.id());
                            transitions.setString(2, t.action());
                            transitions.setString(3, t.from());
                            transitions.setString(4, t.to());
                            transitions.setString(5, t.actor());
                            transitions.setObject(6, odt(t.at()));
                            transitions.setString(7, t.department());
                            transitions.addBatch();
                        }
                        if (++written[0] % BATCH == 0) {
                            cases.executeBatch();
                            transitions.executeBatch();
                            c.commit();
                            if (written[0] % 100_000 == 0) {
                                System.out.printf("  cases written: %,d (%.0f s)%n", written[0], (System.nanoTime() - started) / 1e9);
                            }
                        }
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                cases.executeBatch();
                transitions.executeBatch();
                c.commit();
            }
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                st.execute("ALTER TABLE cases ALTER COLUMN id RESTART WITH " + (firstId + written[0]));
            }
        }
        long built = System.nanoTime();
        for (String create : rebuild) jdbc.execute(create);
        if (!rebuild.isEmpty()) {
            System.out.printf("  cases written in %.0f s, %d indexes built again in %.0f s%n", (built - started) / 1e9,
                    rebuild.size(), (System.nanoTime() - built) / 1e9);
        }
        finish(jdbc);
        return written[0];
    }

    private static boolean isH2(JdbcTemplate jdbc) {
        return Boolean.TRUE.equals(jdbc.execute((Connection c) -> c.getMetaData().getURL().startsWith("jdbc:h2")));
    }

    /**
     * Drops the plain indexes of {@code cases} and {@code case_transitions} that no constraint uses (H2's
     * information schema) and returns the statements that create them again, columns in order.
     */
    private static List<String> dropSecondaryIndexes(JdbcTemplate jdbc) {
        List<Map<String, Object>> columns = jdbc.queryForList("SELECT i.TABLE_NAME, i.INDEX_NAME, c.COLUMN_NAME, "
                + "c.ORDERING_SPECIFICATION FROM INFORMATION_SCHEMA.INDEXES i JOIN INFORMATION_SCHEMA.INDEX_COLUMNS c "
                + "ON c.INDEX_SCHEMA = i.INDEX_SCHEMA AND c.INDEX_NAME = i.INDEX_NAME WHERE i.TABLE_SCHEMA = SCHEMA() "
                + "AND i.TABLE_NAME IN ('CASES', 'CASE_TRANSITIONS') AND i.INDEX_TYPE_NAME = 'INDEX' "
                + "AND i.INDEX_NAME NOT IN (SELECT INDEX_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS "
                + "WHERE INDEX_NAME IS NOT NULL) ORDER BY i.INDEX_NAME, c.ORDINAL_POSITION");
        Map<String, String> tables = new java.util.LinkedHashMap<>();
        Map<String, List<String>> cols = new java.util.LinkedHashMap<>();
        for (Map<String, Object> r : columns) {
            String index = (String) r.get("INDEX_NAME");
            tables.put(index, (String) r.get("TABLE_NAME"));
            cols.computeIfAbsent(index, k -> new ArrayList<>()).add("\"" + r.get("COLUMN_NAME") + "\""
                    + ("DESC".equals(r.get("ORDERING_SPECIFICATION")) ? " DESC" : ""));
        }
        List<String> creates = new ArrayList<>();
        for (var e : cols.entrySet()) {
            creates.add("CREATE INDEX \"" + e.getKey() + "\" ON \"" + tables.get(e.getKey()) + "\" ("
                    + String.join(", ", e.getValue()) + ")");
            jdbc.execute("DROP INDEX \"" + e.getKey() + "\"");
        }
        return creates;
    }

    /**
     * Brings what the service reads to go on in line with the cases present, also after a load that was
     * stopped half-way: the identity of {@code cases.id}, each day's last case number, the evaluation's
     * watermark. Idempotent.
     */
    static void finish(JdbcTemplate jdbc) {
        long next = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) + 1 FROM cases", Long.class);
        jdbc.execute("ALTER TABLE cases ALTER COLUMN id RESTART WITH " + next);
        List<Map<String, Object>> days = jdbc.queryForList("SELECT SUBSTRING(case_number, 1, 8) AS d, "
                + "MAX(CAST(SUBSTRING(case_number, 10) AS INT)) AS s FROM cases GROUP BY SUBSTRING(case_number, 1, 8)");
        for (Map<String, Object> row : days) {
            LocalDate day = LocalDate.parse((String) row.get("d"), java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
            int seq = ((Number) row.get("s")).intValue();
            if (jdbc.update("UPDATE case_number_counter SET last_seq = GREATEST(last_seq, ?) WHERE "
                    + CaseLoader.COUNTER_DAY + " = ?", seq, day) == 0) {
                jdbc.update("INSERT INTO case_number_counter (" + CaseLoader.COUNTER_DAY + ", last_seq) VALUES (?, ?)", day, seq);
            }
        }
        java.time.OffsetDateTime handled = jdbc.queryForObject("SELECT MAX(handled_at) FROM cases",
                (rs, n) -> rs.getObject(1, java.time.OffsetDateTime.class));
        if (handled != null) {
            jdbc.update("UPDATE case_evaluation_state SET handled_through = ? WHERE id = 1", handled);
        }
    }

    private static void bind(PreparedStatement s, CaseGenerator.Case k, Instant now) throws java.sql.SQLException {
        int i = 1;
        s.setLong(i++, k.id());
        s.setString(i++, k.number());
        s.setString(i++, k.source());
        s.setString(i++, k.classCode());
        s.setString(i++, k.status());
        s.setDouble(i++, k.lon());
        s.setDouble(i++, k.lat());
        s.setDouble(i++, k.lon());
        s.setDouble(i++, k.lat());
        s.setString(i++, k.smallGrid());
        s.setString(i++, k.largeGrid());
        s.setString(i++, k.description());
        s.setString(i++, k.reporterName());
        s.setString(i++, k.reporterPhone());
        s.setString(i++, k.reportedBy());
        s.setString(i++, k.department());
        s.setString(i++, k.assignee());
        if (k.mergedInto() == null) s.setNull(i++, Types.BIGINT);
        else s.setLong(i++, k.mergedInto());
        for (Instant t : new Instant[]{k.reportedAt(), k.registeredAt(), k.dispatchedAt(), k.handledAt(), k.verifiedAt(),
                k.closedAt(), k.stageDeadline(), k.registerDeadline(), k.dispatchDeadline(), k.handleDeadline(),
                k.verifyDeadline(), k.closeDeadline()}) {
            if (t == null) s.setNull(i++, Types.TIMESTAMP_WITH_TIMEZONE);
            else s.setObject(i++, odt(t));
        }
        s.setInt(i++, k.reworkCount());
        if (k.handlingWorkMinutes() == null) s.setNull(i++, Types.INTEGER);
        else s.setInt(i++, k.handlingWorkMinutes());
        s.setString(i++, k.handledBy());
        // updated_at is the case's last step, as the service leaves it: one load instant on every row kept all
        // of them inside the evaluation index's five-minute re-read window, so each evaluation read the whole
        // table again (measured: 7.3 s instead of the index's ~0.2 s)
        Instant last = k.reportedAt();
        for (Instant t : new Instant[]{k.registeredAt(), k.dispatchedAt(), k.handledAt(), k.verifiedAt(), k.closedAt()}) {
            if (t != null && t.isAfter(last)) last = t;
        }
        s.setObject(i, odt(last.isAfter(now) ? now : last));
    }

    private static OffsetDateTime odt(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
