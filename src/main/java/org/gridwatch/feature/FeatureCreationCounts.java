package org.gridwatch.feature;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Active features per grid code (null: in no small grid) and type, counted by when they were created: bucket 0
 * before {@code bounds[0]}, bucket i in [{@code bounds[i-1]}, {@code bounds[i]}), the last at or after the last
 * bound. Read once ({@link FeatureService#countByGridAndCreation}) and summed for any number of scopes; pure and
 * immutable once built.
 */
public record FeatureCreationCounts(List<Instant> bounds, Map<String, Map<String, long[]>> counts) {

    /**
     * As {@link FeatureService#countByType}: active features per type (sorted by key, types without any left out)
     * in the grids {@code gridCodes} (null: everywhere), created in [createdFrom, createdTo) (either null: open);
     * each given time must be one of the bounds.
     */
    public Map<String, Long> countByType(List<String> gridCodes, Instant createdFrom, Instant createdTo) {
        int first = createdFrom == null ? 0 : bucketStarting(createdFrom);
        int end = createdTo == null ? bounds.size() + 1 : bucketStarting(createdTo);
        // one unboxed sum per type: the district's scope visits every grid (20,000 in a city) times every type
        Map<String, long[]> sums = new HashMap<>();
        if (gridCodes == null) {
            for (Map<String, long[]> byType : counts.values()) add(byType, first, end, sums);
        } else {
            for (String code : gridCodes) {
                Map<String, long[]> byType = counts.get(code);
                if (byType != null) add(byType, first, end, sums);
            }
        }
        Map<String, Long> out = new TreeMap<>();
        sums.forEach((type, n) -> {
            if (n[0] > 0) out.put(type, n[0]);
        });
        return out;
    }

    private static void add(Map<String, long[]> byType, int first, int end, Map<String, long[]> sums) {
        for (Map.Entry<String, long[]> e : byType.entrySet()) {
            long[] buckets = e.getValue();
            long n = 0;
            for (int b = first; b < end; b++) n += buckets[b];
            if (n > 0) sums.computeIfAbsent(e.getKey(), k -> new long[1])[0] += n;
        }
    }

    /** The bucket that starts at {@code t}. */
    private int bucketStarting(Instant t) {
        int i = bounds.indexOf(t);
        if (i < 0) throw new IllegalArgumentException(t + " is not one of the bounds " + bounds);
        return i + 1;
    }
}
