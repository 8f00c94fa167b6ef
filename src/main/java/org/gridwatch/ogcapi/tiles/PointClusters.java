package org.gridwatch.ogcapi.tiles;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Points of one tile gathered into a {@code cells × cells} lattice over the tile, one cluster per cell and
 * type: its count and the mean position of its members. Used where a tile would hold more points than a
 * map can show; the counts of a tile's clusters add up to the number of points in the tile.
 *
 * <p>Cells may be given as partial sums (a database that already grouped the points) or point by point.
 * {@link #clear} makes it empty for the next tile, keeping its arrays (96 KiB a type at 64 × 64 cells, made new
 * for every tile they were a seventh of what tiles allocated). Not thread-safe: one tile at a time.
 */
public final class PointClusters {

    /** One cluster: {@code count} points of {@code type} whose mean position is {@code lon, lat}. */
    public record Cluster(String type, long count, double lon, double lat) {
    }

    /** The sums of one type, cell by cell (row-major), in arrays: this runs once per point of a dense tile. */
    static final class TypeCells {
        final long[] count;
        final double[] lon, lat;

        TypeCells(int n) {
            count = new long[n];
            lon = new double[n];
            lat = new double[n];
        }

        void zero() {
            Arrays.fill(count, 0);
            Arrays.fill(lon, 0);
            Arrays.fill(lat, 0);
        }
    }

    /** Receives the clusters, one call each. */
    public interface ClusterVisitor {
        void cluster(String type, long count, double lon, double lat);
    }

    private final int cells;
    /** This tile's sums, in the order their types first came. */
    private final Map<String, TypeCells> sums = new LinkedHashMap<>();
    /** Zeroed sums of earlier tiles, for reuse. */
    private final Map<String, TypeCells> spare = new HashMap<>();

    public PointClusters(int cells) {
        if (cells < 1) throw new IllegalArgumentException("cells must be positive");
        this.cells = cells;
    }

    public int cells() {
        return cells;
    }

    /**
     * Adds {@code count} points of {@code type} in cell {@code (cx, cy)} whose positions add up to
     * {@code sumLon, sumLat}. Cells past the lattice (a point on the tile's east or south edge) join the last one.
     */
    public void add(String type, long cx, long cy, long count, double sumLon, double sumLat) {
        TypeCells t = cellsOf(type);
        int i = index(cx, cy);
        t.count[i] += count;
        t.lon[i] += sumLon;
        t.lat[i] += sumLat;
    }

    /** The sums of a type (made empty the first time: clusters are listed in the order their types first came). */
    TypeCells cellsOf(String type) {
        TypeCells t = sums.get(type);
        if (t == null) {
            t = spare.remove(type);
            if (t == null) t = new TypeCells(cells * cells);
            sums.put(type, t);
        }
        return t;
    }

    /** Empties it for another tile, keeping the arrays. */
    public void clear() {
        for (Map.Entry<String, TypeCells> e : sums.entrySet()) {
            e.getValue().zero();
            spare.put(e.getKey(), e.getValue());
        }
        sums.clear();
    }

    /** Index of cell {@code (cx, cy)} in a type's arrays; cells past the lattice join the nearest edge cell. */
    int index(long cx, long cy) {
        int x = (int) Math.max(0, Math.min(cells - 1, cx));
        int y = (int) Math.max(0, Math.min(cells - 1, cy));
        return y * cells + x;
    }

    /** Adds one point at tile position {@code tx, ty} (0..extent). */
    public void addPoint(String type, double tx, double ty, int extent, double lon, double lat) {
        add(type, (long) Math.floor(tx * cells / extent), (long) Math.floor(ty * cells / extent), 1, lon, lat);
    }

    public List<Cluster> clusters() {
        List<Cluster> out = new ArrayList<>();
        forEach((type, count, lon, lat) -> out.add(new Cluster(type, count, lon, lat)));
        return out;
    }

    /** The same clusters as {@link #clusters()}, in the same order, without a list and a record each. */
    public void forEach(ClusterVisitor visitor) {
        for (Map.Entry<String, TypeCells> e : sums.entrySet()) {
            TypeCells t = e.getValue();
            for (int i = 0; i < t.count.length; i++) {
                if (t.count[i] > 0) visitor.cluster(e.getKey(), t.count[i], t.lon[i] / t.count[i], t.lat[i] / t.count[i]);
            }
        }
    }
}
