package org.gridwatch.cases;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.gridwatch.system.ApiProblem;
import org.springframework.stereotype.Component;

/** Turns stored cases into the API's JSON for the current caller (allowed actions, overdue now). */
@Component
class CaseViews {

    private final Cases cases;
    private final CaseCalendar calendar;
    private final CaseCallers callers;
    private final CaseSettings settings;
    private final Clock clock = Clock.systemUTC();

    CaseViews(Cases cases, CaseCalendar calendar, CaseCallers callers, CaseSettings settings) {
        this.cases = cases;
        this.calendar = calendar;
        this.callers = callers;
        this.settings = settings;
    }

    static ApiProblem notFound(long id) {
        return ApiProblem.notFound("case.notFound", "there is no case " + id, id);
    }

    /** The JSON writer of this moment: "overdue" and "due soon" as of now. */
    CaseJson json() {
        WorkingCalendar cal = calendar.calendar();
        Instant now = Instant.now(clock);
        return new CaseJson(cal.zone(), new CaseJson.Urgency(now, cal.plusWorkingMinutes(now, settings.dueSoonMinutes())));
    }

    Map<String, Object> detail(CaseRow c, CaseCaller caller) {
        return detail(c, caller, cases.transitions(c.id), cases.photos(c.id));
    }

    private Map<String, Object> detail(CaseRow c, CaseCaller caller, List<Cases.TransitionRow> transitions,
                                       List<Cases.PhotoRow> photos) {
        List<String> allowed = CaseWorkflow.allowedActions(c.status, c.extensionPending(), caller.partiesFor(c))
                .stream().map(CaseAction::key).toList();
        Map<String, Object> m = json().detail(c, allowed, transitions, photos);
        if (!mayKnowReporter(c, caller)) {
            m.put("reporterName", null);
            m.put("reporterPhone", null);
        }
        return m;
    }

    /**
     * Who reported a case (name, phone) is for its parties only: dispatchers and admins, the handling
     * department, the grid worker of its small grid, and the account that reported it. Viewers, planners,
     * vector control and grid workers elsewhere read the case without them.
     */
    static boolean mayKnowReporter(CaseRow c, CaseCaller caller) {
        return !caller.partiesFor(c).isEmpty() || caller.username().equals(c.reportedBy);
    }

    Map<String, Object> detail(CaseRow c) {
        return detail(c, callers.current());
    }

    CaseReporting.Reported reported(CaseRow c, boolean created, CaseCaller caller) {
        return new CaseReporting.Reported(c.id, c.number, created, new java.util.LinkedHashMap<>(detail(c, caller)));
    }

    /**
     * A case just written, answered from what was written (its one step, no photos) instead of read back:
     * no store read, and on PostgreSQL no transaction after the create's. The same JSON as {@link #detail}
     * would give, provided the row's instants are as the store keeps them (microseconds).
     */
    CaseReporting.Reported created(CaseRow c, Cases.TransitionRow step, CaseCaller caller) {
        return new CaseReporting.Reported(c.id, c.number, true,
                new java.util.LinkedHashMap<>(detail(c, caller, List.of(step), List.of())));
    }
}
