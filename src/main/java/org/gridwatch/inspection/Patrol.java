package org.gridwatch.inspection;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/** A stored patrol: who walked which grid when, and the length of the path (GPS track or planned route). */
public record Patrol(long id, String clientId, String gridCode, String inspector, Instant startedAt, Instant endedAt,
                     double lengthM, String trackSource) {

    public double lengthKm() {
        return lengthM / 1000;
    }

    Map<String, Object> json(ZoneId zone) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("clientId", clientId);
        m.put("gridCode", gridCode);
        m.put("inspector", inspector);
        m.put("startedAt", TimeFormat.format(startedAt, zone));
        m.put("endedAt", TimeFormat.format(endedAt, zone));
        m.put("lengthKm", DensityIndexCalculator.round(lengthKm(), 3));
        m.put("trackSource", trackSource);
        return m;
    }
}
