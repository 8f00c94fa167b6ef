package org.gridwatch.cases;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The working hours of every working day and the weekend days (the one row of {@code work_calendar}). */
public record WorkHours(LocalTime morningStart, LocalTime morningEnd, LocalTime afternoonStart, LocalTime afternoonEnd,
                        Set<DayOfWeek> weekend) {

    public List<WorkingCalendar.Period> periods() {
        return List.of(new WorkingCalendar.Period(morningStart, morningEnd),
                new WorkingCalendar.Period(afternoonStart, afternoonEnd));
    }

    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("morningStart", morningStart.toString());
        m.put("morningEnd", morningEnd.toString());
        m.put("afternoonStart", afternoonStart.toString());
        m.put("afternoonEnd", afternoonEnd.toString());
        Set<Integer> days = new TreeSet<>();
        weekend.forEach(d -> days.add(d.getValue()));
        m.put("weekendDays", List.copyOf(days));
        return m;
    }
}
