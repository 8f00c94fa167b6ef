package org.gridwatch.map;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gridwatch.geo.BoundingBox;

/**
 * The number of active features per small grid and type, each grid stood for by one label point
 * inside it: what the map shows when a view holds so many features that counting them one by one
 * on every pan would take seconds (a whole city of a million). Counting a view then means adding up
 * the grids whose label point lies in it, at the grid's label point.
 *
 * <p>Immutable after construction and thread-safe. Answers in O(number of grids).
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
    private final List<Map<String, Long>> countsByType;
    private final Map<String, Long> outsideGridsByType = new HashMap<>();
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
        Map<String, Integer> slot = new HashMap<>(n * 2);
        Map<String, Long>[] counts = newMapArray(n);
        int i = 0;
        for (LabelPoint g : grids) {
            codes[i] = g.code();
            lons[i] = g.lon();
            lats[i] = g.lat();
            counts[i] = new HashMap<>(8);
            slot.put(g.code(), i++);
        }
        for (Row r : rows) {
            Integer at = r.gridCode() == null ? null : slot.get(r.gridCode());
            Map<String, Long> target = at == null ? outsideGridsByType : counts[at];
            target.merge(r.type(), r.count(), Long::sum);
        }
        countsByType = List.of(counts);
        this.asOf = asOf;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long>[] newMapArray(int n) {
        return (Map<String, Long>[]) new Map[n];
    }

    /** When the counts were read. */
    public Instant asOf() {
        return asOf;
    }

    /**
     * Adds, for every grid whose label point lies in {@code bbox} (edges included), its counts of
     * {@code types} (empty = all) to the lattice cell of that point, at that point.
     */
    public void countByCell(BoundingBox bbox, Set<String> types, ClusterLattice lattice, CountGroups into) {
        for (int i = 0; i < codes.length; i++) {
            if (lons[i] < bbox.minLon() || lons[i] > bbox.maxLon() || lats[i] < bbox.minLat() || lats[i] > bbox.maxLat()) {
                continue;
            }
            String key = lattice.column(lons[i]) + ":" + lattice.row(lats[i]);
            for (Map.Entry<String, Long> e : countsByType.get(i).entrySet()) {
                if (types.isEmpty() || types.contains(e.getKey())) {
                    long n = e.getValue();
                    into.add(key, e.getKey(), n, lons[i] * n, lats[i] * n);
                }
            }
        }
    }

    /** Active features of {@code types} (empty = all) that lie in no small grid, anywhere. */
    public long outsideGrids(Set<String> types) {
        long n = 0;
        for (Map.Entry<String, Long> e : outsideGridsByType.entrySet()) {
            if (types.isEmpty() || types.contains(e.getKey())) n += e.getValue();
        }
        return n;
    }
}
