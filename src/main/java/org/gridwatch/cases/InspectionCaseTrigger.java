package org.gridwatch.cases;

import java.util.List;

import org.gridwatch.inspection.Inspection;
import org.gridwatch.inspection.InspectionsRecorded;
import org.gridwatch.system.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opens a case for each inspection whose outcome matches a rule of {@code gridwatch.cases.triggers}
 * (source {@code patrol}, the inspection's point, feature and note), after the inspections committed:
 * a failure here never undoes them. It runs in the recording request as its caller, so it reports only
 * where the inspector may report. {@code clientId} {@code inspection-{id}-{class}} makes it happen once.
 */
@Component
class InspectionCaseTrigger {

    /** The clientIds of inspections' cases: {@code inspection-{id}-{class}}, refused on {@code POST /api/cases}. */
    static final String CLIENT_ID_PREFIX = "inspection-";

    private static final Logger log = LoggerFactory.getLogger(InspectionCaseTrigger.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CaseReporting reporting;
    private final List<CaseTrigger> triggers;

    InspectionCaseTrigger(CaseReporting reporting, CaseSettings settings) {
        this.reporting = reporting;
        this.triggers = settings.triggers();
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(InspectionsRecorded recorded) {
        for (Inspection i : recorded.inspections()) {
            JsonNode outcome;
            try {
                outcome = JSON.readTree(i.outcomeJson());
            } catch (RuntimeException e) {
                continue;
            }
            for (CaseTrigger t : triggers) {
                if (!t.matches(i.typeKey(), outcome)) continue;
                String clientId = CLIENT_ID_PREFIX + i.id() + "-" + t.classCode();
                try {
                    reporting.reportForInspection(new CaseDraft(clientId, CaseSource.PATROL.key(), t.classCode(), i.lon(), i.lat(),
                            i.note(), null, i.featureId(), i.id(), null, null));
                } catch (ApiProblem refused) {
                    log.warn("inspection {} matched {} but no case was opened: {}", i.id(), t.classCode(),
                            refused.getMessage());
                }
            }
        }
    }
}
