package org.gridwatch.inspection;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import org.gridwatch.geo.GeoJsonWriter.RawJson;

/** A stored inspection of one feature; {@code outcomeJson} is the outcome object as recorded. */
public record Inspection(long id, String clientId, long featureId, String typeKey, String gridCode, double lon,
                         double lat, Long patrolId, String inspector, Instant inspectedAt, String outcomeJson,
                         String note, boolean positive, boolean cleared, boolean hasPhoto) {

    Map<String, Object> json(ZoneId zone) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("clientId", clientId);
        m.put("featureId", featureId);
        m.put("typeKey", typeKey);
        m.put("gridCode", gridCode);
        m.put("inspector", inspector);
        m.put("inspectedAt", TimeFormat.format(inspectedAt, zone));
        m.put("positive", positive);
        m.put("outcome", new RawJson(outcomeJson));
        m.put("note", note);
        m.put("patrolId", patrolId);
        m.put("hasPhoto", hasPhoto);
        return m;
    }
}
