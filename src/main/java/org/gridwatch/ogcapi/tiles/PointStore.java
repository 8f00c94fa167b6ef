package org.gridwatch.ogcapi.tiles;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.locationtech.jts.geom.Envelope;

/**
 * Every point feature with what a tile shows of it (id, type, position, name, status, small grid), in memory,
 * so that no tile of points reads the store: on the embedded store, which has no spatial index a tile query can
 * use well, a detail tile read from it took up to seconds at a million features.
 *
 * <p>Points are kept in cells, the tiles of level {@link #CELL_ZOOM}, each cell's points in columns and with
 * its count and coordinate sums per type. A tile of level {@code z ≤ CELL_ZOOM} holds exactly the cells
 * nested in it (so every point is in exactly one tile of a level); at levels {@code z ≤ CELL_ZOOM - 6} a tile's
 * 64 × 64 clusters are made from the cells' sums alone, since each cell then lies in one cluster cell.
 *
 * <p>Kept current edit by edit: {@link #replace} swaps the points of an area for what the store now holds
 * there, rebuilding only the cells the area meets. Cells are immutable and replaced whole, so readers need no
 * lock; a reader may see one cell of a two-cell change (a move) before the other, which the tile cache's
 * generation check keeps out of the cache. Writers are serialised.
 */
public final class PointStore {

    /** Level of the tiles the points are kept in (≈ 600 m across at the equator). */
    public static final int CELL_ZOOM = 16;
    private static final int CLUSTER_DEPTH = 6;

    /**
     * One point as the store reads it. {@code digest}: a hash of the row computed by the store (0 where it
     * computes none), summed up by {@link #digest()} so that the points held can be compared with the store's
     * without reading them again.
     */
    public record Row(long id, String type, double lon, double lat, String name, String status, String gridCode,
                      long digest) {

        public Row(long id, String type, double lon, double lat, String name, String status, String gridCode) {
            this(id, type, lon, lat, name, status, gridCode, 0);
        }
    }

    /** Receives the points of a tile, one call per point; {@code type} is a number of {@link #types()}. */
    public interface PointVisitor {
        void point(long id, int type, double lon, double lat, String name, String status, String gridCode);
    }

    /**
     * Receives the points of a tile in tile coordinates ({@code x, y}: exactly {@link WebMercatorQuad.Tile#tileX}
     * and {@code tileY} of the point), one call per point.
     */
    public interface TilePointVisitor {
        void point(long id, int type, double x, double y, String name, String status, String gridCode);
    }

    /** The points of one cell, in columns, with per-type count and coordinate sums. */
    private static final class Cell {
        final int cx, cy;
        final long[] id;
        final double[] lon, lat;
        /** {@link WebMercatorQuad#worldY} of each point: its logarithm is most of projecting a point to a tile. */
        final double[] worldY;
        final short[] type;
        final String[] name, status, grid;
        final long[] digest;
        /** Sum of {@link #digest}, wrapping. */
        final long digestSum;
        final long[] count;
        final double[] sumLon, sumLat;

        Cell(int cx, int cy, List<Row> rows, Map<String, Short> typeNumbers, int typeCount) {
            this.cx = cx;
            this.cy = cy;
            int n = rows.size();
            id = new long[n];
            lon = new double[n];
            lat = new double[n];
            worldY = new double[n];
            type = new short[n];
            name = new String[n];
            status = new String[n];
            grid = new String[n];
            digest = new long[n];
            count = new long[typeCount];
            sumLon = new double[typeCount];
            sumLat = new double[typeCount];
            long sum = 0;
            for (int i = 0; i < n; i++) {
                Row r = rows.get(i);
                short t = typeNumbers.get(r.type());
                id[i] = r.id();
                lon[i] = r.lon();
                lat[i] = r.lat();
                worldY[i] = WebMercatorQuad.worldY(r.lat());
                type[i] = t;
                name[i] = r.name();
                // Hashed here once, not when a tile's value dictionary first meets the name.
                if (name[i] != null) name[i].hashCode();
                status[i] = r.status();
                grid[i] = r.gridCode();
                digest[i] = r.digest();
                sum += r.digest();
                count[t]++;
                sumLon[t] += r.lon();
                sumLat[t] += r.lat();
            }
            digestSum = sum;
        }

        int size() {
            return id.length;
        }

        Row row(int i, List<String> types) {
            return new Row(id[i], types.get(type[i]), lon[i], lat[i], name[i], status[i], grid[i], digest[i]);
        }

        long countOf(int t) {
            return t < count.length ? count[t] : 0;
        }
    }

    private final Map<Long, Cell> cells = new ConcurrentHashMap<>();
    private volatile List<String> types = List.of();
    /** Guarded by {@code this}. */
    private final Map<String, Short> typeNumbers = new HashMap<>();
    /** Statuses and grid codes repeat: one String each (guarded by {@code this}). */
    private final Map<String, String> shared = new HashMap<>();

    public PointStore(Collection<Row> rows) {
        add(rows);
    }

    public List<String> types() {
        return types;
    }

    /** Number of points held. */
    public long size() {
        long n = 0;
        for (Cell c : cells.values()) n += c.size();
        return n;
    }

    /**
     * The sum of the held points' {@link Row#digest}s (64-bit, wrapping: the order of adding does not matter).
     * Taken under the writers' lock, so a {@link #replace} is in it whole or not at all.
     */
    public synchronized long digest() {
        long sum = 0;
        for (Cell c : cells.values()) sum += c.digestSum;
        return sum;
    }

    /**
     * Replaces the points whose position lies in {@code area} (lon/lat, edges included) with {@code rows}:
     * what the store holds in that area now. Rows outside the area are added too (they are expected to be
     * the store's, and no point is held twice: a row's id replaces any point of that id in the cells met).
     */
    public synchronized void replace(Envelope area, Collection<Row> rows) {
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (Row r : rows) ids.add(r.id());
        Map<Long, List<Row>> kept = new HashMap<>();
        int x0 = cellX(area.getMinX()), x1 = cellX(area.getMaxX());
        int y0 = cellY(area.getMaxY()), y1 = cellY(area.getMinY());
        for (Cell c : cellsIn(x0, y0, x1, y1)) {
            List<Row> left = new ArrayList<>(c.size());
            for (int i = 0; i < c.size(); i++) {
                boolean inArea = c.lon[i] >= area.getMinX() && c.lon[i] <= area.getMaxX()
                        && c.lat[i] >= area.getMinY() && c.lat[i] <= area.getMaxY();
                if (!inArea && !ids.contains(c.id[i])) left.add(c.row(i, types));
            }
            kept.put(key(c.cx, c.cy), left);
        }
        for (Row r : rows) {
            long k = key(cellX(r.lon()), cellY(r.lat()));
            List<Row> into = kept.get(k);
            if (into == null) {
                // A row in a cell the area does not meet (allowed: see above): that cell is rebuilt too.
                Cell existing = cells.get(k);
                into = new ArrayList<>();
                if (existing != null) {
                    for (int i = 0; i < existing.size(); i++) {
                        if (!ids.contains(existing.id[i])) into.add(existing.row(i, types));
                    }
                }
                kept.put(k, into);
            }
            into.add(shared(r));
        }
        store(kept);
    }

    private void add(Collection<Row> rows) {
        Map<Long, List<Row>> byCell = new HashMap<>();
        for (Row r : rows) byCell.computeIfAbsent(key(cellX(r.lon()), cellY(r.lat())), k -> new ArrayList<>()).add(shared(r));
        synchronized (this) {
            store(byCell);
        }
    }

    private Row shared(Row r) {
        return new Row(r.id(), r.type(), r.lon(), r.lat(), r.name(), share(r.status()), share(r.gridCode()), r.digest());
    }

    private synchronized String share(String s) {
        if (s == null) return null;
        String known = shared.putIfAbsent(s, s);
        return known == null ? s : known;
    }

    private void store(Map<Long, List<Row>> byCell) {
        List<String> known = new ArrayList<>(types);
        for (List<Row> rows : byCell.values()) {
            for (Row r : rows) {
                if (!typeNumbers.containsKey(r.type())) {
                    typeNumbers.put(r.type(), (short) known.size());
                    known.add(r.type());
                }
            }
        }
        types = List.copyOf(known);
        byCell.forEach((k, rows) -> {
            if (rows.isEmpty()) {
                cells.remove(k);
            } else {
                cells.put(k, new Cell((int) (k >>> 32), (int) (long) k, rows, typeNumbers, known.size()));
            }
        });
    }

    // ---------------------------------------------------------------- tiles

    /** Number of points of each type (by type number) in a tile. */
    public long[] counts(WebMercatorQuad.Tile t) {
        List<String> typesNow = types;
        long[] counts = new long[typesNow.size()];
        if (t.z() <= CELL_ZOOM) {
            for (Cell c : cellsOf(t)) {
                for (int i = 0; i < counts.length; i++) counts[i] += c.countOf(i);
            }
        } else {
            visit(t, null, (id, type, lon, lat, name, status, grid) -> {
                if (type < counts.length) counts[type]++;
            });
        }
        return counts;
    }

    /**
     * Adds the points of a tile whose type is chosen ({@code chosen[typeNumber]}) to the tile's clusters
     * ({@code clusters.cells()} must be 64 at levels where cell sums are used).
     */
    public void cluster(WebMercatorQuad.Tile t, boolean[] chosen, PointClusters clusters) {
        List<String> typesNow = types;
        if (t.z() + CLUSTER_DEPTH <= CELL_ZOOM && clusters.cells() == 1 << CLUSTER_DEPTH) {
            int shift = CELL_ZOOM - t.z() - CLUSTER_DEPTH;
            long baseX = (long) t.x() << CLUSTER_DEPTH, baseY = (long) t.y() << CLUSTER_DEPTH;
            for (Cell c : cellsOf(t)) {
                long px = (c.cx >> shift) - baseX, py = (c.cy >> shift) - baseY;
                for (int ty = 0; ty < c.count.length && ty < chosen.length; ty++) {
                    if (chosen[ty] && c.count[ty] > 0) {
                        clusters.add(typesNow.get(ty), px, py, c.count[ty], c.sumLon[ty], c.sumLat[ty]);
                    }
                }
            }
            return;
        }
        // Point by point into the lattice: the same cells and the same sums, in the same order, as
        // clusters.addPoint(type, t.tileX(lon), t.tileY(lat), EXTENT, lon, lat) would make, without its look-ups.
        PointClusters.TypeCells[] sums = new PointClusters.TypeCells[typesNow.size()];
        int cells = clusters.cells(), extent = MvtEncoder.EXTENT;
        double n = 1L << t.z();
        int tx0 = t.x(), ty0 = t.y();
        forCells(t, (c, box) -> {
            for (int i = 0; i < c.size(); i++) {
                int ty = c.type[i];
                if (ty >= chosen.length || !chosen[ty] || !inBox(c, i, box)) continue;
                PointClusters.TypeCells s = sums[ty];
                if (s == null) s = sums[ty] = clusters.cellsOf(typesNow.get(ty));
                double x = (WebMercatorQuad.worldX(c.lon[i]) * n - tx0) * extent;
                double y = (c.worldY[i] * n - ty0) * extent;
                int k = clusters.index((long) Math.floor(x * cells / extent), (long) Math.floor(y * cells / extent));
                s.count[k] += 1;
                s.lon[k] += c.lon[i];
                s.lat[k] += c.lat[i];
            }
        });
    }

    /**
     * Every point of a tile whose type is chosen, in tile coordinates (the same points, in the same order, as
     * {@link #visit}).
     */
    public void visitInTile(WebMercatorQuad.Tile t, boolean[] chosen, int extent, TilePointVisitor visitor) {
        double n = 1L << t.z();
        int tx0 = t.x(), ty0 = t.y();
        forCells(t, (c, box) -> {
            for (int i = 0; i < c.size(); i++) {
                int ty = c.type[i];
                if (chosen != null && (ty >= chosen.length || !chosen[ty])) continue;
                if (!inBox(c, i, box)) continue;
                visitor.point(c.id[i], ty, (WebMercatorQuad.worldX(c.lon[i]) * n - tx0) * extent,
                        (c.worldY[i] * n - ty0) * extent, c.name[i], c.status[i], c.grid[i]);
            }
        });
    }

    private interface CellVisitor {
        void cell(Cell c, Envelope box);
    }

    /** The cells of a tile, each with the box its points must lie in (null: all of them), as {@link #visit} reads them. */
    private void forCells(WebMercatorQuad.Tile t, CellVisitor visitor) {
        if (t.z() <= CELL_ZOOM) {
            for (Cell c : cellsOf(t)) visitor.cell(c, null);
        } else {
            int shift = t.z() - CELL_ZOOM;
            Cell c = cells.get(key(t.x() >> shift, t.y() >> shift));
            if (c != null) visitor.cell(c, t.lonLat());
        }
    }

    private static boolean inBox(Cell c, int i, Envelope box) {
        return box == null || !(c.lon[i] < box.getMinX() || c.lon[i] > box.getMaxX()
                || c.lat[i] < box.getMinY() || c.lat[i] > box.getMaxY());
    }

    /**
     * Every point of a tile whose type is chosen (null: all). Up to level {@link #CELL_ZOOM} a tile's points
     * are those of its cells; deeper, those of its cell within the tile's bounds, edges included.
     */
    public void visit(WebMercatorQuad.Tile t, boolean[] chosen, PointVisitor visitor) {
        if (t.z() <= CELL_ZOOM) {
            for (Cell c : cellsOf(t)) visitCell(c, chosen, null, visitor);
        } else {
            int shift = t.z() - CELL_ZOOM;
            Cell c = cells.get(key(t.x() >> shift, t.y() >> shift));
            if (c != null) visitCell(c, chosen, t.lonLat(), visitor);
        }
    }

    private static void visitCell(Cell c, boolean[] chosen, Envelope box, PointVisitor visitor) {
        for (int i = 0; i < c.size(); i++) {
            int ty = c.type[i];
            if (chosen != null && (ty >= chosen.length || !chosen[ty])) continue;
            if (box != null && (c.lon[i] < box.getMinX() || c.lon[i] > box.getMaxX()
                    || c.lat[i] < box.getMinY() || c.lat[i] > box.getMaxY())) {
                continue;
            }
            visitor.point(c.id[i], ty, c.lon[i], c.lat[i], c.name[i], c.status[i], c.grid[i]);
        }
    }

    /** The cells nested in a tile of level {@code z ≤ CELL_ZOOM}. */
    private List<Cell> cellsOf(WebMercatorQuad.Tile t) {
        int shift = CELL_ZOOM - t.z();
        long x0 = (long) t.x() << shift, y0 = (long) t.y() << shift;
        long x1 = x0 + (1L << shift) - 1, y1 = y0 + (1L << shift) - 1;
        return cellsIn(x0, y0, x1, y1);
    }

    /** The cells of columns x0..x1 and rows y0..y1: looked up one by one when fewer than all cells, else filtered. */
    private List<Cell> cellsIn(long x0, long y0, long x1, long y1) {
        List<Cell> out = new ArrayList<>();
        long span = (x1 - x0 + 1) * (y1 - y0 + 1);
        if (span <= cells.size()) {
            for (long x = x0; x <= x1; x++) {
                for (long y = y0; y <= y1; y++) {
                    Cell c = cells.get(key((int) x, (int) y));
                    if (c != null) out.add(c);
                }
            }
        } else {
            for (Cell c : cells.values()) {
                if (c.cx >= x0 && c.cx <= x1 && c.cy >= y0 && c.cy <= y1) out.add(c);
            }
        }
        return out;
    }

    /** Number of cells that an area (lon/lat) meets, for deciding between an update and a full read. */
    public static long cellsMet(Envelope area) {
        return (long) (cellX(area.getMaxX()) - cellX(area.getMinX()) + 1) * (cellY(area.getMinY()) - cellY(area.getMaxY()) + 1);
    }

    private static int cellX(double lon) {
        return WebMercatorQuad.tileAt(lon, 0, CELL_ZOOM).x();
    }

    private static int cellY(double lat) {
        return WebMercatorQuad.tileAt(0, lat, CELL_ZOOM).y();
    }

    private static long key(int cx, int cy) {
        return ((long) cx << 32) | (cy & 0xffffffffL);
    }
}
