package org.gridwatch.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The waits measured per step of the benchmark (a label such as "pan 300 px, district view"), in the order
 * the steps were first seen, each with two figures per sample: when the map stood still and when it had
 * drawn its new data. Printed as p50 / p95 / max (nearest rank), with the target where it has one.
 * Not thread-safe.
 */
final class StepTimings {

    private record Step(List<Double> first, List<Double> second, Double targetMillis) {
    }

    private final Map<String, Step> steps = new LinkedHashMap<>();

    /** Adds one sample of step {@code label}; {@code firstMillis} may be NaN when the step has only one figure. */
    void add(String label, double firstMillis, double secondMillis, Double targetMillis) {
        Step step = steps.computeIfAbsent(label, l -> new Step(new ArrayList<>(), new ArrayList<>(), targetMillis));
        if (!Double.isNaN(firstMillis)) step.first().add(firstMillis);
        step.second().add(secondMillis);
    }

    /** The value at rank ceil(q·n) of the sorted samples (q = 0.5, 0.95, 1). */
    static double percentile(List<Double> samples, double q) {
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    /**
     * Prints one line per step: {@code firstName} and {@code secondName} name the two figures; the target is
     * compared with the p95 of the second.
     */
    void print(String firstName, String secondName) {
        int width = steps.keySet().stream().mapToInt(String::length).max().orElse(10);
        for (Map.Entry<String, Step> e : steps.entrySet()) {
            Step s = e.getValue();
            StringBuilder line = new StringBuilder(String.format("%-" + width + "s  n=%-3d", e.getKey(), s.second().size()));
            if (!s.first().isEmpty()) line.append(String.format("  %s %s", firstName, figures(s.first())));
            line.append(String.format("  %s %s", secondName, figures(s.second())));
            if (s.targetMillis() != null) {
                boolean met = percentile(s.second(), 0.95) <= s.targetMillis();
                line.append(String.format("  target <= %.0f ms: %s", s.targetMillis(), met ? "met (p95)" : "NOT met (p95)"));
            }
            System.out.println(line);
        }
    }

    private static String figures(List<Double> samples) {
        return String.format("p50 %5.0f / p95 %5.0f / max %5.0f ms", percentile(samples, 0.5), percentile(samples, 0.95),
                percentile(samples, 1));
    }
}
