package org.gridwatch.route;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jgrapht.Graph;
import org.jgrapht.alg.interfaces.MatchingAlgorithm;
import org.jgrapht.alg.matching.blossom.v5.KolmogorovWeightedPerfectMatching;
import org.jgrapht.alg.matching.blossom.v5.ObjectiveSense;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;
import org.locationtech.jts.geom.Coordinate;

/**
 * The undirected Chinese postman (Kwan 1962; Edmonds &amp; Johnson 1973): the shortest closed walk
 * that uses every edge of a {@link StreetGraph} at least once. The odd-degree nodes of each
 * connected component are paired by a minimum-weight perfect matching on their shortest-path
 * distances (Kolmogorov's Blossom V, from JGraphT); the matched paths are walked twice, which makes
 * every degree even, and Hierholzer's algorithm (1873) lays out the Euler circuit. The result is
 * optimal: no closed walk covering every edge repeats less.
 *
 * <p>A graph in several pieces cannot be covered by one walk along its edges: each component gets
 * its own circuit, and the result says how many there are.
 *
 * <p>Stateless and thread-safe. Cost: one Dijkstra per odd node plus the matching, O(k³) for k odd nodes.
 */
public final class ChinesePostman {

    private ChinesePostman() {
    }

    /**
     * One component's closed walk: nodes in walking order (first = last), the edges between them,
     * its length and the part of it that walks an edge again, in metres.
     */
    public record Circuit(int[] nodes, int[] edges, double lengthM, double repeatedM) {
    }

    /** The circuits (one per connected component, the one nearest the start first) and their totals in metres. */
    public record Result(List<Circuit> circuits, double streetLengthM, double lengthM, double repeatedM, int pieces) {

        public Result(List<Circuit> circuits, double streetLengthM, double lengthM, double repeatedM) {
            this(circuits, streetLengthM, lengthM, repeatedM, circuits.size());
        }

        public boolean connected() {
            return circuits.size() <= 1;
        }
    }

    /**
     * Covers every edge of {@code graph}. Each circuit starts and ends at its component's node
     * nearest to {@code start} (planar metres; null: the component's first node).
     */
    public static Result solve(StreetGraph graph, Coordinate start) {
        List<int[]> components = graph.components();
        List<Circuit> circuits = new ArrayList<>();
        double[] nearestM = new double[components.size()];
        int[] startNodes = new int[components.size()];
        for (int c = 0; c < components.size(); c++) {
            int best = components.get(c)[0];
            double bestM = start == null ? 0 : Double.POSITIVE_INFINITY;
            if (start != null) {
                for (int v : components.get(c)) {
                    double dm = graph.coordinate(v).distance(start);
                    if (dm < bestM) {
                        bestM = dm;
                        best = v;
                    }
                }
            }
            nearestM[c] = bestM;
            startNodes[c] = best;
        }
        Integer[] order = new Integer[components.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(nearestM[a], nearestM[b]));
        Dijkstra dijkstra = new Dijkstra(graph);
        double total = 0;
        double repeated = 0;
        for (int c : order) {
            Circuit circuit = cover(graph, components.get(c), startNodes[c], dijkstra);
            circuits.add(circuit);
            total += circuit.lengthM();
            repeated += circuit.repeatedM();
        }
        return new Result(circuits, graph.totalLengthM(), total, repeated);
    }

    private static Circuit cover(StreetGraph graph, int[] nodes, int start, Dijkstra dijkstra) {
        int[] odd = Arrays.stream(nodes).filter(v -> graph.degree(v) % 2 == 1).toArray();
        List<Integer> extra = new ArrayList<>();
        double repeatedM = 0;
        if (odd.length > 0) {
            Graph<Integer, DefaultWeightedEdge> complete = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
            for (int i = 0; i < odd.length; i++) complete.addVertex(i);
            double[][] dist = new double[odd.length][];
            for (int i = 0; i < odd.length; i++) {
                dijkstra.run(odd[i], odd, Double.POSITIVE_INFINITY);
                dist[i] = new double[odd.length];
                for (int j = 0; j < odd.length; j++) dist[i][j] = dijkstra.distanceM(odd[j]);
            }
            for (int i = 0; i < odd.length; i++) {
                for (int j = i + 1; j < odd.length; j++) {
                    complete.setEdgeWeight(complete.addEdge(i, j), dist[i][j]);
                }
            }
            MatchingAlgorithm.Matching<Integer, DefaultWeightedEdge> matching =
                    new KolmogorovWeightedPerfectMatching<>(complete, ObjectiveSense.MINIMIZE).getMatching();
            for (DefaultWeightedEdge e : matching.getEdges()) {
                int a = odd[complete.getEdgeSource(e)];
                int b = odd[complete.getEdgeTarget(e)];
                dijkstra.run(a, new int[]{b}, Double.POSITIVE_INFINITY);
                for (int edge : dijkstra.pathEdges(b)) {
                    extra.add(edge);
                    repeatedM += graph.edgeLengthM(edge);
                }
            }
        }
        return hierholzer(graph, nodes, start, extra, repeatedM);
    }

    /** Euler circuit over the component's edges plus the {@code extra} copies, iteratively. */
    private static Circuit hierholzer(StreetGraph graph, int[] nodes, int start, List<Integer> extra, double repeatedM) {
        // Edge instances: each original edge once, then each extra copy; incidence lists per node.
        List<Integer> instances = new ArrayList<>();
        boolean[] inComponent = new boolean[graph.nodeCount()];
        for (int v : nodes) inComponent[v] = true;
        for (int e = 0; e < graph.edgeCount(); e++) if (inComponent[graph.edgeFrom(e)]) instances.add(e);
        instances.addAll(extra);
        return eulerWalk(graph, start, instances, repeatedM);
    }

    /**
     * Hierholzer's Euler circuit from {@code start} over the edge instances {@code instances} (an edge may
     * stand more than once; every node must have even degree). The rural postman walks its circuits with it too.
     */
    static Circuit eulerWalk(StreetGraph graph, int start, List<Integer> instances, double repeatedM) {
        int count = instances.size();
        int n = graph.nodeCount();
        int[] startAt = new int[n + 1];
        for (int e : instances) {
            startAt[graph.edgeFrom(e) + 1]++;
            startAt[graph.edgeTo(e) + 1]++;
        }
        for (int i = 0; i < n; i++) startAt[i + 1] += startAt[i];
        int[] incident = new int[2 * count];
        int[] fill = Arrays.copyOf(startAt, n);
        for (int i = 0; i < count; i++) {
            int e = instances.get(i);
            incident[fill[graph.edgeFrom(e)]++] = i;
            incident[fill[graph.edgeTo(e)]++] = i;
        }
        int[] next = Arrays.copyOf(startAt, n);
        boolean[] used = new boolean[count];
        int[] nodeStack = new int[count + 1];
        int[] edgeStack = new int[count + 1];
        int top = 0;
        nodeStack[0] = start;
        edgeStack[0] = -1;
        int[] walkNodes = new int[count + 1];
        int[] walkEdges = new int[count];
        int wn = 0;
        int we = 0;
        double lengthM = 0;
        while (top >= 0) {
            int v = nodeStack[top];
            while (next[v] < startAt[v + 1] && used[incident[next[v]]]) next[v]++;
            if (next[v] < startAt[v + 1]) {
                int inst = incident[next[v]];
                used[inst] = true;
                int e = instances.get(inst);
                top++;
                nodeStack[top] = graph.opposite(e, v);
                edgeStack[top] = e;
            } else {
                walkNodes[wn++] = v;
                if (edgeStack[top] >= 0) {
                    walkEdges[we++] = edgeStack[top];
                    lengthM += graph.edgeLengthM(edgeStack[top]);
                }
                top--;
            }
        }
        return new Circuit(Arrays.copyOf(walkNodes, wn), Arrays.copyOf(walkEdges, we), lengthM, repeatedM);
    }
}
