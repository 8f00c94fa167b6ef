package org.gridwatch.route;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.Geometry;

/**
 * A route as the API returns it: the walk (lon/lat LineString, or MultiLineString for a coverage
 * route over streets in several pieces), its length in metres, the estimated time in seconds, the
 * network it follows and the stops in visiting order. {@code extra} holds kind-specific members.
 */
record PlannedRoute(Geometry walk, double lengthM, double durationS, String network, boolean closed,
                    List<Stop> stops, Map<String, Object> extra) {

    /**
     * A stop in visiting order: {@code sequence} from 1, {@code index} its position in the
     * request's points or featureIds (null when chosen by grid), {@code featureId} when a feature, with
     * the feature's {@code name} (its name, else its code; null when it has neither) and {@code type} key.
     */
    record Stop(int sequence, Integer index, Long featureId, double lon, double lat, String name, String type) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sequence", sequence);
            if (index != null) m.put("index", index);
            if (featureId != null) m.put("featureId", featureId);
            if (name != null) m.put("name", name);
            if (type != null) m.put("type", type);
            m.put("coordinates", List.of(lon, lat));
            return m;
        }
    }

    Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("lengthM", Math.round(lengthM * 10) / 10.0);
        p.put("durationS", Math.round(durationS));
        p.put("network", network);
        p.put("closed", closed);
        p.putAll(extra);
        List<Map<String, Object>> s = new ArrayList<>(stops.size());
        for (Stop stop : stops) s.add(stop.json());
        p.put("stops", s);
        return p;
    }
}
