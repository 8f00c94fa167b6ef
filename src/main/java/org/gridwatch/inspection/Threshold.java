package org.gridwatch.inspection;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The thresholds of one indicator.
 *
 * <p>{@code kind} "national": an indicator GB/T 27770–27773 defines, graded A/B/C from {@code a},
 * {@code b}, {@code c}. {@code direction} "max": lower is better, level A when the value is at most
 * {@code a} (below {@code a} when {@code inclusive} is false), B at most b, C at most c, else FAIL;
 * "min": higher is better, A when at least a, and so on.
 *
 * <p>{@code kind} "local": a management figure (bait-station upkeep, sewer-well positives, lidded
 * bins, the Breteau index). It has no national level; {@code a}, {@code b}, {@code c} are null and
 * {@code target} is the district's own target (null: none set), met or missed in {@code direction}.
 * A local figure never decides a vector's level.
 *
 * <p>{@code minSample}: fewer samples than this, counted in {@code sampleUnit} (distinct rooms,
 * facilities, km of track, water bodies, sites, households, stations, ...), grade as INSUFFICIENT.
 */
public record Threshold(String indicator, String vector, Double a, Double b, Double c, String direction,
                        boolean inclusive, double minSample, String kind, String sampleUnit, Double target) {

    public static final String NATIONAL = "national";
    public static final String LOCAL = "local";

    /** A national threshold (the common case in tests). */
    public Threshold(String indicator, String vector, double a, double b, double c, String direction, boolean inclusive,
                     double minSample) {
        this(indicator, vector, a, b, c, direction, inclusive, minSample, NATIONAL, "checks", null);
    }

    public boolean higherIsBetter() {
        return direction.equals("min");
    }

    public boolean local() {
        return LOCAL.equals(kind);
    }

    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("indicator", indicator);
        m.put("vector", vector);
        m.put("kind", kind);
        m.put("a", a);
        m.put("b", b);
        m.put("c", c);
        m.put("target", target);
        m.put("direction", direction);
        m.put("inclusive", inclusive);
        m.put("minSample", minSample);
        m.put("sampleUnit", sampleUnit);
        return m;
    }
}
