package org.gridwatch.cases.evaluation;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The evaluation SQL, one statement that H2 and PostgreSQL both run: a single pass over the cases that
 * touch the period, the figures of {@link CaseEvaluator} as conditional sums, the percentile as
 * {@code percentile_cont} (same definition as {@link Percentile#cont}). Also the incremental computation of
 * the handling minutes it sums (docs/evaluation.md, "How it is computed at scale").
 */
@Repository
class CaseEvaluationQueries {

    /** Cases handled this long before the watermark are looked at again: a transaction may commit late. */
    static final Duration LATE_COMMIT_MARGIN = Duration.ofMinutes(5);
    private static final int SWEEP_BATCH = 5000;

    private final JdbcTemplate jdbc;

    CaseEvaluationQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The SQL expression of a grouping's key. */
    static String keyColumn(Grouping g) {
        return switch (g) {
            case SMALL_GRID -> "small_grid_code";
            case LARGE_GRID -> "large_grid_code";
            case DEPARTMENT -> "department_code";
            case PERSON -> "COALESCE(handled_by, assignee)";
            case CLASS -> "class_code";
            case ALL -> null;
        };
    }

    private static String in(String column) {
        return "(" + column + " >= ? AND " + column + " < ?)";
    }

    private static final String OPEN = "status NOT IN ('closed', 'rejected', 'merged')";

    /**
     * The rows of {@link CaseEvaluator#evaluate} computed by the store.
     *
     * @param scopeColumn {@code small_grid_code} or {@code large_grid_code} to keep only the cases of one grid,
     *                    null for the district
     */
    List<EvaluationRow> evaluate(EvaluationPeriod period, Grouping grouping, Instant asOf, String scopeColumn,
                                 String scopeCode) {
        return evaluateWithTotal(period, grouping, asOf, scopeColumn, scopeCode).rows();
    }

    /** The groups' rows, and the total row when the store gave it in the same pass (else null). */
    record Evaluated(List<EvaluationRow> rows, EvaluationRow total) {
    }

    /**
     * {@link #evaluate}; on PostgreSQL the total row (the groups' sums and the percentile over every
     * handled case) comes from the same scan as a grouping set, where H2 needs a second pass
     * ({@link #totalHandlingMinutesP90}).
     */
    Evaluated evaluateWithTotal(EvaluationPeriod period, Grouping grouping, Instant asOf, String scopeColumn,
                                String scopeCode) {
        String key = keyColumn(grouping);
        String handledIn = in("handled_at");
        StringBuilder sql = new StringBuilder("SELECT ").append(key == null ? "CAST(NULL AS VARCHAR(64))" : key).append(", ")
                .append("SUM(CASE WHEN ").append(in("reported_at")).append(" AND status <> 'merged' THEN 1 ELSE 0 END), ")
                .append("SUM(CASE WHEN ").append(in("registered_at")).append(" THEN 1 ELSE 0 END), ")
                .append("SUM(CASE WHEN ").append(in("dispatched_at")).append(" THEN 1 ELSE 0 END), ")
                .append("SUM(CASE WHEN ").append(handledIn).append(" THEN 1 ELSE 0 END), ")
                .append("SUM(CASE WHEN ").append(handledIn)
                .append(" AND (handle_deadline IS NULL OR handled_at <= handle_deadline) THEN 1 ELSE 0 END), ")
                .append("SUM(CASE WHEN ").append(in("verified_at")).append(" THEN 1 ELSE 0 END), ")
                .append("SUM(CASE WHEN ").append(in("verified_at")).append(" AND rework_count > 0 THEN 1 ELSE 0 END), ")
                .append("SUM(CASE WHEN ").append(in("closed_at")).append(" THEN 1 ELSE 0 END), ")
                .append("SUM(CASE WHEN ").append(in("closed_at"))
                .append(" AND (close_deadline IS NULL OR closed_at <= close_deadline) THEN 1 ELSE 0 END), ")
                .append("SUM(CASE WHEN ").append(OPEN).append(" AND stage_deadline < ? THEN 1 ELSE 0 END), ")
                .append("COUNT(CASE WHEN ").append(handledIn).append(" AND dispatched_at IS NOT NULL THEN handling_work_minutes END), ")
                .append("SUM(CASE WHEN ").append(handledIn).append(" AND dispatched_at IS NOT NULL THEN handling_work_minutes END), ")
                .append("PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY CASE WHEN ").append(handledIn)
                .append(" AND dispatched_at IS NOT NULL THEN handling_work_minutes END) ");
        boolean totalInPass = key != null && postgres();
        if (totalInPass) {
            // 1 on the grand-total row of GROUPING SETS; a group whose key is NULL (cases without a grid)
            // stays a group.
            sql.append(", GROUPING(").append(key).append(") ");
        }
        sql.append("FROM cases WHERE (").append(in("reported_at")).append(" OR ").append(in("registered_at"))
                .append(" OR ").append(in("dispatched_at")).append(" OR ").append(handledIn)
                .append(" OR ").append(in("verified_at")).append(" OR ").append(in("closed_at"))
                .append(" OR (").append(OPEN).append(" AND stage_deadline < ?))");
        List<Object> args = new ArrayList<>();
        OffsetDateTime from = odt(period.from());
        OffsetDateTime to = odt(period.to());
        OffsetDateTime now = odt(asOf);
        // the select list: reported … closedOnTime use 11 period pairs, then overdue, then 3 × handled
        for (int i = 0; i < 9; i++) {
            args.add(from);
            args.add(to);
        }
        args.add(now);
        for (int i = 0; i < 3; i++) {
            args.add(from);
            args.add(to);
        }
        for (int i = 0; i < 6; i++) {
            args.add(from);
            args.add(to);
        }
        args.add(now);
        if (scopeColumn != null) {
            sql.append(" AND ").append(scopeColumn).append(" = ?");
            args.add(scopeCode);
        }
        if (totalInPass) {
            sql.append(" GROUP BY GROUPING SETS ((").append(key).append("), ())");
        } else if (key != null) {
            sql.append(" GROUP BY ").append(key);
        }
        if (postgres()) {
            // percentile_cont sorts the year's cases by group; with the default 4 MB that sort spills to disk
            // (measured: 6 s instead of 1.2 s for 1,000,000 cases). For this transaction only.
            jdbc.execute("SET LOCAL work_mem = '64MB'");
        }
        EvaluationRow[] total = new EvaluationRow[1];
        List<EvaluationRow> rows = new ArrayList<>();
        jdbc.query(sql.toString(), rs -> {
            long timed = rs.getLong(12);
            double p90 = rs.getDouble(14);
            boolean noP90 = rs.wasNull();
            EvaluationRow row = new EvaluationRow(totalInPass && rs.getInt(15) == 1 ? null : rs.getString(1),
                    rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                    rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11),
                    timed, rs.getLong(13), noP90 || timed == 0 ? null : p90);
            if (totalInPass && rs.getInt(15) == 1) {
                total[0] = row;
            } else {
                rows.add(row);
            }
        }, args.toArray());
        List<EvaluationRow> out = new ArrayList<>(rows.size());
        for (EvaluationRow r : rows) {
            if (r.reported() + r.registered() + r.dispatched() + r.handled() + r.verified() + r.closed() + r.overdueNow() > 0) {
                out.add(r);
            }
        }
        out.sort(CaseEvaluator.BY_KEY);
        return new Evaluated(out, total[0]);
    }

    /**
     * {@link CaseSummaryFigures#of} computed by the store.
     *
     * @param gridColumn {@code small_grid_code} or {@code large_grid_code}, or null for the district
     */
    CaseSummaryFigures summary(EvaluationPeriod period, String gridColumn, String gridCode) {
        String done = "status IN ('handled', 'verified', 'closed')";
        String found = "source IN ('patrol', 'field', 'import')";
        String complaint = "source IN ('resident', 'hotline', 'open311')";
        String sql = "SELECT SUM(CASE WHEN " + found + " THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN " + found + " AND " + done + " THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN " + complaint + " THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN " + complaint + " AND NOT " + done + " THEN 1 ELSE 0 END) "
                + "FROM cases WHERE reported_at >= ? AND reported_at < ? AND status NOT IN ('merged', 'rejected')"
                + (gridColumn == null ? "" : " AND " + gridColumn + " = ?");
        List<Object> args = new ArrayList<>(List.of(odt(period.from()), odt(period.to())));
        if (gridColumn != null) {
            args.add(gridCode);
        }
        return jdbc.queryForObject(sql, (rs, n) -> new CaseSummaryFigures(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                rs.getLong(4)), args.toArray());
    }

    private Boolean postgres;

    private boolean postgres() {
        if (postgres == null) {
            postgres = Boolean.TRUE.equals(jdbc.execute((java.sql.Connection c) ->
                    c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")));
        }
        return postgres;
    }

    /**
     * The 90th percentile of the handling minutes over every case handled in the period (the total row's):
     * one range on {@code handled_at}, not a second pass over the period's cases.
     */
    Double totalHandlingMinutesP90(EvaluationPeriod period, String scopeColumn, String scopeCode) {
        String sql = "SELECT PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY handling_work_minutes) FROM cases "
                + "WHERE handled_at >= ? AND handled_at < ? AND dispatched_at IS NOT NULL AND handling_work_minutes IS NOT NULL"
                + (scopeColumn == null ? "" : " AND " + scopeColumn + " = ?");
        List<Object> args = new ArrayList<>(List.of(odt(period.from()), odt(period.to())));
        if (scopeColumn != null) {
            args.add(scopeCode);
        }
        return jdbc.query(sql, rs -> {
            if (!rs.next()) return null;
            double v = rs.getDouble(1);
            return rs.wasNull() ? null : v;
        }, args.toArray());
    }

    /** A case whose handling minutes are to be (re)computed. */
    record Handled(long id, Instant dispatchedAt, Instant handledAt, String handler) {
    }

    /**
     * Computes the handling minutes and the handler of the cases handled since the watermark (less the
     * margin), in batches, and moves the watermark on.
     *
     * @return the number of cases computed
     */
    int sweepHandled(WorkingTime workingTime) {
        Instant mark = handledThrough();
        Instant since = mark.minus(LATE_COMMIT_MARGIN);
        long afterId = -1;
        int done = 0;
        Instant last = mark;
        while (true) {
            List<Handled> batch = jdbc.query("SELECT c.id, c.dispatched_at, c.handled_at, "
                            + "(SELECT t.actor FROM case_transitions t WHERE t.case_id = c.id AND t.action = 'handle' "
                            + "ORDER BY t.id DESC FETCH FIRST 1 ROWS ONLY) "
                            + "FROM cases c WHERE c.handled_at >= ? ORDER BY c.handled_at, c.id FETCH FIRST " + SWEEP_BATCH
                            + " ROWS ONLY",
                    (rs, n) -> new Handled(rs.getLong(1), instant(rs.getObject(2, OffsetDateTime.class)),
                            instant(rs.getObject(3, OffsetDateTime.class)), rs.getString(4)), odt(since));
            // a range on handled_at alone uses its index (an OR with the id did not: a whole-index walk of
            // seconds at a million cases); rows at the boundary instant already done are dropped here
            Instant boundary = since;
            long doneUpTo = afterId;
            boolean full = batch.size() == SWEEP_BATCH;
            batch = batch.stream().filter(h -> !(h.handledAt().equals(boundary) && h.id() <= doneUpTo)).toList();
            if (batch.isEmpty()) {
                break;
            }
            List<Object[]> updates = new ArrayList<>(batch.size());
            for (Handled h : batch) {
                Integer minutes = h.dispatchedAt() == null ? null
                        : Math.toIntExact(workingTime.workingMinutes(h.dispatchedAt(), h.handledAt()));
                updates.add(new Object[]{minutes, h.handler(), h.id()});
                if (h.handledAt().isAfter(last)) {
                    last = h.handledAt();
                }
            }
            jdbc.batchUpdate("UPDATE cases SET handling_work_minutes = ?, handled_by = COALESCE(?, handled_by) WHERE id = ?",
                    updates);
            done += batch.size();
            if (!full) {
                break;
            }
            // keyset paging on (handled_at, id): cases handled at the same instant are neither skipped nor repeated
            since = batch.get(batch.size() - 1).handledAt();
            afterId = batch.get(batch.size() - 1).id();
        }
        if (last.isAfter(mark)) {
            jdbc.update("UPDATE case_evaluation_state SET handled_through = ? WHERE id = 1", odt(last));
        }
        return done;
    }

    /** The watermark: {@link #sweepHandled} looks at the cases handled since it, less the margin. */
    Instant handledThrough() {
        return jdbc.queryForObject("SELECT handled_through FROM case_evaluation_state WHERE id = 1",
                (rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant());
    }

    /** Sets the watermark (the case generator fills the columns itself). */
    void markHandledThrough(Instant t) {
        jdbc.update("UPDATE case_evaluation_state SET handled_through = ? WHERE id = 1", odt(t));
    }

    static OffsetDateTime odt(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
