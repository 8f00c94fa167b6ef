package org.gridwatch.exchange;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.gridwatch.feature.FeatureDraft;
import org.gridwatch.geo.GeoJsonFormatException;
import org.gridwatch.geo.GeoJsonReader;
import org.gridwatch.geo.GeoJsonWriter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.Point;

/**
 * Turns one imported record (WGS84 geometry, field values by field name) into the {@link FeatureDraft}
 * the API would have built from the same record as GeoJSON — same property mapping, same text rules
 * (trimmed, blank is absent), the same refusals for a geometry that is not a point, attributes that
 * are not a JSON object and a createdAt that is not an instant — without writing and parsing a JSON
 * document per record. The draft is then checked by the feature rules like any API request.
 */
final class FeatureRecords {

    private FeatureRecords() {
    }

    /**
     * @param fieldMap    field name → property ({@code type}, {@code name}, …, {@code attributes},
     *                    {@code attributes.X} for one attribute, {@code createdAt})
     * @param defaultType the type for a record without one, or null
     * @throws GeoJsonFormatException for a malformed part, with the API's message key
     */
    static FeatureDraft draft(Geometry geometry, Map<String, Object> fields, Map<String, String> fieldMap,
                              String defaultType) {
        String type = null, name = null, code = null, address = null, status = null;
        Object created = null;
        Map<String, Object> attributes = null;
        String attributesJson = null;
        for (Map.Entry<String, String> m : fieldMap.entrySet()) {
            Object v = fields.get(m.getKey());
            String property = m.getValue();
            if (property.startsWith("attributes.")) {
                if (v != null) {
                    if (attributes == null) attributes = new LinkedHashMap<>();
                    attributes.put(property.substring(11), v);
                }
                continue;
            }
            switch (property) {
                case "type" -> type = text(v);
                case "name" -> name = text(v);
                case "code" -> code = text(v);
                case "address" -> address = text(v);
                case "status" -> status = text(v);
                case "createdAt" -> created = v;
                case "attributes" -> attributesJson = v instanceof GeoJsonWriter.RawJson j ? j.json() : v == null ? null : v.toString();
                default -> {
                    // properties the features layer does not have are ignored, as the API ignores them
                }
            }
        }
        if (type == null && defaultType != null && !defaultType.isBlank()) type = defaultType;
        return new FeatureDraft(type, point(geometry), name, code, address, status,
                attributes(attributesJson, attributes), createdAt(created), null);
    }

    private static Point point(Geometry g) {
        if (g instanceof MultiPoint mp && mp.getNumGeometries() == 1) return (Point) mp.getGeometryN(0);
        if (g != null && !(g instanceof Point)) {
            throw new GeoJsonFormatException("feature.geometry.notPoint",
                    "a feature's geometry must be a Point, got " + g.getGeometryType(), g.getGeometryType());
        }
        return (Point) g;
    }

    @SuppressWarnings("unchecked")
    private static String attributes(String json, Map<String, Object> fields) {
        if (json == null && fields == null) return null;
        Map<String, Object> merged = new LinkedHashMap<>();
        if (json != null && !json.isBlank()) {
            try {
                merged.putAll(GeoJsonReader.LENIENT_JSON.readValue(json, Map.class));
            } catch (RuntimeException e) {
                throw new GeoJsonFormatException("feature.attributes.notObject", "attributes must be a JSON object");
            }
        }
        if (fields != null) merged.putAll(fields);
        StringBuilder sb = new StringBuilder();
        GeoJsonWriter.writeValue(merged, sb);
        return sb.toString();
    }

    private static Instant createdAt(Object v) {
        if (v == null) return null;
        if (v instanceof LocalDate d) return d.atStartOfDay(ExportService.CHINA).toInstant();
        String s = text(v);
        if (s == null) return null;
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new GeoJsonFormatException("property.instant",
                    "createdAt must be an ISO-8601 instant such as 2026-05-01T08:00:00Z", "createdAt");
        }
    }

    /** A value as the API reads a text property: numbers as written in JSON, trimmed, blank as absent. */
    static String text(Object v) {
        String s;
        if (v == null) return null;
        if (v instanceof String str) {
            s = str;
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) return null;
            s = d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
        } else if (v instanceof GeoJsonWriter.RawJson j) {
            s = j.json();
        } else {
            s = v.toString();
        }
        if (s == null) return null;
        s = s.trim();
        return s.isEmpty() ? null : s;
    }
}
