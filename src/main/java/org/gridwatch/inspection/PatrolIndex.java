package org.gridwatch.inspection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every stored patrol as the path indices and the work summary count it, in parallel arrays sorted by start time
 * and then id: the patrol's id, its grid code (a small integer into a dictionary), when it started (epoch
 * microseconds, the stores' precision), the metres of its path and whether that path was walked with a track
 * (only those metres count, {@link InspectionQueries#TRACKED}). A period is a contiguous run, found by binary
 * search; {@link PatrolCounter} adds it up.
 *
 * <p>Patrols are only added (the service never changes or deletes one); a patrol whose id is held already is
 * skipped, so the same rows may be offered twice. 29 bytes a patrol and a bit per id ({@link #retainedBytes}).
 * Not thread-safe: the owner serialises additions against readers.
 */
final class PatrolIndex implements TableIndexKeeper.AppendOnlyIndex<PatrolIndex.Row> {

    /**
     * One patrol as the store holds it.
     *
     * @param lengthMetres the stored path length, counted only when {@code tracked}
     * @param tracked      whether the path was walked with a GPS track or GPX file
     */
    record Row(long id, String gridCode, long startedAtMicros, double lengthMetres, boolean tracked) {
    }

    private static final Comparator<Row> ORDER = Comparator.comparingLong(Row::startedAtMicros).thenComparingLong(Row::id);

    private int size;
    private long[] id = new long[0];
    private long[] time = new long[0];
    private int[] grid = new int[0];
    private double[] metres = new double[0];
    private boolean[] tracked = new boolean[0];
    private final HeldIds held = new HeldIds();
    /** Grid codes by slot. */
    private final List<String> gridCodes = new ArrayList<>();
    private final Map<String, Integer> gridSlot = new HashMap<>();

    @Override
    public int addAll(Collection<Row> rows) {
        List<Row> fresh = new ArrayList<>(rows.size());
        for (Row r : rows) {
            if (r.gridCode() == null) throw new IllegalArgumentException("patrol " + r.id() + " has no grid code");
            if (held.add(r.id())) fresh.add(r);
        }
        if (fresh.isEmpty()) return 0;
        fresh.sort(ORDER);
        ensureCapacity(size + fresh.size());
        int first = upperBound(fresh.get(0).startedAtMicros(), fresh.get(0).id());
        if (first == size) {
            for (Row r : fresh) put(size++, r);
        } else {
            mergeFrom(first, fresh);
        }
        return fresh.size();
    }

    boolean holds(long patrolId) {
        return held.holds(patrolId);
    }

    @Override
    public long countAbove(long patrolId) {
        return held.countAbove(patrolId);
    }

    @Override
    public long maxId() {
        return held.max();
    }

    @Override
    public int size() {
        return size;
    }

    /** The heap held by the arrays and the dictionary, bytes (spare capacity included). */
    @Override
    public long retainedBytes() {
        return (long) id.length * (8 + 8 + 4 + 8 + 1) + held.retainedBytes() + gridCodes.size() * 120L;
    }

    /** The first patrol started at or after {@code micros} ({@link #size} when none is). */
    int lowerBound(long micros) {
        int lo = 0, hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (time[mid] < micros) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    // ---- what PatrolCounter reads -----------------------------------------------------------------

    int gridSlot(int patrol) {
        return grid[patrol];
    }

    /** Grid slots are 0 .. gridSlots() - 1. */
    int gridSlots() {
        return gridCodes.size();
    }

    String gridCode(int slot) {
        return gridCodes.get(slot);
    }

    /** The slot of a grid code, -1 when no patrol names it. */
    int slotOfGrid(String code) {
        return gridSlot.getOrDefault(code, -1);
    }

    boolean tracked(int patrol) {
        return tracked[patrol];
    }

    /** The patrol's stored length in metres (whether or not it counts: see {@link #tracked}). */
    double lengthMetres(int patrol) {
        return metres[patrol];
    }

    // ---- adding -----------------------------------------------------------------------------------

    /** The first patrol that sorts after (time, id). */
    private int upperBound(long micros, long patrolId) {
        return TimeOrder.upperBound(time, id, size, micros, patrolId);
    }

    /** Merges the sorted fresh rows into the patrols from {@code first} on (all of which sort after the first row). */
    private void mergeFrom(int first, List<Row> fresh) {
        int tail = size - first;
        long[] tId = Arrays.copyOfRange(id, first, size);
        long[] tTime = Arrays.copyOfRange(time, first, size);
        int[] tGrid = Arrays.copyOfRange(grid, first, size);
        double[] tMetres = Arrays.copyOfRange(metres, first, size);
        boolean[] tTracked = Arrays.copyOfRange(tracked, first, size);
        int a = 0, b = 0, out = first;
        while (a < tail || b < fresh.size()) {
            boolean takeOld = b == fresh.size() || (a < tail
                    && TimeOrder.before(tTime[a], tId[a], fresh.get(b).startedAtMicros(), fresh.get(b).id()));
            if (takeOld) {
                id[out] = tId[a];
                time[out] = tTime[a];
                grid[out] = tGrid[a];
                metres[out] = tMetres[a];
                tracked[out] = tTracked[a];
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
        time[at] = r.startedAtMicros();
        Integer s = gridSlot.get(r.gridCode());
        if (s == null) {
            s = gridCodes.size();
            gridCodes.add(r.gridCode());
            gridSlot.put(r.gridCode(), s);
        }
        grid[at] = s;
        metres[at] = r.lengthMetres();
        tracked[at] = r.tracked();
    }

    private void ensureCapacity(int wanted) {
        if (wanted <= id.length) return;
        int cap = Math.max(wanted, Math.max(1024, id.length + (id.length >> 1)));
        id = Arrays.copyOf(id, cap);
        time = Arrays.copyOf(time, cap);
        grid = Arrays.copyOf(grid, cap);
        metres = Arrays.copyOf(metres, cap);
        tracked = Arrays.copyOf(tracked, cap);
    }
}
