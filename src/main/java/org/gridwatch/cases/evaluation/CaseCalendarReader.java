package org.gridwatch.cases.evaluation;

import java.time.ZoneId;

import org.gridwatch.cases.CaseCalendar;
import org.gridwatch.cases.WorkingCalendar;
import org.springframework.stereotype.Component;

/**
 * The district's working calendar for the evaluation's handling minutes: core's {@link CaseCalendar}, the
 * one every deadline is computed on (this class was a stand-in reading the tables before core had it).
 */
@Component
public class CaseCalendarReader {

    private final CaseCalendar calendar;

    CaseCalendarReader(CaseCalendar calendar) {
        this.calendar = calendar;
    }

    /** The district's time zone: API dates are days in it. */
    public ZoneId zone() {
        return calendar.calendar().zone();
    }

    public WorkingCalendar read() {
        return calendar.calendar();
    }
}
