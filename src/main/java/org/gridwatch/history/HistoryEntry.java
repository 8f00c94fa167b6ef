package org.gridwatch.history;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.gridwatch.geo.GeoJsonReader;
import org.gridwatch.geo.GeoJsonWriter;
import org.locationtech.jts.geom.Geometry;
import tools.jackson.databind.JsonNode;

/**
 * One recorded change. {@code entityId} is null and {@code batchCount} set for a bulk entry that stands
 * for many created rows. Properties are JSON, geometries exact (the API shows them as GeoJSON); null when absent.
 */
public record HistoryEntry(long id, String entity, String entityId, ChangeAction action, String actor,
                           Instant changedAt, Integer batchCount, JsonNode beforeProperties,
                           Geometry beforeGeometry, JsonNode afterProperties, Geometry afterGeometry) {

    /** The entry as the API shows it. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("entity", entity);
        m.put("entityId", entityId);
        m.put("action", action.key());
        m.put("actor", actor);
        m.put("changedAt", changedAt.toString());
        if (batchCount != null) m.put("batchCount", batchCount);
        m.put("before", state(beforeProperties, beforeGeometry));
        m.put("after", state(afterProperties, afterGeometry));
        return m;
    }

    private static Map<String, Object> state(JsonNode properties, Geometry geometry) {
        if (properties == null && geometry == null) return null;
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("properties", properties);
        s.put("geometry", geometry == null ? null : GeoJsonReader.parseTree(GeoJsonWriter.toJson(geometry)));
        return s;
    }
}
