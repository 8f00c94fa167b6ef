package org.gridwatch.inspection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every stored inspection as the density indicators and the work summary count it, in compact parallel
 * arrays sorted by time and then id (the order the SQL breaks ties in): the record's id, its feature, its grid
 * code and site kind (as small integers into dictionaries), when it was made (epoch microseconds, the stores'
 * precision), whether it is positive and cleared, and its {@link InspectionTally} in a sparse form (a record
 * touches a few of the items, so only those are kept). A period is a contiguous run of records, found by binary
 * search; {@link PeriodCounter} adds it up.
 *
 * <p>Records are only added (inspections are never updated or deleted by the service); a record whose id is
 * held already is skipped, so the same rows may be offered twice. About 31 bytes a record plus 5 a tally item,
 * and 12 a distinct feature ({@link #retainedBytes}). Not thread-safe: the owner serialises additions against
 * readers.
 */
final class InspectionIndex implements TableIndexKeeper.AppendOnlyIndex<InspectionIndex.Row> {

    static final int ITEMS = InspectionTally.size();
    private static final boolean[] PER_WALK = new boolean[ITEMS];
    private static final byte POSITIVE = 1, CLEARED = 2;

    static {
        for (InspectionTally.Item i : InspectionTally.PER_WALK) PER_WALK[i.ordinal()] = true;
    }

    /** Which items {@link #addItems} adds. */
    enum Items { ALL, PER_WALK, PER_FEATURE }

    /**
     * One record as the store holds it.
     *
     * @param gridCode the grid code, null for a record outside every grid
     * @param siteKind the breeding-site kind, null for none
     * @param items    the tally's counts in {@link InspectionTally.Item} order (length {@link #ITEMS})
     */
    record Row(long id, long featureId, String gridCode, long inspectedAtMicros, boolean positive, boolean cleared,
               String siteKind, int[] items) {

        Row {
            if (items.length != ITEMS) throw new IllegalArgumentException("a row has " + ITEMS + " items, got " + items.length);
        }

        /** Microseconds since the epoch: the precision both stores keep. */
        static long micros(Instant t) {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
        }
    }

    private static final Comparator<Row> ORDER = Comparator.comparingLong(Row::inspectedAtMicros).thenComparingLong(Row::id);

    private int size;
    private long[] id = new long[0];
    private long[] time = new long[0];
    private int[] feature = new int[0];
    private int[] grid = new int[0];
    private byte[] flags = new byte[0];
    private byte[] kind = new byte[0];
    /** Where a record's items start in the pool, and how many it has. */
    private int[] itemAt = new int[0];
    private byte[] itemCount = new byte[0];
    /** The pool of sparse items, appended to only: item ordinal and count. */
    private byte[] itemCode = new byte[0];
    private int[] itemValue = new int[0];
    private int items;

    private final LongIntHashMap featureSlot = new LongIntHashMap(1024);
    private int features;
    /** Grid codes and site kinds by slot; slot 0 stands for null. */
    private final List<String> gridCodes = new ArrayList<>(List.of(""));
    private final Map<String, Integer> gridSlot = new HashMap<>();
    private final List<String> kinds = new ArrayList<>(List.of(""));
    private final Map<String, Integer> kindSlot = new HashMap<>();
    private final HeldIds held = new HeldIds();

    /**
     * Adds the rows not held yet, in any order.
     *
     * @return how many were added
     */
    @Override
    public int addAll(Collection<Row> rows) {
        List<Row> fresh = new ArrayList<>(rows.size());
        for (Row r : rows) {
            if (held.add(r.id())) fresh.add(r);
        }
        if (fresh.isEmpty()) return 0;
        fresh.sort(ORDER);
        ensureCapacity(size + fresh.size());
        int first = upperBound(fresh.get(0).inspectedAtMicros(), fresh.get(0).id());
        if (first == size) {
            for (Row r : fresh) put(size++, r);
        } else {
            mergeFrom(first, fresh);
        }
        return fresh.size();
    }

    /** Whether the record with this id is held. */
    boolean holds(long recordId) {
        return held.holds(recordId);
    }

    /** How many held records have an id above {@code recordId}. */
    @Override
    public long countAbove(long recordId) {
        return held.countAbove(recordId);
    }

    @Override
    public int size() {
        return size;
    }

    /** The highest id held, 0 when empty. */
    @Override
    public long maxId() {
        return held.max();
    }

    /** The first record made at or after {@code micros} ({@link #size} when none is). */
    int lowerBound(long micros) {
        int lo = 0, hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (time[mid] < micros) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    // ---- what PeriodCounter reads ------------------------------------------------------------------

    int featureSlot(int record) {
        return feature[record];
    }

    /** Distinct features held: feature slots are 0 .. features() - 1. */
    int features() {
        return features;
    }

    int gridSlot(int record) {
        return grid[record];
    }

    /** Grid slots are 0 (no grid code) .. gridSlots() - 1. */
    int gridSlots() {
        return gridCodes.size();
    }

    /** The code of a grid slot (null for slot 0). */
    String gridCode(int slot) {
        return slot == 0 ? null : gridCodes.get(slot);
    }

    /** The slot of a grid code, -1 when no record names it. */
    int slotOfGrid(String code) {
        return code == null ? 0 : gridSlot.getOrDefault(code, -1);
    }

    boolean positive(int record) {
        return (flags[record] & POSITIVE) != 0;
    }

    boolean cleared(int record) {
        return (flags[record] & CLEARED) != 0;
    }

    int kindSlot(int record) {
        return kind[record];
    }

    int kindSlots() {
        return kinds.size();
    }

    /** The site kind of a slot (null for slot 0). */
    String kind(int slot) {
        return slot == 0 ? null : kinds.get(slot);
    }

    /** Adds the record's items (those of {@code which}) to {@code sums[base + item ordinal]}. */
    void addItems(int record, long[] sums, int base, Items which) {
        int from = itemAt[record], to = from + itemCount[record];
        for (int k = from; k < to; k++) {
            int item = itemCode[k];
            if (which == Items.ALL || PER_WALK[item] == (which == Items.PER_WALK)) sums[base + item] += itemValue[k];
        }
    }

    /** The heap held by the arrays and dictionaries, bytes (spare capacity included). */
    @Override
    public long retainedBytes() {
        long perRecord = (long) id.length * (8 + 8 + 4 + 4 + 1 + 1 + 4 + 1);
        long pool = (long) itemCode.length * (1 + 4);
        long dictionaries = (gridCodes.size() + kinds.size()) * 120L;
        return perRecord + pool + featureSlot.retainedBytes() + held.retainedBytes() + dictionaries;
    }

    // ---- adding -----------------------------------------------------------------------------------

    /** The first record that sorts after (time, id). */
    private int upperBound(long micros, long recordId) {
        return TimeOrder.upperBound(time, id, size, micros, recordId);
    }

    /** Merges the sorted fresh rows into the records from {@code first} on (all of which sort after the first row). */
    private void mergeFrom(int first, List<Row> fresh) {
        int tail = size - first;
        long[] tId = Arrays.copyOfRange(id, first, size);
        long[] tTime = Arrays.copyOfRange(time, first, size);
        int[] tFeature = Arrays.copyOfRange(feature, first, size);
        int[] tGrid = Arrays.copyOfRange(grid, first, size);
        byte[] tFlags = Arrays.copyOfRange(flags, first, size);
        byte[] tKind = Arrays.copyOfRange(kind, first, size);
        int[] tItemAt = Arrays.copyOfRange(itemAt, first, size);
        byte[] tItemCount = Arrays.copyOfRange(itemCount, first, size);
        int a = 0, b = 0, out = first;
        while (a < tail || b < fresh.size()) {
            boolean takeOld = b == fresh.size() || (a < tail
                    && TimeOrder.before(tTime[a], tId[a], fresh.get(b).inspectedAtMicros(), fresh.get(b).id()));
            if (takeOld) {
                id[out] = tId[a];
                time[out] = tTime[a];
                feature[out] = tFeature[a];
                grid[out] = tGrid[a];
                flags[out] = tFlags[a];
                kind[out] = tKind[a];
                itemAt[out] = tItemAt[a];
                itemCount[out] = tItemCount[a];
                a++;
                out++;
            } else {
                put(out++, fresh.get(b++));
            }
        }
        size = out;
    }

    private void put(int at, Row r) {
        id[at] = r.id();
        time[at] = r.inspectedAtMicros();
        int f = featureSlot.get(r.featureId());
        if (f < 0) {
            f = features++;
            featureSlot.put(r.featureId(), f);
        }
        feature[at] = f;
        grid[at] = slot(r.gridCode(), gridCodes, gridSlot);
        flags[at] = (byte) ((r.positive() ? POSITIVE : 0) | (r.cleared() ? CLEARED : 0));
        int k = slot(r.siteKind(), kinds, kindSlot);
        if (k > Byte.MAX_VALUE) throw new IllegalStateException("more than " + Byte.MAX_VALUE + " site kinds");
        kind[at] = (byte) k;
        itemAt[at] = items;
        int n = 0;
        for (int i = 0; i < ITEMS; i++) {
            if (r.items()[i] == 0) continue;
            if (items == itemCode.length) {
                int cap = Math.max(1024, items + (items >> 1));
                itemCode = Arrays.copyOf(itemCode, cap);
                itemValue = Arrays.copyOf(itemValue, cap);
            }
            itemCode[items] = (byte) i;
            itemValue[items++] = r.items()[i];
            n++;
        }
        itemCount[at] = (byte) n;
    }

    private static int slot(String value, List<String> bySlot, Map<String, Integer> slots) {
        if (value == null) return 0;
        Integer s = slots.get(value);
        if (s == null) {
            s = bySlot.size();
            bySlot.add(value);
            slots.put(value, s);
        }
        return s;
    }

    private void ensureCapacity(int wanted) {
        if (wanted <= id.length) return;
        int cap = Math.max(wanted, Math.max(1024, id.length + (id.length >> 1)));
        id = Arrays.copyOf(id, cap);
        time = Arrays.copyOf(time, cap);
        feature = Arrays.copyOf(feature, cap);
        grid = Arrays.copyOf(grid, cap);
        flags = Arrays.copyOf(flags, cap);
        kind = Arrays.copyOf(kind, cap);
        itemAt = Arrays.copyOf(itemAt, cap);
        itemCount = Arrays.copyOf(itemCount, cap);
    }
}
