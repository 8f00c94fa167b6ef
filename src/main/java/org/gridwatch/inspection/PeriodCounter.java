package org.gridwatch.inspection;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds up the records of a period held in an {@link InspectionIndex}, in one pass over them, with the
 * meaning the SQL and the work summary give them:
 * <ul>
 * <li>{@link #talliesByGrid}: per grid code, the tallies of each feature's latest record in the period (latest by
 * time, then id), except the per-walk items ({@link InspectionTally#PER_WALK}), summed over every record; as
 * {@code InspectionQueries.talliesByGrid}.</li>
 * <li>{@link #scopes}: per scope (a set of grid codes, or every record), the same tally with the latest record
 * taken among the scope's own records (as {@code InspectionQueries.tally}), and the work summary's counts of the
 * scope's records, feature by feature in time order (as {@code WorkSummaryCalculator}).</li>
 * </ul>
 * Periods are [from, to) in epoch microseconds. Pure: reads the index only; thread-safe as long as the index
 * does not change meanwhile.
 */
final class PeriodCounter {

    private static final int ITEMS = InspectionIndex.ITEMS;

    private PeriodCounter() {
    }

    /**
     * The tallies per grid code (key null: records outside every grid) of the records in [from, to); a grid code
     * with at least one record there has an entry.
     */
    static Map<String, InspectionTally> talliesByGrid(InspectionIndex index, long fromMicros, long toMicros) {
        int lo = index.lowerBound(fromMicros), hi = index.lowerBound(toMicros);
        long[] sums = new long[index.gridSlots() * ITEMS];
        boolean[] present = new boolean[index.gridSlots()];
        boolean[] seen = new boolean[index.features()];
        for (int i = hi - 1; i >= lo; i--) {
            int g = index.gridSlot(i);
            present[g] = true;
            int f = index.featureSlot(i);
            if (seen[f]) {
                index.addItems(i, sums, g * ITEMS, InspectionIndex.Items.PER_WALK);
            } else {
                // walking back in time, the first record of a feature is its latest
                seen[f] = true;
                index.addItems(i, sums, g * ITEMS, InspectionIndex.Items.ALL);
            }
        }
        Map<String, InspectionTally> out = new HashMap<>();
        for (int g = 0; g < present.length; g++) {
            if (present[g]) out.put(index.gridCode(g), tally(sums, g));
        }
        return out;
    }

    /**
     * The counts of each scope over [from, to).
     *
     * @param scopes    per scope its grid codes, or null for every record (outside every grid too); a record may
     *                  fall in several scopes
     * @param siteKinds the breeding-site kinds whose cleared features are counted
     */
    static List<ScopeCounts> scopes(InspectionIndex index, long fromMicros, long toMicros, List<List<String>> scopes,
                                    List<String> siteKinds) {
        int groups = scopes.size();
        boolean[][] member = members(index, scopes);
        int[][] groupsOfSlot = groupsOfSlot(member, index.gridSlots());
        int[] layerOf = layers(member);
        int[] kindIndex = new int[index.kindSlots()];
        for (int k = 0; k < kindIndex.length; k++) kindIndex[k] = k == 0 ? -1 : siteKinds.indexOf(index.kind(k));
        int lo = index.lowerBound(fromMicros), hi = index.lowerBound(toMicros);

        long[] sums = new long[groups * ITEMS];
        long[] inspections = new long[groups], found = new long[groups], closed = new long[groups];
        long[] cleared = new long[groups * Math.max(1, siteKinds.size())];
        // One state per (feature, scope) met: its latest record so far, problems open, whether a clearing counted.
        // Scopes that share no grid form a layer (the district; the communities): within a layer a feature's state
        // is found by its slot, and only a feature met in two scopes of one layer (it changed grid) needs the map.
        int[][] stateInLayer = new int[Arrays.stream(layerOf).max().orElse(-1) + 1][];
        LongIntHashMap moved = new LongIntHashMap(16);
        int states = 0;
        int[] last = new int[1024], open = new int[1024], groupOf = new int[1024];
        boolean[] counted = new boolean[1024];
        for (int i = lo; i < hi; i++) {
            int[] in = groupsOfSlot[index.gridSlot(i)];
            if (in.length == 0) continue;
            int f = index.featureSlot(i);
            boolean positive = index.positive(i), isCleared = index.cleared(i);
            int k = kindIndex[index.kindSlot(i)];
            for (int g : in) {
                int[] layer = stateInLayer[layerOf[g]];
                if (layer == null) {
                    layer = stateInLayer[layerOf[g]] = new int[index.features()];
                    Arrays.fill(layer, -1);
                }
                int s = layer[f];
                if (s >= 0 && groupOf[s] != g) s = moved.get((long) f * groups + g);
                if (s < 0) {
                    s = states++;
                    if (s == last.length) {
                        int cap = s * 2;
                        last = Arrays.copyOf(last, cap);
                        open = Arrays.copyOf(open, cap);
                        groupOf = Arrays.copyOf(groupOf, cap);
                        counted = Arrays.copyOf(counted, cap);
                    }
                    if (layer[f] < 0) layer[f] = s;
                    else moved.put((long) f * groups + g, s);
                    groupOf[s] = g;
                }
                last[s] = i;
                inspections[g]++;
                if (open[s] > 0 && (isCleared || !positive)) {
                    // a later clean or cleared record closes what was open before it
                    closed[g] += open[s];
                    open[s] = 0;
                }
                if (positive) {
                    found[g]++;
                    if (isCleared) closed[g]++;
                    else open[s]++;
                }
                if (isCleared && !counted[s] && k >= 0) {
                    cleared[g * siteKinds.size() + k]++;
                    counted[s] = true;
                }
                index.addItems(i, sums, g * ITEMS, InspectionIndex.Items.PER_WALK);
            }
        }
        for (int s = 0; s < states; s++) {
            index.addItems(last[s], sums, groupOf[s] * ITEMS, InspectionIndex.Items.PER_FEATURE);
        }
        ScopeCounts[] out = new ScopeCounts[groups];
        for (int g = 0; g < groups; g++) {
            Map<String, Long> sites = new LinkedHashMap<>();
            for (int k = 0; k < siteKinds.size(); k++) sites.put(siteKinds.get(k), cleared[g * siteKinds.size() + k]);
            out[g] = new ScopeCounts(tally(sums, g), inspections[g], found[g], closed[g], sites);
        }
        return List.of(out);
    }

    /**
     * The tally of one scope (its grid codes; null: every record) in each interval [bounds[i], bounds[i + 1]) of
     * ascending bounds: as {@link #scopes} gives it interval by interval, in one pass over the records.
     */
    static List<InspectionTally> tallies(InspectionIndex index, long[] boundsMicros, List<String> scope) {
        boolean[] in = members(index, java.util.Collections.singletonList(scope))[0];
        int[] seenIn = new int[index.features()];
        int[] last = new int[index.features()];
        int[] touched = new int[16];
        List<InspectionTally> out = new java.util.ArrayList<>();
        for (int w = 0; w + 1 < boundsMicros.length; w++) {
            long[] sums = new long[ITEMS];
            int n = 0;
            for (int i = index.lowerBound(boundsMicros[w]), hi = index.lowerBound(boundsMicros[w + 1]); i < hi; i++) {
                if (!in[index.gridSlot(i)]) continue;
                int f = index.featureSlot(i);
                if (seenIn[f] != w + 1) {
                    seenIn[f] = w + 1;
                    if (n == touched.length) touched = Arrays.copyOf(touched, n * 2);
                    touched[n++] = f;
                }
                last[f] = i;
                index.addItems(i, sums, 0, InspectionIndex.Items.PER_WALK);
            }
            for (int t = 0; t < n; t++) index.addItems(last[touched[t]], sums, 0, InspectionIndex.Items.PER_FEATURE);
            out.add(tally(sums, 0));
        }
        return out;
    }

    /** member[scope][grid slot]: whether the scope holds the slot's records. */
    private static boolean[][] members(InspectionIndex index, List<List<String>> scopes) {
        int slots = index.gridSlots();
        boolean[][] member = new boolean[scopes.size()][];
        for (int g = 0; g < scopes.size(); g++) {
            member[g] = new boolean[slots];
            List<String> codes = scopes.get(g);
            if (codes == null) {
                Arrays.fill(member[g], true);
            } else {
                for (String code : codes) {
                    int s = index.slotOfGrid(code);
                    // a null code in a list would mean "no grid"; scopes name real grids only
                    if (s > 0) member[g][s] = true;
                }
            }
        }
        return member;
    }

    /** Per grid slot, the scopes its records fall in. */
    private static int[][] groupsOfSlot(boolean[][] member, int slots) {
        int[][] out = new int[slots][];
        for (int s = 0; s < slots; s++) {
            int n = 0;
            for (boolean[] m : member) if (m[s]) n++;
            out[s] = new int[n];
            n = 0;
            for (int g = 0; g < member.length; g++) if (member[g][s]) out[s][n++] = g;
        }
        return out;
    }

    /** Each scope's layer: the first in which no other scope holds any of its grid slots. */
    private static int[] layers(boolean[][] member) {
        int[] layerOf = new int[member.length];
        List<boolean[]> taken = new java.util.ArrayList<>();
        for (int g = 0; g < member.length; g++) {
            int l = 0;
            while (l < taken.size() && overlaps(taken.get(l), member[g])) l++;
            if (l == taken.size()) taken.add(new boolean[member[g].length]);
            boolean[] t = taken.get(l);
            for (int s = 0; s < t.length; s++) t[s] |= member[g][s];
            layerOf[g] = l;
        }
        return layerOf;
    }

    private static boolean overlaps(boolean[] a, boolean[] b) {
        for (int s = 0; s < a.length; s++) if (a[s] && b[s]) return true;
        return false;
    }

    private static InspectionTally tally(long[] sums, int group) {
        InspectionTally t = new InspectionTally();
        InspectionTally.Item[] items = InspectionTally.Item.values();
        for (int i = 0; i < ITEMS; i++) {
            long v = sums[group * ITEMS + i];
            if (v != 0) t.add(items[i], v);
        }
        return t;
    }
}
