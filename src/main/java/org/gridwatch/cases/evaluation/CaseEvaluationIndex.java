package org.gridwatch.cases.evaluation;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the {@link EvaluationIndex} of the store's cases current. Built from the whole table once (at start
 * in the background when {@code gridwatch.cases.evaluation.preload} is true, else at the first evaluation),
 * then before each evaluation brought up to date by reading the cases whose {@code updated_at} is at or after
 * the newest one seen, less {@link CaseEvaluationQueries#LATE_COMMIT_MARGIN} (a transaction may commit a
 * little after its time). Every write of the service sets {@code updated_at}, also on another instance of
 * the service sharing the database. Rows written by hand without it (tests, the benchmark's loader) are
 * seen after {@link #reload}; a table holding more cases than the index also makes it reload (rows
 * deleted by hand are seen only after {@link #reload}: the service never deletes a case).
 */
@Component
public class CaseEvaluationIndex {

    private static final Logger log = LoggerFactory.getLogger(CaseEvaluationIndex.class);
    private static final String COLUMNS = "id, status, class_code, small_grid_code, large_grid_code, department_code, "
            + "handled_by, assignee, reported_at, registered_at, dispatched_at, handled_at, verified_at, closed_at, "
            + "handle_deadline, close_deadline, stage_deadline, rework_count, handling_work_minutes, updated_at";
    private static final Duration MARGIN = CaseEvaluationQueries.LATE_COMMIT_MARGIN;

    private final JdbcTemplate jdbc;
    private final boolean preload;
    private volatile EvaluationIndex index;
    /** The newest {@code updated_at} the index has read. */
    private OffsetDateTime newest;
    /** Cases handled since this instant are to be read again (their handling minutes were computed), or null. */
    private Instant rereadHandledSince;

    CaseEvaluationIndex(DataSource dataSource,
                        @Value("${gridwatch.cases.evaluation.preload:true}") boolean preload) {
        this.jdbc = new JdbcTemplate(dataSource);
        // PostgreSQL streams a result with a fetch size only inside a transaction (the evaluation's, or the
        // preload's own connection below with auto-commit off); H2 reads in pages anyway
        this.jdbc.setFetchSize(10_000);
        this.preload = preload;
    }

    @EventListener(ApplicationReadyEvent.class)
    void preload() {
        if (!preload) return;
        Thread t = new Thread(() -> {
            try {
                current();
            } catch (RuntimeException e) {
                log.warn("case evaluation index not preloaded; the first evaluation builds it", e);
            }
        }, "case-evaluation-index");
        t.setDaemon(true);
        t.start();
    }

    /** The index, up to date with the cases table as of now. */
    synchronized EvaluationIndex current() {
        if (index == null) {
            load();
            return index;
        }
        // counted before the changes are read: every case counted is then read or already held, and cases
        // reported meanwhile only make the index larger than the count
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM cases", Long.class);
        List<EvaluationIndex.Indexed> changed = new ArrayList<>();
        OffsetDateTime[] seen = {newest};
        jdbc.query("SELECT " + COLUMNS + " FROM cases WHERE updated_at >= ?", rs -> {
            changed.add(indexed(rs, seen));
        }, newest.toInstant().minus(MARGIN).atOffset(java.time.ZoneOffset.UTC));
        if (rereadHandledSince != null) {
            jdbc.query("SELECT " + COLUMNS + " FROM cases WHERE handled_at >= ?", rs -> {
                changed.add(indexed(rs, seen));
            }, rereadHandledSince.atOffset(java.time.ZoneOffset.UTC));
            rereadHandledSince = null;
        }
        index.putAll(changed);
        newest = seen[0];
        if (count != null && index.size() < count) {
            log.info("case evaluation index holds {} cases, the table {}: reloading", index.size(), count);
            load();
        }
        return index;
    }

    /** Cases held and the bytes of their arrays ({@link EvaluationIndex#memoryBytes}), 0 before the first build. */
    public long[] sizeAndBytes() {
        EvaluationIndex i = index;
        return i == null ? new long[]{0, 0} : new long[]{i.size(), i.memoryBytes()};
    }

    /**
     * The handling minutes and handler of the cases handled since {@code since} were computed
     * ({@link CaseEvaluationQueries#sweepHandled}, which leaves {@code updated_at} alone): the next
     * {@link #current} reads those cases again.
     */
    synchronized void rereadHandledSince(Instant since) {
        if (index == null) return;
        if (rereadHandledSince == null || since.isBefore(rereadHandledSince)) rereadHandledSince = since;
    }

    /** Builds the index again from the whole table: after cases were written or deleted by hand. */
    public synchronized void reload() {
        load();
    }

    private void load() {
        long t0 = System.nanoTime();
        EvaluationIndex fresh = new EvaluationIndex();
        OffsetDateTime[] seen = {OffsetDateTime.parse("1970-01-01T00:00:00Z")};
        List<EvaluationIndex.Indexed> batch = new ArrayList<>(10_000);
        jdbc.execute((java.sql.Connection c) -> {
            boolean auto = c.getAutoCommit();
            if (auto) c.setAutoCommit(false);
            try (var st = c.prepareStatement("SELECT " + COLUMNS + " FROM cases")) {
                st.setFetchSize(10_000);
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        batch.add(indexed(rs, seen));
                        if (batch.size() == 10_000) {
                            fresh.putAll(batch);
                            batch.clear();
                        }
                    }
                }
            } finally {
                if (auto) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            }
            return null;
        });
        fresh.putAll(batch);
        index = fresh;
        newest = seen[0];
        rereadHandledSince = null;
        log.info("case evaluation index: {} cases, ~{} MiB, built in {} ms", fresh.size(), fresh.memoryBytes() >> 20,
                (System.nanoTime() - t0) / 1_000_000);
    }

    private static EvaluationIndex.Indexed indexed(java.sql.ResultSet rs, OffsetDateTime[] newest) throws java.sql.SQLException {
        OffsetDateTime updated = rs.getObject(20, OffsetDateTime.class);
        if (updated != null && updated.isAfter(newest[0])) newest[0] = updated;
        CaseFacts facts = new CaseFacts(rs.getString(2), rs.getString(3), null, rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), null, instant(rs, 9), instant(rs, 10), instant(rs, 11),
                instant(rs, 12), instant(rs, 13), instant(rs, 14), instant(rs, 15), instant(rs, 16), instant(rs, 17),
                rs.getInt(18));
        return new EvaluationIndex.Indexed(rs.getLong(1), facts, rs.getObject(19, Integer.class));
    }

    private static Instant instant(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
