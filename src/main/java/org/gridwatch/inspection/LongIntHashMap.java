package org.gridwatch.inspection;

import java.util.Arrays;

/**
 * A map from long keys to non-negative int values with open addressing and linear probing: what
 * {@link InspectionIndex} needs for a million feature ids without a million boxed entries (about 12
 * bytes per key at the most, against about 60 for a {@code HashMap<Long, Integer>}). No removal.
 * Not thread-safe.
 */
final class LongIntHashMap {

    private static final int ABSENT = -1;

    private long[] keys;
    private int[] values;
    private int size;
    private int mask;

    /** A map that holds {@code expected} keys before it first grows. */
    LongIntHashMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
        keys = new long[capacity];
        values = new int[capacity];
        Arrays.fill(values, ABSENT);
        mask = capacity - 1;
    }

    /** The value of {@code key}, or -1 when it has none. */
    int get(long key) {
        int at = slot(key);
        while (values[at] != ABSENT) {
            if (keys[at] == key) return values[at];
            at = (at + 1) & mask;
        }
        return ABSENT;
    }

    /** Sets the value ({@code >= 0}) of {@code key}. */
    void put(long key, int value) {
        if (value < 0) throw new IllegalArgumentException("values must be >= 0: " + value);
        int at = slot(key);
        while (values[at] != ABSENT) {
            if (keys[at] == key) {
                values[at] = value;
                return;
            }
            at = (at + 1) & mask;
        }
        keys[at] = key;
        values[at] = value;
        if (++size * 2 > keys.length) grow();
    }

    int size() {
        return size;
    }

    /** Bytes held by the two tables. */
    long retainedBytes() {
        return (long) keys.length * (Long.BYTES + Integer.BYTES);
    }

    private int slot(long key) {
        // the 64-bit finaliser of MurmurHash3: ids in sequence spread over the whole table
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        Arrays.fill(values, ABSENT);
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != ABSENT) put(oldKeys[i], oldValues[i]);
        }
    }
}
