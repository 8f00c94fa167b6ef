package org.gridwatch.bench;

import java.time.ZoneId;

import org.gridwatch.cases.WorkingCalendar;
import org.gridwatch.cases.evaluation.CaseCalendarReader;
import org.springframework.context.ApplicationContext;

/** The store's working calendar for the case generator. */
final class BenchCalendar {

    private BenchCalendar() {
    }

    static CaseGenerator.Calendar of(ApplicationContext app) {
        WorkingCalendar c = app.getBean(CaseCalendarReader.class).read();
        return new CaseGenerator.Calendar() {
            @Override
            public java.time.Instant plusWorkingMinutes(java.time.Instant start, long minutes) {
                return c.plusWorkingMinutes(start, minutes);
            }

            @Override
            public long workingMinutesBetween(java.time.Instant from, java.time.Instant to) {
                return c.workingMinutesBetween(from, to);
            }
        };
    }

    static ZoneId zone(ApplicationContext app) {
        return app.getBean(CaseCalendarReader.class).zone();
    }
}
