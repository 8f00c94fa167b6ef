package org.gridwatch.map;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds database rows of (group key, feature type, count, Σlon, Σlat) into one {@link CountGroup}
 * per key: the per-type counts, the total, and the mean position of all the group's features.
 * The database groups by key and type so that the per-type counts survive; this puts them together.
 *
 * <p>Deterministic: groups come out by descending count, then key; types by key. Not thread-safe.
 */
public final class CountGroups {

    /**
     * One count group.
     *
     * @param key   the cluster cell ({@code "cx:cy"}) or small-grid code
     * @param lon   mean longitude of the group's features, degrees
     * @param lat   mean latitude of the group's features, degrees
     * @param count number of features
     * @param types count per feature type key, ordered by key
     */
    public record CountGroup(String key, double lon, double lat, long count, Map<String, Long> types) {
    }

    private static final class Sum {
        long count;
        double sumLon;
        double sumLat;
        final Map<String, Long> types = new TreeMap<>();
    }

    private final Map<String, Sum> sums = new LinkedHashMap<>();
    private long total;

    /**
     * Adds {@code count} features of {@code type} in group {@code key}, whose coordinates sum to
     * {@code sumLon}, {@code sumLat} (degrees). A key and type may be added more than once.
     */
    public void add(String key, String type, long count, double sumLon, double sumLat) {
        if (count <= 0) {
            return;
        }
        Sum s = sums.computeIfAbsent(key, k -> new Sum());
        s.count += count;
        s.sumLon += sumLon;
        s.sumLat += sumLat;
        s.types.merge(type, count, Long::sum);
        total += count;
    }

    /** The number of features added so far, over all groups. */
    public long total() {
        return total;
    }

    /** The groups, largest first (ties by key). */
    public List<CountGroup> groups() {
        List<CountGroup> out = new ArrayList<>(sums.size());
        sums.forEach((key, s) -> out.add(new CountGroup(key, s.sumLon / s.count, s.sumLat / s.count, s.count,
                Collections.unmodifiableMap(new TreeMap<>(s.types)))));
        out.sort(Comparator.comparingLong(CountGroup::count).reversed().thenComparing(CountGroup::key));
        return out;
    }
}
