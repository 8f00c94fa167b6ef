package org.gridwatch.cases.publicreport;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The public_report table (V112) and the few case columns a resident may see. */
@Repository
class PublicReportQueries {

    /** What the tracking page shows: the stage, its dates, the class; nothing that names anyone. */
    record Progress(String trackingCode, String status, String classZh, String classEn, Instant reportedAt,
                    Instant registeredAt, Instant dispatchedAt, Instant handledAt, Instant verifiedAt, Instant closedAt,
                    Instant updatedAt, Instant stageDeadline) {
    }

    record ActiveClass(String code, String nameZh, String nameEn, String categoryZh, String categoryEn) {
    }

    private final JdbcTemplate jdbc;

    PublicReportQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<ActiveClass> classes() {
        return jdbc.query("SELECT code, name_zh, name_en, category_zh, category_en FROM case_classes WHERE active = TRUE "
                + "ORDER BY sort_order, code", (rs, i) -> new ActiveClass(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5)));
    }

    Optional<String> trackingCodeOf(long caseId) {
        return jdbc.query("SELECT tracking_code FROM public_report WHERE case_id = ?", (rs, i) -> rs.getString(1), caseId)
                .stream().findFirst();
    }

    /** @return false when the code is taken already (the caller draws another) */
    boolean insert(String trackingCode, long caseId) {
        if (jdbc.queryForObject("SELECT COUNT(*) FROM public_report WHERE tracking_code = ?", Long.class, trackingCode) > 0) {
            return false;
        }
        jdbc.update("INSERT INTO public_report (tracking_code, case_id, created_at) VALUES (?, ?, ?)", trackingCode, caseId,
                Timestamp.from(Instant.now()));
        return true;
    }

    /** The before photo of a resident's report, by the door's name {@code public}; its bytes were sniffed. */
    void insertBeforePhoto(long caseId, String contentType, byte[] bytes) {
        jdbc.update("INSERT INTO case_photos (case_id, transition_id, kind, content_type, size_bytes, uploaded_by, "
                        + "uploaded_at, bytes) VALUES (?, NULL, 'before', ?, ?, 'public', ?, ?)", caseId, contentType,
                bytes.length, Timestamp.from(Instant.now()), bytes);
    }

    Optional<Progress> progress(String trackingCode) {
        return jdbc.query("SELECT p.tracking_code, c.status, cc.name_zh, cc.name_en, c.reported_at, c.registered_at, "
                        + "c.dispatched_at, c.handled_at, c.verified_at, c.closed_at, c.updated_at, c.stage_deadline "
                        + "FROM public_report p JOIN cases c ON c.id = p.case_id JOIN case_classes cc ON cc.code = c.class_code "
                        + "WHERE p.tracking_code = ?",
                (rs, i) -> new Progress(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)),
                        instant(rs.getTimestamp(8)), instant(rs.getTimestamp(9)), instant(rs.getTimestamp(10)),
                        instant(rs.getTimestamp(11)), instant(rs.getTimestamp(12))), trackingCode).stream().findFirst();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
