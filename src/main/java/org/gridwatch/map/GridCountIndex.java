package org.gridwatch.map;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.gridwatch.geo.BoundingBox;

/**
 * The number of active features per small grid and type, each grid stood for by one label point
 * inside it: what the map shows when a view holds so many features that counting them one by one
 * on every pan would take seconds (a whole city of a million). Counting a view then means adding up
 * the grids whose label point lies in it, at the grid's label point.
 *
 * <p>Built from counts read at one moment ({@link #asOf()}) and then kept current by
 * {@link #adjust} for each edit, since reading a million features again after every edit would keep
 * a processor busy under a steady stream of edits. Thread-safe: adjustments are serialised, and
 * readers read the counts without a lock (a 64-bit JVM does not tear a long), so a reader may see
 * part of a concurrent edit (one grid already decremented, the other not yet incremented); the
 * answers are approximate by contract. Answers in O(number of grids).
 */
public final class GridCountIndex {

    /** A small grid and the point its counts are shown at (lon/lat degrees). */
    public record LabelPoint(String code, double lon, double lat) {
    }

    /** Active features of {@code type} in grid {@code gridCode} ({@code null}: in no grid). */
    public record Row(String gridCode, String type, long count) {
    }

    private final String[] codes;
    private final double[] lons;
    private final double[] lats;
    private final Map<String, Integer> slotOfGrid;
    private final String[] types;
    private final Map<String, Integer> slotOfType;
    /**
     * Row-major: grid slot × type slot; the last row is "in no small grid". A plain array: reading it
     * through an AtomicLongArray cost most of a city-wide count under load.
     */
    private final long[] counts;
    private final Instant asOf;

    /**
     * @param grids the small grids and their label points
     * @param rows  the counts; rows for grids not in {@code grids} count as outside every grid
     * @param asOf  when the counts were read
     */
    public GridCountIndex(Collection<LabelPoint> grids, Collection<Row> rows, Instant asOf) {
        int n = grids.size();
        codes = new String[n];
        lons = new double[n];
        lats = new double[n];
        slotOfGrid = new HashMap<>(n * 2);
        int i = 0;
        for (LabelPoint g : grids) {
            codes[i] = g.code();
            lons[i] = g.lon();
            lats[i] = g.lat();
            slotOfGrid.put(g.code(), i++);
        }
        Map<String, Integer> typeSlots = new LinkedHashMap<>();
        for (Row r : rows) typeSlots.putIfAbsent(r.type(), typeSlots.size());
        slotOfType = Map.copyOf(typeSlots);
        types = typeSlots.keySet().toArray(String[]::new);
        counts = new long[(n + 1) * Math.max(1, types.length)];
        for (Row r : rows) counts[cell(gridSlot(r.gridCode()), slotOfType.get(r.type()))] += r.count();
        this.asOf = asOf;
    }

    private int gridSlot(String gridCode) {
        Integer at = gridCode == null ? null : slotOfGrid.get(gridCode);
        return at == null ? codes.length : at;
    }

    private int cell(int gridSlot, int typeSlot) {
        return gridSlot * types.length + typeSlot;
    }

    /** When the counts were read; edits applied since through {@link #adjust} are included. */
    public Instant asOf() {
        return asOf;
    }

    /**
     * Adds {@code delta} (negative: removes) to the count of active features of {@code type} in grid
     * {@code gridCode} ({@code null} or a grid this index does not know: outside every grid).
     *
     * @return false, changing nothing, when {@code type} was not known when the index was built: the
     *     caller must build a new index to count it
     */
    public synchronized boolean adjust(String gridCode, String type, long delta) {
        Integer typeSlot = slotOfType.get(type);
        if (typeSlot == null) return false;
        counts[cell(gridSlot(gridCode), typeSlot)] += delta;
        return true;
    }

    /**
     * Adds, for every grid whose label point lies in {@code bbox} (edges included), its counts of
     * {@code types} (empty = all) to the lattice cell of that point, at that point.
     *
     * @throws IllegalArgumentException when the view holds more than {@link MapService#MAX_CELLS} cells
     */
    public void countByCell(BoundingBox bbox, Set<String> types, ClusterLattice lattice, CountGroups into) {
        boolean[] wanted = wanted(types);
        int typeCount = this.types.length;
        long column0 = lattice.column(bbox.minLon());
        long row0 = lattice.row(bbox.minLat());
        long rows = lattice.row(bbox.maxLat()) - row0 + 1;
        long cells = (lattice.column(bbox.maxLon()) - column0 + 1) * rows;
        if (cells > MapService.MAX_CELLS) {
            throw new IllegalArgumentException("the view holds " + cells + " cells; at most " + MapService.MAX_CELLS);
        }
        if (typeCount == 0) return;
        // Summed per cell first and handed over once per cell and type: a city-wide view covers
        // 20,000 grids, and one hand-over per grid and type was most of the processor time under load.
        long[] perCellAndType = new long[(int) cells * typeCount];
        double[] sumLon = new double[(int) cells];
        double[] sumLat = new double[(int) cells];
        for (int i = 0; i < codes.length; i++) {
            if (lons[i] < bbox.minLon() || lons[i] > bbox.maxLon() || lats[i] < bbox.minLat() || lats[i] > bbox.maxLat()) {
                continue;
            }
            int cell = (int) ((lattice.column(lons[i]) - column0) * rows + (lattice.row(lats[i]) - row0));
            for (int t = 0; t < typeCount; t++) {
                long n = counts[cell(i, t)];
                if (n > 0 && wanted[t]) {
                    perCellAndType[cell * typeCount + t] += n;
                    sumLon[cell] += lons[i] * n;
                    sumLat[cell] += lats[i] * n;
                }
            }
        }
        for (int cell = 0; cell < cells; cell++) {
            String key = null;
            for (int t = 0; t < typeCount; t++) {
                long n = perCellAndType[cell * typeCount + t];
                if (n <= 0) continue;
                if (key == null) {
                    key = (column0 + cell / rows) + ":" + (row0 + cell % rows);
                    into.add(key, this.types[t], n, sumLon[cell], sumLat[cell]);
                } else {
                    into.add(key, this.types[t], n, 0, 0);
                }
            }
        }
    }

    /** Active features of {@code types} (empty = all) that lie in no small grid, anywhere. */
    public long outsideGrids(Set<String> types) {
        boolean[] wanted = wanted(types);
        long n = 0;
        for (int t = 0; t < this.types.length; t++) {
            if (wanted[t]) n += Math.max(0, counts[cell(codes.length, t)]);
        }
        return n;
    }

    private boolean[] wanted(Set<String> wantedTypes) {
        boolean[] wanted = new boolean[types.length];
        for (int t = 0; t < types.length; t++) wanted[t] = wantedTypes.isEmpty() || wantedTypes.contains(types[t]);
        return wanted;
    }
}
