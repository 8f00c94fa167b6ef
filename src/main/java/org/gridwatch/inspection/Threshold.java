package org.gridwatch.inspection;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The level thresholds of one indicator. {@code direction} "max": lower is better, level A when the
 * value is at most {@code a} (below {@code a} when {@code inclusive} is false), B at most b, C at most
 * c, else FAIL; "min": higher is better, A when at least a, and so on. {@code minSample}: fewer
 * samples than this (in the indicator's sample unit: km of path, checks or dips) grade as
 * INSUFFICIENT.
 */
public record Threshold(String indicator, String vector, double a, double b, double c, String direction,
                        boolean inclusive, double minSample) {

    public boolean higherIsBetter() {
        return direction.equals("min");
    }

    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("indicator", indicator);
        m.put("vector", vector);
        m.put("a", a);
        m.put("b", b);
        m.put("c", c);
        m.put("direction", direction);
        m.put("inclusive", inclusive);
        m.put("minSample", minSample);
        return m;
    }
}
