package org.gridwatch.summary;

import java.util.LinkedHashMap;
import java.util.Map;

import org.gridwatch.inspection.DensityIndexCalculator;

/**
 * The countable figures of one scope and period. Flows count what happened in the period (patrols,
 * inspections, problems, sites cleared, bait stations newly installed); stocks count what is in place
 * at the period's end (features by type, bait stations in place).
 */
public record PeriodFigures(long patrols, double patrolKm, long inspections, long problemsFound, long problemsClosed,
                            Map<String, Long> breedingSitesHandled, long baitStationsNew, long baitStationsInPlace,
                            Map<String, Long> featuresInPlace) {

    /** The flow figures by key, for tables and the change against the previous period. */
    public Map<String, Number> flows() {
        Map<String, Number> m = new LinkedHashMap<>();
        m.put("patrols", patrols);
        m.put("patrolKm", patrolKm);
        m.put("inspections", inspections);
        m.put("problemsFound", problemsFound);
        m.put("problemsClosed", problemsClosed);
        m.put("breedingSitesHandled", breedingSitesHandled.values().stream().mapToLong(Long::longValue).sum());
        m.put("baitStationsNew", baitStationsNew);
        return m;
    }

    /** {@code this} minus {@code previous} for every flow figure (km rounded to metres). */
    public Map<String, Number> changeFrom(PeriodFigures previous) {
        Map<String, Number> now = flows();
        Map<String, Number> before = previous.flows();
        Map<String, Number> m = new LinkedHashMap<>();
        for (Map.Entry<String, Number> e : now.entrySet()) {
            Number b = before.get(e.getKey());
            if (e.getValue() instanceof Double || b instanceof Double) {
                m.put(e.getKey(), DensityIndexCalculator.round(e.getValue().doubleValue() - b.doubleValue(), 3));
            } else {
                m.put(e.getKey(), e.getValue().longValue() - b.longValue());
            }
        }
        return m;
    }
}
