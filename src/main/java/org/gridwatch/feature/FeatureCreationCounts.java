package org.gridwatch.feature;

import java.time.Instant;
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
        Map<String, Long> out = new TreeMap<>();
        for (String code : gridCodes == null ? counts.keySet() : gridCodes) {
            Map<String, long[]> byType = counts.get(code);
            if (byType == null) continue;
            byType.forEach((type, buckets) -> {
                long n = 0;
                for (int b = first; b < end; b++) n += buckets[b];
                if (n > 0) out.merge(type, n, Long::sum);
            });
        }
        return out;
    }

    /** The bucket that starts at {@code t}. */
    private int bucketStarting(Instant t) {
        int i = bounds.indexOf(t);
        if (i < 0) throw new IllegalArgumentException(t + " is not one of the bounds " + bounds);
        return i + 1;
    }
}
