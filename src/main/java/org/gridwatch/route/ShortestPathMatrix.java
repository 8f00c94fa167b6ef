package org.gridwatch.route;

/**
 * Walking distances between chosen nodes of a {@link StreetGraph}: one bounded {@link Dijkstra}
 * search from each node, stopped once all the others are settled or beyond {@code maxMeters}.
 * Pairs not connected within the bound get {@code +∞}. Distances are symmetric because the graph is
 * undirected; each pair is taken from the search of its lower index.
 *
 * <p>Stateless and thread-safe. Cost: n searches over the part of the graph within the bound.
 */
public final class ShortestPathMatrix {

    private ShortestPathMatrix() {
    }

    /** {@code result[i][j]}: metres from {@code nodes[i]} to {@code nodes[j]} along the graph, or {@code +∞}. */
    public static double[][] compute(StreetGraph graph, int[] nodes, double maxMeters) {
        int n = nodes.length;
        double[][] out = new double[n][n];
        Dijkstra search = new Dijkstra(graph);
        for (int i = 0; i < n; i++) {
            int[] targets = new int[n - i];
            System.arraycopy(nodes, i, targets, 0, n - i);
            search.run(nodes[i], targets, maxMeters);
            for (int j = i + 1; j < n; j++) {
                double dm = search.distanceM(nodes[j]);
                out[i][j] = dm;
                out[j][i] = dm;
            }
        }
        return out;
    }
}
