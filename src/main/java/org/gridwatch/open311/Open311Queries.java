package org.gridwatch.open311;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads the case core's tables for GeoReport: active classes, and cases with only the columns a
 * partner may see (never reporter_name, reporter_phone, reported_by, assignee or transition notes).
 */
@Repository
class Open311Queries {

    /** A class with its handling limit. */
    record ClassRow(String code, String kind, String categoryZh, String categoryEn, String nameZh, String nameEn,
                    int handleMinutes, String closingZh, String closingEn) {
    }

    /** A case as GeoReport may publish it. */
    record CaseRow(String number, String status, String classCode, String classZh, String classEn, int handleMinutes,
                   String description, String departmentZh, String departmentEn, Instant reportedAt, Instant updatedAt,
                   Instant expectedAt, String address, double lat, double lon, String mediaUrl, String mergedIntoNumber) {
    }

    /** What a request list asks for. */
    record Filter(List<String> serviceCodes, List<String> statuses, Instant from, Instant to, int offset, int limit) {
    }

    private final JdbcTemplate jdbc;

    Open311Queries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<ClassRow> classes() {
        return jdbc.query("SELECT code, kind, category_zh, category_en, name_zh, name_en, handle_minutes, "
                + "closing_condition_zh, closing_condition_en FROM case_classes WHERE active = TRUE ORDER BY sort_order, code",
                (rs, i) -> new ClassRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getInt(7), rs.getString(8), rs.getString(9)));
    }

    Optional<ClassRow> activeClass(String code) {
        return classes().stream().filter(c -> c.code().equals(code)).findFirst();
    }

    private static final String SELECT = "SELECT c.case_number, c.status, c.class_code, cc.name_zh, cc.name_en, "
            + "cc.handle_minutes, c.description, d.name_zh, d.name_en, c.reported_at, c.updated_at, "
            + "COALESCE(c.handle_deadline, c.close_deadline), c.address, c.lat, c.lon, o.media_url, m.case_number "
            + "FROM cases c JOIN case_classes cc ON cc.code = c.class_code "
            + "LEFT JOIN departments d ON d.code = c.department_code "
            + "LEFT JOIN open311_request o ON o.case_id = c.id "
            + "LEFT JOIN cases m ON m.id = c.merged_into ";

    List<CaseRow> cases(Filter f) {
        StringBuilder where = new StringBuilder("WHERE c.reported_at >= ? AND c.reported_at < ?");
        List<Object> args = new ArrayList<>(List.of(Timestamp.from(f.from()), Timestamp.from(f.to())));
        in(where, args, "c.class_code", f.serviceCodes());
        in(where, args, "c.status", f.statuses());
        args.add(f.limit());
        args.add(f.offset());
        return jdbc.query(SELECT + where + " ORDER BY c.reported_at DESC, c.id DESC LIMIT ? OFFSET ?", Open311Queries::row,
                args.toArray());
    }

    Optional<CaseRow> caseByNumber(String number) {
        return jdbc.query(SELECT + "WHERE c.case_number = ?", Open311Queries::row, number).stream().findFirst();
    }

    void recordRequest(long caseId, long keyId, String addressString, String mediaUrl) {
        jdbc.update("INSERT INTO open311_request (case_id, api_key_id, address_string, media_url, created_at) "
                + "VALUES (?, ?, ?, ?, ?)", caseId, keyId, addressString, mediaUrl, Timestamp.from(Instant.now()));
    }

    /**
     * A point for an address typed by a partner: the first active feature whose address is exactly the
     * text, else a street of exactly that name (its middle vertex). Null when nothing in the district
     * carries that name: a guess would send a worker to the wrong place.
     */
    double[] locate(String address) {
        List<double[]> f = jdbc.query("SELECT ST_X(geom), ST_Y(geom) FROM feature WHERE status = 'active' AND address = ? "
                + "ORDER BY id LIMIT 1", (rs, i) -> new double[]{rs.getDouble(1), rs.getDouble(2)}, address);
        if (!f.isEmpty()) return f.get(0);
        List<double[]> s = jdbc.query("SELECT ST_X(ST_PointN(geom, CAST(ST_NumPoints(geom) / 2 + 1 AS INT))), "
                + "ST_Y(ST_PointN(geom, CAST(ST_NumPoints(geom) / 2 + 1 AS INT))) FROM street WHERE name = ? ORDER BY id LIMIT 1",
                (rs, i) -> new double[]{rs.getDouble(1), rs.getDouble(2)}, address);
        return s.isEmpty() ? null : s.get(0);
    }

    private static void in(StringBuilder where, List<Object> args, String column, List<String> values) {
        if (values == null || values.isEmpty()) return;
        where.append(" AND ").append(column).append(" IN (").append("?,".repeat(values.size() - 1)).append("?)");
        args.addAll(values);
    }

    private static CaseRow row(ResultSet rs, int i) throws SQLException {
        return new CaseRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6),
                rs.getString(7), rs.getString(8), rs.getString(9), instant(rs.getTimestamp(10)), instant(rs.getTimestamp(11)),
                instant(rs.getTimestamp(12)), rs.getString(13), rs.getDouble(14), rs.getDouble(15), rs.getString(16),
                rs.getString(17));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
