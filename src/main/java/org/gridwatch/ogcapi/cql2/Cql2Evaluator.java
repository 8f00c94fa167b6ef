package org.gridwatch.ogcapi.cql2;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.locationtech.jts.geom.Geometry;

/**
 * Decides a CQL2 filter for one item in Java, with SQL's three-valued logic (a comparison with a null
 * property is unknown, {@code NOT unknown} is unknown, and only true selects), so that it agrees with the
 * database on every item. The filter should have passed {@link Cql2Sql#check}. Property values are strings,
 * numbers, {@link Instant}s (or RFC 3339 strings where the property is a time) and JTS geometries.
 *
 * <p>Pure and thread-safe.
 */
public final class Cql2Evaluator {

    private Cql2Evaluator() {
    }

    /** True, false, or null for unknown. */
    public static Boolean evaluate(Cql2.Filter f, Function<String, Object> properties) {
        if (f instanceof Cql2.Bool b) return b.value();
        if (f instanceof Cql2.And a) return all(a.parts(), properties);
        if (f instanceof Cql2.Or o) return any(o.parts(), properties);
        if (f instanceof Cql2.Not n) {
            Boolean v = evaluate(n.filter(), properties);
            return v == null ? null : !v;
        }
        if (f instanceof Cql2.Compare c) {
            Integer cmp = compare(value(c.left(), properties), value(c.right(), properties));
            if (cmp == null) return null;
            return switch (c.op()) {
                case EQ -> cmp == 0;
                case NE -> cmp != 0;
                case LT -> cmp < 0;
                case LE -> cmp <= 0;
                case GT -> cmp > 0;
                case GE -> cmp >= 0;
            };
        }
        if (f instanceof Cql2.Like l) {
            Object v = value(l.value(), properties);
            Object p = value(l.pattern(), properties);
            if (v == null || p == null) return null;
            return likePattern(p.toString()).matcher(v.toString()).matches();
        }
        if (f instanceof Cql2.Between b) {
            Object v = value(b.value(), properties);
            Integer lo = compare(v, value(b.low(), properties));
            Integer hi = compare(v, value(b.high(), properties));
            if (lo == null || hi == null) return null;
            return lo >= 0 && hi <= 0;
        }
        if (f instanceof Cql2.In in) {
            Object v = value(in.value(), properties);
            if (v == null) return null;
            boolean unknown = false;
            for (Cql2.Operand o : in.list()) {
                Integer cmp = compare(v, value(o, properties));
                if (cmp == null) unknown = true;
                else if (cmp == 0) return true;
            }
            return unknown ? null : false;
        }
        if (f instanceof Cql2.IsNull n) return value(n.value(), properties) == null;
        if (f instanceof Cql2.Spatial s) {
            Object a = value(s.left(), properties);
            Object b = value(s.right(), properties);
            if (!(a instanceof Geometry ga) || !(b instanceof Geometry gb)) return null;
            return switch (s.op()) {
                case S_INTERSECTS -> ga.intersects(gb);
                case S_EQUALS -> ga.equalsTopo(gb);
                case S_DISJOINT -> ga.disjoint(gb);
                case S_TOUCHES -> ga.touches(gb);
                case S_WITHIN -> ga.within(gb);
                case S_OVERLAPS -> ga.overlaps(gb);
                case S_CROSSES -> ga.crosses(gb);
                case S_CONTAINS -> ga.contains(gb);
            };
        }
        if (f instanceof Cql2.Temporal t) {
            boolean leftIsValue = !(t.left() instanceof Cql2.Interval || t.left() instanceof Cql2.Date);
            Cql2.Operand valueSide = leftIsValue ? t.left() : t.right();
            Cql2.Operand rangeSide = leftIsValue ? t.right() : t.left();
            Instant v = asInstant(value(valueSide, properties));
            if (v == null) return null;
            Instant[] range = timeRange(rangeSide);
            if (range == null) {
                Instant other = asInstant(value(rangeSide, properties));
                return other == null ? null : v.equals(other);
            }
            return (range[0] == null || !v.isBefore(range[0])) && (range[1] == null || !v.isAfter(range[1]));
        }
        throw new IllegalStateException(f.toString());
    }

    /** The first and last instant of a timestamp, date or interval literal (null for an open end), else null. */
    static Instant[] timeRange(Cql2.Operand o) {
        if (o instanceof Cql2.Timestamp t) return new Instant[]{t.value(), t.value()};
        if (o instanceof Cql2.Date d) {
            return new Instant[]{d.value().atStartOfDay(ZoneOffset.UTC).toInstant(),
                    d.value().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1)};
        }
        if (o instanceof Cql2.Interval i) return new Instant[]{i.start(), i.end()};
        return null;
    }

    /** RFC 3339 text as an instant, or null when it is not one. */
    static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text.trim().replace(' ', 'T').replace('t', 'T').replace('z', 'Z'),
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static Boolean all(List<Cql2.Filter> parts, Function<String, Object> properties) {
        boolean unknown = false;
        for (Cql2.Filter p : parts) {
            Boolean v = evaluate(p, properties);
            if (v == null) unknown = true;
            else if (!v) return false;
        }
        return unknown ? null : true;
    }

    private static Boolean any(List<Cql2.Filter> parts, Function<String, Object> properties) {
        boolean unknown = false;
        for (Cql2.Filter p : parts) {
            Boolean v = evaluate(p, properties);
            if (v == null) unknown = true;
            else if (v) return true;
        }
        return unknown ? null : false;
    }

    private static Object value(Cql2.Operand o, Function<String, Object> properties) {
        if (o instanceof Cql2.Property p) return properties.apply(p.name());
        if (o instanceof Cql2.Text t) return t.value();
        if (o instanceof Cql2.Number n) return n.value();
        if (o instanceof Cql2.Bool b) return b.value();
        if (o instanceof Cql2.Timestamp t) return t.value();
        if (o instanceof Cql2.Date d) return d.value().atStartOfDay(ZoneOffset.UTC).toInstant();
        if (o instanceof Cql2.GeometryLiteral g) return g.geometry();
        return null;
    }

    /** The order of two values of one kind; null when either is null. */
    private static Integer compare(Object a, Object b) {
        if (a == null || b == null) return null;
        if (a instanceof Number || b instanceof Number) return decimal(a).compareTo(decimal(b));
        if (a instanceof Instant || b instanceof Instant) {
            Instant x = asInstant(a);
            Instant y = asInstant(b);
            return x == null || y == null ? null : x.compareTo(y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) return Boolean.compare(x, y);
        return Integer.signum(a.toString().compareTo(b.toString()));
    }

    private static BigDecimal decimal(Object o) {
        if (o instanceof BigDecimal d) return d;
        if (o instanceof Long || o instanceof Integer) return BigDecimal.valueOf(((Number) o).longValue());
        if (o instanceof Number n) return new BigDecimal(n.toString());
        return new BigDecimal(o.toString());
    }

    private static Instant asInstant(Object o) {
        if (o instanceof Instant i) return i;
        if (o instanceof OffsetDateTime t) return t.toInstant();
        if (o instanceof String s) return instant(s);
        return null;
    }

    /** A CQL2 LIKE pattern as a regular expression: {@code %}, {@code _}, and {@code \} escaping the next character. */
    static Pattern likePattern(String pattern) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                re.append(".*");
            } else if (c == '_') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
