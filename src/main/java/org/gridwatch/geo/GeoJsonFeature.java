package org.gridwatch.geo;

import org.locationtech.jts.geom.Geometry;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** A GeoJSON Feature as received: its id (may be null), geometry and properties object. */
public record GeoJsonFeature(JsonNode id, Geometry geometry, JsonNode properties) {

    /** Reads a {@code {"type":"Feature",...}} object; refuses anything else with a clear message. */
    public static GeoJsonFeature of(JsonNode node) {
        if (node == null || !node.isObject() || !"Feature".equals(node.path("type").asString(""))) {
            throw new GeoJsonFormatException("geojson.notFeature",
                    "expected a GeoJSON Feature object ({\"type\":\"Feature\", ...})");
        }
        JsonNode props = node.get("properties");
        if (props == null || props.isNull()) {
            props = JsonNodeFactory.instance.objectNode();
        } else if (!props.isObject()) {
            throw new GeoJsonFormatException("geojson.structure", "malformed GeoJSON: properties must be an object",
                    "properties must be an object");
        }
        JsonNode id = node.get("id");
        return new GeoJsonFeature(id == null || id.isNull() ? null : id, GeoJsonReader.geometry(node.get("geometry")),
                props);
    }

    /** A text property, trimmed; null when absent, null or blank. */
    public String text(String name) {
        JsonNode v = properties.get(name);
        if (v == null || v.isNull()) return null;
        String s = v.isString() ? v.stringValue() : v.toString();
        s = s.trim();
        return s.isEmpty() ? null : s;
    }

    /** A whole-number property; null when absent. */
    public Long longValue(String name) {
        JsonNode v = properties.get(name);
        if (v == null || v.isNull()) return null;
        if (v.isIntegralNumber()) return v.longValue();
        if (v.isString()) {
            try {
                return Long.parseLong(v.stringValue().trim());
            } catch (NumberFormatException e) {
                // fall through to the refusal below
            }
        }
        throw new GeoJsonFormatException("property.number", "property " + name + " must be a whole number", name);
    }
}
