package org.gridwatch.ogcapi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The {@code numberMatched} of item queries, by the query's SQL and arguments. Counting a filter over a big
 * collection reads every match (hundreds of thousands of rows: most of a page's time), while a client paging
 * through a result asks the same count with every page; the page itself walks an index and stops after it.
 * Counts are dropped when features or grids change ({@link #invalidate}), and are read again once older than
 * the maximum age, since imports write without announcing it. A count read while an edit committed could be
 * the old one: it is kept only if no invalidation happened since the caller took {@link #generation()}.
 */
final class MatchedCountCache {

    private record Entry(long count, long storedNanos) {
    }

    private final int maxEntries;
    private final long maxAgeNanos;
    private final LongSupplier clock;
    private final LinkedHashMap<String, Entry> entries;
    private long generation;

    MatchedCountCache(int maxEntries, long maxAgeNanos, LongSupplier nanoClock) {
        this.maxEntries = maxEntries;
        this.maxAgeNanos = maxAgeNanos;
        this.clock = nanoClock;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > MatchedCountCache.this.maxEntries;
            }
        };
    }

    /** The count of a query, or null when not known. */
    synchronized Long get(String key) {
        Entry e = entries.get(key);
        if (e == null) return null;
        if (clock.getAsLong() - e.storedNanos() > maxAgeNanos) {
            entries.remove(key);
            return null;
        }
        return e.count();
    }

    synchronized long generation() {
        return generation;
    }

    synchronized void put(String key, long count, long generationBeforeCount) {
        if (generationBeforeCount != generation || maxEntries == 0) return;
        entries.put(key, new Entry(count, clock.getAsLong()));
    }

    /** Drops the counts whose key starts with {@code prefix} (the table counted). */
    synchronized void invalidate(String prefix) {
        generation++;
        entries.keySet().removeIf(k -> k.startsWith(prefix));
    }

    synchronized int size() {
        return entries.size();
    }
}
