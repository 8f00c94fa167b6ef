package org.gridwatch.ogcapi.tiles;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.locationtech.jts.geom.Envelope;

/**
 * Encoded tiles, least recently used first out, bounded by count and bytes. Each entry remembers its
 * lon/lat bounds and its layers, so that an edit drops only the tiles it touches. An entry older than
 * the maximum age is read again: imports and restores write to the store without announcing it.
 *
 * <p>A tile read while an edit commits could hold the old data and be stored after the edit dropped its
 * tiles; {@link #generation()} guards that: a tile is stored only if no invalidation happened since the
 * caller took the generation before reading.
 */
public final class TileCache {

    private record Entry(byte[] tile, Envelope bounds, Set<String> layers, long storedNanos) {
    }

    private final int maxEntries;
    private final long maxBytes;
    private final long maxAgeNanos;
    private final LongSupplier clock;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;
    private long generation;

    public TileCache(int maxEntries, long maxBytes, long maxAgeNanos, LongSupplier nanoClock) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.maxAgeNanos = maxAgeNanos;
        this.clock = nanoClock;
    }

    /** The cached tile, or null. */
    public synchronized byte[] get(String key) {
        Entry e = entries.get(key);
        if (e == null) return null;
        if (clock.getAsLong() - e.storedNanos() > maxAgeNanos) {
            remove(key);
            return null;
        }
        return e.tile();
    }

    /** To be taken before reading a tile's data and handed to {@link #put}. */
    public synchronized long generation() {
        return generation;
    }

    /** Stores a tile unless an invalidation happened since {@code generationBeforeRead}. */
    public synchronized void put(String key, byte[] tile, Envelope bounds, Set<String> layers, long generationBeforeRead) {
        if (generationBeforeRead != generation || maxEntries == 0) return;
        Entry old = entries.put(key, new Entry(tile, bounds, layers, clock.getAsLong()));
        if (old != null) bytes -= old.tile().length;
        bytes += tile.length;
        Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || bytes > maxBytes) && eldest.hasNext()) {
            bytes -= eldest.next().getValue().tile().length;
            eldest.remove();
        }
    }

    /**
     * Drops the tiles holding a layer that {@code layerAffected} accepts and whose bounds meet {@code area}
     * (lon/lat; null: anywhere).
     */
    public synchronized void invalidate(Envelope area, Predicate<String> layerAffected) {
        generation++;
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Entry e = it.next().getValue();
            if ((area == null || area.intersects(e.bounds())) && e.layers().stream().anyMatch(layerAffected)) {
                bytes -= e.tile().length;
                it.remove();
            }
        }
    }

    public synchronized int size() {
        return entries.size();
    }

    private void remove(String key) {
        Entry e = entries.remove(key);
        if (e != null) bytes -= e.tile().length;
    }
}
