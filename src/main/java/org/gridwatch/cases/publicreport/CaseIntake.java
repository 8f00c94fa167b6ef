package org.gridwatch.cases.publicreport;

import org.springframework.stereotype.Service;

/**
 * The one door through which the residents' page and Open311 make cases: it hands a report to the case
 * core's create service (grid lookup, number, deadlines, dedup, transition and history all happen there).
 */
@Service
public class CaseIntake {

    /**
     * A report from outside the staff.
     *
     * @param clientId     makes a retry return the stored case (null: none)
     * @param source       {@code resident} or {@code open311}
     * @param outsideGrids true: a point in no small grid but inside the district is kept, without a grid,
     *                     for a dispatcher to place
     * @param photo        the before photo's bytes, already sniffed (null: none)
     */
    public record Draft(String clientId, String source, String classCode, double lon, double lat, String description,
                        String address, String reporterName, String reporterPhone, byte[] photo, boolean outsideGrids) {
    }

    /** The stored case; {@code created} false when the clientId named an existing one. */
    public record Created(long id, String number, boolean created) {
    }

    public Created create(Draft draft) {
        throw new UnsupportedOperationException("wired to the case core's create service on merge");
    }
}
