package org.gridwatch.cases;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.history.ChangeAction;
import org.gridwatch.history.ChangeRecorder;
import org.gridwatch.history.Snapshot;
import org.springframework.stereotype.Component;

/**
 * Writes what a change to a case leaves behind, in the transaction of the change: the
 * {@code case_transitions} row (the case's own timeline) and the change-history entry.
 */
@Component
class CaseLog {

    /** The entity name of cases in the change history. */
    static final String HISTORY_ENTITY = "case";

    private final Cases cases;
    private final ChangeRecorder history;

    CaseLog(Cases cases, ChangeRecorder history) {
        this.cases = cases;
        this.history = history;
    }

    /**
     * Records one step of {@code after} (taken from {@code before}; null for a new case) and links the
     * loose photos it took along. @return the transition as written, with its id
     */
    Cases.TransitionRow record(CaseRow before, CaseRow after, String action, String actor, Instant at, String note,
                Integer extensionMinutes, Long relatedCaseId, List<Long> photoIds) {
        Cases.TransitionRow step = new Cases.TransitionRow(0, after.id, action,
                before == null ? null : before.status.key(), after.status.key(), actor, at, note, after.department,
                extensionMinutes, relatedCaseId);
        long id = cases.insertTransition(step);
        if (!photoIds.isEmpty()) cases.linkPhotos(photoIds, id);
        history.record(HISTORY_ENTITY, String.valueOf(after.id), before == null ? ChangeAction.CREATE : ChangeAction.UPDATE,
                before == null ? null : snapshot(before), snapshot(after));
        return new Cases.TransitionRow(id, step.caseId(), step.action(), step.fromStatus(), step.toStatus(),
                step.actor(), step.at(), step.note(), step.department(), step.extensionMinutes(), step.relatedCaseId());
    }

    /** A note on a case that does not change it (a duplicate merged into it). */
    void note(CaseRow target, String action, String actor, Instant at, String note, Long relatedCaseId) {
        cases.insertTransition(new Cases.TransitionRow(0, target.id, action, target.status.key(), target.status.key(),
                actor, at, note, target.department, null, relatedCaseId));
    }

    private static Snapshot snapshot(CaseRow c) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", c.id);
        p.put("number", c.number);
        p.put("status", c.status.key());
        p.put("classCode", c.classCode);
        p.put("source", c.source.key());
        p.put("smallGridCode", c.smallGridCode);
        p.put("department", c.department);
        p.put("mergedInto", c.mergedInto);
        p.put("stageDeadline", c.stageDeadline);
        p.put("handleDeadline", c.handleDeadline);
        p.put("closeDeadline", c.closeDeadline);
        p.put("pendingExtensionMinutes", c.pendingExtensionMinutes);
        p.put("reworkCount", c.reworkCount);
        p.put("version", c.version);
        return new Snapshot(p, GeometryFactories.point(c.lon, c.lat));
    }
}
