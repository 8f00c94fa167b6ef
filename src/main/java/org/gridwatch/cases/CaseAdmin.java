package org.gridwatch.cases;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.gridwatch.system.ApiProblem;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tables a district edits (admins): case classes, departments, working hours and the calendar's
 * holidays and make-up working days. Every value is checked before it is stored; a refusal changes nothing.
 * Classes and departments are never deleted (cases name them): set {@code active} to false instead.
 */
@Service
public class CaseAdmin {

    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    /** Longest stage limit: 60 working days of 8 hours. */
    static final int MAX_STAGE_MINUTES = 60 * 480;

    private final CaseTables tables;
    private final CaseCalendar calendar;
    private final HolidayNotice holidays;

    CaseAdmin(CaseTables tables, CaseCalendar calendar, HolidayNotice holidays) {
        this.tables = tables;
        this.calendar = calendar;
        this.holidays = holidays;
    }

    @Transactional(readOnly = true)
    public List<Map<String, Object>> classes() {
        return tables.classes().stream().map(CaseClass::json).toList();
    }

    @Transactional
    public Map<String, Object> saveClass(String code, CaseClass c) {
        checkCode("case.class.code", code);
        if (c == null) throw ApiProblem.badRequest("request.unreadable", "the request body could not be read");
        if (!"event".equals(c.kind()) && !"part".equals(c.kind())) {
            throw ApiProblem.badRequest("case.class.kind", "kind must be event or part");
        }
        required("categoryZh", c.categoryZh(), 100);
        required("categoryEn", c.categoryEn(), 100);
        required("nameZh", c.nameZh(), 100);
        required("nameEn", c.nameEn(), 100);
        required("closingConditionZh", c.closingConditionZh(), 500);
        required("closingConditionEn", c.closingConditionEn(), 500);
        CaseText.check("partCode", c.partCode(), 16);
        if ("part".equals(c.kind()) && (c.partCode() == null || c.partCode().isBlank())) {
            throw ApiProblem.badRequest("case.class.partCode", "a part (部件) class needs its part code");
        }
        if (c.defaultDepartment() != null && tables.department(c.defaultDepartment()).isEmpty()) {
            throw ApiProblem.badRequest("case.department.unknown", "there is no active department "
                    + c.defaultDepartment(), c.defaultDepartment());
        }
        if (c.autoDispatch() && c.defaultDepartment() == null) {
            throw ApiProblem.badRequest("case.class.autoDispatch", "automatic dispatch needs a default department");
        }
        minutes("registerMinutes", c.registerMinutes());
        minutes("dispatchMinutes", c.dispatchMinutes());
        minutes("handleMinutes", c.handleMinutes());
        minutes("verifyMinutes", c.verifyMinutes());
        minutes("closeMinutes", c.closeMinutes());
        CaseClass stored = new CaseClass(code, c.kind(), c.categoryZh().trim(), c.categoryEn().trim(), c.nameZh().trim(),
                c.nameEn().trim(), CaseText.blankToNull(c.partCode()), c.defaultDepartment(), c.autoDispatch(),
                c.registerMinutes(), c.dispatchMinutes(), c.handleMinutes(), c.verifyMinutes(), c.closeMinutes(),
                c.closingConditionZh().trim(), c.closingConditionEn().trim(), c.active(), c.sortOrder());
        tables.saveClass(stored, tables.caseClass(code).isPresent());
        return stored.json();
    }

    @Transactional(readOnly = true)
    public List<Map<String, Object>> departments() {
        return tables.departments().stream().map(Department::json).toList();
    }

    @Transactional
    public Map<String, Object> saveDepartment(String code, Department d) {
        checkCode("case.department.code", code);
        if (d == null) throw ApiProblem.badRequest("request.unreadable", "the request body could not be read");
        required("nameZh", d.nameZh(), 100);
        required("nameEn", d.nameEn(), 100);
        CaseText.check("phone", d.phone(), 32);
        Department stored = new Department(code, d.nameZh().trim(), d.nameEn().trim(), CaseText.blankToNull(d.phone()),
                d.active(), d.sortOrder());
        tables.saveDepartment(stored, tables.department(code).isPresent());
        return stored.json();
    }

    /** The hours, the weekend and the special days of {@code year} (all years when null). */
    @Transactional(readOnly = true)
    public Map<String, Object> calendar(Integer year) {
        Map<String, Object> m = new LinkedHashMap<>();
        WorkHours h = tables.hours();
        m.put("zone", calendar.calendar().zone().getId());
        m.put("hours", h.json());
        m.put("weekendDays", h.json().get("weekendDays"));
        List<CalendarDay> days = year == null ? tables.allDays()
                : tables.days(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
        m.put("days", days.stream().map(CalendarDay::json).toList());
        // Years whose holidays an admin still has to enter (HolidayNotice).
        m.put("missingHolidayYears", holidays.missingYears());
        return m;
    }

    /** The request of {@code PUT /api/work-calendar}: times {@code HH:MM}, weekend days ISO (1 = Monday). */
    public record HoursRequest(String morningStart, String morningEnd, String afternoonStart, String afternoonEnd,
                               List<Integer> weekendDays) {
    }

    @Transactional
    public Map<String, Object> saveHours(HoursRequest r) {
        if (r == null) throw ApiProblem.badRequest("request.unreadable", "the request body could not be read");
        LocalTime ms = time("morningStart", r.morningStart()), me = time("morningEnd", r.morningEnd());
        LocalTime as = time("afternoonStart", r.afternoonStart()), ae = time("afternoonEnd", r.afternoonEnd());
        if (!ms.isBefore(me) || me.isAfter(as) || !as.isBefore(ae)) {
            throw ApiProblem.badRequest("case.calendar.hours.order",
                    "working hours must run morning start < morning end <= afternoon start < afternoon end");
        }
        Set<DayOfWeek> weekend = EnumSet.noneOf(DayOfWeek.class);
        for (Integer d : r.weekendDays() == null ? List.<Integer>of() : r.weekendDays()) {
            if (d == null || d < 1 || d > 7) {
                throw ApiProblem.badRequest("case.calendar.weekend", "weekend days are 1 (Monday) to 7 (Sunday)");
            }
            weekend.add(DayOfWeek.of(d));
        }
        if (weekend.size() == 7) {
            throw ApiProblem.badRequest("case.calendar.weekend.all", "at least one day of the week must be a working day");
        }
        tables.saveHours(new WorkHours(ms, me, as, ae, weekend));
        checkEnoughWorkingTime();
        calendar.invalidate();
        return calendar(null);
    }

    /** The request of {@code PUT /api/work-calendar/days/{day}}. */
    public record DayRequest(String kind, String nameZh, String nameEn) {
    }

    @Transactional
    public Map<String, Object> saveDay(String dayText, DayRequest r) {
        LocalDate day = day(dayText);
        if (r == null) throw ApiProblem.badRequest("request.unreadable", "the request body could not be read");
        if (!"holiday".equals(r.kind()) && !"workday".equals(r.kind())) {
            throw ApiProblem.badRequest("case.calendar.kind", "kind must be holiday or workday");
        }
        required("nameZh", r.nameZh(), 100);
        required("nameEn", r.nameEn(), 100);
        CalendarDay d = new CalendarDay(day, r.kind(), r.nameZh().trim(), r.nameEn().trim());
        tables.saveDay(d);
        checkEnoughWorkingTime();
        calendar.invalidate();
        holidays.warnIfMissing();
        return d.json();
    }

    @Transactional
    public void deleteDay(String dayText) {
        LocalDate day = day(dayText);
        if (!tables.deleteDay(day)) {
            throw ApiProblem.notFound("case.calendar.day.notFound", day + " is not a special day of the calendar",
                    day.toString());
        }
        checkEnoughWorkingTime();
        calendar.invalidate();
        holidays.warnIfMissing();
    }

    /**
     * Refuses (and so rolls back) a calendar edit after which the longest deadline the loop can set (the
     * longest stage limit plus the longest extension, on working days of 8 hours) would not end within the
     * ten years {@link WorkingCalendar} looks ahead: every report and transition would fail on such a
     * calendar. Weekends of seven days are refused before; holidays or tiny hours can starve it too.
     */
    private void checkEnoughWorkingTime() {
        int longest = MAX_STAGE_MINUTES + CaseTransitions.MAX_EXTENSION_MINUTES;
        try {
            calendar.fresh().plusWorkingMinutes(java.time.Instant.now(), longest);
        } catch (IllegalArgumentException starved) {
            throw ApiProblem.badRequest("case.calendar.tooLittle", "the calendar leaves too little working time: a limit of "
                    + longest / 480 + " working days of 8 hours would not end within ten years", longest / 480);
        }
    }

    private static void checkCode(String key, String code) {
        if (code == null || !CODE.matcher(code).matches()) {
            throw ApiProblem.badRequest(key, "a code is 1-32 lower-case letters, digits or _, starting with a letter",
                    String.valueOf(code));
        }
    }

    private static void required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw ApiProblem.badRequest("case.field.required", field + " is required", field).with("field", field);
        }
        CaseText.check(field, value, max);
    }

    private static void minutes(String field, int value) {
        if (value < 1 || value > MAX_STAGE_MINUTES) {
            throw ApiProblem.badRequest("case.class.minutes", field + " must be 1 to " + MAX_STAGE_MINUTES
                    + " working minutes", field, MAX_STAGE_MINUTES).with("field", field);
        }
    }

    private static LocalTime time(String field, String text) {
        try {
            if (text == null || !text.matches("\\d{2}:\\d{2}")) throw new DateTimeParseException("", "", 0);
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("case.calendar.time", field + " must be a time HH:MM", field);
        }
    }

    private static LocalDate day(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException | NullPointerException e) {
            throw ApiProblem.badRequest("case.calendar.day", "the day must be a date YYYY-MM-DD",
                    String.valueOf(text));
        }
    }
}
