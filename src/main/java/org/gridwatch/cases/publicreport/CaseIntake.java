package org.gridwatch.cases.publicreport;

import org.gridwatch.cases.CaseDraft;
import org.gridwatch.cases.CaseReporting;
import org.gridwatch.cases.CaseSource;
import org.springframework.stereotype.Service;

/**
 * The one door through which the residents' page and Open311 make cases: the case core's
 * {@link CaseReporting#reportFromOutside} (grid lookup, the "no grid but inside the district" rule for
 * residents, number, deadlines, dedup candidates, transition and history all happen there, in their own
 * transaction). The before photo of a resident's report is stored by {@link PublicReportQueries}: the
 * core's photo upload serves signed-in callers only.
 */
@Service
public class CaseIntake {

    /**
     * A report from outside the staff.
     *
     * @param clientId   makes a retry return the stored case (null: none)
     * @param reportedBy the door, as the case records it: {@code public}, {@code open311:<key name>}
     */
    public record Draft(String clientId, CaseSource source, String reportedBy, String classCode, double lon, double lat,
                        String description, String address, String reporterName, String reporterPhone) {
    }

    /** The stored case; {@code created} false when the clientId named an existing one. */
    public record Created(long id, String number, boolean created) {
    }

    private final CaseReporting reporting;

    CaseIntake(CaseReporting reporting) {
        this.reporting = reporting;
    }

    public Created create(Draft d) {
        CaseReporting.Reported r = reporting.reportFromOutside(new CaseDraft(d.clientId(), d.source().key(), d.classCode(),
                d.lon(), d.lat(), d.description(), d.address(), null, null, d.reporterName(), d.reporterPhone()),
                d.source(), d.reportedBy());
        return new Created(r.id(), r.number(), r.created());
    }
}
