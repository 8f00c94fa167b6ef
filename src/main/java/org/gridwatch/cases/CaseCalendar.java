package org.gridwatch.cases;

import java.util.ArrayList;
import java.util.List;

import org.gridwatch.inspection.InspectionSettings;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The district's {@link WorkingCalendar}, built from the calendar tables in the zone of
 * {@code gridwatch.inspection.zone}. Kept in memory and rebuilt after an edit here, and at most
 * {@value #REFRESH_MILLIS} ms after an edit made by another instance.
 */
@Component
public class CaseCalendar {

    static final long REFRESH_MILLIS = 30_000;

    private final CaseTables tables;
    private final InspectionSettings inspection;
    private volatile WorkingCalendar cached;
    private volatile long builtAtNanos;

    CaseCalendar(CaseTables tables, InspectionSettings inspection) {
        this.tables = tables;
        this.inspection = inspection;
    }

    /** The calendar every deadline is computed on. */
    @Transactional(readOnly = true)
    public WorkingCalendar calendar() {
        WorkingCalendar c = cached;
        if (c == null || System.nanoTime() - builtAtNanos > REFRESH_MILLIS * 1_000_000) {
            c = build();
            cached = c;
            builtAtNanos = System.nanoTime();
        }
        return c;
    }

    /** Forgets the cached calendar: the next call reads the tables. */
    void invalidate() {
        cached = null;
    }

    /** The calendar as the tables hold it now (in the caller's transaction, with its own edits), not cached. */
    WorkingCalendar fresh() {
        return build();
    }

    private WorkingCalendar build() {
        WorkHours hours = tables.hours();
        List<java.time.LocalDate> holidays = new ArrayList<>();
        List<java.time.LocalDate> workdays = new ArrayList<>();
        for (CalendarDay d : tables.allDays()) {
            (d.holiday() ? holidays : workdays).add(d.day());
        }
        return new WorkingCalendar(inspection.zone(), hours.periods(), hours.weekend(), holidays, workdays);
    }
}
