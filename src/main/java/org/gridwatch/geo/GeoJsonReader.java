package org.gridwatch.geo;

import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads GeoJSON geometries (RFC 7946, lon,lat) into JTS geometries built by
 * {@link GeometryFactories#WGS84}. Structure is checked here (types, nesting, numbers); geometric
 * validity (self-intersections, coordinate ranges) is the job of {@link GeometryValidator}, so a ring
 * that is merely unclosed or too short is still built when possible and reported there with a place.
 *
 * <p>Thread-safe.
 */
public final class GeoJsonReader {

    /**
     * A JSON mapper that accepts {@code NaN} and {@code Infinity} literals, so such coordinates reach
     * the validator and get a precise message instead of a generic parse error.
     */
    public static final JsonMapper LENIENT_JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /**
     * The most positions one geometry may have. A surveyed street-office boundary has a few thousand;
     * far more is a mistake or an attack, and every later step (validation, overlap checks, storage)
     * grows with it.
     */
    public static final int MAX_POSITIONS = 100_000;

    private static final GeometryFactory F = GeometryFactories.WGS84;

    private GeoJsonReader() {
    }

    public static JsonNode parseTree(String json) {
        try {
            return LENIENT_JSON.readTree(json);
        } catch (tools.jackson.core.JacksonException e) {
            throw new GeoJsonFormatException("geojson.syntax", "Not valid JSON: " + e.getOriginalMessage(),
                    e.getOriginalMessage());
        }
    }

    /**
     * Parses a body that holds one feature or geometry, refusing one with more than
     * {@link #MAX_POSITIONS} positions before a tree is built: every position opens a '[', so
     * counting them over the text bounds the work by the body's length and the memory by nothing.
     */
    public static JsonNode parseSingleGeometryDocument(String json) {
        if (json != null) {
            long brackets = 0;
            for (int i = 0, n = json.length(); i < n; i++) {
                if (json.charAt(i) == '[') brackets++;
            }
            // Each ring, line and multi-part adds one '[' beyond its positions; this slack covers them.
            if (brackets > MAX_POSITIONS + 10_000L) throw tooManyPositions(brackets);
        }
        return parseTree(json);
    }

    private static GeoJsonFormatException tooManyPositions(long atLeast) {
        return new GeoJsonFormatException("geometry.tooManyPositions", "the geometry has more than "
                + MAX_POSITIONS + " positions (at least " + atLeast + "); simplify it first", MAX_POSITIONS, atLeast);
    }

    /**
     * Reads a GeoJSON geometry object; {@code null} or JSON null yields {@code null}.
     *
     * @throws GeoJsonFormatException for bad structure, and for more than {@link #MAX_POSITIONS}
     *                                positions (counted before anything is built)
     */
    public static Geometry geometry(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        long positions = positions(node, 0);
        if (positions > MAX_POSITIONS) throw tooManyPositions(positions);
        return build(node);
    }

    /** Counts arrays of numbers under {@code node} (its positions), stopping soon after the limit. */
    private static long positions(JsonNode node, long sofar) {
        if (sofar > MAX_POSITIONS) return sofar;
        if (node.isArray()) {
            if (!node.isEmpty() && node.get(0).isNumber()) return sofar + 1;
            long n = sofar;
            for (JsonNode child : node) {
                n = positions(child, n);
                if (n > MAX_POSITIONS) return n;
            }
            return n;
        }
        if (node.isObject()) {
            long n = sofar;
            JsonNode c = node.get("coordinates");
            if (c != null) n = positions(c, n);
            JsonNode gs = node.get("geometries");
            if (gs != null) n = positions(gs, n);
            return n;
        }
        return sofar;
    }

    private static Geometry build(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isObject()) {
            throw bad("geometry must be an object");
        }
        String type = node.path("type").asString("");
        JsonNode c = node.get("coordinates");
        if (!type.equals("GeometryCollection") && (c == null || !c.isArray())) {
            throw new GeoJsonFormatException("geojson.coordinates.missing",
                    "geometry of type " + type + " has no coordinates array", type);
        }
        return switch (type) {
            case "Point" -> point(c);
            case "LineString" -> line(c);
            case "Polygon" -> polygon(c);
            case "MultiPoint" -> {
                Point[] points = new Point[c.size()];
                for (int i = 0; i < c.size(); i++) points[i] = point(c.get(i));
                yield F.createMultiPoint(points);
            }
            case "MultiLineString" -> {
                LineString[] lines = new LineString[c.size()];
                for (int i = 0; i < c.size(); i++) lines[i] = line(c.get(i));
                yield F.createMultiLineString(lines);
            }
            case "MultiPolygon" -> {
                Polygon[] polys = new Polygon[c.size()];
                for (int i = 0; i < c.size(); i++) polys[i] = polygon(c.get(i));
                yield F.createMultiPolygon(polys);
            }
            case "GeometryCollection" -> {
                JsonNode gs = node.path("geometries");
                Geometry[] parts = new Geometry[gs.size()];
                for (int i = 0; i < gs.size(); i++) parts[i] = build(gs.get(i));
                yield F.createGeometryCollection(parts);
            }
            default -> throw new GeoJsonFormatException("geojson.type.unknown",
                    "unknown geometry type '" + type + "'", type);
        };
    }

    private static Point point(JsonNode c) {
        return F.createPoint(coordinate(c));
    }

    private static Polygon polygon(JsonNode rings) {
        if (!rings.isArray() || rings.isEmpty()) {
            throw new GeoJsonFormatException("geojson.polygon.empty", "a polygon needs at least one ring");
        }
        LinearRing shell = ring(rings.get(0));
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) holes[i - 1] = ring(rings.get(i));
        return F.createPolygon(shell, holes);
    }

    /** A line of one position is not a line (JTS would throw its own IllegalArgumentException). */
    private static LineString line(JsonNode node) {
        Coordinate[] coords = sequence(node, 0);
        if (coords.length == 1) {
            throw new GeoJsonFormatException("geometry.line.tooFewPoints",
                    "a line needs at least 2 positions (the line at " + coords[0].x + ", " + coords[0].y + " has 1)",
                    GeometryValidator.format(coords[0].x), GeometryValidator.format(coords[0].y));
        }
        return F.createLineString(coords);
    }

    private static LinearRing ring(JsonNode node) {
        Coordinate[] coords = sequence(node, 0);
        if (coords.length < 4 || !coords[0].equals2D(coords[coords.length - 1])) {
            Coordinate where = coords.length > 0 ? coords[0] : new Coordinate(Double.NaN, Double.NaN);
            throw new GeoJsonFormatException("geometry.ring.tooFewPoints",
                    "a polygon ring needs at least 4 positions with the first equal to the last (ring starting at "
                            + where.x + ", " + where.y + " has " + coords.length + ")",
                    GeometryValidator.format(where.x), GeometryValidator.format(where.y), coords.length);
        }
        return F.createLinearRing(coords);
    }

    private static Coordinate[] sequence(JsonNode node, int unused) {
        if (!node.isArray()) {
            throw bad("coordinates must be arrays of positions");
        }
        List<Coordinate> list = new ArrayList<>(node.size());
        for (JsonNode p : node) list.add(coordinate(p));
        return list.toArray(new Coordinate[0]);
    }

    private static Coordinate coordinate(JsonNode p) {
        if (p == null || !p.isArray() || p.size() < 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
            throw new GeoJsonFormatException("geojson.position",
                    "a position must be an array [longitude, latitude] of numbers, got " + p, String.valueOf(p));
        }
        return new Coordinate(p.get(0).doubleValue(), p.get(1).doubleValue());
    }

    private static GeoJsonFormatException bad(String what) {
        return new GeoJsonFormatException("geojson.structure", "malformed GeoJSON: " + what, what);
    }
}
