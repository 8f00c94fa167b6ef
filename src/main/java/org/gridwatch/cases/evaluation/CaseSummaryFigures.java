package org.gridwatch.cases.evaluation;

import java.util.Set;

/**
 * The case figures of a work summary (docs/evaluation.md, "Work summary lines"): problems found and
 * rectified (发现问题 N 处，已整改 N 处) and complaints received and still being handled
 * (投诉 N 宗（居民和热线），均已处理完毕 / 其中 N 宗正在处理).
 *
 * @param problemsFound      cases from inspections, the field page or an import reported in the period
 * @param problemsRectified  of those, the ones handled, verified or closed now
 * @param complaints         cases from residents, the hotline or a partner system reported in the period
 * @param complaintsOpen     of those, the ones not yet handled, verified or closed
 */
public record CaseSummaryFigures(long problemsFound, long problemsRectified, long complaints, long complaintsOpen) {

    /** Sources of problems staff found. */
    public static final Set<String> FOUND_SOURCES = Set.of("patrol", "field", "import");
    /** Sources of complaints (投诉). */
    public static final Set<String> COMPLAINT_SOURCES = Set.of("resident", "hotline", "open311");
    /** Statuses in which the department's work is done. */
    public static final Set<String> DONE = Set.of("handled", "verified", "closed");

    /** The definition, over cases in memory: merged duplicates and rejected reports do not count. */
    public static CaseSummaryFigures of(Iterable<CaseFacts> cases, EvaluationPeriod period) {
        long found = 0, rectified = 0, complaints = 0, open = 0;
        for (CaseFacts c : cases) {
            if (!period.contains(c.reportedAt()) || "merged".equals(c.status()) || "rejected".equals(c.status())) {
                continue;
            }
            boolean done = DONE.contains(c.status());
            if (FOUND_SOURCES.contains(c.source())) {
                found++;
                if (done) rectified++;
            } else if (COMPLAINT_SOURCES.contains(c.source())) {
                complaints++;
                if (!done) open++;
            }
        }
        return new CaseSummaryFigures(found, rectified, complaints, open);
    }
}
