package org.gridwatch.summary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gridwatch.inspection.InspectionOutcome;
import org.gridwatch.inspection.OutcomeClassifier;

/**
 * Counts the inspection figures of a work summary (工作总结) from the period's records, streamed in
 * order of feature and then time: inspections made, problems found and closed, breeding sites dealt
 * with by kind. Not thread-safe: one instance per summary.
 *
 * <ul>
 * <li><b>problems found</b>: positive records in the period.</li>
 * <li><b>problems closed</b>: of those, the ones recorded as cleared, or followed in the period by a
 * later record of the same feature that is cleared or not positive.</li>
 * <li><b>breeding sites dealt with</b>: distinct features of each {@link #SITE_KINDS kind} with at
 * least one record marked cleared in the period (a site cleared twice counts once).</li>
 * </ul>
 */
public final class WorkSummaryCalculator {

    /** The kinds the summary sentence names, in its order. */
    public static final List<String> SITE_KINDS = List.of(OutcomeClassifier.SMALL_WATER, OutcomeClassifier.SEWER_WELL,
            OutcomeClassifier.DRAIN_INLET, OutcomeClassifier.GARBAGE_POINT, OutcomeClassifier.RODENT_SIGN);

    private final Map<String, Long> handled = new LinkedHashMap<>();
    private long inspections;
    private long found;
    private long closed;
    private long currentFeature = Long.MIN_VALUE;
    private int openProblems;
    private boolean countedCleared;

    public WorkSummaryCalculator() {
        for (String k : SITE_KINDS) handled.put(k, 0L);
    }

    /** Adds the next record; records must come ordered by feature id, then inspection time. */
    public void accept(InspectionOutcome r) {
        if (r.featureId() != currentFeature) {
            if (r.featureId() < currentFeature) {
                throw new IllegalArgumentException("records must be ordered by feature id: " + r.featureId()
                        + " after " + currentFeature);
            }
            currentFeature = r.featureId();
            openProblems = 0;
            countedCleared = false;
        }
        inspections++;
        if (openProblems > 0 && (r.cleared() || !r.positive())) {
            // a later clean or cleared record closes what was open before it
            closed += openProblems;
            openProblems = 0;
        }
        if (r.positive()) {
            found++;
            if (r.cleared()) closed++;
            else openProblems++;
        }
        if (r.cleared() && !countedCleared && r.siteKind() != null && handled.containsKey(r.siteKind())) {
            handled.merge(r.siteKind(), 1L, Long::sum);
            countedCleared = true;
        }
    }

    public long inspections() {
        return inspections;
    }

    public long problemsFound() {
        return found;
    }

    public long problemsClosed() {
        return closed;
    }

    /** Distinct sites cleared, by kind in {@link #SITE_KINDS} order (0 for kinds without any). */
    public Map<String, Long> breedingSitesHandled() {
        return new LinkedHashMap<>(handled);
    }
}
