package org.gridwatch.cases;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which years the working calendar still lacks holidays for. China's public holidays and make-up working
 * days (调休) change every year and are announced by the State Council late in the year before, so nobody
 * can seed them ahead: an admin enters them (docs/cases.md). Without them every deadline of that year runs
 * through the holidays as if they were working days. The current year counts from its first day; the next
 * year from {@code nextYearFrom} (1 November by default: the arrangement is usually published in November),
 * so the notice does not stand all year. Pure and thread-safe.
 */
public final class HolidayCoverage {

    /** From this day of the year on, the next year's holidays are expected too. */
    public static final MonthDay NEXT_YEAR_FROM = MonthDay.of(11, 1);

    private HolidayCoverage() {
    }

    /** The years (current, then next) without a single holiday in {@code days}, as of {@code today}. */
    public static List<Integer> missingYears(LocalDate today, Collection<CalendarDay> days, MonthDay nextYearFrom) {
        List<Integer> expected = new ArrayList<>();
        expected.add(today.getYear());
        if (!MonthDay.from(today).isBefore(nextYearFrom)) expected.add(today.getYear() + 1);
        List<Integer> missing = new ArrayList<>();
        for (int year : expected) {
            if (days.stream().noneMatch(d -> d.holiday() && d.day().getYear() == year)) missing.add(year);
        }
        return missing;
    }
}
