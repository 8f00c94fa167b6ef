package org.gridwatch.geodata;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Lays a street network over the {@link GridLattice} and cuts it into exactly the requested number of
 * segments.
 *
 * <p>Streets run along lattice lines, so along small-grid boundaries: every large-grid boundary is a
 * primary or secondary road, and inside each large grid residential streets follow lattice lines
 * every 1 to 3 cells. Some blocks (the areas between streets) get a diagonal street from corner to
 * corner; others a dead-end lane (巷) from a street into the block. All streets meet at lattice
 * nodes, so a segment ends wherever another street touches it and meeting segments share the exact
 * same end coordinates.
 *
 * <p>Then the count is fixed: with too few segments the longest are split (at an inner lattice node
 * near the middle, else at the midpoint); with too many, dead-end lanes go first, then segments that
 * close a cycle (least important first, so the network stays connected), then leaves of what remains.
 * Not thread-safe; one instance builds one network.
 */
final class StreetNetworkBuilder {

    private static final double DIAGONAL_BLOCK_FRACTION = 0.12;
    private static final double LANE_BLOCK_FRACTION = 0.38;

    /** A street segment while the network is built: metre coordinates and its two graph nodes. */
    static final class Segment {
        final int street;
        final String name;
        final StreetClass streetClass;
        final double startAlongMeters;
        final double[] xMeters;
        final double[] yMeters;
        final long startNode;
        final long endNode;
        final double lengthMeters;
        boolean dropped;

        Segment(int street, String name, StreetClass streetClass, double startAlongMeters, double[] xMeters,
                double[] yMeters, long startNode, long endNode) {
            this.street = street;
            this.name = name;
            this.streetClass = streetClass;
            this.startAlongMeters = startAlongMeters;
            this.xMeters = xMeters;
            this.yMeters = yMeters;
            this.startNode = startNode;
            this.endNode = endNode;
            double length = 0;
            for (int k = 1; k < xMeters.length; k++) {
                length += Math.hypot(xMeters[k] - xMeters[k - 1], yMeters[k] - yMeters[k - 1]);
            }
            this.lengthMeters = length;
        }
    }

    private record Street(String name, StreetClass streetClass, int[] nodes) {
    }

    /** Output order: street by street, and along each street from its start. */
    private static final Comparator<Segment> ALONG_STREETS =
            Comparator.<Segment>comparingInt(s -> s.street).thenComparingDouble(s -> s.startAlongMeters);

    private final GridLattice lattice;
    private final SplittableRandom random;
    private final ChineseNames names = new ChineseNames();
    private final List<Street> streets = new ArrayList<>();
    /** Name of the street owning a lattice edge; key = 2 × west/north node + (0 horizontal, 1 vertical). */
    private final Map<Long, String> streetOnEdge = new HashMap<>();
    private final Map<String, Integer> lanesOff = new HashMap<>();
    private long nextSplitNode = -1;

    StreetNetworkBuilder(GridLattice lattice, SplittableRandom random) {
        this.lattice = lattice;
        this.random = random;
    }

    /** Builds the network and returns exactly {@code segmentCount} (≥ 1) segments in output order. */
    List<Segment> build(int segmentCount) {
        layBoundaryRoads();
        for (int slot = 0; slot < lattice.largeGridCount; slot++) {
            layStreetsInside(slot);
        }
        List<Segment> segments = splitAtJunctions();
        if (segments.size() < segmentCount) {
            segments = splitLongest(segments, segmentCount);
        } else if (segments.size() > segmentCount) {
            segments = dropLeastImportant(segments, segmentCount);
        }
        segments.sort(ALONG_STREETS);
        return segments;
    }

    private void layBoundaryRoads() {
        for (int k = 0; k <= lattice.largeCols; k++) {
            int i = k * lattice.cellsWide;
            StreetClass streetClass = k % 2 == 0 ? StreetClass.PRIMARY : StreetClass.SECONDARY;
            String name = names.uniqueStreet(random, roadSuffix(streetClass));
            List<Integer> run = new ArrayList<>();
            for (int j = 0; j <= lattice.ny; j++) {
                boolean edgeBelow = j < lattice.ny
                        && (lattice.cellInDistrict(i - 1, j) || lattice.cellInDistrict(i, j));
                if (edgeBelow || !run.isEmpty()) {
                    run.add(lattice.node(i, j));
                }
                if (!edgeBelow && !run.isEmpty()) {
                    addStreet(name, streetClass, run);
                    run.clear();
                }
            }
        }
        for (int k = 0; k <= lattice.largeRows; k++) {
            int j = k * lattice.cellsHigh;
            StreetClass streetClass = k % 2 == 0 ? StreetClass.PRIMARY : StreetClass.SECONDARY;
            String name = names.uniqueStreet(random, roadSuffix(streetClass));
            List<Integer> run = new ArrayList<>();
            for (int i = 0; i <= lattice.nx; i++) {
                boolean edgeEast = i < lattice.nx
                        && (lattice.cellInDistrict(i, j - 1) || lattice.cellInDistrict(i, j));
                if (edgeEast || !run.isEmpty()) {
                    run.add(lattice.node(i, j));
                }
                if (!edgeEast && !run.isEmpty()) {
                    addStreet(name, streetClass, run);
                    run.clear();
                }
            }
        }
    }

    private String roadSuffix(StreetClass streetClass) {
        if (streetClass == StreetClass.PRIMARY) {
            return random.nextInt(3) == 0 ? "大道" : "路";
        }
        return streetClass == StreetClass.RESIDENTIAL && random.nextBoolean() ? "街" : "路";
    }

    private void layStreetsInside(int slot) {
        int i0 = lattice.slotColumn(slot) * lattice.cellsWide;
        int j0 = lattice.slotRow(slot) * lattice.cellsHigh;
        int[] columns = streetLines(i0, i0 + lattice.cellsWide);
        int[] rows = streetLines(j0, j0 + lattice.cellsHigh);
        for (int c = 1; c < columns.length - 1; c++) {
            List<Integer> nodes = new ArrayList<>();
            for (int j = j0; j <= j0 + lattice.cellsHigh; j++) {
                nodes.add(lattice.node(columns[c], j));
            }
            addStreet(names.uniqueStreet(random, roadSuffix(StreetClass.RESIDENTIAL)), StreetClass.RESIDENTIAL,
                    nodes);
        }
        for (int r = 1; r < rows.length - 1; r++) {
            List<Integer> nodes = new ArrayList<>();
            for (int i = i0; i <= i0 + lattice.cellsWide; i++) {
                nodes.add(lattice.node(i, rows[r]));
            }
            addStreet(names.uniqueStreet(random, roadSuffix(StreetClass.RESIDENTIAL)), StreetClass.RESIDENTIAL,
                    nodes);
        }
        for (int r = 1; r < rows.length; r++) {
            for (int c = 1; c < columns.length; c++) {
                layInsideBlock(columns[c - 1], columns[c], rows[r - 1], rows[r]);
            }
        }
    }

    /** Street positions from {@code from} to {@code to} inclusive, 1 to 3 cells apart. */
    private int[] streetLines(int from, int to) {
        List<Integer> positions = new ArrayList<>();
        positions.add(from);
        for (int p = from + 1 + random.nextInt(3); p < to; p += 1 + random.nextInt(3)) {
            positions.add(p);
        }
        positions.add(to);
        return positions.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Maybe a diagonal or a dead-end lane in the block between columns a..b and rows c..d. */
    private void layInsideBlock(int a, int b, int c, int d) {
        double roll = random.nextDouble();
        if (b - a < 2 || d - c < 2) {
            return; // no lattice line runs inside a block one cell across
        }
        if (roll < DIAGONAL_BLOCK_FRACTION) {
            boolean fromNorthWest = random.nextBoolean();
            List<Integer> nodes = fromNorthWest
                    ? List.of(lattice.node(a, c), lattice.node(b, d))
                    : List.of(lattice.node(b, c), lattice.node(a, d));
            addStreet(names.uniqueStreet(random, "路"), StreetClass.RESIDENTIAL, nodes);
        } else if (roll < DIAGONAL_BLOCK_FRACTION + LANE_BLOCK_FRACTION) {
            List<Integer> nodes = new ArrayList<>();
            String parent;
            if (random.nextBoolean()) {
                int i = a + 1 + random.nextInt(b - a - 1);
                int length = 1 + random.nextInt(d - c - 1);
                boolean fromNorth = random.nextBoolean();
                int j = fromNorth ? c : d;
                parent = streetOnEdge.get(edgeKey(lattice.node(i, j), false));
                for (int step = 0; step <= length; step++) {
                    nodes.add(lattice.node(i, fromNorth ? j + step : j - step));
                }
            } else {
                int j = c + 1 + random.nextInt(d - c - 1);
                int length = 1 + random.nextInt(b - a - 1);
                boolean fromWest = random.nextBoolean();
                int i = fromWest ? a : b;
                parent = streetOnEdge.get(edgeKey(lattice.node(i, j), true));
                for (int step = 0; step <= length; step++) {
                    nodes.add(lattice.node(fromWest ? i + step : i - step, j));
                }
            }
            int ordinal = lanesOff.merge(parent, 1, Integer::sum);
            addStreet(ChineseNames.lane(parent, ordinal), StreetClass.ALLEY, nodes);
        }
    }

    private static long edgeKey(int westOrNorthNode, boolean vertical) {
        return 2L * westOrNorthNode + (vertical ? 1 : 0);
    }

    private void addStreet(String name, StreetClass streetClass, List<Integer> nodes) {
        int[] array = nodes.stream().mapToInt(Integer::intValue).toArray();
        streets.add(new Street(name, streetClass, array));
        for (int k = 1; k < array.length; k++) {
            int first = Math.min(array[k - 1], array[k]);
            int second = Math.max(array[k - 1], array[k]);
            if (second - first == 1) {
                streetOnEdge.put(edgeKey(first, false), name);
            } else if (second - first == lattice.nx + 1) {
                streetOnEdge.put(edgeKey(first, true), name);
            }
        }
    }

    /** Cuts every street at each node where the network branches (degree other than 2). */
    private List<Segment> splitAtJunctions() {
        int[] degree = new int[(lattice.nx + 1) * (lattice.ny + 1)];
        for (Street street : streets) {
            for (int k = 1; k < street.nodes.length; k++) {
                degree[street.nodes[k - 1]]++;
                degree[street.nodes[k]]++;
            }
        }
        List<Segment> segments = new ArrayList<>();
        for (int s = 0; s < streets.size(); s++) {
            Street street = streets.get(s);
            int[] nodes = street.nodes;
            int start = 0;
            double along = 0;
            for (int k = 1; k < nodes.length; k++) {
                if (k == nodes.length - 1 || degree[nodes[k]] != 2) {
                    int count = k - start + 1;
                    double[] x = new double[count];
                    double[] y = new double[count];
                    for (int m = 0; m < count; m++) {
                        x[m] = lattice.xMeters[nodes[start + m]];
                        y[m] = lattice.yMeters[nodes[start + m]];
                    }
                    Segment segment = new Segment(s, street.name, street.streetClass, along, x, y, nodes[start],
                            nodes[k]);
                    segments.add(segment);
                    along += segment.lengthMeters;
                    start = k;
                }
            }
        }
        return segments;
    }

    /** Splits the longest segment in two until there are {@code target}; the network is unchanged. */
    private List<Segment> splitLongest(List<Segment> segments, int target) {
        PriorityQueue<Segment> longestFirst = new PriorityQueue<>(
                Comparator.comparingDouble((Segment s) -> -s.lengthMeters).thenComparing(ALONG_STREETS));
        longestFirst.addAll(segments);
        while (longestFirst.size() < target) {
            Segment longest = longestFirst.poll();
            Segment[] halves = split(longest);
            longestFirst.add(halves[0]);
            longestFirst.add(halves[1]);
        }
        return new ArrayList<>(longestFirst);
    }

    private Segment[] split(Segment s) {
        int n = s.xMeters.length;
        double[] x;
        double[] y;
        int at;
        if (n >= 3) {
            // Prefer an existing inner vertex closest to half way, so pieces stay on the lattice.
            x = s.xMeters;
            y = s.yMeters;
            at = 1;
            double walked = 0;
            double best = Double.MAX_VALUE;
            for (int k = 1; k < n - 1; k++) {
                walked += Math.hypot(x[k] - x[k - 1], y[k] - y[k - 1]);
                double miss = Math.abs(walked - s.lengthMeters / 2);
                if (miss < best) {
                    best = miss;
                    at = k;
                }
            }
        } else {
            x = new double[]{s.xMeters[0], (s.xMeters[0] + s.xMeters[1]) / 2, s.xMeters[1]};
            y = new double[]{s.yMeters[0], (s.yMeters[0] + s.yMeters[1]) / 2, s.yMeters[1]};
            at = 1;
        }
        long middleNode = nextSplitNode--;
        Segment first = new Segment(s.street, s.name, s.streetClass, s.startAlongMeters,
                Arrays.copyOfRange(x, 0, at + 1), Arrays.copyOfRange(y, 0, at + 1),
                s.startNode, middleNode);
        Segment second = new Segment(s.street, s.name, s.streetClass, s.startAlongMeters + first.lengthMeters,
                Arrays.copyOfRange(x, at, x.length), Arrays.copyOfRange(y, at, y.length),
                middleNode, s.endNode);
        return new Segment[]{first, second};
    }

    /**
     * Drops segments until {@code target} remain: dead-end lanes first, then segments not needed to keep
     * the network connected (least important first), then leaves of the remaining tree.
     */
    private List<Segment> dropLeastImportant(List<Segment> segments, int target) {
        Map<Long, Integer> degree = new HashMap<>();
        for (Segment s : segments) {
            degree.merge(s.startNode, 1, Integer::sum);
            degree.merge(s.endNode, 1, Integer::sum);
        }
        int remaining = segments.size();
        Comparator<Segment> leastImportantFirst = Comparator.comparingInt((Segment s) -> s.streetClass.importance())
                .thenComparingDouble(s -> s.lengthMeters).thenComparing(ALONG_STREETS);

        List<Segment> deadEndLanes = new ArrayList<>();
        for (Segment s : segments) {
            if (s.streetClass == StreetClass.ALLEY && isLeaf(s, degree)) {
                deadEndLanes.add(s);
            }
        }
        deadEndLanes.sort(leastImportantFirst);
        for (int k = 0; k < deadEndLanes.size() && remaining > target; k++) {
            remaining -= drop(deadEndLanes.get(k), degree);
        }

        if (remaining > target) {
            // Kruskal from the most important segment down: what is left outside the tree closes a
            // cycle and can go without disconnecting anything.
            List<Segment> byImportance = new ArrayList<>();
            for (Segment s : segments) {
                if (!s.dropped) {
                    byImportance.add(s);
                }
            }
            byImportance.sort(leastImportantFirst.reversed());
            Map<Long, Long> parent = new HashMap<>();
            List<Segment> outsideTree = new ArrayList<>();
            for (Segment s : byImportance) {
                long a = find(parent, s.startNode);
                long b = find(parent, s.endNode);
                if (a == b) {
                    outsideTree.add(s);
                } else {
                    parent.put(a, b);
                }
            }
            outsideTree.sort(leastImportantFirst);
            for (int k = 0; k < outsideTree.size() && remaining > target; k++) {
                remaining -= drop(outsideTree.get(k), degree);
            }
        }

        if (remaining > target) {
            // What is left is a forest: peeling leaves never disconnects the rest.
            Map<Long, List<Segment>> atNode = new HashMap<>();
            PriorityQueue<Segment> leaves = new PriorityQueue<>(leastImportantFirst);
            for (Segment s : segments) {
                if (!s.dropped) {
                    atNode.computeIfAbsent(s.startNode, n -> new ArrayList<>()).add(s);
                    atNode.computeIfAbsent(s.endNode, n -> new ArrayList<>()).add(s);
                    if (isLeaf(s, degree)) {
                        leaves.add(s);
                    }
                }
            }
            while (remaining > target && !leaves.isEmpty()) {
                Segment leaf = leaves.poll();
                if (leaf.dropped) {
                    continue;
                }
                remaining -= drop(leaf, degree);
                for (long node : new long[]{leaf.startNode, leaf.endNode}) {
                    if (degree.get(node) == 1) {
                        for (Segment s : atNode.get(node)) {
                            if (!s.dropped) {
                                leaves.add(s);
                            }
                        }
                    }
                }
            }
        }
        List<Segment> kept = new ArrayList<>(target);
        for (Segment s : segments) {
            if (!s.dropped) {
                kept.add(s);
            }
        }
        return kept;
    }

    private static boolean isLeaf(Segment s, Map<Long, Integer> degree) {
        return degree.get(s.startNode) == 1 || degree.get(s.endNode) == 1;
    }

    private static int drop(Segment s, Map<Long, Integer> degree) {
        if (s.dropped) {
            return 0;
        }
        s.dropped = true;
        degree.merge(s.startNode, -1, Integer::sum);
        degree.merge(s.endNode, -1, Integer::sum);
        return 1;
    }

    private static long find(Map<Long, Long> parent, long node) {
        long root = node;
        for (Long up = parent.get(root); up != null; up = parent.get(root)) {
            root = up;
        }
        // Path compression keeps later look-ups short.
        for (long n = node; n != root; ) {
            long up = parent.get(n);
            parent.put(n, root);
            n = up;
        }
        return root;
    }
}
