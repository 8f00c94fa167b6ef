package org.gridwatch.cases;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.gridwatch.account.GridAccess;
import org.gridwatch.account.Role;
import org.gridwatch.feature.FeatureService;
import org.gridwatch.geo.BoundingBox;
import org.gridwatch.grid.GridLevel;
import org.gridwatch.grid.GridService;
import org.gridwatch.inspection.InspectionService;
import org.gridwatch.system.ApiProblem;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reports cases: checks the draft, finds the point's small and large grid, draws the day's number,
 * sets the registration deadline, and offers open cases of the same class nearby as duplicates.
 * Also reopens a closed case as a new linked one.
 */
@Service
public class CaseReporting {

    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    /** Sources a signed-in caller may name on {@code POST /api/cases}; resident and open311 have their own doors. */
    private static final Set<CaseSource> STAFF_SOURCES = EnumSet.of(CaseSource.PATROL, CaseSource.FIELD,
            CaseSource.HOTLINE, CaseSource.IMPORT);

    /** The outcome of a report: the case, whether it is new (false: a retried clientId), and nearby open cases. */
    public record Reported(long id, String number, boolean created, Map<String, Object> body) {
    }

    private final Cases cases;
    private final CaseTables tables;
    private final CaseCalendar calendar;
    private final CaseCallers callers;
    private final CaseLog log;
    private final CaseViews views;
    private final GridService grids;
    private final GridAccess access;
    private final FeatureService features;
    private final InspectionService inspections;
    private final CaseSettings settings;
    private final TransactionTemplate tx;
    /** The reads before and after a report's write: read only, so on the embedded store they do not hold its write lock. */
    private final TransactionTemplate readTx;
    private final Clock clock = Clock.systemUTC();

    CaseReporting(Cases cases, CaseTables tables, CaseCalendar calendar, CaseCallers callers, CaseLog log,
                  CaseViews views, GridService grids, GridAccess access, FeatureService features,
                  InspectionService inspections, CaseSettings settings, PlatformTransactionManager transactions) {
        this.cases = cases;
        this.tables = tables;
        this.calendar = calendar;
        this.callers = callers;
        this.log = log;
        this.views = views;
        this.grids = grids;
        this.access = access;
        this.features = features;
        this.inspections = inspections;
        this.settings = settings;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.readTx = new TransactionTemplate(transactions);
        this.readTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.readTx.setReadOnly(true);
    }

    /** A report by the signed-in caller ({@code POST /api/cases}): staff sources only, inside the caller's grids. */
    public Reported report(CaseDraft draft) {
        String clientId = clientId(draft.clientId());
        if (clientId != null && clientId.startsWith(InspectionCaseTrigger.CLIENT_ID_PREFIX)) {
            throw ApiProblem.badRequest("case.clientId.reserved", "clientIds starting with "
                    + InspectionCaseTrigger.CLIENT_ID_PREFIX + " are kept for cases opened by inspections",
                    InspectionCaseTrigger.CLIENT_ID_PREFIX);
        }
        return reportAsCaller(draft);
    }

    /**
     * The case an inspection's outcome opens ({@link InspectionCaseTrigger}), as its inspector: the one
     * caller of the clientIds {@code inspection-{id}-{class}}, which {@link #report} refuses to others.
     */
    Reported reportForInspection(CaseDraft draft) {
        return reportAsCaller(draft);
    }

    private Reported reportAsCaller(CaseDraft draft) {
        CaseCaller caller = callers.current();
        CaseSource source = source(draft.source());
        if (!STAFF_SOURCES.contains(source)) {
            throw ApiProblem.badRequest("case.source.notHere", "source " + source.key()
                    + " reports come through their own page or API, not POST /api/cases", source.key());
        }
        return store(draft, source, caller, caller.username(), true);
    }

    /**
     * A report from outside: the residents' page ({@code resident}) or a partner system ({@code open311}).
     * Nobody is signed in; {@code reportedBy} names the door (e.g. {@code public}, {@code open311:partner}).
     * A point in no small grid but within {@code districtMarginMeters} of a large grid is kept without a grid.
     */
    public Reported reportFromOutside(CaseDraft draft, CaseSource source, String reportedBy) {
        if (source != CaseSource.RESIDENT && source != CaseSource.OPEN311) {
            throw new IllegalArgumentException("only resident and open311 reports come from outside");
        }
        return store(draft, source, CaseCaller.SYSTEM, reportedBy, false);
    }

    /** A closed case reopened as a new linked case (dispatcher). The closed case itself never changes. */
    public Reported reopen(long closedId, String note) {
        CaseCaller caller = callers.current();
        if (!caller.dispatcher()) {
            throw new ApiProblem(403, "case.reopen.role", "only a dispatcher may reopen a case");
        }
        CaseText.check("note", note, 2000);
        Written reopened = tx.execute(status -> {
            // Locked, so two reopenings at once cannot both find no earlier one.
            CaseRow closed = cases.findForUpdate(closedId).orElseThrow(() -> CaseViews.notFound(closedId));
            if (closed.status != CaseStatus.CLOSED) {
                throw ApiProblem.conflict("case.reopen.notClosed", "only a closed case can be reopened; this one is "
                        + closed.status.key(), closed.status.ordinal());
            }
            // Once only: a reopened case carries on as the new one (which may itself be reopened when closed).
            List<CaseRow> earlier = cases.select("reopened_from = ?", List.of(closedId), "id", 1, 0);
            if (!earlier.isEmpty()) {
                throw ApiProblem.conflict("case.reopen.already", "this case was already reopened as case "
                        + earlier.get(0).number + "; carry on with that one", earlier.get(0).number)
                        .with("reopenedAs", earlier.get(0).id);
            }
            CaseDraft draft = new CaseDraft(null, closed.source.key(), closed.classCode, closed.lon, closed.lat,
                    note == null || note.isBlank() ? closed.description : note, closed.address, closed.featureId,
                    closed.inspectionId, closed.reporterName, closed.reporterPhone);
            Instant now = now();
            return insertRow(draft, closed.source, caller.username(), closedId, check(draft, closed.source, caller, false),
                    now, cases.nextSequence(day(now)));
        });
        return answer(reopened, readTx.execute(status -> duplicates(reopened.row())), caller);
    }

    private Reported store(CaseDraft draft, CaseSource source, CaseCaller caller, String reportedBy, boolean staff) {
        String clientId = clientId(draft.clientId());
        try {
            return cases.drawsAhead() ? storeDrawingAhead(draft, source, caller, reportedBy, staff, clientId)
                    : storeInTurn(draft, source, caller, reportedBy, staff, clientId);
        } catch (DuplicateKeyException raced) {
            // The same clientId arrived twice at once and the other request stored it first.
            Reported known = clientId == null ? null : readTx.execute(status -> storedCase(clientId, reportedBy, caller));
            if (known == null) throw raced;
            return known;
        }
    }

    /**
     * PostgreSQL, two transactions (each ends before the next begins, so a report never holds two
     * connections): the checks and the number, drawn last so the day's counter row stays locked only for
     * the commit, which does not wait for the disk ({@link Cases#drawSequenceUnflushed}); then the case, its
     * step, its history entry and the duplicate candidates, answered from what was written. No report waits
     * for another's whole create (measured: the counter locked to the create's commit gave p95 741 ms).
     */
    private Reported storeDrawingAhead(CaseDraft draft, CaseSource source, CaseCaller caller, String reportedBy,
                                       boolean staff, String clientId) {
        Instant now = now();
        Before before = tx.execute(status -> {
            Reported known = clientId == null ? null : storedCase(clientId, reportedBy, caller);
            if (known != null) return new Before(known, null, 0);
            Checked checked = check(draft, source, caller, staff);
            return new Before(null, checked, cases.drawSequenceUnflushed(day(now)));
        });
        if (before.known() != null) return before.known();
        Created created = tx.execute(status -> {
            Written w = insertRow(draft, source, reportedBy, null, before.checked(), now, before.seq());
            // Read committed: the open cases committed up to this statement, as a read after the commit would
            // see them, but a millisecond earlier.
            return new Created(w, duplicates(w.row()));
        });
        return answer(created.written(), created.duplicates(), caller);
    }

    /**
     * The embedded store: every read before the write, in one read-only transaction, so the store's write
     * lock (one writer at a time, EmbeddedStoreWrites) is held for the number and the inserts alone; the
     * duplicate candidates after the commit, which then also see the cases committed while this one waited.
     */
    private Reported storeInTurn(CaseDraft draft, CaseSource source, CaseCaller caller, String reportedBy,
                                 boolean staff, String clientId) {
        Before before = readTx.execute(status -> {
            Reported known = clientId == null ? null : storedCase(clientId, reportedBy, caller);
            return known != null ? new Before(known, null, 0) : new Before(null, check(draft, source, caller, staff), 0);
        });
        if (before.known() != null) return before.known();
        Instant now = now();
        Written w = tx.execute(status -> insertRow(draft, source, reportedBy, null, before.checked(), now,
                cases.nextSequence(day(now))));
        return answer(w, readTx.execute(status -> duplicates(w.row())), caller);
    }

    /** What a report finds before it writes: the case a retry already stored, or the checked draft (and its number). */
    private record Before(Reported known, Checked checked, int seq) {
    }

    /** A case as written: the row and its first step. */
    private record Written(CaseRow row, Cases.TransitionRow step) {
    }

    private record Created(Written written, List<Map<String, Object>> duplicates) {
    }

    /** A new case's answer, from what was written: its detail for the caller and the open cases of its class nearby. */
    private Reported answer(Written w, List<Map<String, Object>> duplicates, CaseCaller caller) {
        Reported reported = views.created(w.row(), w.step(), caller);
        reported.body().put("duplicateCandidates", duplicates);
        return reported;
    }

    /** The store keeps instants to the microsecond: a case answered from what was written says what a read would. */
    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * The case a retry of {@code reportedBy} already stored under {@code clientId}, inside the caller's
     * transaction. A clientId another account (or door) stored is refused without a word about that case.
     */
    private Reported storedCase(String clientId, String reportedBy, CaseCaller caller) {
        CaseRow c = cases.findByClientId(clientId).orElse(null);
        if (c == null) return null;
        if (!reportedBy.equals(c.reportedBy)) {
            throw ApiProblem.conflict("case.clientId.taken", "this clientId belongs to another account's report; "
                    + "give the new report its own clientId");
        }
        return views.reported(c, false, caller);
    }

    /** @param seq the day's sequence number, drawn by the caller for {@code now}'s day */
    private Written insertRow(CaseDraft d, CaseSource source, String reportedBy, Long reopenedFrom, Checked checked,
                              Instant now, int seq) {
        WorkingCalendar cal = calendar.calendar();
        CaseRow c = new CaseRow();
        c.number = DAY.format(day(now)) + "-" + String.format("%04d", seq);
        c.clientId = clientId(d.clientId());
        c.source = source;
        c.classCode = checked.caseClass().code();
        c.status = CaseStatus.REPORTED;
        c.lon = d.lon();
        c.lat = d.lat();
        c.smallGridCode = checked.smallGrid();
        c.largeGridCode = checked.largeGrid();
        c.featureId = d.featureId();
        c.inspectionId = d.inspectionId();
        c.description = CaseText.blankToNull(d.description());
        c.address = CaseText.blankToNull(d.address());
        c.reporterName = CaseText.blankToNull(d.reporterName());
        c.reporterPhone = CaseText.blankToNull(d.reporterPhone());
        c.reportedBy = reportedBy;
        c.reopenedFrom = reopenedFrom;
        c.reportedAt = now;
        c.registerDeadline = cal.plusWorkingMinutes(now, checked.caseClass().registerMinutes());
        c.stageDeadline = c.registerDeadline;
        c.updatedAt = now;
        c.id = cases.insert(c);
        Cases.TransitionRow step = log.record(null, c, reopenedFrom == null ? "report" : "reopen", reportedBy, now,
                null, null, reopenedFrom, List.of());
        return new Written(c, step);
    }

    private record Checked(CaseClass caseClass, String smallGrid, String largeGrid) {
    }

    private Checked check(CaseDraft d, CaseSource source, CaseCaller caller, boolean staff) {
        CaseClass caseClass = activeClass(d.classCode());
        if (d.lon() == null || d.lat() == null) {
            throw ApiProblem.badRequest("case.point.required", "lon and lat are required");
        }
        double lon = d.lon(), lat = d.lat();
        if (!Double.isFinite(lon) || !Double.isFinite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90) {
            throw ApiProblem.badRequest("case.point.invalid", "lon must lie in [-180, 180] and lat in [-90, 90]");
        }
        CaseText.check("description", d.description(), 2000);
        CaseText.check("address", d.address(), 300);
        CaseText.check("reporterName", d.reporterName(), 100);
        CaseText.check("reporterPhone", d.reporterPhone(), 32);
        GridService.SmallGridAt at = grids.smallGridAt(lon, lat).orElse(null);
        String small = at == null ? null : at.smallGridCode();
        if (small == null && !(source == CaseSource.RESIDENT && nearDistrict(lon, lat))) {
            throw ApiProblem.badRequest("case.point.outsideGrids",
                    "the point " + lon + ", " + lat + " lies in no small grid of the district", lon, lat);
        }
        if (staff) checkMayReport(caller, small);
        if (d.featureId() != null) {
            try {
                features.get(d.featureId());
            } catch (ApiProblem missing) {
                throw ApiProblem.badRequest("case.feature.unknown", "there is no feature " + d.featureId(), d.featureId());
            }
        }
        if (d.inspectionId() != null) {
            try {
                inspections.inspection(d.inspectionId());
            } catch (ApiProblem missing) {
                throw ApiProblem.badRequest("case.inspection.unknown", "there is no inspection " + d.inspectionId(),
                        d.inspectionId());
            }
        }
        String large = at == null ? null : at.largeGridCode();
        return new Checked(caseClass, small, large);
    }

    /** Dispatchers, vector control and admins report anywhere; a grid worker only in its own small grids. */
    private void checkMayReport(CaseCaller caller, String smallGrid) {
        Set<Role> roles = caller.roles();
        if (caller.dispatcher() || roles.contains(Role.VECTOR_CONTROL)) return;
        if (roles.contains(Role.GRID_WORKER)) {
            access.checkWritable(smallGrid);
            return;
        }
        throw new ApiProblem(403, "case.report.role", "your role may not report cases");
    }

    /** The day of {@code t} in the district's zone: the first part of a case number. */
    private LocalDate day(Instant t) {
        return t.atZone(calendar.calendar().zone()).toLocalDate();
    }

    /** Open cases of the same class within {@code dedupMeters}, nearest first (at most 10). */
    List<Map<String, Object>> duplicates(CaseRow c) {
        double meters = settings.dedupMeters();
        double dLat = meters / 111_320.0;
        double dLon = meters / (111_320.0 * Math.max(0.01, Math.cos(Math.toRadians(c.lat))));
        List<Map<String, Object>> out = new ArrayList<>();
        List<CaseRow> near = cases.openInBox(c.classCode, c.lon - dLon, c.lat - dLat, c.lon + dLon, c.lat + dLat, c.id);
        near.stream().map(o -> Map.entry(o, CaseDistance.meters(c.lon, c.lat, o.lon, o.lat)))
                .filter(e -> e.getValue() <= meters)
                .sorted(Comparator.comparingDouble(Map.Entry::getValue))
                .limit(10)
                .forEach(e -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", e.getKey().id);
                    m.put("number", e.getKey().number);
                    m.put("status", e.getKey().status.key());
                    m.put("distanceMeters", Math.round(e.getValue() * 10) / 10.0);
                    out.add(m);
                });
        return out;
    }

    /** Whether a point lies within {@code districtMarginMeters} of a large grid's outline box. */
    private boolean nearDistrict(double lon, double lat) {
        double meters = settings.districtMarginMeters();
        double dLat = meters / 111_320.0;
        double dLon = meters / (111_320.0 * Math.max(0.01, Math.cos(Math.toRadians(lat))));
        BoundingBox box = new BoundingBox(Math.max(-180, lon - dLon), Math.max(-90, lat - dLat),
                Math.min(180, lon + dLon), Math.min(90, lat + dLat));
        return !grids.list(GridLevel.LARGE, null, box).isEmpty();
    }

    private CaseClass activeClass(String code) {
        if (code == null || code.isBlank()) {
            throw ApiProblem.badRequest("case.class.required", "classCode is required");
        }
        CaseClass c = tables.caseClass(code.trim()).orElseThrow(() -> ApiProblem.badRequest("case.class.unknown",
                "there is no case class " + code, code));
        if (!c.active()) {
            throw ApiProblem.badRequest("case.class.inactive", "case class " + code + " is no longer in use", code);
        }
        return c;
    }

    private static CaseSource source(String key) {
        if (key == null || key.isBlank()) {
            throw ApiProblem.badRequest("case.source.required", "source is required: patrol, field, hotline or import");
        }
        return CaseSource.ofKey(key.trim()).orElseThrow(() -> ApiProblem.badRequest("case.source.unknown",
                "unknown source " + key + "; sources: patrol, field, resident, hotline, open311, import", key));
    }

    private static String clientId(String raw) {
        if (raw == null || raw.isBlank()) return null;
        String id = raw.trim();
        if (!CLIENT_ID.matcher(id).matches()) {
            throw ApiProblem.badRequest("case.clientId.invalid",
                    "clientId must be 1-64 letters, digits or . _ : -", id.length() > 80 ? id.substring(0, 80) : id);
        }
        return id;
    }
}
