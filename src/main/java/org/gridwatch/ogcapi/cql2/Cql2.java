package org.gridwatch.ogcapi.cql2;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.locationtech.jts.geom.Geometry;

/**
 * The syntax tree of a CQL2 filter (OGC 21-065), the one form both encodings are parsed to: CQL2 text by
 * {@link Cql2TextParser}, CQL2 JSON by {@link Cql2JsonParser}. Only the parts this service implements have a
 * node: Basic CQL2, the advanced comparison operators (LIKE, BETWEEN, IN), the spatial functions and
 * T_INTERSECTS. Geometry literals are in the filter's CRS until {@link #mapGeometries} converts them.
 */
public final class Cql2 {

    private Cql2() {
    }

    /** A condition: true, false or (when a property is null) unknown. */
    public sealed interface Filter permits And, Or, Not, Compare, Like, Between, In, IsNull, Spatial, Temporal, Bool {
    }

    /** A value a condition is about. */
    public sealed interface Operand permits Property, Text, Number, Bool, Timestamp, Date, Interval, GeometryLiteral {
    }

    public enum CompareOp {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

        public final String symbol;

        CompareOp(String symbol) {
            this.symbol = symbol;
        }
    }

    /** The spatial functions of CQL2, each the DE-9IM predicate of the same name in JTS and in SQL. */
    public enum SpatialOp { S_INTERSECTS, S_EQUALS, S_DISJOINT, S_TOUCHES, S_WITHIN, S_OVERLAPS, S_CROSSES, S_CONTAINS }

    public enum TemporalOp { T_INTERSECTS }

    public record And(List<Filter> parts) implements Filter {
        public And {
            parts = List.copyOf(parts);
        }
    }

    public record Or(List<Filter> parts) implements Filter {
        public Or {
            parts = List.copyOf(parts);
        }
    }

    public record Not(Filter filter) implements Filter {
    }

    public record Compare(CompareOp op, Operand left, Operand right) implements Filter {
    }

    /** {@code value LIKE pattern}: {@code %} any run, {@code _} one character, {@code \} escapes. */
    public record Like(Operand value, Operand pattern) implements Filter {
    }

    public record Between(Operand value, Operand low, Operand high) implements Filter {
    }

    public record In(Operand value, List<Operand> list) implements Filter {
        public In {
            list = List.copyOf(list);
        }
    }

    public record IsNull(Operand value) implements Filter {
    }

    public record Spatial(SpatialOp op, Operand left, Operand right) implements Filter {
    }

    public record Temporal(TemporalOp op, Operand left, Operand right) implements Filter {
    }

    /** TRUE or FALSE, as a condition or as a value. */
    public record Bool(boolean value) implements Filter, Operand {
    }

    public record Property(String name) implements Operand {
    }

    public record Text(String value) implements Operand {
    }

    public record Number(BigDecimal value) implements Operand {
    }

    public record Timestamp(Instant value) implements Operand {
    }

    public record Date(LocalDate value) implements Operand {
    }

    /** An interval; a null end is open ({@code '..'}). */
    public record Interval(Instant start, Instant end) implements Operand {
    }

    public record GeometryLiteral(Geometry geometry) implements Operand {
    }

    /** The same filter with every geometry literal replaced by {@code f} of it (e.g. into the storage CRS). */
    public static Filter mapGeometries(Filter filter, java.util.function.UnaryOperator<Geometry> f) {
        if (filter instanceof And a) return new And(a.parts().stream().map(p -> mapGeometries(p, f)).toList());
        if (filter instanceof Or o) return new Or(o.parts().stream().map(p -> mapGeometries(p, f)).toList());
        if (filter instanceof Not n) return new Not(mapGeometries(n.filter(), f));
        if (filter instanceof Spatial s) return new Spatial(s.op(), map(s.left(), f), map(s.right(), f));
        return filter;
    }

    private static Operand map(Operand o, java.util.function.UnaryOperator<Geometry> f) {
        return o instanceof GeometryLiteral g ? new GeometryLiteral(f.apply(g.geometry())) : o;
    }

    /** Every property a filter names. */
    public static java.util.Set<String> properties(Filter filter) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        collect(filter, out);
        return out;
    }

    private static void collect(Filter filter, java.util.Set<String> out) {
        if (filter instanceof And a) a.parts().forEach(p -> collect(p, out));
        else if (filter instanceof Or o) o.parts().forEach(p -> collect(p, out));
        else if (filter instanceof Not n) collect(n.filter(), out);
        else if (filter instanceof Compare c) add(out, c.left(), c.right());
        else if (filter instanceof Like l) add(out, l.value(), l.pattern());
        else if (filter instanceof Between b) add(out, b.value(), b.low(), b.high());
        else if (filter instanceof In i) {
            add(out, i.value());
            i.list().forEach(o -> add(out, o));
        } else if (filter instanceof IsNull n) add(out, n.value());
        else if (filter instanceof Spatial s) add(out, s.left(), s.right());
        else if (filter instanceof Temporal t) add(out, t.left(), t.right());
    }

    private static void add(java.util.Set<String> out, Operand... operands) {
        for (Operand o : operands) {
            if (o instanceof Property p) out.add(p.name());
        }
    }
}
