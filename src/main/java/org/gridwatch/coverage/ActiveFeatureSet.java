package org.gridwatch.coverage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.Envelope;

/**
 * Every active feature's id, type, position and small grid code, held in parallel arrays, with the number
 * per grid code and type kept current as features come and go: what the coverage table needs, so that a
 * request adds up 20,000 grids' counts instead of reading a million rows.
 *
 * <p>Changes arrive as "the active features inside this window are now these" ({@link #replaceWithin}):
 * every feature held inside the window is dropped and the given ones are added. Since an edit's window
 * holds the feature's old and new position, that is exact for creations, moves, edits and deletions of
 * points, and equally for bulk loads and grid-code reassignments (their window holds every row they wrote).
 * Type keys and grid codes are kept once each as small integers (slots); the arrays stay dense (a removed
 * feature's place is taken by the last one), so their order means nothing.
 *
 * <p>Not thread-safe: the owner serialises changes against reads. Pure: no Spring, no database.
 */
final class ActiveFeatureSet {

    /**
     * One active feature as the store holds it ({@code gridCode} null: in no small grid), created at
     * {@code createdEpochMicros} ({@link Long#MIN_VALUE}: not known, counted as created before any time).
     */
    record Feature(long id, String type, double lon, double lat, String gridCode, long createdEpochMicros) {

        Feature(long id, String type, double lon, double lat, String gridCode) {
            this(id, type, lon, lat, gridCode, Long.MIN_VALUE);
        }
    }

    private long[] id = new long[1024];
    private int[] type = new int[1024];
    private double[] lon = new double[1024];
    private double[] lat = new double[1024];
    /** Grid slot + 1; 0 = no grid code. */
    private int[] grid = new int[1024];
    private long[] created = new long[1024];
    private int size;

    private final List<String> typeKeys = new ArrayList<>();
    private final Map<String, Integer> typeSlot = new HashMap<>();
    private final List<String> gridCodes = new ArrayList<>();
    private final Map<String, Integer> gridSlot = new HashMap<>();
    /** counts.get(typeSlot)[grid slot + 1]: features of that type with that grid code (index 0: none). */
    private final List<int[]> counts = new ArrayList<>();
    private long version;

    ActiveFeatureSet(Iterable<Feature> features) {
        for (Feature f : features) add(f);
    }

    int size() {
        return size;
    }

    /** Grows by one with every change, so a result computed from this set can tell whether it is still current. */
    long version() {
        return version;
    }

    /**
     * Drops every feature held within {@code window} (edges included) and adds {@code now}, the active
     * features the store holds within that window.
     *
     * @return how many features were dropped
     */
    int replaceWithin(Envelope window, Iterable<Feature> now) {
        int dropped = 0;
        for (int i = size - 1; i >= 0; i--) {
            if (lon[i] >= window.getMinX() && lon[i] <= window.getMaxX() && lat[i] >= window.getMinY()
                    && lat[i] <= window.getMaxY()) {
                remove(i);
                dropped++;
            }
        }
        for (Feature f : now) add(f);
        version++;
        return dropped;
    }

    private void add(Feature f) {
        if (size == id.length) {
            int cap = size * 2;
            id = Arrays.copyOf(id, cap);
            type = Arrays.copyOf(type, cap);
            lon = Arrays.copyOf(lon, cap);
            lat = Arrays.copyOf(lat, cap);
            grid = Arrays.copyOf(grid, cap);
            created = Arrays.copyOf(created, cap);
        }
        int t = typeSlot.computeIfAbsent(f.type(), k -> {
            typeKeys.add(k);
            counts.add(new int[gridCodes.size() + 1]);
            return typeKeys.size() - 1;
        });
        int g = f.gridCode() == null ? 0 : 1 + gridSlot.computeIfAbsent(f.gridCode(), k -> {
            gridCodes.add(k);
            return gridCodes.size() - 1;
        });
        int[] perGrid = counts.get(t);
        if (g >= perGrid.length) {
            perGrid = Arrays.copyOf(perGrid, Math.max(g + 1, perGrid.length * 2));
            counts.set(t, perGrid);
        }
        perGrid[g]++;
        id[size] = f.id();
        type[size] = t;
        lon[size] = f.lon();
        lat[size] = f.lat();
        grid[size] = g;
        created[size] = f.createdEpochMicros();
        size++;
    }

    private void remove(int i) {
        counts.get(type[i])[grid[i]]--;
        int last = --size;
        id[i] = id[last];
        type[i] = type[last];
        lon[i] = lon[last];
        lat[i] = lat[last];
        grid[i] = grid[last];
        created[i] = created[last];
    }

    /**
     * Features per grid code (key null: none) and type, per creation bucket: bucket 0 created before
     * {@code boundsMicros[0]}, bucket k in [bounds[k-1], bounds[k]), the last at or after the last bound.
     */
    Map<String, Map<String, long[]>> countByGridTypeAndCreation(long[] boundsMicros) {
        int buckets = boundsMicros.length + 1;
        long[][] perGrid = new long[gridCodes.size() + 1][];
        for (int i = 0; i < size; i++) {
            long[] c = perGrid[grid[i]];
            if (c == null) c = perGrid[grid[i]] = new long[typeKeys.size() * buckets];
            int b = 0;
            while (b < boundsMicros.length && created[i] >= boundsMicros[b]) b++;
            c[type[i] * buckets + b]++;
        }
        Map<String, Map<String, long[]>> out = new HashMap<>();
        for (int g = 0; g < perGrid.length; g++) {
            if (perGrid[g] == null) continue;
            Map<String, long[]> byType = new HashMap<>();
            for (int t = 0; t < typeKeys.size(); t++) {
                long[] n = Arrays.copyOfRange(perGrid[g], t * buckets, (t + 1) * buckets);
                for (long v : n) {
                    if (v > 0) {
                        byType.put(typeKeys.get(t), n);
                        break;
                    }
                }
            }
            out.put(g == 0 ? null : gridCodes.get(g - 1), byType);
        }
        return out;
    }

    /** Active features of {@code typeKey} whose grid code is {@code gridCode} (null: none). */
    int count(String gridCode, String typeKey) {
        Integer t = typeSlot.get(typeKey);
        if (t == null) return 0;
        int g;
        if (gridCode == null) {
            g = 0;
        } else {
            Integer slot = gridSlot.get(gridCode);
            if (slot == null) return 0;
            g = slot + 1;
        }
        int[] perGrid = counts.get(t);
        return g < perGrid.length ? perGrid[g] : 0;
    }

    /** Active features of {@code typeKey}, anywhere. */
    int count(String typeKey) {
        Integer t = typeSlot.get(typeKey);
        if (t == null) return 0;
        int n = 0;
        for (int c : counts.get(t)) n += c;
        return n;
    }

    /** Every grid code some active feature carries. */
    List<String> gridCodes() {
        return List.copyOf(gridCodes);
    }

    /** Receives one feature of {@link #forEach}. */
    interface Visitor {
        void visit(long id, String type, double lon, double lat, String gridCode);
    }

    /** Every feature whose grid code is null or satisfies {@code gridCodeWanted}, or every one when that is null. */
    void forEach(java.util.function.Predicate<String> gridCodeWanted, Visitor visitor) {
        boolean[] wanted = new boolean[gridCodes.size() + 1];
        wanted[0] = true;
        for (int g = 0; g < gridCodes.size(); g++) wanted[g + 1] = gridCodeWanted == null || gridCodeWanted.test(gridCodes.get(g));
        for (int i = 0; i < size; i++) {
            if (wanted[grid[i]]) {
                visitor.visit(id[i], typeKeys.get(type[i]), lon[i], lat[i], grid[i] == 0 ? null : gridCodes.get(grid[i] - 1));
            }
        }
    }

    /** The positions of the features of {@code typeKey}: {lon[], lat[]}. */
    double[][] positions(String typeKey) {
        Integer t = typeSlot.get(typeKey);
        int n = t == null ? 0 : count(typeKey);
        double[] x = new double[n];
        double[] y = new double[n];
        int k = 0;
        for (int i = 0; t != null && i < size; i++) {
            if (type[i] == t) {
                x[k] = lon[i];
                y[k++] = lat[i];
            }
        }
        return new double[][]{x, y};
    }

    /** The bytes this set keeps on the heap: its arrays at their capacity, slot tables and counts (strings excluded). */
    long retainedBytes() {
        long arrays = (long) id.length * (8 + 4 + 8 + 8 + 4 + 8) + 6 * 16L;
        long perType = 0;
        for (int[] c : counts) perType += 16L + 4L * c.length;
        // a HashMap entry with its table slot, about 48 bytes, and the list's reference
        long slots = (typeKeys.size() + gridCodes.size()) * 52L;
        return arrays + perType + slots;
    }
}
