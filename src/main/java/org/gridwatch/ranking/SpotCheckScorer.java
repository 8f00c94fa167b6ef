package org.gridwatch.ranking;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks and totals one spot check against the checklist: every active item must be scored exactly once,
 * with points between 0 and the item's maximum (in steps of 0.5, as people score on paper); no unknown or
 * inactive item. The score is the points awarded in percent of the points possible. Stateless.
 */
public final class SpotCheckScorer {

    /** A checklist item as the scorer needs it. */
    public record Item(String code, double maxPoints) {
    }

    /** What went wrong, for the service to turn into a 400 in the caller's language. */
    public record Problem(String key, String english, Object... args) {
    }

    public record Total(double points, double maxPoints, double score) {
    }

    private SpotCheckScorer() {
    }

    /** The first problem of {@code points} (item code → points) against {@code items}, or null when none. */
    public static Problem check(List<Item> items, Map<String, Double> points) {
        if (items.isEmpty()) return new Problem("ranking.checklist.empty", "the checklist has no active item");
        Set<String> known = new HashSet<>();
        for (Item item : items) {
            known.add(item.code());
            Double p = points.get(item.code());
            if (p == null) return new Problem("ranking.spotCheck.item.missing", "item " + item.code() + " has no points",
                    item.code());
            if (!Double.isFinite(p) || p < 0 || p > item.maxPoints() || Math.rint(p * 2) != p * 2) {
                return new Problem("ranking.spotCheck.item.points", "points of " + item.code() + " must be 0 to "
                        + item.maxPoints() + " in steps of 0.5", item.code(), item.maxPoints());
            }
        }
        for (String code : points.keySet()) {
            if (!known.contains(code)) return new Problem("ranking.spotCheck.item.unknown", "no active item " + code,
                    code);
        }
        return null;
    }

    /** The total of points already {@link #check checked}. */
    public static Total total(List<Item> items, Map<String, Double> points) {
        double sum = 0, max = 0;
        for (Item item : items) {
            sum += points.get(item.code());
            max += item.maxPoints();
        }
        return new Total(sum, max, MonthlyScoreCalculator.round(100 * sum / max));
    }
}
