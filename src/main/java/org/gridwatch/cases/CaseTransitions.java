package org.gridwatch.cases;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.gridwatch.account.Role;
import org.gridwatch.grid.GridService;
import org.gridwatch.system.ApiProblem;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves cases along the loop: checks the caller's version, asks {@link CaseWorkflow} whether the
 * state and the caller's party allow the action, sets the stage's timestamps and deadlines on the
 * calendar, and writes the timeline and the change history with it. A refusal changes nothing.
 */
@Service
public class CaseTransitions {

    /** Longest extension one request may ask for: 30 working days of 8 hours. */
    static final int MAX_EXTENSION_MINUTES = 30 * 480;

    private final Cases cases;
    private final CaseTables tables;
    private final CaseCalendar calendar;
    private final CaseCallers callers;
    private final CaseLog log;
    private final CaseViews views;
    private final GridService grids;
    private final Clock clock = Clock.systemUTC();

    CaseTransitions(Cases cases, CaseTables tables, CaseCalendar calendar, CaseCallers callers, CaseLog log,
                    CaseViews views, GridService grids) {
        this.cases = cases;
        this.tables = tables;
        this.calendar = calendar;
        this.callers = callers;
        this.log = log;
        this.views = views;
        this.grids = grids;
    }

    /** Applies one transition; returns the case as the caller now sees it. */
    @Transactional
    public Map<String, Object> apply(long id, TransitionRequest r) {
        CaseCaller caller = callers.current();
        CaseAction action = action(r.action());
        CaseText.check("note", r.note(), 2000);
        if (r.version() == null) {
            throw ApiProblem.badRequest("case.version.required", "version is required: the version of the case you saw");
        }
        CaseRow before = cases.findForUpdate(id).orElseThrow(() -> CaseViews.notFound(id));
        if (r.version() != before.version) {
            throw ApiProblem.conflict("case.version.stale", "case " + before.number + " was changed by someone else"
                            + " (version " + before.version + ", you saw " + r.version() + "); reload it",
                    before.number, before.version, r.version())
                    .with("currentVersion", before.version);
        }
        var parties = caller.partiesFor(before);
        CaseWorkflow.Decision decision = CaseWorkflow.decide(before.status, before.extensionPending(), action, parties);
        List<String> allowed = CaseWorkflow.allowedActions(before.status, before.extensionPending(), parties).stream()
                .map(CaseAction::key).toList();
        if (decision.verdict() == CaseWorkflow.Verdict.WRONG_STATE) {
            throw ApiProblem.conflict("case.transition.state", "a case that is " + before.status.key()
                            + " cannot take the action " + action.key(), action.ordinal(), before.status.ordinal())
                    .with("allowedActions", allowed).with("status", before.status.key());
        }
        if (decision.verdict() == CaseWorkflow.Verdict.WRONG_PARTY) {
            throw wrongParty(decision.transition().party(), caller, before, action).with("allowedActions", allowed);
        }
        CaseRow after = before.copy();
        Instant now = Instant.now(clock);
        CaseClass caseClass = tables.caseClass(before.classCode).orElseThrow();
        WorkingCalendar cal = calendar.calendar();
        Step step = new Step(after, now, cal, caseClass, r);
        after.status = decision.transition().to();
        switch (action) {
            case REGISTER -> register(step);
            case REJECT -> {
                step.noteRequired();
                after.stageDeadline = null;
            }
            case MERGE -> merge(step, caller);
            case DISPATCH -> dispatch(step, r.department());
            case HANDLE -> {
                step.photos = requirePhotos(after, "after", after.dispatchedAt, "case.photo.afterRequired",
                        "handling needs an after-photo uploaded since the case was dispatched");
                after.handledAt = now;
                after.verifyDeadline = cal.plusWorkingMinutes(now, caseClass.verifyMinutes());
                after.stageDeadline = after.verifyDeadline;
                after.pendingExtensionMinutes = null;
            }
            case RETURN -> {
                step.noteRequired();
                after.department = null;
                after.pendingExtensionMinutes = null;
                after.dispatchDeadline = cal.plusWorkingMinutes(now, caseClass.dispatchMinutes());
                after.stageDeadline = after.dispatchDeadline;
            }
            case REQUEST_EXTENSION -> {
                Integer minutes = r.extensionMinutes();
                if (minutes == null || minutes <= 0 || minutes > MAX_EXTENSION_MINUTES) {
                    throw ApiProblem.badRequest("case.extension.minutes", "extensionMinutes must be 1 to "
                            + MAX_EXTENSION_MINUTES + " working minutes", MAX_EXTENSION_MINUTES);
                }
                after.pendingExtensionMinutes = minutes;
                step.extension = minutes;
            }
            case GRANT_EXTENSION -> {
                int minutes = before.pendingExtensionMinutes;
                after.handleDeadline = cal.plusWorkingMinutes(before.handleDeadline, minutes);
                after.closeDeadline = before.closeDeadline == null ? null
                        : cal.plusWorkingMinutes(before.closeDeadline, minutes);
                after.extensionMinutes = before.extensionMinutes + minutes;
                after.pendingExtensionMinutes = null;
                after.stageDeadline = after.handleDeadline;
                step.extension = minutes;
            }
            case REFUSE_EXTENSION -> {
                step.extension = before.pendingExtensionMinutes;
                after.pendingExtensionMinutes = null;
            }
            case VERIFY -> {
                step.photos = requirePhotos(after, "verify", after.handledAt, "case.photo.verifyRequired",
                        "verification needs a photo taken on site since the case was handled");
                after.verifiedAt = now;
                after.stageDeadline = cal.plusWorkingMinutes(now, caseClass.closeMinutes());
            }
            case REWORK -> {
                step.noteRequired();
                after.reworkCount = before.reworkCount + 1;
                after.dispatchedAt = now;
                after.handleDeadline = cal.plusWorkingMinutes(now, caseClass.handleMinutes());
                after.stageDeadline = after.handleDeadline;
            }
            case CLOSE -> {
                after.closedAt = now;
                after.stageDeadline = null;
            }
        }
        write(before, after, action.key(), caller, now, CaseText.blankToNull(r.note()), step);
        if (action == CaseAction.REGISTER && caseClass.autoDispatch() && autoDepartment(caseClass) != null) {
            CaseRow registered = after;
            CaseRow dispatched = registered.copy();
            dispatched.status = CaseStatus.DISPATCHED;
            Step auto = new Step(dispatched, now, cal, caseClass, r);
            dispatch(auto, caseClass.defaultDepartment());
            write(registered, dispatched, CaseAction.DISPATCH.key(), caller, now, "auto", auto);
            after = dispatched;
        }
        return views.detail(after, caller);
    }

    /** What one transition carries besides the row: the request, photos taken along, extension minutes, a related case. */
    private static final class Step {
        final CaseRow row;
        final Instant now;
        final WorkingCalendar cal;
        final CaseClass caseClass;
        final TransitionRequest request;
        List<Long> photos = List.of();
        Integer extension;
        Long related;

        Step(CaseRow row, Instant now, WorkingCalendar cal, CaseClass caseClass, TransitionRequest request) {
            this.row = row;
            this.now = now;
            this.cal = cal;
            this.caseClass = caseClass;
            this.request = request;
        }

        void noteRequired() {
            if (request.note() == null || request.note().isBlank()) {
                throw ApiProblem.badRequest("case.note.required", "this action needs a note giving the reason");
            }
        }
    }

    private void write(CaseRow before, CaseRow after, String action, CaseCaller caller, Instant now, String note,
                       Step step) {
        after.updatedAt = now;
        if (!cases.update(after, before.version)) {
            throw ApiProblem.conflict("case.version.stale", "case " + before.number + " was changed by someone else; reload it",
                    before.number, before.version, before.version).with("currentVersion", before.version + 1);
        }
        after.version = before.version + 1;
        log.record(before, after, action, caller.username(), now, note, step.extension, step.related, step.photos);
    }

    private void register(Step s) {
        CaseRow c = s.row;
        if (s.request.lon() != null || s.request.lat() != null) {
            if (s.request.lon() == null || s.request.lat() == null) {
                throw ApiProblem.badRequest("case.point.required", "lon and lat are required");
            }
            String small = grids.smallGridCodeAt(s.request.lon(), s.request.lat()).orElseThrow(() ->
                    ApiProblem.badRequest("case.point.outsideGrids", "the point " + s.request.lon() + ", "
                            + s.request.lat() + " lies in no small grid of the district", s.request.lon(), s.request.lat()));
            c.lon = s.request.lon();
            c.lat = s.request.lat();
            c.smallGridCode = small;
            c.largeGridCode = grids.parentCode(small).orElse(null);
        }
        if (c.smallGridCode == null) {
            throw ApiProblem.badRequest("case.register.noGrid",
                    "this case lies in no small grid: give lon and lat inside a grid to place it while registering");
        }
        c.registeredAt = s.now;
        c.dispatchDeadline = s.cal.plusWorkingMinutes(s.now, s.caseClass.dispatchMinutes());
        c.closeDeadline = s.cal.plusWorkingMinutes(s.now, s.caseClass.minutesFromRegistrationToClose());
        c.stageDeadline = c.dispatchDeadline;
    }

    private void merge(Step s, CaseCaller caller) {
        Long target = s.request.mergeInto();
        CaseRow c = s.row;
        if (target == null) {
            throw ApiProblem.badRequest("case.merge.target.required", "mergeInto must name the open case to merge into");
        }
        CaseRow into = cases.find(target).orElseThrow(() -> ApiProblem.badRequest("case.merge.target.unknown",
                "there is no case " + target, target));
        if (into.id == c.id || into.status.terminal() || !into.classCode.equals(c.classCode)) {
            throw ApiProblem.badRequest("case.merge.target.invalid", "a case merges only into another open case of "
                    + "the same class; case " + into.number + " is " + into.status.key() + " of class " + into.classCode,
                    into.number, into.status.ordinal(), into.classCode);
        }
        c.mergedInto = into.id;
        c.stageDeadline = null;
        s.related = into.id;
        log.note(into, "merge_in", caller.username(), s.now, "merged " + c.number, c.id);
    }

    private void dispatch(Step s, String departmentCode) {
        String code = departmentCode == null || departmentCode.isBlank() ? s.caseClass.defaultDepartment()
                : departmentCode.trim();
        if (code == null) {
            throw ApiProblem.badRequest("case.department.required", "name the department to dispatch to");
        }
        Department d = tables.department(code).filter(Department::active).orElseThrow(() ->
                ApiProblem.badRequest("case.department.unknown", "there is no active department " + code, code));
        CaseRow c = s.row;
        c.department = d.code();
        c.dispatchedAt = s.now;
        c.handleDeadline = s.cal.plusWorkingMinutes(s.now, s.caseClass.handleMinutes());
        c.stageDeadline = c.handleDeadline;
        c.pendingExtensionMinutes = null;
    }

    private String autoDepartment(CaseClass c) {
        return c.defaultDepartment() == null ? null
                : tables.department(c.defaultDepartment()).filter(Department::active).map(Department::code).orElse(null);
    }

    private List<Long> requirePhotos(CaseRow c, String kind, Instant since, String key, String english) {
        List<Long> photos = cases.loosePhotos(c.id, kind, since == null ? c.reportedAt : since);
        if (photos.isEmpty()) throw ApiProblem.badRequest(key, english);
        return photos;
    }

    private static ApiProblem wrongParty(CaseWorkflow.Party needed, CaseCaller caller, CaseRow c, CaseAction action) {
        return switch (needed) {
            case HANDLER -> caller.roles().contains(Role.HANDLER)
                    ? new ApiProblem(403, "case.transition.department", "case " + c.number + " is with department "
                    + c.department + ", not yours", c.number, String.valueOf(c.department))
                    : new ApiProblem(403, "case.transition.role", "only the handling department may " + action.key()
                    + " this case", action.ordinal());
            case VERIFIER -> caller.roles().contains(Role.GRID_WORKER)
                    ? new ApiProblem(403, "case.transition.grid", "case " + c.number + " lies in small grid "
                    + c.smallGridCode + ", which is not one of yours", c.number, String.valueOf(c.smallGridCode))
                    : new ApiProblem(403, "case.transition.role", "only the grid worker of the case's small grid may "
                    + action.key() + " it", action.ordinal());
            case DISPATCHER -> new ApiProblem(403, "case.transition.role", "only a dispatcher may " + action.key()
                    + " a case", action.ordinal());
        };
    }

    private static CaseAction action(String key) {
        if (key == null || key.isBlank()) {
            throw ApiProblem.badRequest("case.action.required", "action is required");
        }
        return CaseAction.ofKey(key.trim()).orElseThrow(() -> ApiProblem.badRequest("case.action.unknown",
                "unknown action " + key, key).with("actions",
                Arrays.stream(CaseAction.values()).map(CaseAction::key).toList()));
    }
}
