package org.gridwatch.ogcapi.cql2;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.gridwatch.geo.GeometryFactories;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Parses CQL2 text (OGC 21-065, the BNF of its Annex B, for the parts in {@link Cql2}) by recursive descent
 * straight over the characters, so that every error names the 1-based character where the filter stops
 * making sense. Keywords are case-insensitive; property names are identifiers or double-quoted.
 *
 * <p>Not thread-safe; one instance per filter ({@link #parse}).
 */
public final class Cql2TextParser {

    private static final Set<String> RESERVED = Set.of("AND", "OR", "NOT", "LIKE", "BETWEEN", "IN", "IS", "NULL",
            "TRUE", "FALSE", "DATE", "TIMESTAMP", "INTERVAL", "BBOX", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT",
            "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION");
    private static final Set<String> WKT = Set.of("POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING",
            "MULTIPOLYGON", "GEOMETRYCOLLECTION");
    /** Nesting deeper than this is refused rather than risking the stack. */
    private static final int MAX_DEPTH = 100;

    private final String s;
    private int pos;
    private int depth;

    private Cql2TextParser(String text) {
        this.s = text;
    }

    /** The filter {@code text} stands for; throws {@link Cql2SyntaxException} naming the position of an error. */
    public static Cql2.Filter parse(String text) {
        Cql2TextParser p = new Cql2TextParser(text);
        p.skipSpace();
        if (p.pos >= p.s.length()) throw p.error(p.pos, "the filter is empty");
        Cql2.Filter f = p.orExpression();
        p.skipSpace();
        if (p.pos < p.s.length()) throw p.error(p.pos, "expected AND, OR or the end of the filter, found " + p.found());
        return f;
    }

    // ---------------------------------------------------------------- boolean structure

    private Cql2.Filter orExpression() {
        List<Cql2.Filter> parts = new ArrayList<>();
        parts.add(andExpression());
        while (keywordAhead("OR")) {
            keyword();
            parts.add(andExpression());
        }
        return parts.size() == 1 ? parts.get(0) : new Cql2.Or(parts);
    }

    private Cql2.Filter andExpression() {
        List<Cql2.Filter> parts = new ArrayList<>();
        parts.add(notExpression());
        while (keywordAhead("AND")) {
            keyword();
            parts.add(notExpression());
        }
        return parts.size() == 1 ? parts.get(0) : new Cql2.And(parts);
    }

    private Cql2.Filter notExpression() {
        if (keywordAhead("NOT")) {
            keyword();
            return new Cql2.Not(nested(this::notExpression));
        }
        return primary();
    }

    private Cql2.Filter nested(java.util.function.Supplier<Cql2.Filter> inner) {
        if (++depth > MAX_DEPTH) throw error(pos, "the filter is nested too deeply");
        try {
            return inner.get();
        } finally {
            depth--;
        }
    }

    private Cql2.Filter primary() {
        skipSpace();
        if (pos >= s.length()) throw error(pos, "expected a condition, found the end of the filter");
        if (s.charAt(pos) == '(') {
            pos++;
            Cql2.Filter inner = nested(this::orExpression);
            expect(')', "expected ')' closing the '(' of this group");
            return inner;
        }
        int start = pos;
        String word = peekWord();
        if (word != null && followedByParenthesis(word)) {
            String upper = word.toUpperCase(Locale.ROOT);
            if (upper.startsWith("S_")) return spatial(upper, start);
            if (upper.startsWith("T_")) return temporal(upper, start);
        }
        Cql2.Operand left = operand();
        skipSpace();
        int at = pos;
        if (at < s.length()) {
            String op = comparisonOperator();
            if (op != null) {
                Cql2.Operand right = operand();
                return new Cql2.Compare(compareOp(op), left, right);
            }
        }
        boolean not = false;
        if (keywordAhead("NOT")) {
            keyword();
            not = true;
        }
        String kw = keywordAhead("LIKE") ? "LIKE" : keywordAhead("BETWEEN") ? "BETWEEN" : keywordAhead("IN") ? "IN"
                : keywordAhead("IS") && !not ? "IS" : null;
        if (kw == null) {
            if (!not && left instanceof Cql2.Bool b) return b;
            throw error(pos, (not ? "expected LIKE, BETWEEN or IN after NOT" : "expected a comparison operator "
                    + "(=, <>, <, <=, >, >=), LIKE, BETWEEN, IN or IS NULL") + ", found " + found());
        }
        keyword();
        Cql2.Filter f = switch (kw) {
            case "LIKE" -> new Cql2.Like(left, operand());
            case "BETWEEN" -> {
                Cql2.Operand low = operand();
                if (!keywordAhead("AND")) throw error(skipSpaceAndGet(), "expected AND between the two ends of BETWEEN, found " + found());
                keyword();
                yield new Cql2.Between(left, low, operand());
            }
            case "IN" -> {
                expect('(', "expected '(' opening the list of IN");
                List<Cql2.Operand> list = new ArrayList<>();
                list.add(operand());
                while (peek(',')) {
                    pos++;
                    list.add(operand());
                }
                expect(')', "expected ',' or ')' closing the list of IN");
                yield new Cql2.In(left, list);
            }
            default -> {
                boolean isNot = false;
                if (keywordAhead("NOT")) {
                    keyword();
                    isNot = true;
                }
                if (!keywordAhead("NULL")) throw error(skipSpaceAndGet(), "expected NULL after IS, found " + found());
                keyword();
                Cql2.Filter isNull = new Cql2.IsNull(left);
                yield isNot ? new Cql2.Not(isNull) : isNull;
            }
        };
        return not ? new Cql2.Not(f) : f;
    }

    private Cql2.Filter spatial(String name, int start) {
        Cql2.SpatialOp op;
        try {
            op = Cql2.SpatialOp.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw error(start, "unknown spatial function " + name + "; known: S_INTERSECTS, S_EQUALS, S_DISJOINT, "
                    + "S_TOUCHES, S_WITHIN, S_OVERLAPS, S_CROSSES, S_CONTAINS");
        }
        keyword();
        expect('(', "expected '(' after " + name);
        Cql2.Operand a = operand();
        expect(',', "expected ',' between the two arguments of " + name);
        Cql2.Operand b = operand();
        expect(')', "expected ')' closing " + name);
        return new Cql2.Spatial(op, a, b);
    }

    private Cql2.Filter temporal(String name, int start) {
        if (!name.equals("T_INTERSECTS")) {
            throw error(start, "unknown or unsupported temporal function " + name + "; supported: T_INTERSECTS");
        }
        keyword();
        expect('(', "expected '(' after " + name);
        Cql2.Operand a = operand();
        expect(',', "expected ',' between the two arguments of " + name);
        Cql2.Operand b = operand();
        expect(')', "expected ')' closing " + name);
        return new Cql2.Temporal(Cql2.TemporalOp.T_INTERSECTS, a, b);
    }

    // ---------------------------------------------------------------- operands

    private Cql2.Operand operand() {
        skipSpace();
        if (pos >= s.length()) throw error(pos, "expected a property or a literal, found the end of the filter");
        char c = s.charAt(pos);
        int start = pos;
        if (c == '\'') return new Cql2.Text(string());
        if (c == '"') return new Cql2.Property(quotedIdentifier());
        if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) return new Cql2.Number(number());
        String word = peekWord();
        if (word == null) throw error(pos, "expected a property or a literal, found " + found());
        String upper = word.toUpperCase(Locale.ROOT);
        switch (upper) {
            case "TRUE", "FALSE" -> {
                keyword();
                return new Cql2.Bool(upper.equals("TRUE"));
            }
            case "DATE" -> {
                keyword();
                expect('(', "expected '(' after DATE");
                int at = skipSpaceAndGet();
                LocalDate d = date(string(), at);
                expect(')', "expected ')' closing DATE");
                return new Cql2.Date(d);
            }
            case "TIMESTAMP" -> {
                keyword();
                expect('(', "expected '(' after TIMESTAMP");
                int at = skipSpaceAndGet();
                Instant t = timestamp(string(), at);
                expect(')', "expected ')' closing TIMESTAMP");
                return new Cql2.Timestamp(t);
            }
            case "INTERVAL" -> {
                keyword();
                expect('(', "expected '(' after INTERVAL");
                Instant from = intervalEnd(true);
                expect(',', "expected ',' between the two ends of INTERVAL");
                Instant to = intervalEnd(false);
                expect(')', "expected ')' closing INTERVAL");
                return new Cql2.Interval(from, to);
            }
            case "BBOX" -> {
                keyword();
                expect('(', "expected '(' after BBOX");
                List<BigDecimal> v = new ArrayList<>();
                v.add(number());
                while (peek(',')) {
                    pos++;
                    v.add(number());
                }
                expect(')', "expected ',' or ')' in BBOX");
                if (v.size() != 4 && v.size() != 6) throw error(start, "BBOX needs 4 or 6 numbers, found " + v.size());
                int h = v.size() / 2;
                double x1 = v.get(0).doubleValue(), y1 = v.get(1).doubleValue();
                double x2 = v.get(h).doubleValue(), y2 = v.get(h + 1).doubleValue();
                if (x1 > x2 || y1 > y2) throw error(start, "BBOX lower corner lies above its upper corner");
                return new Cql2.GeometryLiteral(GeometryFactories.WGS84.toGeometry(new Envelope(x1, x2, y1, y2)));
            }
            default -> {
                if (WKT.contains(upper)) return new Cql2.GeometryLiteral(wkt(start));
                if (RESERVED.contains(upper)) throw error(start, "expected a property or a literal, found the keyword " + word);
                keyword();
                if (peek('(')) throw error(start, "unknown function " + word + "; functions other than the spatial "
                        + "S_* and T_INTERSECTS are not supported");
                return new Cql2.Property(word);
            }
        }
    }

    private Instant intervalEnd(boolean start) {
        int at = skipSpaceAndGet();
        if (at < s.length() && s.charAt(at) == '\'') {
            String v = string();
            if (v.equals("..")) return null;
            return v.length() == 10 ? dayBound(date(v, at), start) : timestamp(v, at);
        }
        Cql2.Operand o = operand();
        if (o instanceof Cql2.Timestamp t) return t.value();
        if (o instanceof Cql2.Date d) return dayBound(d.value(), start);
        throw error(at, "an end of INTERVAL is a date, a timestamp or '..'");
    }

    private static Instant dayBound(LocalDate d, boolean start) {
        Instant first = d.atStartOfDay(ZoneOffset.UTC).toInstant();
        return start ? first : d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1);
    }

    private Geometry wkt(int start) {
        int open = s.indexOf('(', start);
        if (open < 0) throw error(start, "expected '(' in the geometry");
        int level = 0;
        int end = -1;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') level++;
            else if (c == ')' && --level == 0) {
                end = i + 1;
                break;
            }
        }
        if (end < 0) throw error(start, "the geometry's parentheses are not closed");
        try {
            Geometry g = new WKTReader(GeometryFactories.WGS84).read(s.substring(start, end));
            pos = end;
            return g;
        } catch (ParseException | IllegalArgumentException e) {
            throw error(start, "invalid geometry: " + e.getMessage());
        }
    }

    private LocalDate date(String v, int at) {
        try {
            return LocalDate.parse(v, DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (DateTimeException e) {
            throw error(at, "'" + v + "' is not a date (2026-05-01)");
        }
    }

    private Instant timestamp(String v, int at) {
        try {
            return OffsetDateTime.parse(v.replace('t', 'T').replace('z', 'Z'), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeException e) {
            throw error(at, "'" + v + "' is not an RFC 3339 timestamp (2026-05-01T08:00:00Z)");
        }
    }

    private String string() {
        int start = pos;
        pos++; // opening quote
        StringBuilder out = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == '\'') {
                if (pos < s.length() && s.charAt(pos) == '\'') {
                    out.append('\'');
                    pos++;
                } else {
                    return out.toString();
                }
            } else {
                out.append(c);
            }
        }
        throw error(start, "the string starting here is not closed by '");
    }

    private String quotedIdentifier() {
        int start = pos;
        int close = s.indexOf('"', pos + 1);
        if (close < 0) throw error(start, "the quoted property name starting here is not closed by \"");
        pos = close + 1;
        String name = s.substring(start + 1, close);
        if (name.isEmpty()) throw error(start, "empty property name");
        return name;
    }

    private BigDecimal number() {
        int start = skipSpaceAndGet();
        int i = pos;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) i++;
        int digitsFrom = i;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
        if (i == digitsFrom) throw error(start, "expected a number, found " + found());
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) i++;
            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
        }
        try {
            BigDecimal v = new BigDecimal(s.substring(start, i));
            pos = i;
            return v;
        } catch (NumberFormatException e) {
            throw error(start, "'" + s.substring(start, i) + "' is not a number");
        }
    }

    // ---------------------------------------------------------------- characters

    private String comparisonOperator() {
        for (String op : List.of("<>", "<=", ">=", "=", "<", ">")) {
            if (s.startsWith(op, pos)) {
                pos += op.length();
                return op;
            }
        }
        return null;
    }

    private static Cql2.CompareOp compareOp(String op) {
        for (Cql2.CompareOp o : Cql2.CompareOp.values()) {
            if (o.symbol.equals(op)) return o;
        }
        throw new IllegalStateException(op);
    }

    /** The identifier or keyword at the cursor (after spaces), without consuming it, or null. */
    private String peekWord() {
        skipSpace();
        int i = pos;
        if (i >= s.length() || !isWordStart(s.charAt(i))) return null;
        while (i < s.length() && isWordPart(s.charAt(i))) i++;
        return s.substring(pos, i);
    }

    private void keyword() {
        String w = peekWord();
        pos += w.length();
    }

    private boolean keywordAhead(String kw) {
        String w = peekWord();
        return w != null && w.equalsIgnoreCase(kw);
    }

    private boolean followedByParenthesis(String word) {
        int i = pos + word.length();
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i < s.length() && s.charAt(i) == '(';
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':' || c == '.';
    }

    private boolean peek(char c) {
        skipSpace();
        return pos < s.length() && s.charAt(pos) == c;
    }

    private void expect(char c, String message) {
        if (!peek(c)) throw error(pos, message + ", found " + found());
        pos++;
    }

    private void skipSpace() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
    }

    private int skipSpaceAndGet() {
        skipSpace();
        return pos;
    }

    private String found() {
        if (pos >= s.length()) return "the end of the filter";
        int end = Math.min(s.length(), pos + 12);
        return "'" + s.substring(pos, end) + (end < s.length() ? "…" : "") + "'";
    }

    private Cql2SyntaxException error(int at, String message) {
        return new Cql2SyntaxException(String.valueOf(at + 1), "at character " + (at + 1) + ": " + message);
    }
}
