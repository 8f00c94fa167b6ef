package org.gridwatch.route;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.locationtech.jts.geom.Coordinate;

/**
 * The postman for a vehicle (street sweeping): a closed drive over every {@link StreetGraph#REQUIRED
 * required} street open to vehicles, never against a one-way street and never on a footway, using the
 * other streets open to vehicles (those around the grid) to get about.
 *
 * <p>What is covered: a one-way street once, its way. A two-way street once in either direction
 * ({@link Sides#EITHER}: the sweeper's brushes reach the whole carriageway), or once each way
 * ({@link Sides#BOTH}: each kerb is swept driving along it).
 *
 * <p>How (Edmonds &amp; Johnson 1973 for the directed case): the required arcs fix a surplus or deficit of
 * arrivals at each node; a minimum-cost flow over the streets open to vehicles (successive shortest
 * paths with Johnson potentials) adds the cheapest extra drives that balance every node, and
 * Hierholzer's algorithm lays out the Euler circuit. With only directed requirements ({@link Sides#BOTH}
 * or one-way streets) and one piece of required street this is optimal. A two-way street covered in
 * either direction makes the problem the mixed postman (NP-hard): a first min-cost flow lets those streets
 * carry one unit either way for nothing, which orients the ones it uses to suit the one-way streets; the
 * rest are oriented along Euler trails (so each node is off balance by at most one), then balanced as above. Pieces of required street are joined by a round of shortest
 * drives between them, nearest first.
 *
 * <p>Stateless and thread-safe.
 */
public final class DirectedPostman {

    /** Whether a two-way street is covered once in either direction or once each way. */
    public enum Sides { EITHER, BOTH }

    /** Some required street cannot be part of a closed drive (a one-way street into a dead end, or out of reach). */
    public static final class NoClosedDrive extends RuntimeException {
        NoClosedDrive(String message) {
            super(message);
        }
    }

    private static final Profile VEHICLE = Profile.VEHICLE;

    /**
     * The drive, and the required streets it leaves out because no closed drive can take them together with
     * the rest: those outside the strongly connected part of the vehicle network that holds the most metres of
     * required street (a one-way street out of the area with no way back within it, say).
     */
    public record Drive(ChinesePostman.Result result, int leftOutEdges, double leftOutM) {
    }

    private DirectedPostman() {
    }

    /**
     * Covers every required edge of {@code graph} open to vehicles; the circuit begins at the required node
     * nearest {@code start} (planar metres; null: any).
     *
     * @throws NoClosedDrive when no closed drive covers them all
     */
    public static Drive solve(StreetGraph graph, Coordinate start, Sides sides) {
        int n = graph.nodeCount();
        int[] part = stronglyConnectedParts(graph);
        double[] partM = new double[n];
        for (int e = 0; e < graph.edgeCount(); e++) {
            if (graph.required(e) && graph.usable(e, VEHICLE) && part[graph.edgeFrom(e)] == part[graph.edgeTo(e)]) {
                partM[part[graph.edgeFrom(e)]] += graph.edgeLengthM(e);
            }
        }
        int best = 0;
        for (int p = 1; p < n; p++) if (partM[p] > partM[best]) best = p;
        int leftOut = 0;
        double leftOutM = 0;
        // Required arcs as edge ids signed by direction: e forward = 2e, backward = 2e+1.
        List<Integer> arcs = new ArrayList<>();
        List<Integer> either = new ArrayList<>();
        double streetM = 0;
        for (int e = 0; e < graph.edgeCount(); e++) {
            if (!graph.required(e) || !graph.usable(e, VEHICLE)) continue;
            if (part[graph.edgeFrom(e)] != best || part[graph.edgeTo(e)] != best) {
                leftOut++;
                leftOutM += graph.edgeLengthM(e);
                continue;
            }
            streetM += graph.edgeLengthM(e);
            boolean f = graph.forward(e, VEHICLE);
            boolean b = graph.backward(e, VEHICLE);
            if (f && b && sides == Sides.EITHER) either.add(e);
            else {
                if (f) arcs.add(2 * e);
                if (b) arcs.add(2 * e + 1);
            }
        }
        if (arcs.isEmpty() && either.isEmpty()) return new Drive(new ChinesePostman.Result(List.of(), 0, 0, 0), leftOut, leftOutM);
        int[] balance = new int[n]; // arrivals minus departures
        for (int a : arcs) {
            balance[head(graph, a)]++;
            balance[tail(graph, a)]--;
        }
        List<Integer> extra = new ArrayList<>();
        if (!either.isEmpty()) orientAlongTrails(graph, orientByFlow(graph, either, arcs, balance, extra), arcs, balance);
        double requiredM = 0;
        for (int a : arcs) requiredM += graph.edgeLengthM(a >> 1);
        int first = joinPieces(graph, arcs, start, extra, balance);
        balance(graph, balance, extra);
        List<Integer> all = new ArrayList<>(arcs);
        all.addAll(extra);
        double repeatedM = 0;
        for (int a : extra) repeatedM += graph.edgeLengthM(a >> 1);
        ChinesePostman.Circuit circuit = eulerCircuit(graph, first, all, repeatedM);
        return new Drive(new ChinesePostman.Result(List.of(circuit), streetM, circuit.lengthM(), circuit.lengthM() - requiredM, 1),
                leftOut, leftOutM);
    }

    /** Per node, the id of its strongly connected part of the vehicle network (Kosaraju, iterative). */
    static int[] stronglyConnectedParts(StreetGraph g) {
        int n = g.nodeCount();
        boolean[] seen = new boolean[n];
        int[] finished = new int[n];
        int count = 0;
        int[] nodeStack = new int[n];
        int[] nextStack = new int[n];
        for (int s = 0; s < n; s++) {
            if (seen[s]) continue;
            int top = 0;
            nodeStack[0] = s;
            nextStack[0] = 0;
            seen[s] = true;
            while (top >= 0) {
                int v = nodeStack[top];
                if (nextStack[top] < g.degree(v)) {
                    int e = g.edgeAt(v, nextStack[top]++);
                    if (!g.passable(e, v, VEHICLE)) continue;
                    int u = g.opposite(e, v);
                    if (!seen[u]) {
                        seen[u] = true;
                        top++;
                        nodeStack[top] = u;
                        nextStack[top] = 0;
                    }
                } else {
                    finished[count++] = v;
                    top--;
                }
            }
        }
        int[] part = new int[n];
        Arrays.fill(part, -1);
        int parts = 0;
        int[] stack = new int[n];
        for (int i = n - 1; i >= 0; i--) {
            int s = finished[i];
            if (part[s] >= 0) continue;
            int top = 0;
            stack[top++] = s;
            part[s] = parts;
            while (top > 0) {
                int v = stack[--top];
                for (int k = 0; k < g.degree(v); k++) {
                    int e = g.edgeAt(v, k);
                    int u = g.opposite(e, v);
                    // On the reversed network: u may be left towards v.
                    if (part[u] < 0 && g.passable(e, u, VEHICLE)) {
                        part[u] = parts;
                        stack[top++] = u;
                    }
                }
            }
            parts++;
        }
        return part;
    }

    static int tail(StreetGraph g, int arc) {
        return (arc & 1) == 0 ? g.edgeFrom(arc >> 1) : g.edgeTo(arc >> 1);
    }

    static int head(StreetGraph g, int arc) {
        return (arc & 1) == 0 ? g.edgeTo(arc >> 1) : g.edgeFrom(arc >> 1);
    }

    /**
     * The first step for two-way streets covered once (Frederickson 1979's mixed heuristic): a minimum-cost
     * flow balances the one-way requirements where each such street may carry one unit either way for
     * nothing (that is driving it that way) and any street open to vehicles more units at its length. The
     * streets that carry a free unit are oriented so ({@code arcs}); paid units are extra drives
     * ({@code extra}); every node is then in balance. Returns the two-way streets still to orient.
     */
    private static List<Integer> orientByFlow(StreetGraph graph, List<Integer> either, List<Integer> arcs, int[] balance,
                                              List<Integer> extra) {
        int n = graph.nodeCount();
        int m2 = 2 * graph.edgeCount();
        FlowNetwork net = vehicleNetwork(graph, balance);
        for (int i = 0; i < either.size(); i++) {
            int e = either.get(i);
            if (graph.edgeFrom(e) == graph.edgeTo(e)) continue;
            net.arc(graph.edgeFrom(e), graph.edgeTo(e), 1, 0, m2 + 2 * i);
            net.arc(graph.edgeTo(e), graph.edgeFrom(e), 1, 0, m2 + 2 * i + 1);
        }
        int total = 0;
        for (int v = 0; v < n; v++) if (balance[v] > 0) total += balance[v];
        if (total == 0) return either;
        if (net.minCostFlow(n, n + 1, total) < total) {
            throw new NoClosedDrive("some one-way streets lead where no vehicle can drive on to close the round");
        }
        int[] free = new int[either.size()];
        net.forEachFlow((label, flow) -> {
            if (label < m2) {
                for (int k = 0; k < flow; k++) extra.add(label);
            } else {
                int i = (label - m2) >> 1;
                free[i] += (label & 1) == 0 ? 1 : -1;
            }
        });
        List<Integer> left = new ArrayList<>();
        for (int i = 0; i < either.size(); i++) {
            int e = either.get(i);
            if (free[i] > 0) arcs.add(2 * e);
            else if (free[i] < 0) arcs.add(2 * e + 1);
            else left.add(e);
        }
        Arrays.fill(balance, 0);
        return left;
    }

    /** The streets open to vehicles as a flow network, with a source (node n) and sink (n + 1) for {@code balance}. */
    private static FlowNetwork vehicleNetwork(StreetGraph graph, int[] balance) {
        int n = graph.nodeCount();
        FlowNetwork net = new FlowNetwork(n + 2);
        for (int e = 0; e < graph.edgeCount(); e++) {
            if (graph.forward(e, VEHICLE)) net.arc(graph.edgeFrom(e), graph.edgeTo(e), Integer.MAX_VALUE, graph.edgeLengthM(e), 2 * e);
            if (graph.backward(e, VEHICLE)) net.arc(graph.edgeTo(e), graph.edgeFrom(e), Integer.MAX_VALUE, graph.edgeLengthM(e), 2 * e + 1);
        }
        for (int v = 0; v < n; v++) {
            if (balance[v] > 0) net.arc(n, v, balance[v], 0, -1);
            if (balance[v] < 0) net.arc(v, n + 1, -balance[v], 0, -1);
        }
        return net;
    }

    /**
     * Orients the two-way streets to be covered once: the undirected subgraph is split into trails (an
     * extra node joined to every odd node makes all degrees even; Euler circuits; the extra node's
     * edges dropped), and each trail is driven the way that leaves the nodes nearer balance.
     */
    private static void orientAlongTrails(StreetGraph graph, List<Integer> edges, List<Integer> arcs, int[] balance) {
        if (edges.isEmpty()) return;
        int n = graph.nodeCount();
        int virtual = n;
        int[] degree = new int[n + 1];
        for (int e : edges) {
            degree[graph.edgeFrom(e)]++;
            degree[graph.edgeTo(e)]++;
        }
        // Edge instances: real edges 0..m-1, virtual ones after; ends per instance.
        int m = edges.size();
        List<int[]> ends = new ArrayList<>(m);
        for (int e : edges) ends.add(new int[]{graph.edgeFrom(e), graph.edgeTo(e)});
        for (int v = 0; v < n; v++) if (degree[v] % 2 == 1) ends.add(new int[]{v, virtual});
        int count = ends.size();
        int[] start = new int[n + 2];
        for (int[] ab : ends) {
            start[ab[0] + 1]++;
            start[ab[1] + 1]++;
        }
        for (int v = 0; v <= n; v++) start[v + 1] += start[v];
        int[] incident = new int[2 * count];
        int[] fill = Arrays.copyOf(start, n + 1);
        for (int i = 0; i < count; i++) {
            incident[fill[ends.get(i)[0]]++] = i;
            incident[fill[ends.get(i)[1]]++] = i;
        }
        int[] next = Arrays.copyOf(start, n + 1);
        boolean[] used = new boolean[count];
        // Iterative Hierholzer over each component; the circuit's instances, in order, are cut into trails at the virtual node.
        int[] nodeStack = new int[count + 1];
        int[] instStack = new int[count + 1];
        List<int[]> trail = new ArrayList<>(); // {instance, from node}
        for (int root = 0; root <= n; root++) {
            if (next[root] == start[root + 1]) continue;
            int top = 0;
            nodeStack[0] = root;
            instStack[0] = -1;
            List<int[]> circuit = new ArrayList<>();
            while (top >= 0) {
                int v = nodeStack[top];
                while (next[v] < start[v + 1] && used[incident[next[v]]]) next[v]++;
                if (next[v] < start[v + 1]) {
                    int inst = incident[next[v]];
                    used[inst] = true;
                    int[] ab = ends.get(inst);
                    top++;
                    nodeStack[top] = ab[0] == v ? ab[1] : ab[0];
                    instStack[top] = inst;
                } else {
                    if (instStack[top] >= 0) circuit.add(new int[]{instStack[top], nodeStack[top - 1]});
                    top--;
                }
            }
            // circuit is in reverse walking order; each entry {instance, node it was entered from}: reversed,
            // the walk goes from nodeStack[top-1] to the node; as a list of directed steps that is fine either way.
            for (int[] step : circuit) {
                if (step[0] >= m) {
                    flush(graph, edges, ends, trail, arcs, balance);
                    continue;
                }
                trail.add(step);
            }
            flush(graph, edges, ends, trail, arcs, balance);
        }
    }

    /** Orients one trail (steps {instance, from node}) the better way round and adds its arcs. */
    private static void flush(StreetGraph graph, List<Integer> edges, List<int[]> ends, List<int[]> trail, List<Integer> arcs,
                              int[] balance) {
        if (trail.isEmpty()) return;
        // trail holds the steps in reverse walking order (as Hierholzer pops them), each step {instance, node
        // it leaves}: the walk leaves the last step's node and ends where the first step arrives. Only those
        // two nodes change balance.
        int[] lastStep = trail.get(trail.size() - 1);
        int[] firstStep = trail.get(0);
        int from = lastStep[1];
        int[] firstEnds = ends.get(firstStep[0]);
        int to = firstEnds[0] == firstStep[1] ? firstEnds[1] : firstEnds[0];
        boolean forward = true;
        if (from != to) {
            // Forward: balance[from]-1, balance[to]+1; reversed: the opposite. Keep whichever leaves less imbalance.
            int fwd = Math.abs(balance[from] - 1) + Math.abs(balance[to] + 1);
            int rev = Math.abs(balance[from] + 1) + Math.abs(balance[to] - 1);
            forward = fwd <= rev;
            balance[from] += forward ? -1 : 1;
            balance[to] += forward ? 1 : -1;
        }
        for (int[] step : trail) {
            int e = edges.get(step[0]);
            boolean alongEdge = graph.edgeFrom(e) == step[1];
            if (graph.edgeFrom(e) == graph.edgeTo(e)) alongEdge = true;
            arcs.add(2 * e + ((alongEdge == forward) ? 0 : 1));
        }
        trail.clear();
    }

    /**
     * Joins the weakly connected pieces of required arcs with shortest drives, one round through them
     * nearest first (each piece's node nearest the start); returns the node the circuit starts at.
     */
    private static int joinPieces(StreetGraph graph, List<Integer> arcs, Coordinate start, List<Integer> extra, int[] balance) {
        int n = graph.nodeCount();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        boolean[] onArc = new boolean[n];
        for (int a : arcs) {
            int t = tail(graph, a), h = head(graph, a);
            onArc[t] = true;
            onArc[h] = true;
            parent[find(parent, t)] = find(parent, h);
        }
        List<Integer> reps = new ArrayList<>();
        int[] repOf = new int[n];
        Arrays.fill(repOf, -1);
        double[] repDist = new double[n];
        for (int v = 0; v < n; v++) {
            if (!onArc[v]) continue;
            int r = find(parent, v);
            double d = start == null ? 0 : graph.coordinate(v).distance(start);
            if (repOf[r] < 0) {
                repOf[r] = v;
                repDist[r] = d;
                reps.add(r);
            } else if (d < repDist[r]) {
                repOf[r] = v;
                repDist[r] = d;
            }
        }
        int[] nodes = reps.stream().mapToInt(r -> repOf[r]).toArray();
        int first = 0;
        for (int i = 1; i < nodes.length; i++) if (repDist[reps.get(i)] < repDist[reps.get(first)]) first = i;
        if (nodes.length == 1) return nodes[0];
        // Nearest-neighbour round over the pieces by driving distance.
        Dijkstra dijkstra = new Dijkstra(graph, VEHICLE);
        boolean[] visited = new boolean[nodes.length];
        int[] order = new int[nodes.length];
        order[0] = first;
        visited[first] = true;
        for (int k = 1; k < nodes.length; k++) {
            int from = nodes[order[k - 1]];
            int[] open = java.util.stream.IntStream.range(0, nodes.length).filter(i -> !visited[i]).map(i -> nodes[i]).toArray();
            dijkstra.run(from, open, Double.POSITIVE_INFINITY);
            int best = -1;
            double bestM = Double.POSITIVE_INFINITY;
            for (int i = 0; i < nodes.length; i++) {
                if (!visited[i] && dijkstra.distanceM(nodes[i]) < bestM) {
                    bestM = dijkstra.distanceM(nodes[i]);
                    best = i;
                }
            }
            if (best < 0) throw new NoClosedDrive("a piece of required street cannot be reached by vehicle");
            visited[best] = true;
            order[k] = best;
            addPath(graph, dijkstra, nodes[best], extra);
        }
        dijkstra.run(nodes[order[nodes.length - 1]], new int[]{nodes[first]}, Double.POSITIVE_INFINITY);
        if (dijkstra.distanceM(nodes[first]) == Double.POSITIVE_INFINITY) {
            throw new NoClosedDrive("the start cannot be reached again by vehicle from the last piece of required street");
        }
        addPath(graph, dijkstra, nodes[first], extra);
        // The round enters and leaves each representative once: the balance is unchanged.
        return nodes[first];
    }

    private static void addPath(StreetGraph graph, Dijkstra dijkstra, int to, List<Integer> extra) {
        int[] nodes = dijkstra.pathNodes(to);
        int[] edges = dijkstra.pathEdges(to);
        for (int i = 0; i < edges.length; i++) {
            int e = edges[i];
            boolean along = graph.edgeFrom(e) == nodes[i] && graph.edgeTo(e) == nodes[i + 1];
            extra.add(2 * e + (along ? 0 : 1));
        }
    }

    private static int find(int[] parent, int v) {
        while (parent[v] != v) {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        return v;
    }

    /**
     * Minimum-cost flow from the nodes with more arrivals than departures to those with fewer, over every
     * direction a vehicle may drive (unbounded, costing its length): successive shortest paths with
     * Johnson potentials. The flow on each arc is how often it is driven again; added to {@code extra}.
     */
    private static void balance(StreetGraph graph, int[] balance, List<Integer> extra) {
        int n = graph.nodeCount();
        int source = n;
        int sink = n + 1;
        int total = 0;
        for (int v = 0; v < n; v++) if (balance[v] > 0) total += balance[v];
        if (total == 0) return;
        FlowNetwork net = vehicleNetwork(graph, balance);
        int sent = net.minCostFlow(source, sink, total);
        if (sent < total) {
            throw new NoClosedDrive("some one-way streets lead where no vehicle can drive on to close the round");
        }
        net.forEachFlow((label, flow) -> {
            for (int k = 0; k < flow; k++) extra.add(label);
        });
    }

    /** A residual network for successive shortest paths; arcs carry a label (the street arc) or -1. */
    static final class FlowNetwork {
        private final int n;
        private int[] to = new int[16];
        private int[] cap = new int[16];
        private double[] cost = new double[16];
        private int[] label = new int[16];
        private int[] nextArc = new int[16];
        private final int[] headArc;
        private int arcs;

        FlowNetwork(int n) {
            this.n = n;
            headArc = new int[n];
            Arrays.fill(headArc, -1);
        }

        void arc(int a, int b, int capacity, double c, int lab) {
            add(a, b, capacity, c, lab);
            add(b, a, 0, -c, lab);
        }

        private void add(int a, int b, int capacity, double c, int lab) {
            if (arcs == to.length) {
                int size = arcs * 2;
                to = Arrays.copyOf(to, size);
                cap = Arrays.copyOf(cap, size);
                cost = Arrays.copyOf(cost, size);
                label = Arrays.copyOf(label, size);
                nextArc = Arrays.copyOf(nextArc, size);
            }
            to[arcs] = b;
            cap[arcs] = capacity;
            cost[arcs] = c;
            label[arcs] = lab;
            nextArc[arcs] = headArc[a];
            headArc[a] = arcs++;
        }

        /** Sends up to {@code want} units from {@code s} to {@code t} at least cost; returns the units sent. */
        int minCostFlow(int s, int t, int want) {
            double[] potential = new double[n];
            double[] dist = new double[n];
            int[] via = new int[n];
            boolean[] done = new boolean[n];
            int sent = 0;
            java.util.PriorityQueue<double[]> queue = new java.util.PriorityQueue<>((x, y) -> Double.compare(x[0], y[0]));
            while (sent < want) {
                Arrays.fill(dist, Double.POSITIVE_INFINITY);
                Arrays.fill(done, false);
                Arrays.fill(via, -1);
                dist[s] = 0;
                queue.clear();
                queue.add(new double[]{0, s});
                while (!queue.isEmpty()) {
                    double[] top = queue.poll();
                    int v = (int) top[1];
                    if (done[v]) continue;
                    done[v] = true;
                    if (v == t) break;
                    for (int a = headArc[v]; a >= 0; a = nextArc[a]) {
                        if (cap[a] <= 0) continue;
                        int w = to[a];
                        // Reduced costs are ≥ 0 up to rounding; clamp so Dijkstra stays sound.
                        double nd = dist[v] + Math.max(0, cost[a] + potential[v] - potential[w]);
                        if (nd < dist[w]) {
                            dist[w] = nd;
                            via[w] = a;
                            queue.add(new double[]{nd, w});
                        }
                    }
                }
                if (!done[t]) break;
                double dt = dist[t];
                for (int v = 0; v < n; v++) potential[v] += Math.min(done[v] ? dist[v] : dt, dt);
                int push = want - sent;
                for (int v = t; v != s; v = to[via[v] ^ 1]) push = Math.min(push, cap[via[v]]);
                for (int v = t; v != s; v = to[via[v] ^ 1]) {
                    cap[via[v]] -= push;
                    cap[via[v] ^ 1] += push;
                }
                sent += push;
            }
            return sent;
        }

        interface FlowVisitor {
            void visit(int label, int flow);
        }

        /** Each labelled arc with positive flow (the capacity its reverse gained). */
        void forEachFlow(FlowVisitor visitor) {
            for (int a = 0; a < arcs; a += 2) {
                if (label[a] >= 0 && cap[a + 1] > 0) visitor.visit(label[a], cap[a + 1]);
            }
        }
    }

    /** Hierholzer's algorithm on the directed multigraph of {@code arcs}, from {@code start}. */
    private static ChinesePostman.Circuit eulerCircuit(StreetGraph graph, int start, List<Integer> arcs, double repeatedM) {
        int n = graph.nodeCount();
        int count = arcs.size();
        int[] first = new int[n + 1];
        for (int a : arcs) first[tail(graph, a) + 1]++;
        for (int v = 0; v < n; v++) first[v + 1] += first[v];
        int[] out = new int[count];
        int[] fill = Arrays.copyOf(first, n);
        for (int a : arcs) out[fill[tail(graph, a)]++] = a;
        int[] next = Arrays.copyOf(first, n);
        int[] nodeStack = new int[count + 1];
        int[] arcStack = new int[count + 1];
        int top = 0;
        nodeStack[0] = start;
        arcStack[0] = -1;
        int[] walkNodes = new int[count + 1];
        int[] walkEdges = new int[count];
        int wn = 0;
        int we = 0;
        double lengthM = 0;
        while (top >= 0) {
            int v = nodeStack[top];
            if (next[v] < first[v + 1]) {
                int a = out[next[v]++];
                top++;
                nodeStack[top] = head(graph, a);
                arcStack[top] = a;
            } else {
                walkNodes[wn++] = v;
                if (arcStack[top] >= 0) {
                    walkEdges[we++] = arcStack[top] >> 1;
                    lengthM += graph.edgeLengthM(arcStack[top] >> 1);
                }
                top--;
            }
        }
        if (we != count) throw new NoClosedDrive("the required streets do not form one closed drive");
        // Popped in reverse order: reverse both so the walk runs forwards.
        int[] nodes = Arrays.copyOf(walkNodes, wn);
        int[] edges = Arrays.copyOf(walkEdges, we);
        reverse(nodes);
        reverse(edges);
        return new ChinesePostman.Circuit(nodes, edges, lengthM, repeatedM);
    }

    private static void reverse(int[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
