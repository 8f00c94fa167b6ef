package org.gridwatch.cases.evaluation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Computes the evaluation figures (综合评价) of a set of cases for a period, grouped by one
 * {@link Grouping}. This is the definition of every figure (see {@code docs/evaluation.md}); the SQL
 * aggregation at scale must produce the same rows.
 *
 * <p>What counts where, for a period {@code [from, to)}:
 * <ul>
 * <li>reported: {@code reportedAt} in the period, status not {@code merged} (a duplicate is linked to
 *     the case it was merged into and not counted twice);</li>
 * <li>registered, dispatched, handled, verified, closed: {@code registeredAt}, {@code dispatchedAt},
 *     {@code handledAt}, {@code verifiedAt}, {@code closedAt} in the period — the time the case keeps,
 *     which after a rework is the latest time of that step;</li>
 * <li>handled on time: handled in the period and {@code handledAt <= handleDeadline};
 *     closed on time: closed in the period and {@code closedAt <= closeDeadline};</li>
 * <li>reworked: verified in the period and {@code reworkCount > 0};</li>
 * <li>handling time: over the cases handled in the period that have a {@code dispatchedAt}, the working
 *     minutes from {@code dispatchedAt} to {@code handledAt};</li>
 * <li>overdue now: not closed/rejected/merged and {@code asOf} after the current stage's deadline,
 *     whatever the period.</li>
 * </ul>
 * A group appears when at least one of its figures is not zero. Rows are sorted by key, null last.
 *
 * <p>Stateless and thread-safe.
 */
public final class CaseEvaluator {

    private final WorkingTime workingTime;

    public CaseEvaluator(WorkingTime workingTime) {
        this.workingTime = Objects.requireNonNull(workingTime, "workingTime");
    }

    /** Working minutes from dispatch to handling, or null when the case was not dispatched or not handled. */
    public Long handlingMinutes(CaseFacts c) {
        if (c.dispatchedAt() == null || c.handledAt() == null) {
            return null;
        }
        return workingTime.workingMinutes(c.dispatchedAt(), c.handledAt());
    }

    /**
     * @param cases    the cases to evaluate (any order)
     * @param period   the period of the flow figures
     * @param grouping what to group by
     * @param asOf     the moment of the stock figure "overdue now"
     */
    public List<EvaluationRow> evaluate(Iterable<CaseFacts> cases, EvaluationPeriod period,
                                        Grouping grouping, Instant asOf) {
        Map<String, Tally> tallies = new LinkedHashMap<>();
        for (CaseFacts c : cases) {
            String key = grouping.keyOf(c);
            Tally t = tallies.computeIfAbsent(key, k -> new Tally());
            if (period.contains(c.reportedAt()) && !"merged".equals(c.status())) {
                t.reported++;
            }
            if (period.contains(c.registeredAt())) {
                t.registered++;
            }
            if (period.contains(c.dispatchedAt())) {
                t.dispatched++;
            }
            if (period.contains(c.handledAt())) {
                t.handled++;
                if (c.handledOnTime()) {
                    t.handledOnTime++;
                }
                Long minutes = handlingMinutes(c);
                if (minutes != null) {
                    t.minutes.add(minutes);
                    t.minutesSum += minutes;
                }
            }
            if (period.contains(c.verifiedAt())) {
                t.verified++;
                if (c.reworkCount() > 0) {
                    t.reworked++;
                }
            }
            if (period.contains(c.closedAt())) {
                t.closed++;
                if (c.closedOnTime()) {
                    t.closedOnTime++;
                }
            }
            if (c.overdueAt(asOf)) {
                t.overdue++;
            }
        }
        List<EvaluationRow> rows = new ArrayList<>();
        tallies.forEach((key, t) -> {
            if (!t.isEmpty()) {
                rows.add(t.toRow(key));
            }
        });
        rows.sort(BY_KEY);
        return rows;
    }

    /** The order of rows everywhere: by key, the row of cases without a key last. */
    public static final Comparator<EvaluationRow> BY_KEY =
            Comparator.comparing(EvaluationRow::key, Comparator.nullsLast(Comparator.naturalOrder()));

    /** The figures of all cases together (key null): the total row. */
    public EvaluationRow total(Iterable<CaseFacts> cases, EvaluationPeriod period, Instant asOf) {
        List<EvaluationRow> rows = evaluate(cases, period, Grouping.ALL, asOf);
        return rows.isEmpty() ? new EvaluationRow(null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null) : rows.get(0);
    }

    private static final class Tally {
        long reported, registered, dispatched, handled, handledOnTime, verified, reworked, closed, closedOnTime,
                overdue, minutesSum;
        final List<Long> minutes = new ArrayList<>();

        boolean isEmpty() {
            return reported + registered + dispatched + handled + verified + closed + overdue == 0;
        }

        EvaluationRow toRow(String key) {
            long[] values = minutes.stream().mapToLong(Long::longValue).toArray();
            return new EvaluationRow(key, reported, registered, dispatched, handled, handledOnTime,
                    verified, reworked, closed, closedOnTime, overdue,
                    values.length, minutesSum, Percentile.cont(values, 0.9));
        }
    }
}
