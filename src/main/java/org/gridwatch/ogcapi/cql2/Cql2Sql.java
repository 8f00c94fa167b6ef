package org.gridwatch.ogcapi.cql2;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.io.WKTWriter;

/**
 * Translates a CQL2 filter into an SQL condition with {@code ?} parameters, checking it against the
 * collection's queryables on the way: every property must be a queryable, and both sides of a comparison
 * must have the same type. Literals are always parameters, never SQL text; the SQL is the same on H2GIS and
 * PostGIS (the {@code ST_*} predicates and {@code LIKE ... ESCAPE} exist in both). A predicate without any
 * property is decided here ({@code 1 = 1} or {@code 1 = 0}), so the database never sees {@code ? = ?}.
 *
 * <p>Pure and thread-safe.
 */
public final class Cql2Sql {

    /** The value types of queryables. */
    public enum Type { STRING, NUMBER, INTEGER, TIMESTAMP, GEOMETRY }

    /** A queryable: the SQL expression of its column and its type. */
    public record Column(String sql, Type type) {
    }

    /** The condition and its parameters, in order. */
    public record Where(String sql, List<Object> args) {
    }

    /**
     * The index condition a spatial predicate at the top level of the filter may add (such as the feature
     * table's tile lookup on H2): given the literal's lon/lat envelope, the SQL (without AND) with its
     * parameters appended to {@code args}; null for none.
     */
    @FunctionalInterface
    public interface BoxCondition {
        String condition(Envelope envelope, List<Object> args);

        /**
         * True when the condition is the exact test "the geometry lies in the envelope, boundary included", as
         * it is for a table of points: then {@code S_INTERSECTS} with a rectangle is answered by the condition
         * alone, and no spatial function is called for each row (PostgreSQL, costing {@code ST_Intersects} high,
         * would otherwise collect and sort every match of a large box rather than walk an index in page order).
         */
        default boolean exactForRectangles() {
            return false;
        }
    }

    private Cql2Sql() {
    }

    /** Checks {@code filter} against {@code columns} (throws {@link Cql2InvalidException}) and translates it. */
    public static Where translate(Cql2.Filter filter, Map<String, Column> columns, BoxCondition box) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        Set<Cql2.Filter> answeredByBox = Collections.newSetFromMap(new IdentityHashMap<>());
        if (box != null) {
            List<Cql2.Filter> top = filter instanceof Cql2.And a ? a.parts() : List.of(filter);
            for (Cql2.Filter f : top) {
                if (f instanceof Cql2.Spatial s && s.op() != Cql2.SpatialOp.S_DISJOINT) {
                    Cql2.GeometryLiteral g = s.left() instanceof Cql2.GeometryLiteral l ? l
                            : s.right() instanceof Cql2.GeometryLiteral r ? r : null;
                    boolean onProperty = s.left() instanceof Cql2.Property || s.right() instanceof Cql2.Property;
                    if (g != null && onProperty && !g.geometry().isEmpty()) {
                        String c = box.condition(g.geometry().getEnvelopeInternal(), args);
                        if (c != null) sql.append(c).append(" AND ");
                        if (c != null && s.op() == Cql2.SpatialOp.S_INTERSECTS && box.exactForRectangles()
                                && g.geometry().isRectangle()) {
                            answeredByBox.add(f);
                        }
                    }
                }
            }
        }
        new Translator(columns, args, answeredByBox).filter(filter, sql);
        return new Where(sql.toString(), args);
    }

    /** Only the checks of {@link #translate}: unknown properties and mismatched types. */
    public static void check(Cql2.Filter filter, Map<String, Column> columns) {
        new Translator(columns, new ArrayList<>(), Set.of()).filter(filter, new StringBuilder());
    }

    private static final class Translator {
        private final Map<String, Column> columns;
        private final List<Object> args;
        private final Set<Cql2.Filter> answeredByBox;

        Translator(Map<String, Column> columns, List<Object> args, Set<Cql2.Filter> answeredByBox) {
            this.columns = columns;
            this.args = args;
            this.answeredByBox = answeredByBox;
        }

        void filter(Cql2.Filter f, StringBuilder sql) {
            if (answeredByBox.contains(f)) {
                // Checked like any other; the exact box condition in front of the filter already decides it.
                predicate(f, new StringBuilder(), new ArrayList<>());
                sql.append("1 = 1");
            } else if (f instanceof Cql2.And a) {
                join(a.parts(), " AND ", sql);
            } else if (f instanceof Cql2.Or o) {
                join(o.parts(), " OR ", sql);
            } else if (f instanceof Cql2.Not n) {
                sql.append("NOT (");
                filter(n.filter(), sql);
                sql.append(')');
            } else if (f instanceof Cql2.Bool b) {
                sql.append(b.value() ? "1 = 1" : "1 = 0");
            } else if (!hasProperty(f)) {
                // Checked like any other, then decided here.
                predicate(f, new StringBuilder(), new ArrayList<>());
                Boolean v = Cql2Evaluator.evaluate(f, name -> null);
                sql.append(Boolean.TRUE.equals(v) ? "1 = 1" : "1 = 0");
            } else {
                predicate(f, sql, args);
            }
        }

        private void join(List<Cql2.Filter> parts, String op, StringBuilder sql) {
            sql.append('(');
            for (int i = 0; i < parts.size(); i++) {
                if (i > 0) sql.append(op);
                filter(parts.get(i), sql);
            }
            sql.append(')');
        }

        private void predicate(Cql2.Filter f, StringBuilder sql, List<Object> out) {
            if (f instanceof Cql2.Compare c) {
                Type t = common(c.left(), c.right(), c.op().symbol);
                if (t == Type.GEOMETRY) throw Cql2InvalidException.type("geometries are compared with the S_* functions, not " + c.op().symbol);
                operand(c.left(), t, sql, out);
                sql.append(' ').append(c.op().symbol).append(' ');
                operand(c.right(), t, sql, out);
            } else if (f instanceof Cql2.Like l) {
                Type t = type(l.value());
                if (t != Type.STRING || !(l.pattern() instanceof Cql2.Text || isStringProperty(l.pattern()))) {
                    throw Cql2InvalidException.type("LIKE compares a string with a string pattern");
                }
                operand(l.value(), t, sql, out);
                sql.append(" LIKE ");
                operand(l.pattern(), t, sql, out);
                sql.append(" ESCAPE '\\'");
            } else if (f instanceof Cql2.Between b) {
                Type t = common(b.value(), b.low(), "BETWEEN");
                common(b.value(), b.high(), "BETWEEN");
                if (t != Type.NUMBER && t != Type.INTEGER && t != Type.TIMESTAMP) {
                    throw Cql2InvalidException.type("BETWEEN needs numbers or timestamps");
                }
                operand(b.value(), t, sql, out);
                sql.append(" BETWEEN ");
                operand(b.low(), t, sql, out);
                sql.append(" AND ");
                operand(b.high(), t, sql, out);
            } else if (f instanceof Cql2.In in) {
                Type t = type(in.value());
                for (Cql2.Operand o : in.list()) t = common(in.value(), o, "IN");
                if (t == Type.GEOMETRY) throw Cql2InvalidException.type("IN does not take geometries");
                operand(in.value(), t, sql, out);
                sql.append(" IN (");
                for (int i = 0; i < in.list().size(); i++) {
                    if (i > 0) sql.append(", ");
                    operand(in.list().get(i), t, sql, out);
                }
                sql.append(')');
            } else if (f instanceof Cql2.IsNull n) {
                if (!(n.value() instanceof Cql2.Property)) {
                    type(n.value());
                }
                operand(n.value(), type(n.value()), sql, out);
                sql.append(" IS NULL");
            } else if (f instanceof Cql2.Spatial s) {
                if (type(s.left()) != Type.GEOMETRY || type(s.right()) != Type.GEOMETRY) {
                    throw Cql2InvalidException.type(s.op() + " takes two geometries");
                }
                sql.append(sqlFunction(s.op())).append('(');
                operand(s.left(), Type.GEOMETRY, sql, out);
                sql.append(", ");
                operand(s.right(), Type.GEOMETRY, sql, out);
                sql.append(')');
            } else if (f instanceof Cql2.Temporal t) {
                temporal(t, sql, out);
            } else {
                throw new IllegalStateException(f.toString());
            }
        }

        /** T_INTERSECTS of an instant property and an instant, a day or an interval. */
        private void temporal(Cql2.Temporal t, StringBuilder sql, List<Object> out) {
            Cql2.Operand prop = t.left() instanceof Cql2.Property ? t.left() : t.right();
            Cql2.Operand lit = prop == t.left() ? t.right() : t.left();
            if (type(prop) != Type.TIMESTAMP) throw Cql2InvalidException.type("T_INTERSECTS needs a time property");
            Instant[] range = Cql2Evaluator.timeRange(lit);
            if (range == null && !(lit instanceof Cql2.Property)) {
                throw Cql2InvalidException.type("T_INTERSECTS takes a time property and a timestamp, date or interval");
            }
            if (lit instanceof Cql2.Property) {
                if (type(lit) != Type.TIMESTAMP) throw Cql2InvalidException.type("T_INTERSECTS needs time properties");
                operand(prop, Type.TIMESTAMP, sql, out);
                sql.append(" = ");
                operand(lit, Type.TIMESTAMP, sql, out);
                return;
            }
            String col = columns.get(((Cql2.Property) prop).name()).sql();
            if (range[0] == null && range[1] == null) {
                sql.append(col).append(" IS NOT NULL");
            } else if (range[0] == null) {
                sql.append(col).append(" <= ?");
                out.add(range[1].atOffset(ZoneOffset.UTC));
            } else if (range[1] == null) {
                sql.append(col).append(" >= ?");
                out.add(range[0].atOffset(ZoneOffset.UTC));
            } else {
                sql.append(col).append(" BETWEEN ? AND ?");
                out.add(range[0].atOffset(ZoneOffset.UTC));
                out.add(range[1].atOffset(ZoneOffset.UTC));
            }
        }

        private boolean isStringProperty(Cql2.Operand o) {
            return o instanceof Cql2.Property && type(o) == Type.STRING;
        }

        /** The type both operands share (a string literal reads as a timestamp next to a time property). */
        private Type common(Cql2.Operand a, Cql2.Operand b, String op) {
            Type ta = type(a);
            Type tb = type(b);
            if (ta == tb) return ta;
            boolean numbers = (ta == Type.NUMBER || ta == Type.INTEGER) && (tb == Type.NUMBER || tb == Type.INTEGER);
            if (numbers) return Type.NUMBER;
            if (ta == Type.TIMESTAMP && b instanceof Cql2.Text t && Cql2Evaluator.instant(t.value()) != null) return ta;
            if (tb == Type.TIMESTAMP && a instanceof Cql2.Text t && Cql2Evaluator.instant(t.value()) != null) return tb;
            throw Cql2InvalidException.type(op + " compares a " + name(ta, a) + " with a " + name(tb, b));
        }

        private static String name(Type t, Cql2.Operand o) {
            return o instanceof Cql2.Bool ? "boolean" : t.name().toLowerCase(java.util.Locale.ROOT);
        }

        private Type type(Cql2.Operand o) {
            if (o instanceof Cql2.Property p) {
                Column c = columns.get(p.name());
                if (c == null) throw Cql2InvalidException.unknownProperty(p.name());
                return c.type();
            }
            if (o instanceof Cql2.Text) return Type.STRING;
            if (o instanceof Cql2.Number) return Type.NUMBER;
            if (o instanceof Cql2.Timestamp || o instanceof Cql2.Date) return Type.TIMESTAMP;
            if (o instanceof Cql2.GeometryLiteral) return Type.GEOMETRY;
            if (o instanceof Cql2.Interval) throw Cql2InvalidException.type("an INTERVAL is only an argument of T_INTERSECTS");
            // Booleans: no queryable is one, so a boolean only meets another boolean.
            return null;
        }

        private void operand(Cql2.Operand o, Type as, StringBuilder sql, List<Object> out) {
            if (o instanceof Cql2.Property p) {
                Column c = columns.get(p.name());
                if (c == null) throw Cql2InvalidException.unknownProperty(p.name());
                sql.append(c.sql());
                return;
            }
            if (o instanceof Cql2.GeometryLiteral g) {
                sql.append("ST_GeomFromText(?, 4326)");
                out.add(new WKTWriter().write(g.geometry()));
                return;
            }
            sql.append('?');
            out.add(bind(o, as));
        }

        private static Object bind(Cql2.Operand o, Type as) {
            if (o instanceof Cql2.Text t) {
                if (as == Type.TIMESTAMP) return Cql2Evaluator.instant(t.value()).atOffset(ZoneOffset.UTC);
                return t.value();
            }
            if (o instanceof Cql2.Number n) return n.value();
            if (o instanceof Cql2.Timestamp t) return t.value().atOffset(ZoneOffset.UTC);
            if (o instanceof Cql2.Date d) return d.value().atStartOfDay(ZoneOffset.UTC).toOffsetDateTime();
            if (o instanceof Cql2.Bool b) return b.value();
            throw new IllegalStateException(o.toString());
        }

        private static boolean hasProperty(Cql2.Filter f) {
            return !Cql2.properties(f).isEmpty();
        }
    }

    private static String sqlFunction(Cql2.SpatialOp op) {
        return switch (op) {
            case S_INTERSECTS -> "ST_Intersects";
            case S_EQUALS -> "ST_Equals";
            case S_DISJOINT -> "ST_Disjoint";
            case S_TOUCHES -> "ST_Touches";
            case S_WITHIN -> "ST_Within";
            case S_OVERLAPS -> "ST_Overlaps";
            case S_CROSSES -> "ST_Crosses";
            case S_CONTAINS -> "ST_Contains";
        };
    }
}
