package org.gridwatch.open311;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.gridwatch.inspection.InspectionService;
import org.gridwatch.system.ApiProblem;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** GeoReport v2 reads: services from the class table, service requests from the cases (docs/open311.md). */
@Service
public class Open311Service {

    /** Requests per page when the partner does not say; also the spec's own suggested maximum. */
    static final int DEFAULT_PAGE_SIZE = 100, MAX_PAGE_SIZE = 1000;
    /** The spec lets a server default the window to the last 90 days. */
    static final Duration DEFAULT_WINDOW = Duration.ofDays(90);

    private final Open311Queries queries;
    private final MessageSource messages;
    private final ZoneId zone;

    Open311Service(Open311Queries queries, MessageSource messages, InspectionService inspections) {
        this.queries = queries;
        this.messages = messages;
        this.zone = inspections.zone();
    }

    @Transactional(readOnly = true)
    public List<GeoReportFormat.Service> services(Locale locale) {
        boolean en = en(locale);
        List<GeoReportFormat.Service> out = new ArrayList<>();
        for (Open311Queries.ClassRow c : queries.classes()) {
            out.add(new GeoReportFormat.Service(c.code(), en ? c.nameEn() : c.nameZh(),
                    notice(c.handleMinutes(), locale) + (en ? ". Closed when: " + c.closingEn() : "。结案条件：" + c.closingZh()),
                    en ? c.categoryEn() : c.categoryZh(), c.kind()));
        }
        return out;
    }

    /** The GET requests parameters as the partner sent them (strings, possibly null). */
    public record RequestQuery(String serviceCode, String status, String startDate, String endDate, String page,
                               String pageSize) {
    }

    @Transactional(readOnly = true)
    public List<GeoReportFormat.Request> requests(RequestQuery q, Locale locale) {
        List<String> codes = q.serviceCode() == null || q.serviceCode().isBlank() ? List.of()
                : Arrays.stream(q.serviceCode().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        List<String> statuses = List.of();
        if (q.status() != null && !q.status().isBlank()) {
            statuses = new ArrayList<>();
            for (String s : q.status().split(",")) {
                List<String> stages = GeoReportStatus.stages(s.trim());
                if (stages == null) throw field("status", s.trim());
                statuses.addAll(stages);
            }
        }
        Instant end = q.endDate() == null || q.endDate().isBlank() ? Instant.now().plusSeconds(1) : time("end_date", q.endDate());
        Instant start = q.startDate() == null || q.startDate().isBlank() ? end.minus(DEFAULT_WINDOW)
                : time("start_date", q.startDate());
        if (!start.isBefore(end)) throw field("start_date", q.startDate());
        int page = number(q.page(), 1), size = number(q.pageSize(), DEFAULT_PAGE_SIZE);
        if (page < 1 || size < 1 || size > MAX_PAGE_SIZE || (long) (page - 1) * size > Integer.MAX_VALUE) {
            throw ApiProblem.badRequest("open311.paging", "page must be ≥ 1 and page_size 1 to " + MAX_PAGE_SIZE,
                    MAX_PAGE_SIZE);
        }
        List<GeoReportFormat.Request> out = new ArrayList<>();
        for (Open311Queries.CaseRow c : queries.cases(new Open311Queries.Filter(codes, statuses, start, end,
                (page - 1) * size, size))) {
            out.add(request(c, locale));
        }
        return out;
    }

    @Transactional(readOnly = true)
    public GeoReportFormat.Request request(String id, Locale locale) {
        return queries.caseByNumber(id).map(c -> request(c, locale)).orElseThrow(() -> ApiProblem.notFound(
                "open311.request.notFound", "no service request " + id, id));
    }

    GeoReportFormat.Request request(Open311Queries.CaseRow c, Locale locale) {
        boolean en = en(locale);
        String notes = c.status().equals("merged")
                ? messages.getMessage("open311.stage.merged", new Object[]{c.mergedIntoNumber()}, locale)
                : messages.getMessage("open311.stage." + c.status(), null, c.status(), locale);
        return new GeoReportFormat.Request(c.number(), GeoReportStatus.of(c.status()), notes, en ? c.classEn() : c.classZh(),
                c.classCode(), c.description(), en ? c.departmentEn() : c.departmentZh(), notice(c.handleMinutes(), locale),
                offset(c.reportedAt()), offset(c.updatedAt()), offset(c.expectedAt()), c.address(), c.lat(), c.lon(),
                c.mediaUrl());
    }

    /** "处置时限：1 个工作日" from a limit in working minutes (a working day is 480 of them on the seeded calendar). */
    String notice(int handleMinutes, Locale locale) {
        String d;
        if (handleMinutes % 480 == 0) {
            d = messages.getMessage("open311.duration.days", new Object[]{handleMinutes / 480}, locale);
        } else if (handleMinutes % 60 == 0) {
            d = messages.getMessage("open311.duration.hours", new Object[]{handleMinutes / 60}, locale);
        } else {
            d = messages.getMessage("open311.duration.minutes", new Object[]{handleMinutes}, locale);
        }
        return messages.getMessage("open311.notice", new Object[]{d}, locale);
    }

    private OffsetDateTime offset(Instant t) {
        return t == null ? null : t.atZone(zone).toOffsetDateTime();
    }

    static boolean en(Locale locale) {
        return locale != null && locale.getLanguage().equals("en");
    }

    static ApiProblem field(String name, String value) {
        return ApiProblem.badRequest("open311.field.invalid", "invalid " + name + ": " + value, name, String.valueOf(value));
    }

    private static Instant time(String name, String text) {
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("open311.date.invalid", name + " must be ISO 8601 with offset", name);
        }
    }

    private static int number(String text, int fallback) {
        if (text == null || text.isBlank()) return fallback;
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
