package org.gridwatch.geodata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import org.gridwatch.geo.GeometryFactories;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;

/**
 * The district's shared lattice of jittered nodes and the grids cut from it.
 *
 * <p>The district is an arrangement of {@code largeCols × largeRows} slots (north-west first, the last
 * row may be partly empty), each slot {@code cellsWide × cellsHigh} lattice cells and holding one large
 * grid. Node (i, j) is column i from the west and row j from the north. Every polygon, large or small,
 * is a ring through all the lattice nodes along its boundary, so neighbouring polygons share identical
 * vertices and the grids form an exact coverage. Jitter is at most 6% of the cell size per axis, which
 * keeps every cell convex and therefore every polygon simple.
 *
 * <p>A large grid holding fewer small grids than it has cells gets some horizontally merged pairs of
 * cells in its southernmost rows. Immutable after construction.
 */
final class GridLattice {

    private static final double JITTER_FRACTION = 0.06;

    final int largeGridCount;
    final int largeCols;
    final int largeRows;
    final int cellsWide;
    final int cellsHigh;
    final int nx;
    final int ny;
    /** Node positions in metres east / north of the origin, indexed by {@link #node(int, int)}. */
    final double[] xMeters;
    final double[] yMeters;
    /** Node positions in degrees, rounded to 7 decimals. */
    final double[] lon;
    final double[] lat;
    final List<Grid> largeGrids;
    final List<Grid> smallGrids;

    GridLattice(DistrictSpec spec, LocalEquirectangular projection, SplittableRandom latticeRandom,
                SplittableRandom namesRandom) {
        this.largeGridCount = spec.largeGrids();
        int maxSmallPerLarge = ceilDiv(spec.smallGrids(), spec.largeGrids());
        this.cellsWide = (int) Math.ceil(Math.sqrt(maxSmallPerLarge));
        this.cellsHigh = ceilDiv(maxSmallPerLarge, cellsWide);
        // Choose the slot arrangement that makes the district about as wide as it is high.
        int cols = (int) Math.ceil(Math.sqrt((double) largeGridCount * cellsHigh / cellsWide));
        this.largeCols = Math.max(1, Math.min(largeGridCount, cols));
        this.largeRows = ceilDiv(largeGridCount, largeCols);
        this.nx = largeCols * cellsWide;
        this.ny = largeRows * cellsHigh;

        int nodeCount = (nx + 1) * (ny + 1);
        xMeters = new double[nodeCount];
        yMeters = new double[nodeCount];
        lon = new double[nodeCount];
        lat = new double[nodeCount];
        double cell = spec.cellSizeMeters();
        double jitter = JITTER_FRACTION * cell;
        for (int j = 0; j <= ny; j++) {
            for (int i = 0; i <= nx; i++) {
                int n = node(i, j);
                xMeters[n] = (i - nx / 2.0) * cell + (latticeRandom.nextDouble() * 2 - 1) * jitter;
                yMeters[n] = (ny / 2.0 - j) * cell + (latticeRandom.nextDouble() * 2 - 1) * jitter;
                lon[n] = projection.lon(xMeters[n]);
                lat[n] = projection.lat(yMeters[n]);
            }
        }

        ChineseNames names = new ChineseNames();
        List<Grid> large = new ArrayList<>(largeGridCount);
        List<Grid> small = new ArrayList<>(spec.smallGrids());
        int base = spec.smallGrids() / largeGridCount;
        int extra = spec.smallGrids() % largeGridCount;
        int largeDigits = largeGridCount > 99 ? Integer.toString(largeGridCount).length() : 2;
        int smallDigits = Math.max(3, Integer.toString(base + (extra > 0 ? 1 : 0)).length());
        for (int slot = 0; slot < largeGridCount; slot++) {
            String community = names.uniqueCommunity(namesRandom);
            String code = DistrictGenerator.DISTRICT_CODE + "-" + pad(slot + 1, largeDigits);
            large.add(new Grid(code, community, Grid.LARGE, null, ChineseNames.person(namesRandom),
                    ChineseNames.mobilePhone(namesRandom), largePolygon(slot)));
            int smallCount = base + (slot < extra ? 1 : 0);
            int sequence = 1;
            for (int[] group : cellGroups(slot, smallCount)) {
                small.add(new Grid(code + "-" + pad(sequence, smallDigits), community + "第" + sequence + "网格",
                        Grid.SMALL, code, ChineseNames.person(namesRandom), ChineseNames.mobilePhone(namesRandom),
                        ringPolygon(group[0], group[1], group[2])));
                sequence++;
            }
        }
        this.largeGrids = Collections.unmodifiableList(large);
        this.smallGrids = Collections.unmodifiableList(small);
    }

    int node(int i, int j) {
        return j * (nx + 1) + i;
    }

    int slotColumn(int slot) {
        return slot % largeCols;
    }

    int slotRow(int slot) {
        return slot / largeCols;
    }

    /** Whether lattice cell (i, j), whose north-west node is (i, j), lies in the district. */
    boolean cellInDistrict(int i, int j) {
        if (i < 0 || j < 0 || i >= nx || j >= ny) {
            return false;
        }
        return (j / cellsHigh) * largeCols + i / cellsWide < largeGridCount;
    }

    /**
     * The small grids of a large grid as {row, firstColumn, lastColumn} cell groups, numbered west to
     * east, north to south. Cells beyond {@code smallCount} are absorbed by merging pairs of cells,
     * starting in the southernmost row.
     */
    private List<int[]> cellGroups(int slot, int smallCount) {
        int i0 = slotColumn(slot) * cellsWide;
        int j0 = slotRow(slot) * cellsHigh;
        int excess = cellsWide * cellsHigh - smallCount;
        int[] pairsInRow = new int[cellsHigh];
        for (int r = cellsHigh - 1; r >= 0 && excess > 0; r--) {
            pairsInRow[r] = Math.min(excess, cellsWide / 2);
            excess -= pairsInRow[r];
        }
        if (excess > 0) {
            // cellsWide = ceil(sqrt(n)) and cellsHigh = ceil(n / cellsWide) leave at most cellsWide spare
            // cells, and cellsHigh rows of cellsWide / 2 pairs always absorb that; reaching here is a bug.
            throw new IllegalStateException("cannot fit " + smallCount + " small grids into " + cellsWide + "x"
                    + cellsHigh + " cells");
        }
        List<int[]> groups = new ArrayList<>(smallCount);
        for (int r = 0; r < cellsHigh; r++) {
            int singles = cellsWide - 2 * pairsInRow[r];
            int column = i0;
            for (int s = 0; s < singles; s++, column++) {
                groups.add(new int[]{j0 + r, column, column});
            }
            for (int p = 0; p < pairsInRow[r]; p++, column += 2) {
                groups.add(new int[]{j0 + r, column, column + 1});
            }
        }
        return groups;
    }

    /** The cells row {@code j}, columns {@code c0..c1}, as one polygon through every boundary node. */
    private Polygon ringPolygon(int j, int c0, int c1) {
        List<Coordinate> ring = new ArrayList<>(2 * (c1 - c0) + 5);
        for (int i = c0; i <= c1 + 1; i++) {
            ring.add(coordinate(i, j));
        }
        for (int i = c1 + 1; i >= c0; i--) {
            ring.add(coordinate(i, j + 1));
        }
        ring.add(coordinate(c0, j));
        return GeometryFactories.WGS84.createPolygon(ring.toArray(Coordinate[]::new));
    }

    private Polygon largePolygon(int slot) {
        int i0 = slotColumn(slot) * cellsWide;
        int j0 = slotRow(slot) * cellsHigh;
        int i1 = i0 + cellsWide;
        int j1 = j0 + cellsHigh;
        List<Coordinate> ring = new ArrayList<>(2 * (cellsWide + cellsHigh) + 1);
        for (int i = i0; i < i1; i++) {
            ring.add(coordinate(i, j0));
        }
        for (int j = j0; j < j1; j++) {
            ring.add(coordinate(i1, j));
        }
        for (int i = i1; i > i0; i--) {
            ring.add(coordinate(i, j1));
        }
        for (int j = j1; j > j0; j--) {
            ring.add(coordinate(i0, j));
        }
        ring.add(coordinate(i0, j0));
        return GeometryFactories.WGS84.createPolygon(ring.toArray(Coordinate[]::new));
    }

    Coordinate coordinate(int i, int j) {
        int n = node(i, j);
        return new Coordinate(lon[n], lat[n]);
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    static String pad(long value, int digits) {
        String s = Long.toString(value);
        if (s.length() >= digits) {
            return s;
        }
        return "0".repeat(digits - s.length()) + s;
    }
}
