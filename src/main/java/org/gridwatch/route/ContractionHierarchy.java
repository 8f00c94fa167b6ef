package org.gridwatch.route;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * Contraction hierarchies (Geisberger, Sanders, Schultes &amp; Delling 2008) over the edges of a
 * {@link StreetGraph} open to one {@link Profile}: nodes are contracted one by one, least important
 * first (edge difference plus contracted neighbours), and a shortcut replaces each shortest path through
 * a contracted node that no witness path avoids. Afterwards the shortest distance from {@code s} to
 * {@code t} is the minimum, over the nodes {@code v} both reach, of an <em>upward</em> search from
 * {@code s} (arcs to higher nodes) plus an upward search from {@code t} on the reversed arcs; both
 * searches see a few hundred nodes instead of the whole network.
 *
 * <p>That makes the many-to-many distances of a visit route cheap (Knopp et al. 2007, buckets):
 * {@link ManyToMany} runs one backward upward search per target and leaves its distances in buckets at
 * the nodes it reaches, then one forward upward search per source that reads the buckets of the nodes it
 * reaches. Built once per network and profile (a second or two for 100,000 streets), then shared.
 *
 * <p>Only distances: the legs' geometry is searched point to point afterwards. Witness searches are
 * bounded (settled nodes); a witness not found only adds a shortcut that is not needed, never a wrong
 * distance. Immutable after construction, so safe to share between threads.
 */
public final class ContractionHierarchy {

    /** Nodes a witness search settles at most before giving up (and adding the shortcut). */
    private static final int WITNESS_SETTLE_LIMIT = 60;

    private final int nodeCount;
    // Upward arcs of the finished hierarchy, compressed per node: out = v→x with rank x > rank v;
    // in = x→v with rank x > rank v (read backwards by the target searches).
    private final int[] upOutStart;
    private final int[] upOutHead;
    private final double[] upOutWeight;
    private final int[] upInStart;
    private final int[] upInTail;
    private final double[] upInWeight;
    private final int shortcuts;

    private ContractionHierarchy(int nodeCount, int[] upOutStart, int[] upOutHead, double[] upOutWeight,
                                 int[] upInStart, int[] upInTail, double[] upInWeight, int shortcuts) {
        this.nodeCount = nodeCount;
        this.upOutStart = upOutStart;
        this.upOutHead = upOutHead;
        this.upOutWeight = upOutWeight;
        this.upInStart = upInStart;
        this.upInTail = upInTail;
        this.upInWeight = upInWeight;
        this.shortcuts = shortcuts;
    }

    public int nodeCount() {
        return nodeCount;
    }

    /** Shortcuts the contraction added. */
    public int shortcuts() {
        return shortcuts;
    }

    /** The hierarchy of the arcs of {@code graph} open to {@code profile}. */
    public static ContractionHierarchy build(StreetGraph graph, Profile profile) {
        return new Contraction(graph, profile).run();
    }

    // ---------------------------------------------------------------------------------------------
    // Building

    /** A growable list of weighted arcs at one node, during contraction. */
    private static final class Arcs {
        int[] other = new int[4];
        double[] weight = new double[4];
        int size;

        /** Removes the arc to {@code node}, if any (order is not kept). */
        void remove(int node) {
            for (int i = 0; i < size; i++) {
                if (other[i] == node) {
                    size--;
                    other[i] = other[size];
                    weight[i] = weight[size];
                    return;
                }
            }
        }

        /** Adds the arc, or lowers the weight of the one already there; true when it was new. */
        boolean put(int node, double w) {
            for (int i = 0; i < size; i++) {
                if (other[i] == node) {
                    if (w < weight[i]) weight[i] = w;
                    return false;
                }
            }
            if (size == other.length) {
                other = Arrays.copyOf(other, size * 2);
                weight = Arrays.copyOf(weight, size * 2);
            }
            other[size] = node;
            weight[size++] = w;
            return true;
        }
    }

    private static final class Contraction {
        private final int n;
        private final Arcs[] out;
        private final Arcs[] in;
        private final boolean[] contracted;
        private final int[] contractedNeighbours;
        private final int[] version;
        private int shortcutCount;
        // Witness search state, reused.
        private final double[] dist;
        private final int[] touched;
        private int touchedCount;
        private final BinaryHeap heap;
        // Simulated or real shortcuts of the node being contracted.
        private int[] scFrom = new int[16];
        private int[] scTo = new int[16];
        private double[] scWeight = new double[16];
        private int scCount;

        Contraction(StreetGraph graph, Profile profile) {
            n = graph.nodeCount();
            out = new Arcs[n];
            in = new Arcs[n];
            for (int v = 0; v < n; v++) {
                out[v] = new Arcs();
                in[v] = new Arcs();
            }
            for (int e = 0; e < graph.edgeCount(); e++) {
                int a = graph.edgeFrom(e);
                int b = graph.edgeTo(e);
                if (a == b) continue;
                double w = graph.edgeLengthM(e);
                if (graph.forward(e, profile)) {
                    out[a].put(b, w);
                    in[b].put(a, w);
                }
                if (graph.backward(e, profile)) {
                    out[b].put(a, w);
                    in[a].put(b, w);
                }
            }
            contracted = new boolean[n];
            contractedNeighbours = new int[n];
            version = new int[n];
            dist = new double[n];
            Arrays.fill(dist, Double.POSITIVE_INFINITY);
            touched = new int[n];
            heap = new BinaryHeap(64);
        }

        private record Entry(double priority, int node, int version) {
        }

        ContractionHierarchy run() {
            PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> Double.compare(a.priority, b.priority));
            for (int v = 0; v < n; v++) queue.add(new Entry(priority(v), v, 0));
            int[][] upOut = new int[n][];
            double[][] upOutW = new double[n][];
            int[][] upIn = new int[n][];
            double[][] upInW = new double[n][];
            while (!queue.isEmpty()) {
                Entry top = queue.poll();
                int v = top.node;
                if (contracted[v] || top.version != version[v]) continue;
                // Lazy update: the priority may have grown since it was queued.
                double p = priority(v);
                if (!queue.isEmpty() && p > queue.peek().priority) {
                    queue.add(new Entry(p, v, ++version[v]));
                    continue;
                }
                // priority(v) has just left v's shortcuts in sc*.
                // The arcs that remain at v lead to nodes contracted later: its upward arcs.
                upOut[v] = liveOthers(out[v]);
                upOutW[v] = liveWeights(out[v]);
                upIn[v] = liveOthers(in[v]);
                upInW[v] = liveWeights(in[v]);
                contracted[v] = true;
                // Drop v from its neighbours' lists so later scans only see live arcs.
                for (int x : upOut[v]) in[x].remove(v);
                for (int x : upIn[v]) out[x].remove(v);
                for (int i = 0; i < scCount; i++) {
                    if (out[scFrom[i]].put(scTo[i], scWeight[i])) shortcutCount++;
                    in[scTo[i]].put(scFrom[i], scWeight[i]);
                }
                // Neighbours' priorities are only marked up here and recomputed when they come up (lazy updates):
                // recomputing them at once costs witness searches around every dense node again and again.
                for (int x : upOut[v]) contractedNeighbours[x]++;
                for (int x : upIn[v]) contractedNeighbours[x]++;
            }
            return compress(upOut, upOutW, upIn, upInW);
        }

        private int[] liveOthers(Arcs a) {
            int[] o = new int[a.size];
            int c = 0;
            for (int i = 0; i < a.size; i++) if (!contracted[a.other[i]]) o[c++] = a.other[i];
            return Arrays.copyOf(o, c);
        }

        private double[] liveWeights(Arcs a) {
            double[] o = new double[a.size];
            int c = 0;
            for (int i = 0; i < a.size; i++) if (!contracted[a.other[i]]) o[c++] = a.weight[i];
            return Arrays.copyOf(o, c);
        }

        /** Edge difference (shortcuts added minus arcs removed) plus contracted neighbours. */
        private double priority(int v) {
            shortcutsOf(v);
            int removed = 0;
            for (int i = 0; i < out[v].size; i++) if (!contracted[out[v].other[i]]) removed++;
            for (int i = 0; i < in[v].size; i++) if (!contracted[in[v].other[i]]) removed++;
            return 2.0 * scCount - removed + contractedNeighbours[v];
        }

        /** The shortcuts contracting {@code v} needs, into {@code sc*}. */
        private void shortcutsOf(int v) {
            scCount = 0;
            Arcs ins = in[v];
            Arcs outs = out[v];
            double maxOut = 0;
            for (int j = 0; j < outs.size; j++) if (!contracted[outs.other[j]]) maxOut = Math.max(maxOut, outs.weight[j]);
            for (int i = 0; i < ins.size; i++) {
                int u = ins.other[i];
                if (contracted[u]) continue;
                double wu = ins.weight[i];
                witnessSearch(u, v, wu + maxOut);
                for (int j = 0; j < outs.size; j++) {
                    int x = outs.other[j];
                    if (contracted[x] || x == u) continue;
                    double via = wu + outs.weight[j];
                    if (dist[x] <= via) continue;
                    addShortcut(u, x, via);
                }
            }
        }

        private void addShortcut(int from, int to, double w) {
            if (scCount == scFrom.length) {
                scFrom = Arrays.copyOf(scFrom, scCount * 2);
                scTo = Arrays.copyOf(scTo, scCount * 2);
                scWeight = Arrays.copyOf(scWeight, scCount * 2);
            }
            scFrom[scCount] = from;
            scTo[scCount] = to;
            scWeight[scCount++] = w;
        }

        /** Dijkstra from {@code source} over live nodes other than {@code avoid}, up to {@code bound} metres. */
        private void witnessSearch(int source, int avoid, double bound) {
            for (int i = 0; i < touchedCount; i++) dist[touched[i]] = Double.POSITIVE_INFINITY;
            touchedCount = 0;
            heap.clear();
            dist[source] = 0;
            touched[touchedCount++] = source;
            heap.push(0, source);
            int settled = 0;
            while (!heap.isEmpty()) {
                double d = heap.topKey();
                int v = heap.pop();
                if (d > dist[v]) continue;
                if (d > bound || ++settled > WITNESS_SETTLE_LIMIT) break;
                Arcs a = out[v];
                for (int i = 0; i < a.size; i++) {
                    int x = a.other[i];
                    if (x == avoid || contracted[x]) continue;
                    double nd = d + a.weight[i];
                    if (nd < dist[x]) {
                        if (dist[x] == Double.POSITIVE_INFINITY) touched[touchedCount++] = x;
                        dist[x] = nd;
                        heap.push(nd, x);
                    }
                }
            }
        }

        private ContractionHierarchy compress(int[][] upOut, double[][] upOutW, int[][] upIn, double[][] upInW) {
            int[] outStart = new int[n + 1];
            int[] inStart = new int[n + 1];
            for (int v = 0; v < n; v++) {
                outStart[v + 1] = outStart[v] + upOut[v].length;
                inStart[v + 1] = inStart[v] + upIn[v].length;
            }
            int[] outHead = new int[outStart[n]];
            double[] outW = new double[outStart[n]];
            int[] inTail = new int[inStart[n]];
            double[] inW = new double[inStart[n]];
            for (int v = 0; v < n; v++) {
                System.arraycopy(upOut[v], 0, outHead, outStart[v], upOut[v].length);
                System.arraycopy(upOutW[v], 0, outW, outStart[v], upOut[v].length);
                System.arraycopy(upIn[v], 0, inTail, inStart[v], upIn[v].length);
                System.arraycopy(upInW[v], 0, inW, inStart[v], upIn[v].length);
            }
            return new ContractionHierarchy(n, outStart, outHead, outW, inStart, inTail, inW, shortcutCount);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Queries

    /**
     * A place on the graph as a search sees it: the nodes it starts from (or is reached at) and the metres
     * from the place to each of them (or from each of them to the place).
     */
    public record Endpoint(int[] nodes, double[] offsetM) {
    }

    /**
     * Shortest distances from every source to every target: {@code result[s][t]}, {@code +∞} when not
     * connected. Searches run on {@code threads} threads.
     */
    public double[][] manyToMany(Endpoint[] sources, Endpoint[] targets, int threads) {
        return new ManyToMany(this, sources, targets, threads).run();
    }

    /** One upward search's result: settled nodes and their distances. */
    private record Space(int[] nodes, double[] distM) {
    }

    /** Upward search state for one thread. */
    private static final class UpwardSearch {
        private final ContractionHierarchy ch;
        private final double[] dist;
        private final int[] touched;
        private int touchedCount;
        private final BinaryHeap heap = new BinaryHeap(64);

        UpwardSearch(ContractionHierarchy ch) {
            this.ch = ch;
            dist = new double[ch.nodeCount];
            Arrays.fill(dist, Double.POSITIVE_INFINITY);
            touched = new int[ch.nodeCount];
        }

        /** Every node reachable upward from {@code from} ({@code forward}: along arcs; else against them). */
        Space run(Endpoint from, boolean forward) {
            for (int i = 0; i < touchedCount; i++) dist[touched[i]] = Double.POSITIVE_INFINITY;
            touchedCount = 0;
            heap.clear();
            for (int i = 0; i < from.nodes().length; i++) {
                int v = from.nodes()[i];
                double d = from.offsetM()[i];
                if (d < dist[v]) {
                    if (dist[v] == Double.POSITIVE_INFINITY) touched[touchedCount++] = v;
                    dist[v] = d;
                    heap.push(d, v);
                }
            }
            int[] start = forward ? ch.upOutStart : ch.upInStart;
            int[] other = forward ? ch.upOutHead : ch.upInTail;
            double[] weight = forward ? ch.upOutWeight : ch.upInWeight;
            int[] nodes = new int[64];
            double[] ds = new double[64];
            int count = 0;
            while (!heap.isEmpty()) {
                double d = heap.topKey();
                int v = heap.pop();
                if (d > dist[v]) continue;
                if (count == nodes.length) {
                    nodes = Arrays.copyOf(nodes, count * 2);
                    ds = Arrays.copyOf(ds, count * 2);
                }
                nodes[count] = v;
                ds[count++] = d;
                for (int i = start[v]; i < start[v + 1]; i++) {
                    int x = other[i];
                    double nd = d + weight[i];
                    if (nd < dist[x]) {
                        if (dist[x] == Double.POSITIVE_INFINITY) touched[touchedCount++] = x;
                        dist[x] = nd;
                        heap.push(nd, x);
                    }
                }
            }
            return new Space(Arrays.copyOf(nodes, count), Arrays.copyOf(ds, count));
        }
    }

    private static final class ManyToMany {
        private final ContractionHierarchy ch;
        private final Endpoint[] sources;
        private final Endpoint[] targets;
        private final int threads;

        ManyToMany(ContractionHierarchy ch, Endpoint[] sources, Endpoint[] targets, int threads) {
            this.ch = ch;
            this.sources = sources;
            this.targets = targets;
            this.threads = Math.max(1, threads);
        }

        double[][] run() {
            int m = targets.length;
            Space[] backward = new Space[m];
            parallel(m, (search, t) -> backward[t] = search.run(targets[t], false));
            // Buckets: for each node, the targets whose backward search reached it, with the distance.
            int n = ch.nodeCount;
            int[] bucketStart = new int[n + 1];
            for (Space s : backward) for (int v : s.nodes()) bucketStart[v + 1]++;
            for (int v = 0; v < n; v++) bucketStart[v + 1] += bucketStart[v];
            int[] bucketTarget = new int[bucketStart[n]];
            double[] bucketDist = new double[bucketStart[n]];
            int[] fill = Arrays.copyOf(bucketStart, n);
            for (int t = 0; t < m; t++) {
                Space s = backward[t];
                for (int i = 0; i < s.nodes().length; i++) {
                    int at = fill[s.nodes()[i]]++;
                    bucketTarget[at] = t;
                    bucketDist[at] = s.distM()[i];
                }
            }
            double[][] out = new double[sources.length][];
            parallel(sources.length, (search, s) -> {
                double[] row = new double[m];
                Arrays.fill(row, Double.POSITIVE_INFINITY);
                Space up = search.run(sources[s], true);
                for (int i = 0; i < up.nodes().length; i++) {
                    int v = up.nodes()[i];
                    double d = up.distM()[i];
                    for (int b = bucketStart[v]; b < bucketStart[v + 1]; b++) {
                        double via = d + bucketDist[b];
                        if (via < row[bucketTarget[b]]) row[bucketTarget[b]] = via;
                    }
                }
                out[s] = row;
            });
            return out;
        }

        private interface Task {
            void run(UpwardSearch search, int index);
        }

        private void parallel(int count, Task task) {
            int k = Math.min(threads, Math.max(1, count / 16));
            if (k == 1) {
                UpwardSearch search = new UpwardSearch(ch);
                for (int i = 0; i < count; i++) task.run(search, i);
                return;
            }
            java.util.stream.IntStream.range(0, k).parallel().forEach(part -> {
                UpwardSearch search = new UpwardSearch(ch);
                for (int i = part; i < count; i += k) task.run(search, i);
            });
        }
    }

    /** A binary min-heap of (key, node) with duplicates allowed (lazy deletion by the caller). */
    private static final class BinaryHeap {
        private double[] keys;
        private int[] nodes;
        private int size;

        BinaryHeap(int capacity) {
            keys = new double[capacity];
            nodes = new int[capacity];
        }

        void clear() {
            size = 0;
        }

        boolean isEmpty() {
            return size == 0;
        }

        double topKey() {
            return keys[0];
        }

        void push(double key, int node) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                nodes = Arrays.copyOf(nodes, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (keys[parent] <= key) break;
                keys[i] = keys[parent];
                nodes[i] = nodes[parent];
                i = parent;
            }
            keys[i] = key;
            nodes[i] = node;
        }

        int pop() {
            int top = nodes[0];
            double key = keys[--size];
            int node = nodes[size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) break;
                if (child + 1 < size && keys[child + 1] < keys[child]) child++;
                if (keys[child] >= key) break;
                keys[i] = keys[child];
                nodes[i] = nodes[child];
                i = child;
            }
            keys[i] = key;
            nodes[i] = node;
            return top;
        }
    }
}
