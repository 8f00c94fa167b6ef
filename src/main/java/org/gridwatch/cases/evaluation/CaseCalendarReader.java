package org.gridwatch.cases.evaluation;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.gridwatch.cases.WorkingCalendar;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The district's working calendar as the tables {@code work_calendar} and {@code work_calendar_days} hold it
 * now, for the evaluation's handling minutes (read on each use: a district may edit it at any time).
 */
@Component
public class CaseCalendarReader {

    private final JdbcTemplate jdbc;
    private final ZoneId zone;

    CaseCalendarReader(JdbcTemplate jdbc, @Value("${gridwatch.inspection.zone:Asia/Shanghai}") String zone) {
        this.jdbc = jdbc;
        this.zone = ZoneId.of(zone);
    }

    /** The district's time zone: API dates are days in it. */
    public ZoneId zone() {
        return zone;
    }

    public WorkingCalendar read() {
        List<WorkingCalendar.Period> periods = new ArrayList<>();
        List<DayOfWeek> weekend = new ArrayList<>();
        jdbc.query("SELECT morning_start, morning_end, afternoon_start, afternoon_end, weekend_days FROM work_calendar "
                + "WHERE id = 1", rs -> {
            periods.add(new WorkingCalendar.Period(LocalTime.parse(rs.getString(1)), LocalTime.parse(rs.getString(2))));
            periods.add(new WorkingCalendar.Period(LocalTime.parse(rs.getString(3)), LocalTime.parse(rs.getString(4))));
            for (String d : rs.getString(5).split(",")) {
                if (!d.isBlank()) weekend.add(DayOfWeek.of(Integer.parseInt(d.trim())));
            }
        });
        if (periods.isEmpty()) {
            return WorkingCalendar.standard(zone);
        }
        List<LocalDate> holidays = new ArrayList<>();
        List<LocalDate> workdays = new ArrayList<>();
        jdbc.query("SELECT work_date, kind FROM work_calendar_days", rs -> {
            LocalDate day = rs.getObject(1, LocalDate.class);
            ("holiday".equals(rs.getString(2)) ? holidays : workdays).add(day);
        });
        return new WorkingCalendar(zone, periods, weekend, holidays, workdays);
    }
}
