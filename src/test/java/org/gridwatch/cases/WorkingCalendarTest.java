package org.gridwatch.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Working time on the seeded calendar shape: 09:00-12:00 and 13:00-18:00 in Shanghai, weekends off. */
class WorkingCalendarTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    // 2026-10-01..07 National Day holidays; 2026-10-10 (Saturday) and 2026-09-20 (Sunday) make-up working days.
    private static final Set<LocalDate> HOLIDAYS = Set.of(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 2),
            LocalDate.of(2026, 10, 3), LocalDate.of(2026, 10, 4), LocalDate.of(2026, 10, 5), LocalDate.of(2026, 10, 6),
            LocalDate.of(2026, 10, 7));
    private static final Set<LocalDate> MAKE_UP = Set.of(LocalDate.of(2026, 9, 20), LocalDate.of(2026, 10, 10));
    private final WorkingCalendar calendar = new WorkingCalendar(SHANGHAI,
            List.of(new WorkingCalendar.Period(LocalTime.of(9, 0), LocalTime.of(12, 0)),
                    new WorkingCalendar.Period(LocalTime.of(13, 0), LocalTime.of(18, 0))),
            EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), HOLIDAYS, MAKE_UP);

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    private void checkPlus(String start, long minutes, String expected) {
        assertThat(calendar.plusWorkingMinutes(at(start), minutes)).as(start + " + " + minutes + " min")
                .isEqualTo(at(expected));
    }

    @Test
    void withinOneMorning() {
        checkPlus("2026-12-07T09:30", 60, "2026-12-07T10:30");
    }

    @Test
    void lunchBreakDoesNotCount() {
        checkPlus("2026-12-07T11:30", 60, "2026-12-07T13:30");
        assertThat(calendar.workingMinutesBetween(at("2026-12-07T11:00"), at("2026-12-07T14:00"))).isEqualTo(120);
    }

    @Test
    void aLimitCrossingTheNightContinuesNextMorning() {
        // Monday 17:00 + 5 working hours: 1 h on Monday, 3 h Tuesday morning, 1 h after lunch.
        checkPlus("2026-12-07T17:00", 300, "2026-12-08T14:00");
        assertThat(calendar.workingMinutesBetween(at("2026-12-07T17:00"), at("2026-12-08T14:00"))).isEqualTo(300);
    }

    @Test
    void aStartAtNightBeginsAtTheNextWorkingPeriod() {
        checkPlus("2026-12-07T22:00", 60, "2026-12-08T10:00");
        checkPlus("2026-12-08T06:00", 60, "2026-12-08T10:00");
    }

    @Test
    void usingUpADayEndsAtItsEndNotTheNextMorning() {
        checkPlus("2026-12-07T09:00", 480, "2026-12-07T18:00");
        checkPlus("2026-12-07T09:00", 180, "2026-12-07T12:00");
    }

    @Test
    void weekendIsSkipped() {
        // Friday 2026-12-11 16:00 + 1 working day (480 min) = Monday 16:00.
        checkPlus("2026-12-11T16:00", 480, "2026-12-14T16:00");
        assertThat(calendar.workingMinutesBetween(at("2026-12-11T16:00"), at("2026-12-14T16:00"))).isEqualTo(480);
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 12, 12))).isFalse();
    }

    @Test
    void holidaysAreSkipped() {
        // Wednesday 2026-09-30 17:00 + 2 working hours: National Day holidays run to Wednesday 10-07,
        // Thursday 10-08 is the next working day.
        checkPlus("2026-09-30T17:00", 120, "2026-10-08T10:00");
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 10, 5))).as("a Monday in the holidays").isFalse();
    }

    @Test
    void makeUpWorkingDayCounts() {
        // Friday 2026-10-09 17:00 + 2 h: Saturday 10-10 is a make-up working day.
        checkPlus("2026-10-09T17:00", 120, "2026-10-10T10:00");
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 10, 10))).isTrue();
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 9, 20))).as("a Sunday make-up day").isTrue();
        assertThat(calendar.workingMinutesBetween(at("2026-10-09T00:00"), at("2026-10-12T00:00"))).isEqualTo(960);
    }

    @Test
    void fourWorkingDaysOverAWeekend() {
        // Thursday 2026-12-10 10:00 + 4 working days = Wednesday 2026-12-16 10:00.
        checkPlus("2026-12-10T10:00", 4 * 480, "2026-12-16T10:00");
    }

    @Test
    void zeroAndNegative() {
        assertThat(calendar.plusWorkingMinutes(at("2026-12-12T03:00"), 0)).isEqualTo(at("2026-12-12T03:00"));
        assertThatThrownBy(() -> calendar.plusWorkingMinutes(at("2026-12-07T09:00"), -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(calendar.between(at("2026-12-07T12:00"), at("2026-12-07T10:00"))).isEqualTo(Duration.ofHours(-2));
    }

    @Test
    void durationsCountSeconds() {
        assertThat(calendar.plus(at("2026-12-07T11:59"), Duration.ofSeconds(90)))
                .isEqualTo(at("2026-12-07T13:00").plusSeconds(30));
    }

    @Test
    void aCalendarWithoutWorkingDaysFails() {
        WorkingCalendar never = new WorkingCalendar(SHANGHAI, calendar.periods(), EnumSet.allOf(DayOfWeek.class),
                Set.of(), Set.of());
        assertThatThrownBy(() -> never.plusWorkingMinutes(at("2026-12-07T09:00"), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overlappingPeriodsAreRefused() {
        assertThatThrownBy(() -> new WorkingCalendar(SHANGHAI, List.of(
                new WorkingCalendar.Period(LocalTime.of(9, 0), LocalTime.of(12, 0)),
                new WorkingCalendar.Period(LocalTime.of(11, 0), LocalTime.of(18, 0))),
                Set.of(), Set.of(), Set.of())).isInstanceOf(IllegalArgumentException.class);
    }

    /** plus and between are inverses: the working time from a start to start + m is m, for random starts. */
    @Test
    void plusAndBetweenAgreeOnRandomStarts() {
        long seed = 20261207L;
        SplittableRandom random = new SplittableRandom(seed);
        Instant base = at("2026-09-01T00:00");
        for (int i = 0; i < 2000; i++) {
            Instant start = base.plusSeconds(random.nextLong(0, 120L * 86400));
            long minutes = random.nextLong(1, 5000);
            Instant end = calendar.plusWorkingMinutes(start, minutes);
            assertThat(calendar.workingMinutesBetween(start, end)).as("seed %d, start %s, %d min", seed, start, minutes)
                    .isEqualTo(minutes);
            // One minute earlier is not yet enough.
            assertThat(calendar.workingMinutesBetween(start, end.minusSeconds(60))).isEqualTo(minutes - 1);
        }
    }
}
