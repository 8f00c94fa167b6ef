package org.gridwatch.cases;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which years lack holidays: the current one always, the next one from 1 November; make-up days do not count. */
class HolidayCoverageTest {

    private static CalendarDay holiday(String day) {
        return new CalendarDay(LocalDate.parse(day), "holiday", "元旦", "New Year's Day");
    }

    private static CalendarDay workday(String day) {
        return new CalendarDay(LocalDate.parse(day), "workday", "调休", "Make-up working day");
    }

    @Test
    void theNextYearIsExpectedFromNovemberOn() {
        List<CalendarDay> only2026 = List.of(holiday("2026-01-01"), workday("2026-01-04"));
        MonthDay from = HolidayCoverage.NEXT_YEAR_FROM;
        assertThat(HolidayCoverage.missingYears(LocalDate.parse("2026-10-31"), only2026, from)).isEmpty();
        assertThat(HolidayCoverage.missingYears(LocalDate.parse("2026-11-01"), only2026, from)).containsExactly(2027);
        assertThat(HolidayCoverage.missingYears(LocalDate.parse("2026-12-07"), only2026, from)).containsExactly(2027);
        assertThat(HolidayCoverage.missingYears(LocalDate.parse("2027-01-02"), only2026, from)).containsExactly(2027);
        assertThat(HolidayCoverage.missingYears(LocalDate.parse("2027-11-15"), only2026, from)).containsExactly(2027, 2028);
    }

    @Test
    void aYearWithOnlyMakeUpWorkingDaysStillLacksItsHolidays() {
        List<CalendarDay> days = List.of(holiday("2026-10-01"), workday("2027-02-07"));
        assertThat(HolidayCoverage.missingYears(LocalDate.parse("2026-12-07"), days, HolidayCoverage.NEXT_YEAR_FROM))
                .containsExactly(2027);
        List<CalendarDay> both = List.of(holiday("2026-10-01"), holiday("2027-01-01"));
        assertThat(HolidayCoverage.missingYears(LocalDate.parse("2026-12-07"), both, HolidayCoverage.NEXT_YEAR_FROM)).isEmpty();
        assertThat(HolidayCoverage.missingYears(LocalDate.parse("2026-03-01"), List.of(), HolidayCoverage.NEXT_YEAR_FROM))
                .containsExactly(2026);
    }
}
