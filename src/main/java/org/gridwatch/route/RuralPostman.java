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
 * The undirected rural postman: a shortest closed walk that uses every {@link StreetGraph#REQUIRED
 * required} edge (a grid's streets) at least once and may use the others (the streets around the grid)
 * to get from one piece of required street to the next. Frederickson's heuristic (1979): the pieces
 * of required street are joined by a minimum spanning tree of shortest paths between them, then the
 * odd-degree nodes are paired by a minimum-weight perfect matching on shortest-path distances over the
 * whole graph (Blossom V, from JGraphT), the matched paths walked twice, and Hierholzer's algorithm
 * lays out the Euler circuit. When the required streets form one piece and nothing else is shorter,
 * this is the Chinese postman's optimum; with several pieces it is within 3/2 of the optimum, and
 * the length counts every metre walked, the joining streets included.
 *
 * <p>Pieces that no street joins (islands) get circuits of their own, nearest to the start first.
 *
 * <p>The matching graph holds, for each odd node, its {@value #MATCH_NEIGHBOURS} nearest odd nodes
 * (by walking distance); should it hold no perfect matching, the complete graph is used.
 *
 * <p>Stateless and thread-safe.
 */
public final class RuralPostman {

    static final int MATCH_NEIGHBOURS = 24;

    private RuralPostman() {
    }

    /** Covers every required edge of {@code graph}; circuits begin at the node nearest {@code start} (planar metres; null: any). */
    public static ChinesePostman.Result solve(StreetGraph graph, Coordinate start) {
        int n = graph.nodeCount();
        // Pieces of required street: union-find over required edges.
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        double streetM = 0;
        boolean[] touched = new boolean[n];
        for (int e = 0; e < graph.edgeCount(); e++) {
            if (!graph.required(e)) continue;
            streetM += graph.edgeLengthM(e);
            union(parent, graph.edgeFrom(e), graph.edgeTo(e));
            touched[graph.edgeFrom(e)] = true;
            touched[graph.edgeTo(e)] = true;
        }
        int[] pieceOf = new int[n];
        Arrays.fill(pieceOf, -1);
        List<List<Integer>> pieces = new ArrayList<>();
        int[] rootPiece = new int[n];
        Arrays.fill(rootPiece, -1);
        for (int v = 0; v < n; v++) {
            if (!touched[v]) continue;
            int r = find(parent, v);
            if (rootPiece[r] < 0) {
                rootPiece[r] = pieces.size();
                pieces.add(new ArrayList<>());
            }
            pieceOf[v] = rootPiece[r];
            pieces.get(rootPiece[r]).add(v);
        }
        if (pieces.isEmpty()) return new ChinesePostman.Result(List.of(), 0, 0, 0);
        Dijkstra dijkstra = new Dijkstra(graph);
        List<Integer> walked = new ArrayList<>();
        for (int e = 0; e < graph.edgeCount(); e++) if (graph.required(e)) walked.add(e);
        // Join the pieces: Prim's tree over the pieces, each step the shortest path from the tree to a piece.
        int k = pieces.size();
        int[] group = new int[k];
        Arrays.fill(group, -1);
        int groups = 0;
        for (int seed = 0; seed < k; seed++) {
            if (group[seed] >= 0) continue;
            int g = groups++;
            group[seed] = g;
            List<Integer> treeNodes = new ArrayList<>(pieces.get(seed));
            while (true) {
                int[] sources = treeNodes.stream().mapToInt(Integer::intValue).toArray();
                dijkstra.run(sources, new double[sources.length], null, Double.POSITIVE_INFINITY);
                int best = -1;
                double bestM = Double.POSITIVE_INFINITY;
                for (int v = 0; v < n; v++) {
                    if (pieceOf[v] < 0 || group[pieceOf[v]] >= 0) continue;
                    double d = dijkstra.distanceM(v);
                    if (d < bestM) {
                        bestM = d;
                        best = v;
                    }
                }
                if (best < 0) break;
                for (int e : dijkstra.pathEdges(best)) walked.add(e);
                int joined = pieceOf[best];
                group[joined] = g;
                treeNodes.addAll(pieces.get(joined));
            }
        }
        // Pair the odd nodes of the walked multigraph, within each group.
        int[] degree = new int[n];
        for (int e : walked) {
            degree[graph.edgeFrom(e)]++;
            degree[graph.edgeTo(e)]++;
        }
        List<List<Integer>> oddByGroup = new ArrayList<>();
        for (int g = 0; g < groups; g++) oddByGroup.add(new ArrayList<>());
        int[] groupOfNode = new int[n];
        Arrays.fill(groupOfNode, -1);
        for (int v = 0; v < n; v++) if (pieceOf[v] >= 0) groupOfNode[v] = group[pieceOf[v]];
        for (int e : walked) {
            // Joining paths pass through nodes of no piece: they belong to the group of the path.
            int g = groupOfNode[graph.edgeFrom(e)] >= 0 ? groupOfNode[graph.edgeFrom(e)] : groupOfNode[graph.edgeTo(e)];
            if (g >= 0) {
                if (groupOfNode[graph.edgeFrom(e)] < 0) groupOfNode[graph.edgeFrom(e)] = g;
                if (groupOfNode[graph.edgeTo(e)] < 0) groupOfNode[graph.edgeTo(e)] = g;
            }
        }
        // A path's inner nodes get their group by a flood along walked edges.
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int e : walked) {
                int a = graph.edgeFrom(e), b = graph.edgeTo(e);
                if (groupOfNode[a] >= 0 && groupOfNode[b] < 0) {
                    groupOfNode[b] = groupOfNode[a];
                    changed = true;
                } else if (groupOfNode[b] >= 0 && groupOfNode[a] < 0) {
                    groupOfNode[a] = groupOfNode[b];
                    changed = true;
                }
            }
        }
        for (int v = 0; v < n; v++) if (degree[v] % 2 == 1) oddByGroup.get(groupOfNode[v]).add(v);
        for (int g = 0; g < groups; g++) {
            int[] odd = oddByGroup.get(g).stream().mapToInt(Integer::intValue).toArray();
            for (int[] pair : match(graph, dijkstra, odd)) {
                dijkstra.run(pair[0], new int[]{pair[1]}, Double.POSITIVE_INFINITY);
                for (int e : dijkstra.pathEdges(pair[1])) {
                    walked.add(e);
                    // A matched path may take streets no earlier walk used: they belong to this group now.
                    groupOfNode[graph.edgeFrom(e)] = g;
                    groupOfNode[graph.edgeTo(e)] = g;
                }
            }
        }
        // One Euler circuit per group, the group nearest the start first.
        List<ChinesePostman.Circuit> circuits = new ArrayList<>();
        double[] nearest = new double[groups];
        int[] startNode = new int[groups];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        Arrays.fill(startNode, -1);
        for (int v = 0; v < n; v++) {
            int g = groupOfNode[v];
            if (g < 0 || degree[v] == 0 && pieceOf[v] < 0) continue;
            double d = start == null ? 0 : graph.coordinate(v).distance(start);
            if (startNode[g] < 0 || d < nearest[g]) {
                nearest[g] = d;
                startNode[g] = v;
            }
        }
        Integer[] order = new Integer[groups];
        for (int i = 0; i < groups; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(nearest[a], nearest[b]));
        double total = 0;
        for (int g : order) {
            List<Integer> mine = new ArrayList<>();
            for (int e : walked) if (groupOfNode[graph.edgeFrom(e)] == g) mine.add(e);
            ChinesePostman.Circuit c = euler(graph, startNode[g], mine);
            circuits.add(c);
            total += c.lengthM();
        }
        return new ChinesePostman.Result(circuits, streetM, total, total - streetM, k);
    }

    /** Pairs of {@code odd} nodes (even count) whose paths are shortest in sum. */
    private static List<int[]> match(StreetGraph graph, Dijkstra dijkstra, int[] odd) {
        List<int[]> out = new ArrayList<>();
        int m = odd.length;
        if (m == 0) return out;
        MatchingAlgorithm.Matching<Integer, DefaultWeightedEdge> matching = null;
        if (m > MATCH_NEIGHBOURS + 1) {
            // Each odd node's nearest odd nodes only: a search stops once it has settled that many.
            Graph<Integer, DefaultWeightedEdge> near = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
            for (int i = 0; i < m; i++) near.addVertex(i);
            for (int i = 0; i < m; i++) {
                dijkstra.run(new int[]{odd[i]}, new double[]{0}, odd, Double.POSITIVE_INFINITY, MATCH_NEIGHBOURS + 1);
                for (int j = 0; j < m; j++) {
                    if (j == i) continue;
                    double d = dijkstra.distanceM(odd[j]);
                    if (d == Double.POSITIVE_INFINITY || near.containsEdge(i, j)) continue;
                    near.setEdgeWeight(near.addEdge(i, j), d);
                }
            }
            try {
                matching = new KolmogorovWeightedPerfectMatching<>(near, ObjectiveSense.MINIMIZE).getMatching();
                if (!matching.isPerfect()) matching = null;
            } catch (IllegalArgumentException noPerfectMatching) {
                matching = null;
            }
        }
        if (matching == null) {
            double[][] dist = new double[m][m];
            for (int i = 0; i < m; i++) {
                dijkstra.run(odd[i], odd, Double.POSITIVE_INFINITY);
                for (int j = 0; j < m; j++) dist[i][j] = dijkstra.distanceM(odd[j]);
            }
            matching = new KolmogorovWeightedPerfectMatching<>(sparse(dist, m), ObjectiveSense.MINIMIZE).getMatching();
        }
        Graph<Integer, DefaultWeightedEdge> g = matching.getGraph();
        for (DefaultWeightedEdge e : matching.getEdges()) out.add(new int[]{odd[g.getEdgeSource(e)], odd[g.getEdgeTarget(e)]});
        return out;
    }

    /** Each node joined to its {@code k} nearest others (finite distances only). */
    private static Graph<Integer, DefaultWeightedEdge> sparse(double[][] dist, int k) {
        int m = dist.length;
        Graph<Integer, DefaultWeightedEdge> g = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
        for (int i = 0; i < m; i++) g.addVertex(i);
        Integer[] idx = new Integer[m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) idx[j] = j;
            final int row = i;
            Arrays.sort(idx, (a, b) -> Double.compare(dist[row][a], dist[row][b]));
            int taken = 0;
            for (int t = 0; t < m && taken < k; t++) {
                int j = idx[t];
                if (j == i || dist[i][j] == Double.POSITIVE_INFINITY) continue;
                taken++;
                if (!g.containsEdge(i, j)) g.setEdgeWeight(g.addEdge(i, j), dist[i][j]);
            }
        }
        return g;
    }

    /** Hierholzer's Euler circuit over the edge instances {@code edges} (every node of even degree), from {@code start}. */
    static ChinesePostman.Circuit euler(StreetGraph graph, int start, List<Integer> edges) {
        double required = 0;
        boolean[] counted = new boolean[graph.edgeCount()];
        for (int e : edges) {
            if (graph.required(e) && !counted[e]) {
                counted[e] = true;
                required += graph.edgeLengthM(e);
            }
        }
        ChinesePostman.Circuit walk = ChinesePostman.eulerWalk(graph, start, edges, 0);
        return new ChinesePostman.Circuit(walk.nodes(), walk.edges(), walk.lengthM(), walk.lengthM() - required);
    }

    private static int find(int[] parent, int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    private static void union(int[] parent, int a, int b) {
        parent[find(parent, a)] = find(parent, b);
    }
}
