package org.gridwatch.route;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shares stops among k patrollers so that the longest of their routes is as short as possible
 * (the min-max k-TSP). With one common start: the giant tour through all stops is cut into k
 * consecutive pieces by dynamic programming so that the longest piece (walked from the start and,
 * when closed, back) is minimal (Frederickson, Hecht &amp; Kim 1978, route-first cluster-second).
 * With separate starts: each stop goes to the patroller whose start is nearest. Then each route is
 * re-solved by the {@link TspSolver}, and single stops move from the longest route to wherever
 * their cheapest insertion keeps the longest route shortest, while that helps.
 *
 * <p>A heuristic: the result is not proven minimal. Deterministic for a given solver seed.
 * Stateless and thread-safe.
 */
public final class PatrolSplitter {

    private static final int MAX_REBALANCE_MOVES = 500;

    private PatrolSplitter() {
    }

    /** One patroller's route: places in visiting order (the start first) and its length. */
    public record Route(int[] order, double length) {
    }

    /**
     * @param d       costs between all places (starts and stops)
     * @param starts  each patroller's start place (indices into {@code d}; may repeat)
     * @param stops   the places to visit (indices into {@code d}, none of them a start)
     * @param closed  routes return to their start
     * @return one route per patroller, in the order of {@code starts}; a route may hold only its start
     */
    public static List<Route> split(DistanceMatrix d, int[] starts, int[] stops, boolean closed, TspSolver solver) {
        int k = starts.length;
        if (k < 1) throw new IllegalArgumentException("at least one patroller is needed");
        List<List<Integer>> groups = new ArrayList<>();
        for (int p = 0; p < k; p++) groups.add(new ArrayList<>());
        boolean common = Arrays.stream(starts).allMatch(s -> s == starts[0]);
        if (common) {
            int[] giant = solve(d, starts[0], toList(stops), closed, solver).order;
            int[] tourStops = Arrays.copyOfRange(giant, 1, giant.length);
            int[] cuts = cut(d, starts[0], tourStops, k, closed);
            for (int p = 0; p < k; p++) {
                for (int i = cuts[p]; i < cuts[p + 1]; i++) groups.get(p).add(tourStops[i]);
            }
        } else {
            for (int s : stops) {
                int best = 0;
                for (int p = 1; p < k; p++) if (d.get(starts[p], s) < d.get(starts[best], s)) best = p;
                groups.get(best).add(s);
            }
        }
        Route[] routes = new Route[k];
        for (int p = 0; p < k; p++) routes[p] = solve(d, starts[p], groups.get(p), closed, solver);
        rebalance(d, starts, routes, closed, solver);
        return List.of(routes);
    }

    private static List<Integer> toList(int[] a) {
        List<Integer> out = new ArrayList<>(a.length);
        for (int v : a) out.add(v);
        return out;
    }

    /** The best route from {@code start} through {@code stops}, as indices into {@code d}. */
    static Route solve(DistanceMatrix d, int start, List<Integer> stops, boolean closed, TspSolver solver) {
        int[] places = new int[stops.size() + 1];
        places[0] = start;
        for (int i = 0; i < stops.size(); i++) places[i + 1] = stops.get(i);
        if (places.length == 1) return new Route(places, 0);
        DistanceMatrix sub = d.select(places);
        TspSolver.Tour t = closed ? solver.closedTour(sub, 0) : solver.openPath(sub, 0);
        int[] order = new int[places.length];
        for (int i = 0; i < order.length; i++) order[i] = places[t.order()[i]];
        return new Route(order, t.length());
    }

    /**
     * Cut points {@code 0 = c₀ ≤ c₁ ≤ … ≤ c_k = n} of the giant tour's stops minimising the longest
     * piece, by DP over (pieces used, stops covered): O(k·n²).
     */
    static int[] cut(DistanceMatrix d, int start, int[] tour, int k, boolean closed) {
        int n = tour.length;
        double[] along = new double[n]; // along[i]: tour length from tour[0] to tour[i]
        for (int i = 1; i < n; i++) along[i] = along[i - 1] + d.get(tour[i - 1], tour[i]);
        double[][] best = new double[k + 1][n + 1];
        int[][] from = new int[k + 1][n + 1];
        for (double[] row : best) Arrays.fill(row, Double.POSITIVE_INFINITY);
        best[0][0] = 0;
        for (int p = 1; p <= k; p++) {
            for (int j = 0; j <= n; j++) {
                for (int i = 0; i <= j; i++) {
                    if (best[p - 1][i] == Double.POSITIVE_INFINITY) continue;
                    double piece = 0;
                    if (j > i) {
                        piece = d.get(start, tour[i]) + along[j - 1] - along[i]
                                + (closed ? d.get(tour[j - 1], start) : 0);
                    }
                    double v = Math.max(best[p - 1][i], piece);
                    if (v < best[p][j]) {
                        best[p][j] = v;
                        from[p][j] = i;
                    }
                }
            }
        }
        int[] cuts = new int[k + 1];
        cuts[k] = n;
        for (int p = k; p >= 1; p--) cuts[p - 1] = from[p][cuts[p]];
        return cuts;
    }

    /** Moves single stops off the longest route while the longest route gets shorter. */
    private static void rebalance(DistanceMatrix d, int[] starts, Route[] routes, boolean closed, TspSolver solver) {
        int k = routes.length;
        if (k < 2) return;
        double eps = 1e-9 * Math.max(1, d.max());
        for (int move = 0; move < MAX_REBALANCE_MOVES; move++) {
            int longest = 0;
            for (int p = 1; p < k; p++) if (routes[p].length > routes[longest].length) longest = p;
            double currentMax = routes[longest].length;
            int[] lo = routes[longest].order;
            double bestMax = currentMax - eps;
            int bestStop = -1;
            int bestTarget = -1;
            for (int i = 1; i < lo.length; i++) {
                int prev = lo[i - 1];
                int next = i + 1 < lo.length ? lo[i + 1] : (closed ? lo[0] : -1);
                double saving = d.get(prev, lo[i]) + (next >= 0 ? d.get(lo[i], next) - d.get(prev, next) : 0);
                double shortened = routes[longest].length - saving;
                for (int p = 0; p < k; p++) {
                    if (p == longest) continue;
                    double grown = routes[p].length + cheapestInsertion(d, routes[p].order, lo[i], closed);
                    double othersMax = 0;
                    for (int q = 0; q < k; q++) if (q != p && q != longest) othersMax = Math.max(othersMax, routes[q].length);
                    double newMax = Math.max(othersMax, Math.max(shortened, grown));
                    if (newMax < bestMax) {
                        bestMax = newMax;
                        bestStop = i;
                        bestTarget = p;
                    }
                }
            }
            if (bestStop < 0) return;
            int stop = lo[bestStop];
            List<Integer> rest = new ArrayList<>();
            for (int i = 1; i < lo.length; i++) if (i != bestStop) rest.add(lo[i]);
            List<Integer> grownStops = new ArrayList<>();
            for (int i = 1; i < routes[bestTarget].order.length; i++) grownStops.add(routes[bestTarget].order[i]);
            grownStops.add(stop);
            Route shortened = solve(d, starts[longest], rest, closed, solver);
            Route grown = solve(d, starts[bestTarget], grownStops, closed, solver);
            double othersMax = 0;
            for (int q = 0; q < k; q++) if (q != bestTarget && q != longest) othersMax = Math.max(othersMax, routes[q].length);
            // The estimate came from cheap insertion; keep the move only if the re-solved routes bear it out.
            if (Math.max(othersMax, Math.max(shortened.length, grown.length)) >= currentMax - eps) return;
            routes[longest] = shortened;
            routes[bestTarget] = grown;
        }
    }

    /** Extra length from inserting {@code stop} at the best place of a route (after its start). */
    private static double cheapestInsertion(DistanceMatrix d, int[] order, int stop, boolean closed) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < order.length; i++) {
            int a = order[i];
            int b = i + 1 < order.length ? order[i + 1] : (closed ? order[0] : -1);
            double extra = d.get(a, stop) + (b >= 0 ? d.get(stop, b) - d.get(a, b) : 0);
            best = Math.min(best, extra);
        }
        return best;
    }
}
