package org.gridwatch.ogcapi.cql2;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.gridwatch.geo.GeometryFactories;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses CQL2 JSON (OGC 21-065, its JSON Schema, for the parts in {@link Cql2}) from a Jackson tree. An error
 * names the JSON path of the offending member ({@code $.args[1].op}), or the line and column of text that is
 * not JSON at all. Geometry literals are GeoJSON geometries or {@code {"bbox": [...]}}.
 *
 * <p>Pure and thread-safe.
 */
public final class Cql2JsonParser {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_DEPTH = 100;

    private Cql2JsonParser() {
    }

    public static Cql2.Filter parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            var loc = e.getLocation();
            String where = loc == null ? "?" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new Cql2SyntaxException(where, "at " + where + ": not JSON: " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) throw new Cql2SyntaxException("$", "at $: the filter is empty");
        return filter(root, "$", 0);
    }

    private static Cql2.Filter filter(JsonNode n, String path, int depth) {
        if (depth > MAX_DEPTH) throw error(path, "the filter is nested too deeply");
        if (n.isBoolean()) return new Cql2.Bool(n.asBoolean());
        if (!n.isObject() || !n.has("op")) throw error(path, "expected a condition: an object with \"op\" and \"args\", or true/false");
        JsonNode opNode = n.get("op");
        if (!opNode.isString()) throw error(path + ".op", "\"op\" must be a string");
        String op = opNode.asString();
        JsonNode args = n.get("args");
        String argsPath = path + ".args";
        if (args == null || !args.isArray()) throw error(argsPath, "\"args\" must be an array");
        switch (op.toLowerCase(Locale.ROOT)) {
            case "and", "or" -> {
                if (args.size() < 2) throw error(argsPath, op + " needs at least 2 arguments");
                List<Cql2.Filter> parts = new ArrayList<>();
                for (int i = 0; i < args.size(); i++) parts.add(filter(args.get(i), argsPath + "[" + i + "]", depth + 1));
                return op.equalsIgnoreCase("and") ? new Cql2.And(parts) : new Cql2.Or(parts);
            }
            case "not" -> {
                count(args, argsPath, op, 1);
                return new Cql2.Not(filter(args.get(0), argsPath + "[0]", depth + 1));
            }
            case "=", "<>", "<", "<=", ">", ">=" -> {
                count(args, argsPath, op, 2);
                Cql2.CompareOp c = switch (op) {
                    case "=" -> Cql2.CompareOp.EQ;
                    case "<>" -> Cql2.CompareOp.NE;
                    case "<" -> Cql2.CompareOp.LT;
                    case "<=" -> Cql2.CompareOp.LE;
                    case ">" -> Cql2.CompareOp.GT;
                    default -> Cql2.CompareOp.GE;
                };
                return new Cql2.Compare(c, operand(args.get(0), argsPath + "[0]"), operand(args.get(1), argsPath + "[1]"));
            }
            case "like" -> {
                count(args, argsPath, op, 2);
                return new Cql2.Like(operand(args.get(0), argsPath + "[0]"), operand(args.get(1), argsPath + "[1]"));
            }
            case "between" -> {
                count(args, argsPath, op, 3);
                return new Cql2.Between(operand(args.get(0), argsPath + "[0]"), operand(args.get(1), argsPath + "[1]"),
                        operand(args.get(2), argsPath + "[2]"));
            }
            case "in" -> {
                count(args, argsPath, op, 2);
                JsonNode list = args.get(1);
                if (!list.isArray() || list.isEmpty()) throw error(argsPath + "[1]", "the list of in must be a non-empty array");
                List<Cql2.Operand> values = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) values.add(operand(list.get(i), argsPath + "[1][" + i + "]"));
                return new Cql2.In(operand(args.get(0), argsPath + "[0]"), values);
            }
            case "isnull" -> {
                count(args, argsPath, op, 1);
                return new Cql2.IsNull(operand(args.get(0), argsPath + "[0]"));
            }
            case "t_intersects" -> {
                count(args, argsPath, op, 2);
                return new Cql2.Temporal(Cql2.TemporalOp.T_INTERSECTS, operand(args.get(0), argsPath + "[0]"),
                        operand(args.get(1), argsPath + "[1]"));
            }
            default -> {
                Cql2.SpatialOp s;
                try {
                    s = Cql2.SpatialOp.valueOf(op.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw error(path + ".op", "unknown or unsupported operator \"" + op + "\"");
                }
                count(args, argsPath, op, 2);
                return new Cql2.Spatial(s, operand(args.get(0), argsPath + "[0]"), operand(args.get(1), argsPath + "[1]"));
            }
        }
    }

    private static void count(JsonNode args, String path, String op, int n) {
        if (args.size() != n) throw error(path, op + " takes " + n + " argument" + (n == 1 ? "" : "s") + ", found " + args.size());
    }

    private static Cql2.Operand operand(JsonNode n, String path) {
        if (n.isString()) return new Cql2.Text(n.asString());
        if (n.isNumber()) return new Cql2.Number(n.decimalValue());
        if (n.isBoolean()) return new Cql2.Bool(n.asBoolean());
        if (!n.isObject()) throw error(path, "expected a property, a literal or a geometry");
        if (n.has("property")) {
            JsonNode p = n.get("property");
            if (!p.isString() || p.asString().isEmpty()) throw error(path + ".property", "a property name is a non-empty string");
            return new Cql2.Property(p.asString());
        }
        if (n.has("timestamp")) return new Cql2.Timestamp(timestamp(n.get("timestamp"), path + ".timestamp"));
        if (n.has("date")) return new Cql2.Date(date(n.get("date"), path + ".date"));
        if (n.has("interval")) {
            JsonNode i = n.get("interval");
            String ip = path + ".interval";
            if (!i.isArray() || i.size() != 2) throw error(ip, "an interval is an array of 2 ends");
            return new Cql2.Interval(intervalEnd(i.get(0), ip + "[0]", true), intervalEnd(i.get(1), ip + "[1]", false));
        }
        if (n.has("bbox")) {
            JsonNode b = n.get("bbox");
            if (!b.isArray() || (b.size() != 4 && b.size() != 6)) throw error(path + ".bbox", "a bbox is an array of 4 or 6 numbers");
            int h = b.size() / 2;
            double[] v = new double[b.size()];
            for (int i = 0; i < v.length; i++) {
                if (!b.get(i).isNumber()) throw error(path + ".bbox[" + i + "]", "expected a number");
                v[i] = b.get(i).asDouble();
            }
            if (v[0] > v[h] || v[1] > v[h + 1]) throw error(path + ".bbox", "the lower corner lies above the upper corner");
            return new Cql2.GeometryLiteral(GeometryFactories.WGS84.toGeometry(new Envelope(v[0], v[h], v[1], v[h + 1])));
        }
        if (n.has("type") && (n.has("coordinates") || n.has("geometries"))) return new Cql2.GeometryLiteral(geometry(n, path));
        if (n.has("op")) throw error(path, "functions and nested conditions are not supported as values");
        throw error(path, "expected {\"property\": ...}, a timestamp, date, interval, bbox or GeoJSON geometry");
    }

    private static Instant intervalEnd(JsonNode n, String path, boolean start) {
        if (n.isString() && n.asString().equals("..")) return null;
        if (n.isString()) {
            String v = n.asString();
            if (v.length() == 10) {
                LocalDate d = date(n, path);
                Instant first = d.atStartOfDay(ZoneOffset.UTC).toInstant();
                return start ? first : d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1);
            }
            return timestamp(n, path);
        }
        if (n.isObject() && n.has("timestamp")) return timestamp(n.get("timestamp"), path + ".timestamp");
        if (n.isObject() && n.has("date")) return intervalEnd(n.get("date"), path + ".date", start);
        throw error(path, "an end of an interval is a date, a timestamp or \"..\"");
    }

    private static Instant timestamp(JsonNode n, String path) {
        try {
            if (!n.isString()) throw new DateTimeException("not a string");
            return OffsetDateTime.parse(n.asString().replace('t', 'T').replace('z', 'Z'),
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            throw error(path, "not an RFC 3339 timestamp (2026-05-01T08:00:00Z)");
        }
    }

    private static LocalDate date(JsonNode n, String path) {
        try {
            if (!n.isString()) throw new DateTimeException("not a string");
            return LocalDate.parse(n.asString(), DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (DateTimeException e) {
            throw error(path, "not a date (2026-05-01)");
        }
    }

    // ---------------------------------------------------------------- GeoJSON geometries

    private static Geometry geometry(JsonNode n, String path) {
        GeometryFactory gf = GeometryFactories.WGS84;
        String type = n.get("type").asString();
        JsonNode c = n.get("coordinates");
        String cp = path + ".coordinates";
        try {
            return switch (type) {
                case "Point" -> gf.createPoint(position(c, cp));
                case "LineString" -> gf.createLineString(positions(c, cp));
                case "Polygon" -> polygon(c, cp);
                case "MultiPoint" -> gf.createMultiPointFromCoords(positions(c, cp));
                case "MultiLineString" -> {
                    array(c, cp);
                    var lines = new org.locationtech.jts.geom.LineString[c.size()];
                    for (int i = 0; i < c.size(); i++) lines[i] = gf.createLineString(positions(c.get(i), cp + "[" + i + "]"));
                    yield gf.createMultiLineString(lines);
                }
                case "MultiPolygon" -> {
                    array(c, cp);
                    Polygon[] polys = new Polygon[c.size()];
                    for (int i = 0; i < c.size(); i++) polys[i] = polygon(c.get(i), cp + "[" + i + "]");
                    yield gf.createMultiPolygon(polys);
                }
                case "GeometryCollection" -> {
                    JsonNode gs = n.get("geometries");
                    array(gs, path + ".geometries");
                    Geometry[] parts = new Geometry[gs.size()];
                    for (int i = 0; i < gs.size(); i++) parts[i] = geometry(gs.get(i), path + ".geometries[" + i + "]");
                    yield gf.createGeometryCollection(parts);
                }
                default -> throw error(path + ".type", "unknown geometry type \"" + type + "\"");
            };
        } catch (IllegalArgumentException e) {
            if (e instanceof Cql2SyntaxException s) throw s;
            throw error(path, "invalid " + type + ": " + e.getMessage());
        }
    }

    private static Polygon polygon(JsonNode rings, String path) {
        array(rings, path);
        if (rings.isEmpty()) throw error(path, "a polygon needs an outer ring");
        GeometryFactory gf = GeometryFactories.WGS84;
        LinearRing shell = gf.createLinearRing(positions(rings.get(0), path + "[0]"));
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) holes[i - 1] = gf.createLinearRing(positions(rings.get(i), path + "[" + i + "]"));
        return gf.createPolygon(shell, holes);
    }

    private static Coordinate[] positions(JsonNode a, String path) {
        array(a, path);
        Coordinate[] out = new Coordinate[a.size()];
        for (int i = 0; i < a.size(); i++) out[i] = position(a.get(i), path + "[" + i + "]");
        return out;
    }

    private static Coordinate position(JsonNode p, String path) {
        if (p == null || !p.isArray() || p.size() < 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
            throw error(path, "a position is an array of 2 or 3 numbers");
        }
        return new Coordinate(p.get(0).asDouble(), p.get(1).asDouble());
    }

    private static void array(JsonNode a, String path) {
        if (a == null || !a.isArray()) throw error(path, "expected an array");
    }

    private static Cql2SyntaxException error(String path, String message) {
        return new Cql2SyntaxException(path, "at " + path + ": " + message);
    }
}
