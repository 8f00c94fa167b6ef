package org.gridwatch.cases.evaluation;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.gridwatch.cases.WorkingCalendar;
import org.gridwatch.system.ApiProblem;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The evaluation of the case loop (docs/evaluation.md): brings the stored handling minutes up to date, then
 * aggregates the {@link CaseEvaluationIndex} kept in memory (or, with
 * {@code gridwatch.cases.evaluation.in-memory=false}, lets the store aggregate in SQL). Also the case lines
 * of the work summary.
 */
@Service
public class CaseEvaluationService {

    /** Longest period one request may span (two years and a day: a year compared with the one before). */
    public static final int MAX_DAYS = 732;

    private final CaseEvaluationQueries queries;
    private final CaseCalendarReader calendar;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    private final CaseEvaluationIndex index;
    private final boolean inMemory;
    private final TransactionTemplate writeTx;
    private final TransactionTemplate readTx;

    CaseEvaluationService(CaseEvaluationQueries queries, CaseCalendarReader calendar, JdbcTemplate jdbc,
                          CaseEvaluationIndex index, PlatformTransactionManager transactions,
                          @Value("${gridwatch.cases.evaluation.in-memory:true}") boolean inMemory) {
        this.queries = queries;
        this.calendar = calendar;
        this.jdbc = jdbc;
        this.clock = Clock.systemUTC();
        this.index = index;
        this.inMemory = inMemory;
        this.writeTx = new TransactionTemplate(transactions);
        this.readTx = new TransactionTemplate(transactions);
        this.readTx.setReadOnly(true);
    }

    /** The figures of a period, the moment they describe, the groups and the total. */
    public record Evaluation(LocalDate from, LocalDate to, Grouping by, Instant asOf, List<EvaluationRow> rows,
                             EvaluationRow total) {
    }

    public ZoneId zone() {
        return calendar.zone();
    }

    /** Checks a period and turns it into instants; a 400 in the caller's language when it is not one. */
    public EvaluationPeriod period(LocalDate from, LocalDate to) {
        if (from.isAfter(to)) {
            throw ApiProblem.badRequest("evaluation.period.order", "from " + from + " is after to " + to, from.toString(),
                    to.toString());
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > MAX_DAYS) {
            throw ApiProblem.badRequest("evaluation.period.tooLong", "a period may span at most " + MAX_DAYS + " days",
                    MAX_DAYS, days);
        }
        return EvaluationPeriod.ofDays(from, to, calendar.zone());
    }

    /**
     * @param gridCode null for the district; a small or large grid's code limits the cases to it
     */
    public Evaluation evaluate(LocalDate from, LocalDate to, Grouping by, String gridCode) {
        EvaluationPeriod period = period(from, to);
        String column = scopeColumn(gridCode);
        String code = column == null ? null : gridCode.trim();
        // the sweep writes (on the embedded store under its write lock); the reading after it does not
        writeTx.execute(status -> refreshHandlingMinutes());
        Instant now = clock.instant();
        if (inMemory) {
            EvaluationIndex current = readTx.execute(status -> index.current());
            Grouping scope = column == null ? null : column.equals("large_grid_code") ? Grouping.LARGE_GRID : Grouping.SMALL_GRID;
            EvaluationIndex.Result r = current.evaluate(period, by, now, scope, code);
            return new Evaluation(from, to, by, now, r.rows(), r.total());
        }
        return writeTx.execute(status -> {
            CaseEvaluationQueries.Evaluated evaluated = queries.evaluateWithTotal(period, by, now, column, code);
            List<EvaluationRow> rows = evaluated.rows();
            // every case is in exactly one group (the one without a key included): the total's counts are the
            // rows' sums; only its percentile needs the values again, unless the store gave the total row
            EvaluationRow total = by == Grouping.ALL && !rows.isEmpty() ? rows.get(0)
                    : evaluated.total() != null ? evaluated.total()
                    : sum(rows, queries.totalHandlingMinutesP90(period, column, code));
            return new Evaluation(from, to, by, now, rows, total);
        });
    }

    static EvaluationRow sum(List<EvaluationRow> rows, Double p90) {
        long[] t = new long[12];
        for (EvaluationRow r : rows) {
            long[] v = {r.reported(), r.registered(), r.dispatched(), r.handled(), r.handledOnTime(), r.verified(),
                    r.reworked(), r.closed(), r.closedOnTime(), r.overdueNow(), r.handlingTimed(), r.handlingMinutes()};
            for (int i = 0; i < t.length; i++) t[i] += v[i];
        }
        return new EvaluationRow(null, t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10], t[11],
                t[10] == 0 ? null : p90);
    }

    /** Computes the handling minutes of the cases handled since the last evaluation; returns how many. */
    @Transactional
    public int refreshHandlingMinutes() {
        WorkingCalendar c = calendar.read();
        Instant since = queries.handledThrough().minus(CaseEvaluationQueries.LATE_COMMIT_MARGIN);
        int computed = queries.sweepHandled(c::workingMinutesBetween);
        // the sweep does not touch updated_at: the index reads these cases again for their minutes and handler
        if (computed > 0) index.rereadHandledSince(since);
        return computed;
    }

    /** The work summary's case figures for the period, for the district (gridCode null) or one grid. */
    @Transactional(readOnly = true)
    public CaseSummaryFigures summaryFigures(LocalDate from, LocalDate to, String gridCode) {
        // the summary checked its own period (it allows longer ones than the evaluation table)
        EvaluationPeriod period = EvaluationPeriod.ofDays(from, to, calendar.zone());
        String column = scopeColumn(gridCode);
        return queries.summary(period, column, column == null ? null : gridCode.trim());
    }

    /** The cases column that names a grid of the code's level, or null for the district (no code). */
    private String scopeColumn(String gridCode) {
        if (gridCode == null || gridCode.isBlank()) {
            return null;
        }
        return "large".equals(level(gridCode.trim())) ? "large_grid_code" : "small_grid_code";
    }

    private String level(String code) {
        List<String> level = jdbc.queryForList("SELECT level FROM grid WHERE code = ?", String.class, code);
        if (level.isEmpty()) {
            throw ApiProblem.notFound("evaluation.grid.invalid", "no grid with code " + code, code);
        }
        return level.get(0);
    }
}
