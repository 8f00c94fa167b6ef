package org.gridwatch.route;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.locationtech.jts.geom.Coordinate;

/**
 * An undirected street graph in planar metres: nodes where street pieces meet (and where stops
 * were snapped on), edges that are straight pieces of centreline weighted by their length in
 * metres. Parallel edges are kept (two streets between the same corners are two streets to walk).
 * Built by {@link StreetGraphBuilder}.
 *
 * <p>Immutable, so safe to share between threads; {@link Dijkstra} searches keep their own state.
 */
public final class StreetGraph {

    private final double[] xs;
    private final double[] ys;
    private final int[] edgeFrom;
    private final int[] edgeTo;
    private final double[] edgeLengthM;
    private final byte[] access;
    private final int[] adjacencyStart;
    private final int[] adjacencyEdge;

    /** May be walked from its first node to its second. */
    public static final int WALK_FORWARD = 1;
    /** May be walked from its second node to its first. */
    public static final int WALK_BACKWARD = 2;
    /** May be driven from its first node to its second. */
    public static final int DRIVE_FORWARD = 4;
    /** May be driven from its second node to its first. */
    public static final int DRIVE_BACKWARD = 8;
    /** Not a way of travel: marks an edge a coverage route must walk (the rest it may use to get about). */
    public static final int REQUIRED = 16;
    /** Open to everyone both ways. */
    public static final int OPEN = WALK_FORWARD | WALK_BACKWARD | DRIVE_FORWARD | DRIVE_BACKWARD;

    StreetGraph(double[] xs, double[] ys, int[] edgeFrom, int[] edgeTo, double[] edgeLengthM) {
        this(xs, ys, edgeFrom, edgeTo, edgeLengthM, null);
    }

    /** {@code access}: per edge the {@link #WALK_FORWARD}… bits (null: {@link #OPEN} everywhere). */
    StreetGraph(double[] xs, double[] ys, int[] edgeFrom, int[] edgeTo, double[] edgeLengthM, byte[] access) {
        if (access == null) {
            access = new byte[edgeFrom.length];
            Arrays.fill(access, (byte) OPEN);
        }
        this.access = access;
        this.xs = xs;
        this.ys = ys;
        this.edgeFrom = edgeFrom;
        this.edgeTo = edgeTo;
        this.edgeLengthM = edgeLengthM;
        int n = xs.length;
        adjacencyStart = new int[n + 1];
        for (int e = 0; e < edgeFrom.length; e++) {
            adjacencyStart[edgeFrom[e] + 1]++;
            adjacencyStart[edgeTo[e] + 1]++;
        }
        for (int i = 0; i < n; i++) adjacencyStart[i + 1] += adjacencyStart[i];
        adjacencyEdge = new int[2 * edgeFrom.length];
        int[] fill = Arrays.copyOf(adjacencyStart, n);
        for (int e = 0; e < edgeFrom.length; e++) {
            adjacencyEdge[fill[edgeFrom[e]]++] = e;
            adjacencyEdge[fill[edgeTo[e]]++] = e;
        }
    }

    public int nodeCount() {
        return xs.length;
    }

    public int edgeCount() {
        return edgeFrom.length;
    }

    public Coordinate coordinate(int node) {
        return new Coordinate(xs[node], ys[node]);
    }

    public int edgeFrom(int edge) {
        return edgeFrom[edge];
    }

    public int edgeTo(int edge) {
        return edgeTo[edge];
    }

    public double edgeLengthM(int edge) {
        return edgeLengthM[edge];
    }

    /** The access bits of {@code edge}. */
    public int access(int edge) {
        return access[edge];
    }

    /** True when {@code profile} may travel {@code edge} leaving from {@code node}. */
    public boolean passable(int edge, int node, Profile profile) {
        int bit = edgeFrom[edge] == node ? profile.forward() : profile.backward();
        return (access[edge] & bit) != 0;
    }

    /** True when {@code profile} may travel {@code edge} from its first node towards its second. */
    public boolean forward(int edge, Profile profile) {
        return (access[edge] & profile.forward()) != 0;
    }

    /** True when {@code profile} may travel {@code edge} from its second node towards its first. */
    public boolean backward(int edge, Profile profile) {
        return (access[edge] & profile.backward()) != 0;
    }

    /** True when a coverage route must walk {@code edge} ({@link #REQUIRED}). */
    public boolean required(int edge) {
        return (access[edge] & REQUIRED) != 0;
    }

    /** True when {@code profile} may use {@code edge} at all (either way). */
    public boolean usable(int edge, Profile profile) {
        return (access[edge] & (profile.forward() | profile.backward())) != 0;
    }

    /** The node at the other end of {@code edge} from {@code node}. */
    public int opposite(int edge, int node) {
        return edgeFrom[edge] == node ? edgeTo[edge] : edgeFrom[edge];
    }

    public int degree(int node) {
        return adjacencyStart[node + 1] - adjacencyStart[node];
    }

    /** The {@code i}-th edge at {@code node}, {@code 0 ≤ i < degree(node)}. */
    public int edgeAt(int node, int i) {
        return adjacencyEdge[adjacencyStart[node] + i];
    }

    /** Total length of all edges, in metres. */
    public double totalLengthM() {
        double sum = 0;
        for (double l : edgeLengthM) sum += l;
        return sum;
    }

    /**
     * The connected components that hold at least one edge, each as its list of nodes (ascending);
     * components are ordered by their smallest node. Isolated nodes are left out.
     */
    public List<int[]> components() {
        int n = nodeCount();
        int[] label = new int[n];
        Arrays.fill(label, -1);
        List<int[]> out = new ArrayList<>();
        int[] stack = new int[n];
        for (int s = 0; s < n; s++) {
            if (label[s] >= 0 || degree(s) == 0) continue;
            int id = out.size();
            int top = 0;
            stack[top++] = s;
            label[s] = id;
            List<Integer> members = new ArrayList<>();
            while (top > 0) {
                int v = stack[--top];
                members.add(v);
                for (int i = 0; i < degree(v); i++) {
                    int u = opposite(edgeAt(v, i), v);
                    if (label[u] < 0) {
                        label[u] = id;
                        stack[top++] = u;
                    }
                }
            }
            out.add(members.stream().mapToInt(Integer::intValue).sorted().toArray());
        }
        return out;
    }
}
