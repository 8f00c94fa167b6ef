package org.gridwatch.cases;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tells admins when the working calendar has no holidays for the current year (or, from November, the next):
 * a warning in the log at start and on every edit of the calendar that leaves a year without holidays, and
 * {@code missingHolidayYears} in {@code GET /api/work-calendar}, which the admin page and the map show.
 */
@Component
public class HolidayNotice {

    private static final Logger log = LoggerFactory.getLogger(HolidayNotice.class);

    private final CaseTables tables;
    private final CaseCalendar calendar;
    private final Clock clock = Clock.systemUTC();

    HolidayNotice(CaseTables tables, CaseCalendar calendar) {
        this.tables = tables;
        this.calendar = calendar;
    }

    /** The years that lack holidays today, in the district's zone. */
    @Transactional(readOnly = true)
    public List<Integer> missingYears() {
        LocalDate today = LocalDate.now(clock.withZone(calendar.calendar().zone()));
        return HolidayCoverage.missingYears(today, tables.allDays(), HolidayCoverage.NEXT_YEAR_FROM);
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        warnIfMissing();
    }

    /** Logs a warning when a year lacks holidays; answers those years. */
    List<Integer> warnIfMissing() {
        List<Integer> missing = missingYears();
        if (!missing.isEmpty()) {
            log.warn("The working calendar has no holidays for {}: deadlines run through public holidays as if they "
                    + "were working days. An admin must enter the State Council's holiday arrangement (holidays and "
                    + "make-up working days) on the admin page, Working calendar (docs/cases.md).", missing);
        }
        return missing;
    }
}
