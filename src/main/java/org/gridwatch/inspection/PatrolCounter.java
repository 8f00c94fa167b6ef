package org.gridwatch.inspection;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds up the patrols of a period held in a {@link PatrolIndex}, with the meaning of the SQL it replaces in
 * {@link InspectionQueries}: a patrol belongs to a period [from, to) (epoch microseconds) by its start time; it
 * counts as a patrol whatever its path, and its metres count only when it was walked with a track; the others are
 * counted as trackless. A scope is a list of grid codes (a code named twice counts once), or null for every
 * patrol. Pure: reads the index only; thread-safe as long as the index does not change meanwhile.
 */
final class PatrolCounter {

    private PatrolCounter() {
    }

    /** The patrols of a grid or scope in a period: how many, the metres walked with a track, how many without. */
    record Sums(long patrols, double trackedMetres, long trackless) {

        static final Sums NONE = new Sums(0, 0, 0);

        PatrolPaths paths() {
            return new PatrolPaths(trackedMetres, trackless);
        }
    }

    /**
     * Per grid code, the patrols started in [from, to); only codes with at least one have an entry (as
     * {@code InspectionQueries.patrolCountAndMetresByGrid} and {@code pathsByGrid}).
     */
    static Map<String, Sums> byGrid(PatrolIndex index, long fromMicros, long toMicros) {
        int slots = index.gridSlots();
        long[] patrols = new long[slots], trackless = new long[slots];
        double[] metres = new double[slots];
        for (int i = index.lowerBound(fromMicros), hi = index.lowerBound(toMicros); i < hi; i++) {
            int g = index.gridSlot(i);
            patrols[g]++;
            if (index.tracked(i)) metres[g] += index.lengthMetres(i);
            else trackless[g]++;
        }
        Map<String, Sums> out = new HashMap<>();
        for (int g = 0; g < slots; g++) {
            if (patrols[g] > 0) out.put(index.gridCode(g), new Sums(patrols[g], metres[g], trackless[g]));
        }
        return out;
    }

    /** The patrols of a scope (grid codes; null: all) started in [from, to), as {@code patrolCountAndMetres}. */
    static Sums scope(PatrolIndex index, long fromMicros, long toMicros, List<String> gridCodes) {
        boolean[] wanted = wanted(index, gridCodes);
        long patrols = 0, trackless = 0;
        double metres = 0;
        for (int i = index.lowerBound(fromMicros), hi = index.lowerBound(toMicros); i < hi; i++) {
            if (wanted != null && !wanted[index.gridSlot(i)]) continue;
            patrols++;
            if (index.tracked(i)) metres += index.lengthMetres(i);
            else trackless++;
        }
        return new Sums(patrols, metres, trackless);
    }

    /**
     * The metres walked with a track in a scope (grid codes; null: all) in each interval
     * [bounds[i], bounds[i + 1]) (bounds ascending), as {@code InspectionQueries.trackedMetres}.
     */
    static double[] trackedMetres(PatrolIndex index, long[] boundsMicros, List<String> gridCodes) {
        int n = boundsMicros.length - 1;
        if (n < 1) return new double[0];
        boolean[] wanted = wanted(index, gridCodes);
        double[] out = new double[n];
        int at = index.lowerBound(boundsMicros[0]);
        for (int w = 0; w < n; w++) {
            int hi = index.lowerBound(boundsMicros[w + 1]);
            for (int i = at; i < hi; i++) {
                if (index.tracked(i) && (wanted == null || wanted[index.gridSlot(i)])) out[w] += index.lengthMetres(i);
            }
            at = Math.max(at, hi);
        }
        return out;
    }

    /** Per grid slot whether the scope holds it; null for every patrol. */
    private static boolean[] wanted(PatrolIndex index, List<String> gridCodes) {
        if (gridCodes == null) return null;
        boolean[] wanted = new boolean[index.gridSlots()];
        for (String code : gridCodes) {
            int s = index.slotOfGrid(code);
            if (s >= 0) wanted[s] = true;
        }
        return wanted;
    }
}
