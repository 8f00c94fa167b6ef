package org.gridwatch.inspection;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

/**
 * The ids of the rows an in-memory index of an append-only table holds: which are held, the highest, and how many
 * lie above a given id (what {@link TableIndexKeeper} compares with the table's tail). Identity columns hand out
 * dense ids from 1, so a bit per id up to the highest; ids beyond what a {@link BitSet} indexes (never seen from an
 * identity column) are kept in a set to stay exact. About one bit per id up to the highest. Not thread-safe.
 */
final class HeldIds {

    private final BitSet small = new BitSet();
    private final Set<Long> large = new HashSet<>();
    private long max;
    private int count;

    /**
     * Marks {@code id} held.
     *
     * @return false when it was held already
     */
    boolean add(long id) {
        if (holds(id)) return false;
        if (id >= 0 && id < Integer.MAX_VALUE) small.set((int) id);
        else large.add(id);
        max = Math.max(max, id);
        count++;
        return true;
    }

    boolean holds(long id) {
        return id >= 0 && id < Integer.MAX_VALUE ? small.get((int) id) : large.contains(id);
    }

    /** How many held ids are above {@code id}. */
    long countAbove(long id) {
        long n = large.stream().filter(i -> i > id).count();
        long from = Math.max(0, id + 1);
        if (from < Integer.MAX_VALUE) n += small.get((int) from, Integer.MAX_VALUE).cardinality();
        return n;
    }

    /** The highest id held, 0 when none is. */
    long max() {
        return max;
    }

    int size() {
        return count;
    }

    /** The heap of the bits, bytes. */
    long retainedBytes() {
        return small.size() / 8 + large.size() * 64L;
    }
}
