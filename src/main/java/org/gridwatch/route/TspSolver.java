package org.gridwatch.route;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A solver for the symmetric travelling-salesman problem: the shortest closed tour through every
 * place of a {@link DistanceMatrix}, or the shortest open path from a given start ending anywhere.
 *
 * <p>Method: a greedy-edge start tour, then local search with 2-opt and Or-opt moves (segments of
 * 1–3 places moved elsewhere, either way round) restricted to each place's {@code k} nearest
 * neighbours, with don't-look bits kept as a queue of places worth another look (Bentley 1992);
 * then iterated local search (Johnson &amp; McGeoch 1997): a local double-bridge kick (two adjacent
 * segments of at most {@value #KICK_SEGMENT_MAX} places swapped), local search from the kicked
 * places, and the result kept when it is no longer than the best so far. Up to
 * {@value #EXACT_MAX} places the Held–Karp dynamic programme gives the exact optimum instead.
 *
 * <p>The open path is solved as a closed tour with a dummy place tied to the start (cost 0) and
 * far from every other place (cost larger than any path), so the tour's one far edge marks where
 * the path ends.
 *
 * <p>Deterministic for a given seed as long as the iteration limit, not the time budget, ends the
 * search. Immutable and thread-safe: every call works on its own state.
 */
public final class TspSolver {

    /** Nearest neighbours each place considers for a move; 10 is the usual sweet spot for 2-opt/Or-opt. */
    public static final int DEFAULT_NEIGHBOURS = 10;
    /** Up to this many places (including the open path's dummy) the exact dynamic programme is used. */
    static final int EXACT_MAX = 12;
    static final int KICK_SEGMENT_MAX = 50;

    private final long seed;
    private final Duration timeBudget;
    private final int neighbours;
    private final int maxIterations;

    /**
     * @param seed          seed of the kicks' random choices
     * @param timeBudget    wall-clock limit of the iterated search (local search of the start tour always completes)
     * @param maxIterations number of kicks; 0 chooses one from the size: {@code 2000 + 60·n}
     */
    public TspSolver(long seed, Duration timeBudget, int maxIterations) {
        this(seed, timeBudget, maxIterations, DEFAULT_NEIGHBOURS);
    }

    public TspSolver(long seed, Duration timeBudget, int maxIterations, int neighbours) {
        if (neighbours < 1) throw new IllegalArgumentException("neighbours must be ≥ 1");
        if (maxIterations < 0) throw new IllegalArgumentException("maxIterations must be ≥ 0");
        this.seed = seed;
        this.timeBudget = timeBudget;
        this.maxIterations = maxIterations;
        this.neighbours = neighbours;
    }

    /** A solver with seed 1, a 2 s budget and the automatic iteration count. */
    public static TspSolver standard() {
        return new TspSolver(1, Duration.ofSeconds(2), 0);
    }

    /** A visiting order: {@code order[0]} is the start; {@code length} in the matrix's unit. */
    public record Tour(int[] order, double length, boolean closed) {
    }

    /** The shortest closed tour found, beginning at {@code start} and returning to it. */
    public Tour closedTour(DistanceMatrix d, int start) {
        checkStart(d, start);
        if (!d.symmetric()) return directedTour(d, start, false);
        int n = d.size();
        double[] w = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) w[i * n + j] = d.get(i, j);
        int[] cycle = solveCycle(w, n);
        int[] order = rotate(cycle, start, -1);
        return new Tour(order, d.length(order, true), true);
    }

    /** The shortest open path found that begins at {@code start} and ends at whichever place is best. */
    public Tour openPath(DistanceMatrix d, int start) {
        checkStart(d, start);
        if (!d.symmetric()) return directedTour(d, start, true);
        int n = d.size();
        if (n <= 2) {
            int[] order = n == 1 ? new int[]{0} : new int[]{start, 1 - start};
            return new Tour(order, d.length(order, false), false);
        }
        int m = n + 1;
        double far = d.max() * n + 1;
        double[] w = new double[m * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) w[i * m + j] = d.get(i, j);
            double dummy = i == start ? 0 : far;
            w[i * m + n] = dummy;
            w[n * m + i] = dummy;
        }
        int[] cycle = solveCycle(w, m);
        int[] withDummy = rotate(cycle, start, n);
        int[] order = Arrays.copyOf(withDummy, n);
        return new Tour(order, d.length(order, false), false);
    }

    /**
     * A tour (or open path) on costs that differ by direction (a vehicle on one-way streets), solved as a
     * symmetric tour of twice the places (Jonker &amp; Volgenant 1983): each place becomes an "in" and an
     * "out" twin joined at no cost, an out twin joins every other place's in twin at the directed cost
     * (plus a constant), and every other pair is forbidden by a cost no tour pays willingly. An open
     * path adds a place reached from every place at no cost that leads only to the start. Should
     * the search leave a forbidden pair in the tour, the nearest-neighbour tour is used instead.
     */
    private Tour directedTour(DistanceMatrix d, int start, boolean open) {
        int n = d.size() + (open ? 1 : 0);
        double max = d.max();
        double big = (max + 1) * n * 4 + 1;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) continue;
                if (!open || (i < d.size() && j < d.size())) c[i][j] = d.get(i, j);
                else if (j == d.size()) c[i][j] = 0;             // any place → the end
                else c[i][j] = j == start ? 0 : big;             // the end → only the start
            }
        }
        int m = 2 * n;
        double shift = big;
        double forbidden = big * 4;
        double[] w = new double[m * m];
        java.util.Arrays.fill(w, forbidden);
        for (int i = 0; i < n; i++) {
            w[i * m + (n + i)] = 0;
            w[(n + i) * m + i] = 0;
            for (int j = 0; j < n; j++) {
                if (i == j) continue;
                // out twin of i (n+i) next to in twin of j: travel i → j
                w[(n + i) * m + j] = c[i][j] + shift;
                w[j * m + (n + i)] = c[i][j] + shift;
            }
        }
        for (int i = 0; i < m; i++) w[i * m + i] = 0;
        int[] cycle = solveCycle(w, m);
        int[] order = decode(cycle, n, start);
        if (order == null || !feasible(order, c, big)) order = nearestNeighbour(c, start, open ? n - 1 : -1);
        int[] places = open ? java.util.Arrays.stream(order).filter(p -> p != d.size()).toArray() : order;
        double length = 0;
        for (int i = 1; i < places.length; i++) length += d.get(places[i - 1], places[i]);
        if (!open && places.length > 1) length += d.get(places[places.length - 1], places[0]);
        return new Tour(places, length, !open);
    }

    /** The places in travel order from {@code start}, read off a symmetric tour of in/out twins; null when it is not one. */
    private static int[] decode(int[] cycle, int n, int start) {
        int m = cycle.length;
        int at = 0;
        while (cycle[at] != start) at++;
        int step = cycle[(at + 1) % m] == n + start ? 1 : cycle[Math.floorMod(at - 1, m)] == n + start ? -1 : 0;
        if (step == 0) return null;
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            int in = cycle[Math.floorMod(at + step * 2 * k, m)];
            int out = cycle[Math.floorMod(at + step * (2 * k + 1), m)];
            if (in >= n || out != n + in) return null;
            order[k] = in;
        }
        return order;
    }

    private static boolean feasible(int[] order, double[][] c, double big) {
        for (int i = 0; i < order.length; i++) {
            if (c[order[i]][order[(i + 1) % order.length]] >= big) return false;
        }
        return true;
    }

    /** Greedy order from {@code start}; {@code last} (an open path's end place, or -1) comes last. */
    private static int[] nearestNeighbour(double[][] c, int start, int last) {
        int n = c.length;
        boolean[] seen = new boolean[n];
        int[] order = new int[n];
        order[0] = start;
        seen[start] = true;
        if (last >= 0) {
            seen[last] = true;
            order[n - 1] = last;
        }
        for (int k = 1; k < (last >= 0 ? n - 1 : n); k++) {
            int best = -1;
            for (int j = 0; j < n; j++) if (!seen[j] && (best < 0 || c[order[k - 1]][j] < c[order[k - 1]][best])) best = j;
            order[k] = best;
            seen[best] = true;
        }
        return order;
    }

    private static void checkStart(DistanceMatrix d, int start) {
        if (d.size() == 0) throw new IllegalArgumentException("no places to visit");
        if (start < 0 || start >= d.size()) throw new IllegalArgumentException("start " + start + " is not a place");
    }

    /**
     * The cycle rotated to begin at {@code start}, walking away from {@code avoid} (the dummy)
     * when it is next to the start; the dummy, if any, ends up last.
     */
    private static int[] rotate(int[] cycle, int start, int avoid) {
        int m = cycle.length;
        int at = 0;
        while (cycle[at] != start) at++;
        int step = avoid >= 0 && cycle[(at + 1) % m] == avoid ? -1 : 1;
        int[] out = new int[m];
        for (int i = 0; i < m; i++) out[i] = cycle[Math.floorMod(at + step * i, m)];
        return out;
    }

    private int[] solveCycle(double[] w, int m) {
        if (m <= 3) {
            int[] t = new int[m];
            for (int i = 0; i < m; i++) t[i] = i;
            return t;
        }
        if (m <= EXACT_MAX) return HeldKarp.cycle(w, m);
        Search s = new Search(w, m, Math.min(neighbours, m - 1), new SplittableRandom(seed));
        s.greedyStart();
        s.localSearch();
        int iterations = maxIterations > 0 ? maxIterations : 2000 + 60 * m;
        s.iterate(iterations, System.nanoTime() + timeBudget.toNanos());
        return s.best();
    }

    /** Exact optimum by dynamic programming over subsets (Held &amp; Karp 1962), O(2ⁿ·n²). */
    static final class HeldKarp {
        private HeldKarp() {
        }

        static int[] cycle(double[] w, int m) {
            int k = m - 1; // place 0 is fixed as the first; subsets range over places 1..m-1
            int full = 1 << k;
            double[] cost = new double[full * k];
            int[] parent = new int[full * k];
            Arrays.fill(cost, Double.POSITIVE_INFINITY);
            for (int j = 0; j < k; j++) cost[(1 << j) * k + j] = w[j + 1];
            for (int mask = 1; mask < full; mask++) {
                for (int j = 0; j < k; j++) {
                    double c = cost[mask * k + j];
                    if ((mask & (1 << j)) == 0 || c == Double.POSITIVE_INFINITY) continue;
                    for (int next = 0; next < k; next++) {
                        if ((mask & (1 << next)) != 0) continue;
                        int to = (mask | (1 << next)) * k + next;
                        double v = c + w[(j + 1) * m + next + 1];
                        if (v < cost[to]) {
                            cost[to] = v;
                            parent[to] = j;
                        }
                    }
                }
            }
            int mask = full - 1;
            int last = 0;
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                double v = cost[mask * k + j] + w[(j + 1) * m];
                if (v < best) {
                    best = v;
                    last = j;
                }
            }
            int[] order = new int[m];
            for (int i = m - 1; i >= 1; i--) {
                order[i] = last + 1;
                int prev = parent[mask * k + last];
                mask &= ~(1 << last);
                last = prev;
            }
            order[0] = 0;
            return order;
        }
    }

    /** The mutable state of one solve: tour as an array plus each place's position in it. */
    private static final class Search {
        private final double[] w;
        private final int m;
        private final int[][] nbr;
        private final SplittableRandom random;
        private final double eps;
        private final int[] tour;
        private final int[] pos;
        private final int[] bestTour;
        private final int[] queue;
        private final boolean[] queued;
        private final int[] scratch = new int[2 * KICK_SEGMENT_MAX];
        private int head;
        private int queueSize;
        private double length;
        private double bestLength;

        Search(double[] w, int m, int k, SplittableRandom random) {
            this.w = w;
            this.m = m;
            this.random = random;
            double max = 0;
            for (double v : w) max = Math.max(max, v);
            // Gains below this are rounding noise, not improvements (costs up to max·n are summed).
            this.eps = Math.max(max, 1e-12) * 1e-9;
            this.nbr = nearest(k);
            this.tour = new int[m];
            this.pos = new int[m];
            this.bestTour = new int[m];
            this.queue = new int[m];
            this.queued = new boolean[m];
        }

        private double d(int a, int b) {
            return w[a * m + b];
        }

        /** Each place's k nearest others, nearest first (ties by index). */
        private int[][] nearest(int k) {
            int[][] out = new int[m][k];
            double[] dist = new double[k];
            for (int i = 0; i < m; i++) {
                int filled = 0;
                int[] list = out[i];
                for (int j = 0; j < m; j++) {
                    if (j == i) continue;
                    double v = d(i, j);
                    if (filled == k && v >= dist[k - 1]) continue;
                    int at = filled == k ? k - 1 : filled++;
                    while (at > 0 && dist[at - 1] > v) {
                        dist[at] = dist[at - 1];
                        list[at] = list[at - 1];
                        at--;
                    }
                    dist[at] = v;
                    list[at] = j;
                }
            }
            return out;
        }

        /** Greedy edge matching over the neighbour lists, fragments then joined nearest end first. */
        void greedyStart() {
            int k = nbr[0].length;
            long[] edges = new long[m * k];
            double[] len = new double[m * k];
            Integer[] idx = new Integer[m * k];
            int e = 0;
            for (int i = 0; i < m; i++) {
                for (int j : nbr[i]) {
                    if (i < j) {
                        edges[e] = ((long) i << 32) | j;
                        len[e] = d(i, j);
                        idx[e] = e;
                        e++;
                    }
                }
            }
            Integer[] sorted = Arrays.copyOf(idx, e);
            Arrays.sort(sorted, (x, y) -> Double.compare(len[x], len[y]));
            int[][] adj = new int[m][2];
            int[] degree = new int[m];
            int[] root = new int[m];
            for (int i = 0; i < m; i++) root[i] = i;
            int added = 0;
            for (Integer s : sorted) {
                int a = (int) (edges[s] >>> 32);
                int b = (int) edges[s];
                if (degree[a] == 2 || degree[b] == 2) continue;
                int ra = find(root, a);
                int rb = find(root, b);
                if (ra == rb) continue;
                root[ra] = rb;
                adj[a][degree[a]++] = b;
                adj[b][degree[b]++] = a;
                if (++added == m - 1) break;
            }
            boolean[] used = new boolean[m];
            int filled = 0;
            int end = -1;
            while (filled < m) {
                int startAt = -1;
                if (end < 0) {
                    for (int i = 0; i < m && startAt < 0; i++) if (degree[i] < 2) startAt = i;
                } else {
                    double best = Double.POSITIVE_INFINITY;
                    for (int i = 0; i < m; i++) {
                        if (!used[i] && degree[i] < 2 && d(end, i) < best) {
                            best = d(end, i);
                            startAt = i;
                        }
                    }
                }
                int prev = -1;
                int cur = startAt;
                while (cur >= 0) {
                    used[cur] = true;
                    tour[filled++] = cur;
                    end = cur;
                    int next = -1;
                    for (int t = 0; t < degree[cur]; t++) {
                        if (adj[cur][t] != prev && !used[adj[cur][t]]) next = adj[cur][t];
                    }
                    prev = cur;
                    cur = next;
                }
            }
            for (int i = 0; i < m; i++) pos[tour[i]] = i;
            length = 0;
            for (int i = 0; i < m; i++) length += d(tour[i], tour[(i + 1) % m]);
            for (int i = 0; i < m; i++) push(tour[i]);
            bestLength = length;
        }

        private static int find(int[] root, int x) {
            while (root[x] != x) {
                root[x] = root[root[x]];
                x = root[x];
            }
            return x;
        }

        private int succ(int c) {
            int p = pos[c] + 1;
            return tour[p == m ? 0 : p];
        }

        private int pred(int c) {
            int p = pos[c] - 1;
            return tour[p < 0 ? m - 1 : p];
        }

        private int step(int c, boolean forward) {
            return forward ? succ(c) : pred(c);
        }

        private void push(int c) {
            if (queued[c]) return;
            queued[c] = true;
            int at = head + queueSize;
            queue[at >= m ? at - m : at] = c;
            queueSize++;
        }

        private int poll() {
            int c = queue[head];
            head = head + 1 == m ? 0 : head + 1;
            queueSize--;
            queued[c] = false;
            return c;
        }

        void localSearch() {
            while (queueSize > 0) {
                int a = poll();
                if (improve(a)) push(a);
            }
        }

        private boolean improve(int a) {
            return twoOpt(a, true) || twoOpt(a, false) || orOpt(a, true) || orOpt(a, false);
        }

        /** 2-opt: replace (a,b),(c,e) by (a,c),(b,e), with b after a and e after c in the same direction. */
        private boolean twoOpt(int a, boolean forward) {
            int b = step(a, forward);
            double dab = d(a, b);
            for (int c : nbr[a]) {
                double g1 = dab - d(a, c);
                if (g1 <= eps) break;
                int e = step(c, forward);
                if (c == b || e == a) continue;
                double gain = g1 + d(c, e) - d(b, e);
                if (gain > eps) {
                    exchange(a, b, c, e);
                    length -= gain;
                    push(a);
                    push(b);
                    push(c);
                    push(e);
                    return true;
                }
            }
            return false;
        }

        /**
         * Or-opt: move the segment of 1–3 places starting at {@code s1} (going {@code forward})
         * between two neighbouring places elsewhere, in whichever orientation is shorter.
         */
        private boolean orOpt(int s1, boolean forward) {
            int s2 = s1;
            for (int len = 1; len <= 3 && len + 3 <= m; len++) {
                if (len > 1) s2 = step(s2, forward);
                int p = step(s1, !forward);
                int f = step(s2, forward);
                if (p == s2 || f == s1 || p == f) return false;
                double removeGain = d(p, s1) + d(s2, f) - d(p, f);
                if (removeGain <= eps) continue;
                for (int end = 0; end < 2; end++) {
                    int near = end == 0 ? s1 : s2;
                    int other = end == 0 ? s2 : s1;
                    for (int c : nbr[near]) {
                        double dn = d(near, c);
                        if (dn >= removeGain - eps) break;
                        if (inSegment(c, s1, len, forward)) continue;
                        // c before the gap: c-near ... other-y ; c after the gap: x-other ... near-c
                        for (int side = 0; side < 2; side++) {
                            int x = side == 0 ? c : step(c, !forward);
                            int y = side == 0 ? step(c, forward) : c;
                            if (inSegment(x, s1, len, forward) || inSegment(y, s1, len, forward)) continue;
                            double add = side == 0
                                    ? dn + d(other, y) - d(x, y)
                                    : d(x, other) + dn - d(x, y);
                            double gain = removeGain - add;
                            if (gain > eps) {
                                boolean xNextToS1 = (side == 0) == (near == s1);
                                moveSegment(p, s1, s2, f, x, y, xNextToS1);
                                length -= gain;
                                push(p);
                                push(f);
                                push(s1);
                                push(s2);
                                push(x);
                                push(y);
                                return true;
                            }
                        }
                    }
                }
            }
            return false;
        }

        private boolean inSegment(int c, int s1, int len, boolean forward) {
            int offset = forward ? pos[c] - pos[s1] : pos[s1] - pos[c];
            if (offset < 0) offset += m;
            return offset < len;
        }

        /**
         * Moves segment s1..s2 (p before it, f after, in the direction where y follows x) between
         * x and y, as two or three 2-opt exchanges.
         */
        private void moveSegment(int p, int s1, int s2, int f, int x, int y, boolean xNextToS1) {
            exchange(p, s1, x, y);   // p x … f s2 … s1 y
            exchange(p, x, f, s2);   // p f … x s2 … s1 y
            if (xNextToS1) exchange(x, s2, s1, y); // p f … x s1 … s2 y
        }

        /**
         * The 2-opt exchange removing (a,b) and (c,e) and adding (a,c) and (b,e), where b follows a
         * and e follows c in the same direction round the tour (either direction).
         */
        private void exchange(int a, int b, int c, int e) {
            if (succ(a) == b) reverse(pos[b], pos[c]);
            else reverse(pos[c], pos[b]);
        }

        /** Reverses tour positions i..j (inclusive, wrapping), or the complement when that is shorter. */
        private void reverse(int i, int j) {
            int len = j - i;
            if (len < 0) len += m;
            len += 1;
            if (2 * len > m) {
                int ni = j + 1 == m ? 0 : j + 1;
                int nj = i == 0 ? m - 1 : i - 1;
                i = ni;
                j = nj;
                len = m - len;
            }
            for (int t = 0; t < len / 2; t++) {
                int ci = tour[i];
                int cj = tour[j];
                tour[i] = cj;
                pos[cj] = i;
                tour[j] = ci;
                pos[ci] = j;
                i = i + 1 == m ? 0 : i + 1;
                j = j == 0 ? m - 1 : j - 1;
            }
        }

        /** Local double bridge: A B C D → A C B D with B and C short segments at a random place. */
        private void kick() {
            int maxSeg = Math.min(KICK_SEGMENT_MAX, (m - 2) / 2);
            int l1 = 1 + random.nextInt(maxSeg);
            int l2 = 1 + random.nextInt(maxSeg);
            int i = random.nextInt(m);
            int a = tour[i];
            int b1 = tour[(i + 1) % m];
            int bl = tour[(i + l1) % m];
            int c1 = tour[(i + l1 + 1) % m];
            int cl = tour[(i + l1 + l2) % m];
            int e = tour[(i + l1 + l2 + 1) % m];
            length += d(a, c1) + d(cl, b1) + d(bl, e) - d(a, b1) - d(bl, c1) - d(cl, e);
            int t = 0;
            for (int q = 0; q < l2; q++) scratch[t++] = tour[(i + l1 + 1 + q) % m];
            for (int q = 0; q < l1; q++) scratch[t++] = tour[(i + 1 + q) % m];
            for (int q = 0; q < t; q++) {
                int at = (i + 1 + q) % m;
                tour[at] = scratch[q];
                pos[scratch[q]] = at;
            }
            push(a);
            push(b1);
            push(bl);
            push(c1);
            push(cl);
            push(e);
        }

        void iterate(int iterations, long deadlineNanos) {
            System.arraycopy(tour, 0, bestTour, 0, m);
            bestLength = length;
            if (m < 8) return;
            for (int it = 0; it < iterations; it++) {
                if ((it & 63) == 0 && System.nanoTime() > deadlineNanos) break;
                kick();
                localSearch();
                if (length <= bestLength + eps) {
                    bestLength = Math.min(bestLength, length);
                    System.arraycopy(tour, 0, bestTour, 0, m);
                } else {
                    System.arraycopy(bestTour, 0, tour, 0, m);
                    for (int q = 0; q < m; q++) pos[tour[q]] = q;
                    length = bestLength;
                }
            }
        }

        int[] best() {
            if (length < bestLength) return tour.clone();
            return bestTour.clone();
        }
    }
}
