package org.gridwatch.cases;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The tables districts edit: departments, case classes, the work calendar. */
@Repository
class CaseTables {

    private static final String CLASS_COLUMNS = "code, kind, category_zh, category_en, name_zh, name_en, part_code, "
            + "default_department, auto_dispatch, register_minutes, dispatch_minutes, handle_minutes, verify_minutes, "
            + "close_minutes, closing_condition_zh, closing_condition_en, active, sort_order";

    private final JdbcClient jdbc;

    CaseTables(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<CaseClass> classes() {
        return jdbc.sql("SELECT " + CLASS_COLUMNS + " FROM case_classes ORDER BY sort_order, code")
                .query((rs, i) -> caseClass(rs)).list();
    }

    Optional<CaseClass> caseClass(String code) {
        return jdbc.sql("SELECT " + CLASS_COLUMNS + " FROM case_classes WHERE code = :code").param("code", code)
                .query((rs, i) -> caseClass(rs)).optional();
    }

    void saveClass(CaseClass c, boolean exists) {
        String sql = exists
                ? "UPDATE case_classes SET kind = :kind, category_zh = :categoryZh, category_en = :categoryEn, "
                + "name_zh = :nameZh, name_en = :nameEn, part_code = :partCode, default_department = :department, "
                + "auto_dispatch = :auto, register_minutes = :register, dispatch_minutes = :dispatch, "
                + "handle_minutes = :handle, verify_minutes = :verify, close_minutes = :close, "
                + "closing_condition_zh = :conditionZh, closing_condition_en = :conditionEn, active = :active, "
                + "sort_order = :sortOrder WHERE code = :code"
                : "INSERT INTO case_classes (" + CLASS_COLUMNS + ") VALUES (:code, :kind, :categoryZh, :categoryEn, "
                + ":nameZh, :nameEn, :partCode, :department, :auto, :register, :dispatch, :handle, :verify, :close, "
                + ":conditionZh, :conditionEn, :active, :sortOrder)";
        jdbc.sql(sql).param("code", c.code()).param("kind", c.kind()).param("categoryZh", c.categoryZh())
                .param("categoryEn", c.categoryEn()).param("nameZh", c.nameZh()).param("nameEn", c.nameEn())
                .param("partCode", c.partCode()).param("department", c.defaultDepartment())
                .param("auto", c.autoDispatch()).param("register", c.registerMinutes())
                .param("dispatch", c.dispatchMinutes()).param("handle", c.handleMinutes())
                .param("verify", c.verifyMinutes()).param("close", c.closeMinutes())
                .param("conditionZh", c.closingConditionZh()).param("conditionEn", c.closingConditionEn())
                .param("active", c.active()).param("sortOrder", c.sortOrder()).update();
    }

    List<Department> departments() {
        return jdbc.sql("SELECT code, name_zh, name_en, phone, active, sort_order FROM departments ORDER BY sort_order, code")
                .query((rs, i) -> department(rs)).list();
    }

    Optional<Department> department(String code) {
        return jdbc.sql("SELECT code, name_zh, name_en, phone, active, sort_order FROM departments WHERE code = :code")
                .param("code", code).query((rs, i) -> department(rs)).optional();
    }

    void saveDepartment(Department d, boolean exists) {
        String sql = exists
                ? "UPDATE departments SET name_zh = :nameZh, name_en = :nameEn, phone = :phone, active = :active, "
                + "sort_order = :sortOrder WHERE code = :code"
                : "INSERT INTO departments (code, name_zh, name_en, phone, active, sort_order) "
                + "VALUES (:code, :nameZh, :nameEn, :phone, :active, :sortOrder)";
        jdbc.sql(sql).param("code", d.code()).param("nameZh", d.nameZh()).param("nameEn", d.nameEn())
                .param("phone", d.phone()).param("active", d.active()).param("sortOrder", d.sortOrder()).update();
    }

    WorkHours hours() {
        return jdbc.sql("SELECT morning_start, morning_end, afternoon_start, afternoon_end, weekend_days "
                        + "FROM work_calendar WHERE id = 1")
                .query((rs, i) -> new WorkHours(LocalTime.parse(rs.getString(1)), LocalTime.parse(rs.getString(2)),
                        LocalTime.parse(rs.getString(3)), LocalTime.parse(rs.getString(4)), weekend(rs.getString(5))))
                .single();
    }

    void saveHours(WorkHours h) {
        StringBuilder days = new StringBuilder();
        h.weekend().stream().sorted().forEach(d -> days.append(days.isEmpty() ? "" : ",").append(d.getValue()));
        jdbc.sql("UPDATE work_calendar SET morning_start = :ms, morning_end = :me, afternoon_start = :as, "
                        + "afternoon_end = :ae, weekend_days = :weekend WHERE id = 1")
                .param("ms", h.morningStart().toString()).param("me", h.morningEnd().toString())
                .param("as", h.afternoonStart().toString()).param("ae", h.afternoonEnd().toString())
                .param("weekend", days.toString()).update();
    }

    List<CalendarDay> days(LocalDate from, LocalDate to) {
        return jdbc.sql("SELECT work_date, kind, name_zh, name_en FROM work_calendar_days "
                        + "WHERE work_date BETWEEN :from AND :to ORDER BY work_date")
                .param("from", from).param("to", to)
                .query((rs, i) -> new CalendarDay(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3),
                        rs.getString(4))).list();
    }

    List<CalendarDay> allDays() {
        return days(LocalDate.of(1900, 1, 1), LocalDate.of(9999, 12, 31));
    }

    void saveDay(CalendarDay d) {
        int changed = jdbc.sql("UPDATE work_calendar_days SET kind = :kind, name_zh = :nameZh, name_en = :nameEn "
                        + "WHERE work_date = :day")
                .param("day", d.day()).param("kind", d.kind()).param("nameZh", d.nameZh()).param("nameEn", d.nameEn())
                .update();
        if (changed == 0) {
            jdbc.sql("INSERT INTO work_calendar_days (work_date, kind, name_zh, name_en) VALUES (:day, :kind, :nameZh, :nameEn)")
                    .param("day", d.day()).param("kind", d.kind()).param("nameZh", d.nameZh())
                    .param("nameEn", d.nameEn()).update();
        }
    }

    boolean deleteDay(LocalDate day) {
        return jdbc.sql("DELETE FROM work_calendar_days WHERE work_date = :day").param("day", day).update() > 0;
    }

    private static Set<DayOfWeek> weekend(String text) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : text.split(",")) {
            if (!part.isBlank()) days.add(DayOfWeek.of(Integer.parseInt(part.trim())));
        }
        return days;
    }

    private static CaseClass caseClass(ResultSet rs) throws SQLException {
        return new CaseClass(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getBoolean(9), rs.getInt(10), rs.getInt(11),
                rs.getInt(12), rs.getInt(13), rs.getInt(14), rs.getString(15), rs.getString(16), rs.getBoolean(17),
                rs.getInt(18));
    }

    private static Department department(ResultSet rs) throws SQLException {
        return new Department(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
                rs.getInt(6));
    }
}
