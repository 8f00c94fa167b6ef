package org.gridwatch.ogcapi;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The {@code datetime} parameter of OGC API – Features: an instant or an interval, both ends inclusive,
 * either end {@code null} for an open end.
 *
 * <p>Accepted text (RFC 3339): a date-time with an offset ({@code 2026-05-01T08:00:00Z},
 * {@code 2026-05-01T16:00:00+08:00}), a date ({@code 2026-05-01}: that whole UTC day), or an interval
 * {@code start/end} where either side is a date-time, a date, {@code ..} or empty for an open end.
 * A date as the end of an interval includes that whole day. An interval open at both ends, or whose
 * start lies after its end, is refused.
 *
 * @param from first instant included, or null
 * @param to   last instant included, or null
 */
public record TimeInterval(Instant from, Instant to) {

    /** Thrown for text that is not a valid instant or interval; the message says why in English. */
    public static final class InvalidException extends IllegalArgumentException {
        InvalidException(String message) {
            super(message);
        }
    }

    /** Parses the parameter; {@code null} or blank gives {@code null} (no time filter). */
    public static TimeInterval parse(String text) {
        if (text == null || text.isBlank()) return null;
        String t = text.trim();
        int slash = t.indexOf('/');
        if (slash < 0) {
            if (t.equals("..")) throw new InvalidException("'..' is only allowed as one end of an interval");
            Bound b = bound(t);
            return new TimeInterval(b.first, b.last);
        }
        if (t.indexOf('/', slash + 1) >= 0) throw new InvalidException("an interval has exactly one '/'");
        String start = t.substring(0, slash).trim();
        String end = t.substring(slash + 1).trim();
        boolean openStart = start.isEmpty() || start.equals("..");
        boolean openEnd = end.isEmpty() || end.equals("..");
        if (openStart && openEnd) throw new InvalidException("an interval needs at least one end");
        Instant from = openStart ? null : bound(start).first;
        Instant to = openEnd ? null : bound(end).last;
        if (from != null && to != null && from.isAfter(to)) {
            throw new InvalidException("the interval starts after it ends");
        }
        return new TimeInterval(from, to);
    }

    /** The first and last instant a date or date-time stands for. */
    private record Bound(Instant first, Instant last) {
    }

    private static Bound bound(String s) {
        try {
            if (s.length() == 10) {
                LocalDate d = LocalDate.parse(s, DateTimeFormatter.ISO_LOCAL_DATE);
                Instant start = d.atStartOfDay(ZoneOffset.UTC).toInstant();
                return new Bound(start, d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1));
            }
            // RFC 3339 allows a lower-case 't'/'z' and a space is common in hand-written queries.
            String normalised = s.replace(' ', 'T').replace('t', 'T').replace('z', 'Z');
            Instant i = OffsetDateTime.parse(normalised, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            return new Bound(i, i);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new InvalidException("'" + s + "' is not an RFC 3339 date-time (2026-05-01T08:00:00Z) or date (2026-05-01)");
        } catch (DateTimeException e) {
            throw new InvalidException("'" + s + "' is not a valid date-time");
        }
    }

    /** True when {@code t} lies inside (ends included). */
    public boolean contains(Instant t) {
        return t != null && (from == null || !t.isBefore(from)) && (to == null || !t.isAfter(to));
    }
}
