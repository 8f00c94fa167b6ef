package org.gridwatch.inspection;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.io.WKTWriter;
import org.gridwatch.geo.GeometryFactories;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import tools.jackson.databind.json.JsonMapper;

/**
 * The inspection SQL: plain JDBC that H2GIS and PostGIS both understand. Tracks travel as WKT;
 * times are stored as UTC offsets.
 */
@Repository
class InspectionQueries {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int STREAM_FETCH_ROWS = 2000;
    private static final String PATROL_COLUMNS = "id, client_id, grid_code, inspector, started_at, ended_at, length_m, track_source";
    private static final String INSPECTION_COLUMNS = "id, client_id, feature_id, type_key, grid_code, lon, lat, patrol_id, "
            + "inspector, inspected_at, outcome, note, positive, cleared, has_photo";
    private static final String TALLY_SUMS;
    private static final String PER_WALK_SUMS;

    static {
        StringBuilder s = new StringBuilder();
        for (InspectionTally.Item i : InspectionTally.Item.values()) {
            s.append(", SUM(").append(i.column()).append(')');
        }
        TALLY_SUMS = s.toString();
        StringBuilder w = new StringBuilder();
        for (InspectionTally.Item i : InspectionTally.PER_WALK) w.append(", SUM(").append(i.column()).append(')');
        PER_WALK_SUMS = w.toString();
    }

    /**
     * The records the density indicators count: in a period, each feature (key unit, water body, site,
     * station) counts once, by its latest record, so a sample size counts distinct rooms, units,
     * water bodies and sites, never repeated records of the same one. Binds from, to.
     */
    private static final String LATEST_PER_FEATURE = "(SELECT i.*, ROW_NUMBER() OVER (PARTITION BY feature_id "
            + "ORDER BY inspected_at DESC, id DESC) AS rn FROM inspection i WHERE inspected_at >= ? AND inspected_at < ?"
            + ") l WHERE rn = 1";

    private final JdbcTemplate jdbc;

    InspectionQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    // ---- outcome fields and thresholds ----------------------------------------------------------

    List<InspectionField> fields() {
        return jdbc.query("SELECT type_key, field_key, label_zh, label_en, kind, min_value, max_value, options, sort_order "
                + "FROM inspection_field ORDER BY type_key, sort_order, field_key", (rs, n) -> new InspectionField(
                rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                (Double) rs.getObject(6, Double.class), (Double) rs.getObject(7, Double.class), options(rs.getString(8)),
                rs.getInt(9)));
    }

    void replaceFields(String typeKey, List<InspectionField> fields) {
        jdbc.update("DELETE FROM inspection_field WHERE type_key = ?", typeKey);
        for (InspectionField f : fields) {
            jdbc.update("INSERT INTO inspection_field (type_key, field_key, label_zh, label_en, kind, min_value, max_value, "
                            + "options, sort_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", typeKey, f.key(), f.labelZh(),
                    f.labelEn(), f.kind(), f.min(), f.max(), f.kind().equals("enum")
                            ? JSON.writeValueAsString(f.options().stream().map(InspectionField.Option::json).toList()) : null,
                    f.sortOrder());
        }
    }

    private static List<InspectionField.Option> options(String json) {
        if (json == null || json.isBlank()) return List.of();
        List<InspectionField.Option> out = new ArrayList<>();
        JSON.readTree(json).forEach(o -> out.add(new InspectionField.Option(o.path("value").asString(),
                o.path("labelZh").asString(""), o.path("labelEn").asString(""))));
        return out;
    }

    List<Threshold> thresholds() {
        return jdbc.query("SELECT indicator, vector, a, b, c, direction, inclusive, min_sample, kind, sample_unit, target "
                + "FROM density_threshold ORDER BY sort_order", (rs, n) -> new Threshold(rs.getString(1), rs.getString(2),
                rs.getObject(3, Double.class), rs.getObject(4, Double.class), rs.getObject(5, Double.class), rs.getString(6),
                rs.getBoolean(7), rs.getDouble(8), rs.getString(9), rs.getString(10), rs.getObject(11, Double.class)));
    }

    void updateThreshold(Threshold t) {
        jdbc.update("UPDATE density_threshold SET a = ?, b = ?, c = ?, direction = ?, inclusive = ?, min_sample = ?, "
                + "target = ? WHERE indicator = ?", t.a(), t.b(), t.c(), t.direction(), t.inclusive(), t.minSample(),
                t.target(), t.indicator());
    }

    // ---- patrols ----------------------------------------------------------------------------------

    Optional<Patrol> patrolByClientId(String clientId) {
        return jdbc.query("SELECT " + PATROL_COLUMNS + " FROM patrol WHERE client_id = ?", InspectionQueries::patrol, clientId)
                .stream().findFirst();
    }

    Optional<Patrol> patrol(long id) {
        return jdbc.query("SELECT " + PATROL_COLUMNS + " FROM patrol WHERE id = ?", InspectionQueries::patrol, id)
                .stream().findFirst();
    }

    long insertPatrol(String clientId, String inspector, String gridCode, Instant startedAt, Instant endedAt,
                      Geometry track, double lengthM, String source, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        String wkt = track == null ? null : new WKTWriter().write(track);
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("INSERT INTO patrol (client_id, inspector, grid_code, started_at, "
                    + "ended_at, track, length_m, track_source, created_at) VALUES (?, ?, ?, ?, ?, "
                    + "ST_GeomFromText(?, 4326), ?, ?, ?)", new String[]{"id"});
            ps.setString(1, clientId);
            ps.setString(2, inspector);
            ps.setString(3, gridCode);
            ps.setObject(4, utc(startedAt));
            ps.setObject(5, utc(endedAt));
            if (wkt == null) ps.setNull(6, Types.VARCHAR);
            else ps.setString(6, wkt);
            ps.setDouble(7, lengthM);
            ps.setString(8, source);
            ps.setObject(9, utc(now));
            return ps;
        }, keys);
        long id = keys.getKey().longValue();
        // inspections sent before their patrol (an offline phone's queue) are linked now
        jdbc.update("UPDATE inspection SET patrol_id = ? WHERE patrol_client_id = ? AND patrol_id IS NULL", id, clientId);
        return id;
    }

    /** Inserts generated patrols in JDBC batches (the sample data), lengths given in metres. */
    void insertPatrols(List<SampleActivityGenerator.PatrolOut> patrols, double[] lengthsM, String source, Instant now) {
        WKTWriter wkt = new WKTWriter();
        int[] at = {0};
        jdbc.batchUpdate("INSERT INTO patrol (client_id, inspector, grid_code, started_at, ended_at, track, length_m, "
                + "track_source, created_at) VALUES (?, ?, ?, ?, ?, ST_GeomFromText(?, 4326), ?, ?, ?)", patrols, 1000,
                (ps, p) -> {
                    ps.setString(1, p.clientId());
                    ps.setString(2, p.inspector());
                    ps.setString(3, p.gridCode());
                    ps.setObject(4, utc(p.startedAt()));
                    ps.setObject(5, utc(p.endedAt()));
                    ps.setString(6, wkt.write(p.track()));
                    ps.setDouble(7, lengthsM[at[0]++]);
                    ps.setString(8, source);
                    ps.setObject(9, utc(now));
                });
    }

    /** Links every record that names a stored patrol by client id but has no patrol id yet. */
    int linkPatrolsByClientId() {
        return jdbc.update("UPDATE inspection SET patrol_id = (SELECT p.id FROM patrol p WHERE p.client_id = "
                + "inspection.patrol_client_id) WHERE patrol_id IS NULL AND patrol_client_id IS NOT NULL");
    }

    /** Patrol ids by client id, of the patrols whose client id starts with {@code prefix}. */
    Map<String, Long> patrolIdsByClientIdPrefix(String prefix) {
        Map<String, Long> out = new HashMap<>();
        jdbc.query("SELECT client_id, id FROM patrol WHERE client_id LIKE ?", rs -> {
            out.put(rs.getString(1), rs.getLong(2));
        }, prefix + "%");
        return out;
    }

    /**
     * Whether any generated (sample) patrol or inspection is stored. The prefixes are written into the SQL (they are
     * constants): so H2 reads a range of the client-id index and PostgreSQL its partial indexes (V192).
     */
    boolean sampleActivityPresent() {
        String patrols = SampleActivityGenerator.PATROL_PREFIX + "%";
        String inspections = SampleActivityGenerator.INSPECTION_PREFIX + "%";
        if (!patrols.matches("[a-z-]+%") || !inspections.matches("[a-z-]+%")) {
            throw new IllegalStateException("sample prefixes must be plain words to be written into SQL");
        }
        return !jdbc.queryForList("SELECT id FROM patrol WHERE client_id LIKE '" + patrols
                + "' ORDER BY id FETCH FIRST 1 ROWS ONLY", Long.class).isEmpty()
                || !jdbc.queryForList("SELECT id FROM inspection WHERE client_id LIKE '" + inspections
                + "' ORDER BY id FETCH FIRST 1 ROWS ONLY", Long.class).isEmpty();
    }

    /** Whether the store is the embedded H2GIS one (the demo store) rather than PostGIS. */
    boolean embeddedStore() {
        return Boolean.TRUE.equals(jdbc.execute((java.sql.Connection c) ->
                c.getMetaData().getDatabaseProductName().toUpperCase(java.util.Locale.ROOT).contains("H2")));
    }

    /** Whether the bundled sample district was loaded into this store (its import row is finished). */
    boolean sampleDistrictLoaded() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM district_import WHERE source = 'classpath:geodata/sample/' "
                + "AND finished_at IS NOT NULL", Long.class);
        return n != null && n > 0;
    }

    /** Patrols matching the filter (any null = no condition), by start time. */
    List<Patrol> patrols(List<String> gridCodes, Instant from, Instant to, String inspector) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        if (gridCodes != null) {
            if (gridCodes.isEmpty()) return List.of();
            where.append(" AND grid_code IN (").append("?,".repeat(gridCodes.size() - 1)).append("?)");
            args.addAll(gridCodes);
        }
        if (from != null) {
            where.append(" AND started_at >= ?");
            args.add(utc(from));
        }
        if (to != null) {
            where.append(" AND started_at < ?");
            args.add(utc(to));
        }
        if (inspector != null) {
            where.append(" AND inspector = ?");
            args.add(inspector);
        }
        return jdbc.query("SELECT " + PATROL_COLUMNS + " FROM patrol" + where + " ORDER BY started_at, id",
                InspectionQueries::patrol, args.toArray());
    }

    Optional<Geometry> track(long patrolId) {
        List<String> wkt = jdbc.query("SELECT ST_AsText(track) FROM patrol WHERE id = ?", (rs, n) -> rs.getString(1), patrolId);
        return wkt.isEmpty() || wkt.get(0) == null ? Optional.empty() : Optional.of(geometry(wkt.get(0)));
    }

    /** The tracks of the grid's patrols started in [from, to). */
    List<Geometry> tracks(String gridCode, Instant from, Instant to) {
        return jdbc.query("SELECT ST_AsText(track) FROM patrol WHERE grid_code = ? AND started_at >= ? AND started_at < ? "
                        + "AND track IS NOT NULL AND track_source = '" + TRACKED + "' ORDER BY id", (rs, n) -> geometry(rs.getString(1)), gridCode, utc(from), utc(to));
    }

    /**
     * The track source of a patrol walked with a GPS track or GPX file. Only these count towards path
     * length and street coverage; older rows marked {@code planned} (credited with the grid's planned
     * route before that was stopped) and new trackless rows ({@code none}) count as patrols only.
     */
    static final String TRACKED = "gps";

    private static final String TRACKED_METRES = "COALESCE(SUM(CASE WHEN track_source = '" + TRACKED
            + "' THEN length_m ELSE 0 END), 0)";
    private static final String TRACKLESS_COUNT = "COALESCE(SUM(CASE WHEN track_source = '" + TRACKED
            + "' THEN 0 ELSE 1 END), 0)";

    /** Per grid code in [from, to): metres of tracked path and the number of patrols without a track. */
    Map<String, PatrolPaths> pathsByGrid(Instant from, Instant to) {
        Map<String, PatrolPaths> out = new HashMap<>();
        jdbc.query("SELECT grid_code, " + TRACKED_METRES + ", " + TRACKLESS_COUNT
                        + " FROM patrol WHERE started_at >= ? AND started_at < ? GROUP BY grid_code",
                rs -> {
                    out.put(rs.getString(1), new PatrolPaths(rs.getDouble(2), rs.getLong(3)));
                }, utc(from), utc(to));
        return out;
    }

    /** Per grid code in [from, to): patrols and metres of tracked path. */
    Map<String, double[]> patrolCountAndMetresByGrid(Instant from, Instant to) {
        Map<String, double[]> out = new HashMap<>();
        jdbc.query("SELECT grid_code, COUNT(*), " + TRACKED_METRES + " FROM patrol WHERE started_at >= ? AND started_at < ? "
                + "GROUP BY grid_code", rs -> {
            out.put(rs.getString(1), new double[]{rs.getLong(2), rs.getDouble(3)});
        }, utc(from), utc(to));
        return out;
    }

    /** Metres of tracked path of the grids (null: all) in each interval [bounds[i], bounds[i + 1]), in one query. */
    double[] trackedMetres(List<String> gridCodes, List<Instant> bounds) {
        int n = bounds.size() - 1;
        if (n < 1) return new double[0];
        List<Object> args = new ArrayList<>();
        // each patrol's interval: the number of bounds after the first it is not before
        StringBuilder interval = new StringBuilder(n == 1 ? "0" : "CASE");
        for (int i = n - 1; i >= 1; i--) {
            interval.append(" WHEN started_at >= ? THEN ").append(i);
            args.add(utc(bounds.get(i)));
        }
        if (n > 1) interval.append(" ELSE 0 END");
        args.add(utc(bounds.get(0)));
        args.add(utc(bounds.get(n)));
        String sql = "SELECT k, SUM(length_m) FROM (SELECT " + interval + " AS k, length_m FROM patrol WHERE started_at >= ? "
                + "AND started_at < ? AND track_source = '" + TRACKED + "'" + in("grid_code", gridCodes, args) + ") p GROUP BY k";
        double[] out = new double[n];
        jdbc.query(sql, rs -> {
            out[rs.getInt(1)] = rs.getDouble(2);
        }, args.toArray());
        return out;
    }

    /** Patrols, tracked metres and trackless patrols in [from, to) of the grids (null: all). */
    double[] patrolCountAndMetres(List<String> gridCodes, Instant from, Instant to) {
        List<Object> args = new ArrayList<>(List.of(utc(from), utc(to)));
        String sql = "SELECT COUNT(*), " + TRACKED_METRES + ", " + TRACKLESS_COUNT
                + " FROM patrol WHERE started_at >= ? AND started_at < ?" + in("grid_code", gridCodes, args);
        return jdbc.queryForObject(sql, (rs, n) -> new double[]{rs.getLong(1), rs.getDouble(2), rs.getLong(3)},
                args.toArray());
    }

    private static Patrol patrol(ResultSet rs, int n) throws SQLException {
        return new Patrol(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5), instant(rs, 6),
                rs.getDouble(7), rs.getString(8));
    }

    // ---- inspections ------------------------------------------------------------------------------

    Optional<Inspection> inspectionByClientId(String clientId) {
        return jdbc.query("SELECT " + INSPECTION_COLUMNS + " FROM inspection WHERE client_id = ?",
                InspectionQueries::inspection, clientId).stream().findFirst();
    }

    Optional<Inspection> inspection(long id) {
        return jdbc.query("SELECT " + INSPECTION_COLUMNS + " FROM inspection WHERE id = ?",
                InspectionQueries::inspection, id).stream().findFirst();
    }

    /** A record ready to insert. */
    record NewInspection(String clientId, long featureId, String typeKey, String gridCode, double lon, double lat,
                         Long patrolId, String patrolClientId, String inspector, Instant inspectedAt, String outcomeJson,
                         String note, OutcomeClassifier.Classification classification) {
    }

    long insertInspection(NewInspection r, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        StringBuilder cols = new StringBuilder("client_id, feature_id, type_key, grid_code, lon, lat, patrol_id, "
                + "patrol_client_id, inspector, inspected_at, outcome, note, positive, cleared, site_kind, created_at");
        for (InspectionTally.Item i : InspectionTally.Item.values()) cols.append(", ").append(i.column());
        int n = 16 + InspectionTally.size();
        String sql = "INSERT INTO inspection (" + cols + ") VALUES (" + "?,".repeat(n - 1) + "?)";
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement(sql, new String[]{"id"});
            bindInspection(ps, r, now);
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    /** Inserts many records in JDBC batches (the sample data); ids are not returned. */
    void insertInspections(List<NewInspection> rows, Instant now) {
        StringBuilder cols = new StringBuilder("client_id, feature_id, type_key, grid_code, lon, lat, patrol_id, "
                + "patrol_client_id, inspector, inspected_at, outcome, note, positive, cleared, site_kind, created_at");
        for (InspectionTally.Item i : InspectionTally.Item.values()) cols.append(", ").append(i.column());
        int n = 16 + InspectionTally.size();
        jdbc.batchUpdate("INSERT INTO inspection (" + cols + ") VALUES (" + "?,".repeat(n - 1) + "?)", rows, 1000,
                (ps, r) -> bindInspection(ps, r, now));
    }

    private static void bindInspection(PreparedStatement ps, NewInspection r, Instant now) throws SQLException {
        ps.setString(1, r.clientId());
        ps.setLong(2, r.featureId());
        ps.setString(3, r.typeKey());
        ps.setString(4, r.gridCode());
        ps.setDouble(5, r.lon());
        ps.setDouble(6, r.lat());
        if (r.patrolId() == null) ps.setNull(7, Types.BIGINT);
        else ps.setLong(7, r.patrolId());
        ps.setString(8, r.patrolClientId());
        ps.setString(9, r.inspector());
        ps.setObject(10, utc(r.inspectedAt()));
        ps.setString(11, r.outcomeJson());
        ps.setString(12, r.note());
        ps.setBoolean(13, r.classification().positive());
        ps.setBoolean(14, r.classification().cleared());
        ps.setString(15, r.classification().siteKind());
        ps.setObject(16, utc(now));
        int p = 17;
        for (InspectionTally.Item i : InspectionTally.Item.values()) {
            ps.setLong(p++, r.classification().tally().get(i));
        }
    }

    /** Inspections matching the filter (null = no condition), newest first, one page. */
    List<Inspection> inspections(List<String> gridCodes, List<String> types, Instant from, Instant to, String inspector,
                                 int limit, long offset) {
        List<Object> args = new ArrayList<>();
        String where = " WHERE 1 = 1" + in("grid_code", gridCodes, args) + in("type_key", types, args);
        if (from != null) {
            where += " AND inspected_at >= ?";
            args.add(utc(from));
        }
        if (to != null) {
            where += " AND inspected_at < ?";
            args.add(utc(to));
        }
        if (inspector != null) {
            where += " AND inspector = ?";
            args.add(inspector);
        }
        args.add(limit);
        args.add(offset);
        return jdbc.query("SELECT " + INSPECTION_COLUMNS + " FROM inspection" + where
                + " ORDER BY inspected_at DESC, id DESC LIMIT ? OFFSET ?", InspectionQueries::inspection, args.toArray());
    }

    /**
     * Summed tallies per grid code (null key: records outside every grid) of records in [from, to):
     * each feature by its latest record, except the per-walk counts of the path indices
     * ({@link InspectionTally#PER_WALK}), summed over every record.
     */
    Map<String, InspectionTally> talliesByGrid(Instant from, Instant to) {
        Map<String, InspectionTally> out = new HashMap<>();
        jdbc.query("SELECT grid_code" + TALLY_SUMS + " FROM " + LATEST_PER_FEATURE + " GROUP BY grid_code", rs -> {
            out.put(rs.getString(1), tally(rs, 2));
        }, utc(from), utc(to));
        jdbc.query("SELECT grid_code" + PER_WALK_SUMS + " FROM inspection WHERE inspected_at >= ? AND inspected_at < ? "
                + "GROUP BY grid_code", rs -> {
            perWalk(out.computeIfAbsent(rs.getString(1), k -> new InspectionTally()), rs, 2);
        }, utc(from), utc(to));
        return out;
    }

    /** The summed tally of the grids' records (null: all) in [from, to), counted as {@link #talliesByGrid}. */
    InspectionTally tally(List<String> gridCodes, Instant from, Instant to) {
        List<Object> args = new ArrayList<>(List.of(utc(from), utc(to)));
        String sql = "SELECT COUNT(*)" + TALLY_SUMS + " FROM " + LATEST_PER_FEATURE.replace(") l WHERE rn = 1",
                in("grid_code", gridCodes, args) + ") l WHERE rn = 1");
        InspectionTally t = jdbc.queryForObject(sql, (rs, n) -> tally(rs, 2), args.toArray());
        List<Object> walkArgs = new ArrayList<>(List.of(utc(from), utc(to)));
        String walks = "SELECT COUNT(*)" + PER_WALK_SUMS + " FROM inspection WHERE inspected_at >= ? AND inspected_at < ?"
                + in("grid_code", gridCodes, walkArgs);
        jdbc.query(walks, rs -> {
            perWalk(t, rs, 2);
        }, walkArgs.toArray());
        return t;
    }

    private static void perWalk(InspectionTally t, ResultSet rs, int first) throws SQLException {
        int c = first;
        for (InspectionTally.Item i : InspectionTally.PER_WALK) t.set(i, rs.getLong(c++));
    }

    /** Streams the summary records of the grids (null: all) in [from, to), by feature then time. */
    void summaryRecords(List<String> gridCodes, Instant from, Instant to, Consumer<InspectionOutcome> sink) {
        List<Object> args = new ArrayList<>(List.of(utc(from), utc(to)));
        String sql = "SELECT feature_id, positive, cleared, site_kind FROM inspection WHERE inspected_at >= ? "
                + "AND inspected_at < ?" + in("grid_code", gridCodes, args) + " ORDER BY feature_id, inspected_at, id";
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(sql);
            ps.setFetchSize(STREAM_FETCH_ROWS);
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            return ps;
        }, rs -> {
            sink.accept(new InspectionOutcome(rs.getLong(1), rs.getBoolean(2), rs.getBoolean(3), rs.getString(4)));
        });
    }

    /** Places of positive records in [from, to) of the types (null: all): lon, lat, time, id. */
    void positivePoints(List<String> types, Instant from, Instant to, Consumer<double[]> sink) {
        List<Object> args = new ArrayList<>();
        String where = " WHERE positive = TRUE" + in("type_key", types, args);
        if (from != null) {
            where += " AND inspected_at >= ?";
            args.add(utc(from));
        }
        if (to != null) {
            where += " AND inspected_at <= ?";
            args.add(utc(to));
        }
        jdbc.query("SELECT lon, lat, inspected_at, id FROM inspection" + where + " ORDER BY id", rs -> {
            sink.accept(new double[]{rs.getDouble(1), rs.getDouble(2), instant(rs, 3).toEpochMilli(), rs.getLong(4)});
        }, args.toArray());
    }

    /** A stamp that moves whenever a record is added (count and highest id). */
    String stamp() {
        return jdbc.queryForObject("SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM inspection", String.class);
    }

    long count() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM inspection", Long.class)
                + jdbc.queryForObject("SELECT COUNT(*) FROM patrol", Long.class);
    }

    // ---- photos -----------------------------------------------------------------------------------

    void putPhoto(long inspectionId, String contentType, byte[] bytes) {
        jdbc.update("DELETE FROM inspection_photo WHERE inspection_id = ?", inspectionId);
        jdbc.update("INSERT INTO inspection_photo (inspection_id, content_type, bytes) VALUES (?, ?, ?)",
                ps -> {
                    ps.setLong(1, inspectionId);
                    ps.setString(2, contentType);
                    ps.setBytes(3, bytes);
                });
        jdbc.update("UPDATE inspection SET has_photo = TRUE WHERE id = ?", inspectionId);
    }

    record Photo(String contentType, byte[] bytes) {
    }

    Optional<Photo> photo(long inspectionId) {
        return jdbc.query("SELECT content_type, bytes FROM inspection_photo WHERE inspection_id = ?",
                (rs, n) -> new Photo(rs.getString(1), rs.getBytes(2)), inspectionId).stream().findFirst();
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static String in(String column, List<String> values, List<Object> args) {
        if (values == null) return "";
        if (values.isEmpty()) return " AND 1 = 0";
        args.addAll(values);
        return " AND " + column + " IN (" + "?,".repeat(values.size() - 1) + "?)";
    }

    private static InspectionTally tally(ResultSet rs, int first) throws SQLException {
        InspectionTally t = new InspectionTally();
        int c = first;
        for (InspectionTally.Item i : InspectionTally.Item.values()) t.add(i, rs.getLong(c++));
        return t;
    }

    private static Inspection inspection(ResultSet rs, int n) throws SQLException {
        long patrol = rs.getLong(8);
        Long patrolId = rs.wasNull() ? null : patrol;
        return new Inspection(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getDouble(6), rs.getDouble(7), patrolId, rs.getString(9), instant(rs, 10), rs.getString(11),
                rs.getString(12), rs.getBoolean(13), rs.getBoolean(14), rs.getBoolean(15));
    }

    private static Geometry geometry(String wkt) {
        try {
            return new WKTReader(GeometryFactories.WGS84).read(wkt);
        } catch (ParseException e) {
            throw new IllegalStateException("stored track is not WKT: " + e.getMessage(), e);
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
