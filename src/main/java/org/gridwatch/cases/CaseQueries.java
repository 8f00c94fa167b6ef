package org.gridwatch.cases;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.gridwatch.account.Role;
import org.gridwatch.geo.BoundingBox;
import org.gridwatch.geo.GeoJsonWriter;
import org.gridwatch.grid.GridLevel;
import org.gridwatch.grid.GridService;
import org.gridwatch.grid.GridView;
import org.gridwatch.system.ApiProblem;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads cases: the map's list (GeoJSON), one case with its timeline, the dispatcher's queue and each
 * person's own list. A handler sees only its department's cases.
 */
@Service
public class CaseQueries {

    /** What waits for a dispatcher: to register, to dispatch, to close, or an extension to decide. */
    static final String DISPATCHER_WORK = "(status IN ('reported', 'registered', 'verified') "
            + "OR (status = 'dispatched' AND pending_extension_minutes IS NOT NULL))";
    /** Overdue first, then the nearest deadline: ascending deadline does both. */
    static final String URGENCY = "stage_deadline, id";

    private final Cases cases;
    private final GridService grids;
    private final CaseCallers callers;
    private final CaseViews views;
    private final CaseCalendar calendar;
    private final CaseSettings settings;
    private final Clock clock = Clock.systemUTC();

    CaseQueries(Cases cases, CaseCallers callers, CaseViews views, CaseCalendar calendar, CaseSettings settings,
                GridService grids) {
        this.grids = grids;
        this.cases = cases;
        this.callers = callers;
        this.views = views;
        this.calendar = calendar;
        this.settings = settings;
    }

    /** {@code GET /api/cases}: a GeoJSON FeatureCollection (lon,lat) of the cases the filter selects. */
    @Transactional(readOnly = true)
    public String list(CaseFilter f) {
        CaseCaller caller = callers.current();
        List<Object> args = new ArrayList<>();
        List<String> where = new ArrayList<>();
        in(where, args, "status", f.status(), k -> CaseStatus.ofKey(k).map(CaseStatus::key).orElseThrow(() ->
                ApiProblem.badRequest("case.filter.status", "unknown status " + k, k)));
        in(where, args, "class_code", f.classCode(), k -> k);
        in(where, args, "department_code", f.department(), k -> k);
        in(where, args, "source", f.source(), k -> CaseSource.ofKey(k).map(CaseSource::key).orElseThrow(() ->
                ApiProblem.badRequest("case.filter.source", "unknown source " + k, k)));
        var zone = calendar.calendar().zone();
        if (f.from() != null && !f.from().isBlank()) {
            where.add("reported_at >= ?");
            args.add(Cases.utc(date("from", f.from()).atStartOfDay(zone).toInstant()));
        }
        if (f.to() != null && !f.to().isBlank()) {
            where.add("reported_at < ?");
            args.add(Cases.utc(date("to", f.to()).plusDays(1).atStartOfDay(zone).toInstant()));
        }
        BoundingBox box = BoundingBox.parse(f.bbox());
        // The map's case layer asks for open cases only (its default filter): their own tiles on H2
        List<String> statuses = f.status() == null ? List.of()
                : java.util.Arrays.stream(f.status().split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
        boolean openOnly = !statuses.isEmpty() && statuses.stream()
                .allMatch(k -> CaseStatus.ofKey(k).map(st -> !st.terminal()).orElse(false));
        if (box != null) {
            where.add(openOnly ? cases.openBoxCondition(box.minLon(), box.minLat(), box.maxLon(), box.maxLat(), args)
                    : cases.boxCondition(box.minLon(), box.minLat(), box.maxLon(), box.maxLat(), args));
        }
        if (f.grid() != null && !f.grid().isBlank()) {
            // One column when the grid's level is known, so the store can use that column's index (an OR of
            // the two read every open case of the district on H2: a small grid's open cases took 70 ms)
            String code = f.grid().trim();
            GridLevel level = grids.find(code).map(GridView::level).orElse(null);
            where.add(level == GridLevel.SMALL ? "small_grid_code = ?" : level == GridLevel.LARGE ? "large_grid_code = ?"
                    : "(small_grid_code = ? OR large_grid_code = ?)");
            args.add(code);
            if (level != GridLevel.SMALL && level != GridLevel.LARGE) args.add(code);
        }
        if (Boolean.TRUE.equals(f.overdue())) {
            where.add("stage_deadline < ?");
            args.add(Cases.utc(Instant.now(clock)));
        } else if (Boolean.FALSE.equals(f.overdue())) {
            where.add("(stage_deadline IS NULL OR stage_deadline >= ?)");
            args.add(Cases.utc(Instant.now(clock)));
        }
        scope(caller, where, args);
        int limit = f.limit() == null ? settings.listLimit() : f.limit();
        if (limit < 1 || limit > settings.maxListLimit()) {
            throw ApiProblem.badRequest("case.filter.limit", "limit must be 1 to " + settings.maxListLimit(),
                    settings.maxListLimit());
        }
        String condition = where.isEmpty() ? "1 = 1" : String.join(" AND ", where);
        List<CaseRow> rows = box == null ? cases.select(condition, args, "id", limit + 1, 0)
                : cases.selectInView(condition, args, "id", limit + 1, 0, box.minLon(), box.minLat(), box.maxLon(),
                box.maxLat(), openOnly);
        CaseJson json = views.json();
        List<Object> features = new ArrayList<>(Math.min(rows.size(), limit));
        for (int i = 0; i < rows.size() && i < limit; i++) features.add(json.feature(rows.get(i)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "FeatureCollection");
        body.put("truncated", rows.size() > limit);
        body.put("features", features);
        StringBuilder sb = new StringBuilder(256 + features.size() * 400);
        GeoJsonWriter.writeValue(body, sb);
        return sb.toString();
    }

    /** {@code GET /api/cases/{id}}: the case with its timeline and photos, and what the caller may do now. */
    @Transactional(readOnly = true)
    public Map<String, Object> detail(long id) {
        CaseCaller caller = callers.current();
        CaseRow c = cases.find(id).orElseThrow(() -> CaseViews.notFound(id));
        if (caller.handlerOnly() && !caller.department().equals(c.department)) throw CaseViews.notFound(id);
        return views.detail(c, caller);
    }

    /** {@code GET /api/cases/queue}: the dispatcher's work, most urgent first. */
    @Transactional(readOnly = true)
    public Map<String, Object> queue(int page, int size) {
        CaseCaller caller = callers.current();
        if (!caller.dispatcher()) {
            throw new ApiProblem(403, "case.queue.role", "the queue is the dispatchers'");
        }
        return page(DISPATCHER_WORK, List.of(), page, size);
    }

    /**
     * {@code GET /api/cases/mine}: a handler's department's cases to handle, a grid worker's cases to
     * verify in its small grids, a dispatcher's queue; all that apply, most urgent first.
     */
    @Transactional(readOnly = true)
    public Map<String, Object> mine(int page, int size) {
        CaseCaller caller = callers.current();
        List<String> parts = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (caller.dispatcher()) parts.add(DISPATCHER_WORK);
        if (caller.roles().contains(Role.HANDLER) && caller.department() != null) {
            parts.add("(status = 'dispatched' AND department_code = ?)");
            args.add(caller.department());
        }
        if (caller.roles().contains(Role.GRID_WORKER) && !caller.gridCodes().isEmpty()) {
            parts.add("(status = 'handled' AND small_grid_code IN (" + "?,".repeat(caller.gridCodes().size() - 1) + "?))");
            args.addAll(caller.gridCodes());
        }
        if (parts.isEmpty()) return page("1 = 0", List.of(), page, size);
        return page("(" + String.join(" OR ", parts) + ")", args, page, size);
    }

    private Map<String, Object> page(String where, List<Object> args, int page, int size) {
        if (page < 0 || size < 1 || size > settings.maxPageSize()) {
            throw ApiProblem.badRequest("case.page.invalid", "page must be 0 or more and size 1 to "
                    + settings.maxPageSize(), settings.maxPageSize());
        }
        CaseJson json = views.json();
        List<Map<String, Object>> items = cases.select(where, args, URGENCY, size, (long) page * size).stream()
                .map(json::summary).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("page", page);
        body.put("size", size);
        body.put("total", cases.count(where, args));
        return body;
    }

    private static void scope(CaseCaller caller, List<String> where, List<Object> args) {
        if (caller.handlerOnly()) {
            where.add("department_code = ?");
            args.add(caller.department() == null ? "" : caller.department());
        }
    }

    private static void in(List<String> where, List<Object> args, String column, String commaList,
                           Function<String, String> check) {
        if (commaList == null || commaList.isBlank()) return;
        List<String> values = new ArrayList<>();
        for (String part : commaList.split(",")) {
            if (!part.isBlank()) values.add(check.apply(part.trim()));
        }
        if (values.isEmpty()) return;
        where.add(column + " IN (" + "?,".repeat(values.size() - 1) + "?)");
        args.addAll(values);
    }

    private static LocalDate date(String name, String text) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("case.filter.date", name + " must be a date YYYY-MM-DD", name);
        }
    }
}
