package org.gridwatch.route;

import java.util.Arrays;

/**
 * Dijkstra's shortest paths (1959) on a {@link StreetGraph} from one source, with a binary heap and
 * lazy deletion. A search may stop early: once every target is settled, or beyond a distance
 * bound, whichever comes first; nodes not reached keep distance {@code +∞}.
 *
 * <p>Not thread-safe: one instance per thread, reusable for many searches on the same graph.
 */
public final class Dijkstra {

    private final StreetGraph graph;
    private final Profile profile;
    private final double[] dist;
    private final int[] viaEdge;
    private final boolean[] settled;
    private final int[] touched;
    private int touchedCount;
    private double[] heapKey = new double[64];
    private int[] heapNode = new int[64];
    private int heapSize;

    public Dijkstra(StreetGraph graph) {
        this(graph, Profile.WALKING);
    }

    /** Searches that only travel edges (and directions) open to {@code profile}. */
    public Dijkstra(StreetGraph graph, Profile profile) {
        this.graph = graph;
        this.profile = profile;
        int n = graph.nodeCount();
        dist = new double[n];
        viaEdge = new int[n];
        settled = new boolean[n];
        touched = new int[n];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        Arrays.fill(viaEdge, -1);
    }

    /**
     * Searches from {@code source} until every node in {@code targets} is settled (all nodes when
     * {@code targets} is null) or the next node is farther than {@code maxMeters}.
     */
    public void run(int source, int[] targets, double maxMeters) {
        run(new int[]{source}, new double[]{0}, targets, maxMeters);
    }

    /**
     * Searches from several sources at once, each starting at its own distance (a point part-way
     * along an edge starts from both ends of it); otherwise as {@link #run(int, int[], double)}.
     */
    public void run(int[] sources, double[] startM, int[] targets, double maxMeters) {
        run(sources, startM, targets, maxMeters, Integer.MAX_VALUE);
    }

    /** As above, stopping as soon as {@code enough} of the targets are settled (the nearest ones). */
    public void run(int[] sources, double[] startM, int[] targets, double maxMeters, int enough) {
        reset();
        int remaining = 0;
        boolean[] isTarget = null;
        if (targets != null) {
            if (targetMarks == null) targetMarks = new boolean[graph.nodeCount()];
            isTarget = targetMarks;
            for (int t : targets) {
                if (!isTarget[t]) remaining++;
                isTarget[t] = true;
            }
            remaining = Math.min(remaining, enough);
        }
        try {
            search(sources, startM, isTarget, remaining, maxMeters);
        } finally {
            if (targets != null) for (int t : targets) isTarget[t] = false;
        }
    }

    private boolean[] targetMarks;

    private void search(int[] sources, double[] startM, boolean[] isTarget, int remaining, double maxMeters) {
        for (int s = 0; s < sources.length; s++) {
            int source = sources[s];
            if (startM[s] >= dist[source]) continue;
            if (dist[source] == Double.POSITIVE_INFINITY) touch(source);
            dist[source] = startM[s];
            push(startM[s], source);
        }
        while (heapSize > 0) {
            double key = heapKey[0];
            int v = pop();
            if (settled[v] || key > dist[v]) continue;
            if (key > maxMeters) break;
            settled[v] = true;
            if (isTarget != null && isTarget[v] && --remaining == 0) break;
            for (int i = 0; i < graph.degree(v); i++) {
                int e = graph.edgeAt(v, i);
                if (!graph.passable(e, v, profile)) continue;
                int u = graph.opposite(e, v);
                double nd = key + graph.edgeLengthM(e);
                if (nd < dist[u]) {
                    if (dist[u] == Double.POSITIVE_INFINITY) touch(u);
                    dist[u] = nd;
                    viaEdge[u] = e;
                    push(nd, u);
                }
            }
        }
    }

    /** Distance in metres from the last search's source, {@code +∞} when not settled. */
    public double distanceM(int node) {
        return settled[node] ? dist[node] : Double.POSITIVE_INFINITY;
    }

    /** The edges of the shortest path from the last search's source to a settled {@code node}, in walking order. */
    public int[] pathEdges(int node) {
        if (!settled[node]) throw new IllegalStateException("node " + node + " was not reached");
        int count = 0;
        for (int v = node; viaEdge[v] >= 0; v = graph.opposite(viaEdge[v], v)) count++;
        int[] edges = new int[count];
        for (int v = node; viaEdge[v] >= 0; v = graph.opposite(viaEdge[v], v)) edges[--count] = viaEdge[v];
        return edges;
    }

    /** The nodes of the shortest path from the search's source (one of its sources) to a settled {@code node}, both included. */
    public int[] pathNodes(int node) {
        if (!settled[node]) throw new IllegalStateException("node " + node + " was not reached");
        int count = 1;
        for (int v = node; viaEdge[v] >= 0; v = graph.opposite(viaEdge[v], v)) count++;
        int[] nodes = new int[count];
        int v = node;
        nodes[--count] = v;
        while (viaEdge[v] >= 0) {
            v = graph.opposite(viaEdge[v], v);
            nodes[--count] = v;
        }
        return nodes;
    }

    private void reset() {
        for (int i = 0; i < touchedCount; i++) {
            int v = touched[i];
            dist[v] = Double.POSITIVE_INFINITY;
            viaEdge[v] = -1;
            settled[v] = false;
        }
        touchedCount = 0;
        heapSize = 0;
    }

    private void touch(int v) {
        touched[touchedCount++] = v;
    }

    private void push(double key, int node) {
        if (heapSize == heapKey.length) {
            heapKey = Arrays.copyOf(heapKey, heapSize * 2);
            heapNode = Arrays.copyOf(heapNode, heapSize * 2);
        }
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heapKey[parent] <= key) break;
            heapKey[i] = heapKey[parent];
            heapNode[i] = heapNode[parent];
            i = parent;
        }
        heapKey[i] = key;
        heapNode[i] = node;
    }

    private int pop() {
        int top = heapNode[0];
        double key = heapKey[--heapSize];
        int node = heapNode[heapSize];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= heapSize) break;
            if (child + 1 < heapSize && heapKey[child + 1] < heapKey[child]) child++;
            if (heapKey[child] >= key) break;
            heapKey[i] = heapKey[child];
            heapNode[i] = heapNode[child];
            i = child;
        }
        heapKey[i] = key;
        heapNode[i] = node;
        return top;
    }
}
