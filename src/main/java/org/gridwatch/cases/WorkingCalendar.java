package org.gridwatch.cases;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Working time on a district's calendar: which days are working days (not a weekend day unless a
 * make-up working day 调休, not a holiday), and which hours of a working day count (periods such as
 * 09:00-12:00 and 13:00-18:00; the lunch break between them does not). Every case deadline and every
 * "on time" figure is computed here, in the district's time zone.
 *
 * <p>A holiday wins over the weekly rule; a make-up working day wins over the weekend. A day listed
 * as both is a holiday. Periods are half-open local times {@code [start, end)}; a deadline that uses
 * up a period exactly ends at its end (18:00), not at the next period's start. Times are resolved in
 * the zone with {@link ZonedDateTime#of}, so a daylight-saving gap or overlap (not in China) shifts a
 * period boundary as java.time does.
 *
 * <p>Immutable and thread-safe. Never reads the clock: every instant is an argument.
 */
public final class WorkingCalendar {

    /** Longest stretch searched for working time: a calendar with no working day at all fails fast. */
    private static final int MAX_DAYS = 3700;

    /** A working period of a day, {@code [start, end)} in local time. */
    public record Period(LocalTime start, LocalTime end) {
        public Period {
            if (start == null || end == null || !start.isBefore(end)) {
                throw new IllegalArgumentException("a working period must start before it ends: " + start + "-" + end);
            }
        }

        long minutes() {
            return Duration.between(start, end).toMinutes();
        }
    }

    private final ZoneId zone;
    private final List<Period> periods;
    private final EnumSet<DayOfWeek> weekend;
    private final Set<LocalDate> holidays;
    private final Set<LocalDate> makeUpWorkdays;

    /**
     * @param periods        working periods of every working day, in order and not overlapping
     * @param weekend        days of the week that are not working days
     * @param holidays       dates without work
     * @param makeUpWorkdays weekend dates with work (调休上班)
     */
    public WorkingCalendar(ZoneId zone, List<Period> periods, Collection<DayOfWeek> weekend,
                           Collection<LocalDate> holidays, Collection<LocalDate> makeUpWorkdays) {
        if (periods.isEmpty()) throw new IllegalArgumentException("a working day needs at least one period");
        for (int i = 1; i < periods.size(); i++) {
            if (periods.get(i).start().isBefore(periods.get(i - 1).end())) {
                throw new IllegalArgumentException("working periods must be in order and not overlap");
            }
        }
        this.zone = zone;
        this.periods = List.copyOf(periods);
        this.weekend = weekend.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(weekend);
        this.holidays = Set.copyOf(holidays);
        this.makeUpWorkdays = Set.copyOf(makeUpWorkdays);
    }

    /** 09:00-12:00 and 13:00-18:00, Saturday and Sunday off, no holidays: for tests and tools. */
    public static WorkingCalendar standard(ZoneId zone) {
        return new WorkingCalendar(zone, List.of(new Period(LocalTime.of(9, 0), LocalTime.of(12, 0)),
                new Period(LocalTime.of(13, 0), LocalTime.of(18, 0))),
                EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), Set.of(), Set.of());
    }

    public ZoneId zone() {
        return zone;
    }

    /** Working minutes of one working day (480 for 09:00-12:00 and 13:00-18:00). */
    public long minutesPerDay() {
        return periods.stream().mapToLong(Period::minutes).sum();
    }

    /** Whether work is done on this date. */
    public boolean isWorkingDay(LocalDate day) {
        if (holidays.contains(day)) return false;
        return makeUpWorkdays.contains(day) || !weekend.contains(day.getDayOfWeek());
    }

    /**
     * The instant at which {@code minutes} of working time have passed since {@code start}. Time
     * outside working periods does not count: from a start at night, the clock begins at the next
     * working period. Zero minutes give {@code start} itself.
     *
     * @throws IllegalArgumentException for negative minutes, or a calendar without working days
     */
    public Instant plusWorkingMinutes(Instant start, long minutes) {
        if (minutes < 0) throw new IllegalArgumentException("working minutes must not be negative: " + minutes);
        return plusWorkingSeconds(start, minutes * 60);
    }

    /** {@link #plusWorkingMinutes} for a duration (whole seconds count). */
    public Instant plus(Instant start, Duration workingTime) {
        if (workingTime.isNegative()) throw new IllegalArgumentException("working time must not be negative");
        return plusWorkingSeconds(start, workingTime.getSeconds());
    }

    private Instant plusWorkingSeconds(Instant start, long seconds) {
        if (seconds == 0) return start;
        // exact durations: a start with a fraction of a second keeps it across a break (whole seconds of the
        // first period's rest would lose up to a second: 17:09:51.7 + 1 h to 18:00 gave 09:09:52, not :51.7)
        Duration left = Duration.ofSeconds(seconds);
        LocalDate day = start.atZone(zone).toLocalDate();
        for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1)) {
            if (!isWorkingDay(day)) continue;
            for (Period p : periods) {
                Instant from = at(day, p.start());
                Instant to = at(day, p.end());
                if (!to.isAfter(start)) continue;
                if (from.isBefore(start)) from = start;
                Duration available = Duration.between(from, to);
                if (available.compareTo(left) >= 0) return from.plus(left);
                left = left.minus(available);
            }
        }
        throw new IllegalArgumentException("the calendar has no working time within " + MAX_DAYS + " days of " + start);
    }

    /**
     * The working time between two instants: the part of {@code [from, to)} that lies in working
     * periods. Negative (the same amount) when {@code to} is before {@code from}.
     */
    public Duration between(Instant from, Instant to) {
        if (to.isBefore(from)) return between(to, from).negated();
        long seconds = 0;
        LocalDate last = to.atZone(zone).toLocalDate();
        for (LocalDate day = from.atZone(zone).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
            if (!isWorkingDay(day)) continue;
            for (Period p : periods) {
                Instant a = at(day, p.start());
                Instant b = at(day, p.end());
                if (a.isBefore(from)) a = from;
                if (b.isAfter(to)) b = to;
                if (b.isAfter(a)) seconds += Duration.between(a, b).getSeconds();
            }
        }
        return Duration.ofSeconds(seconds);
    }

    /** {@link #between} in whole minutes (rounded down). */
    public long workingMinutesBetween(Instant from, Instant to) {
        return between(from, to).toMinutes();
    }

    /** The periods of a working day, as given. */
    public List<Period> periods() {
        return periods;
    }

    /** The weekend days, as given. */
    public Set<DayOfWeek> weekend() {
        return EnumSet.copyOf(weekend);
    }

    /** Working days in {@code [from, to]} (inclusive), in order. */
    public List<LocalDate> workingDays(LocalDate from, LocalDate to) {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (isWorkingDay(d)) days.add(d);
        }
        return days;
    }

    private Instant at(LocalDate day, LocalTime time) {
        return ZonedDateTime.of(day, time, zone).toInstant();
    }
}
