package org.gridwatch.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jgrapht.Graph;
import org.jgrapht.alg.flow.mincost.CapacityScalingMinimumCostFlow;
import org.jgrapht.alg.flow.mincost.MinimumCostFlowProblem;
import org.jgrapht.alg.interfaces.MinimumCostFlowAlgorithm;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.DirectedWeightedPseudograph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The vehicle postman on the real Monaco network: every street a vehicle may drive, in the largest part of
 * it from which a vehicle can get back everywhere (strongly connected). Checked for what a sweeper needs
 * (a closed drive, never against a one-way street, never on a footway, every street covered in its allowed
 * direction(s)) and for length against an independent optimum: the streets' length plus a minimum-cost
 * balancing computed by JGraphT's capacity-scaling min-cost flow on a graph built here from the edges.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectedPostmanTest {

    private StreetGraph graph;
    /** The largest strongly connected part of Monaco's vehicle network. */
    private boolean[] keep;

    @BeforeAll
    void load() throws Exception {
        StreetGraph whole = ContractionHierarchyTest.monaco().graph();
        keep = largestStronglyConnected(whole);
        // Required: the vehicle edges with both ends in that part; the rest stays for getting about.
        int m = whole.edgeCount();
        double[] xs = new double[whole.nodeCount()];
        double[] ys = new double[whole.nodeCount()];
        for (int v = 0; v < xs.length; v++) {
            xs[v] = whole.coordinate(v).x;
            ys[v] = whole.coordinate(v).y;
        }
        int[] from = new int[m];
        int[] to = new int[m];
        double[] len = new double[m];
        byte[] access = new byte[m];
        int required = 0;
        for (int e = 0; e < m; e++) {
            from[e] = whole.edgeFrom(e);
            to[e] = whole.edgeTo(e);
            len[e] = whole.edgeLengthM(e);
            int bits = whole.access(e);
            if (whole.usable(e, Profile.VEHICLE) && keep[from[e]] && keep[to[e]]) {
                bits |= StreetGraph.REQUIRED;
                required++;
            }
            access[e] = (byte) bits;
        }
        graph = new StreetGraph(xs, ys, from, to, len, access);
        System.out.println("DirectedPostmanTest: " + required + " required vehicle edges of " + m);
        assertTrue(required > 2000);
    }

    @Test
    void bothSidesIsADirectedPostmanAsShortAsTheIndependentOptimum() {
        ChinesePostman.Result r = DirectedPostman.solve(graph, null, DirectedPostman.Sides.BOTH).result();
        assertValid(graph, r, DirectedPostman.Sides.BOTH);
        double requiredM = 0;
        List<int[]> arcs = new ArrayList<>();
        for (int e = 0; e < graph.edgeCount(); e++) {
            if (!graph.required(e)) continue;
            if (graph.forward(e, Profile.VEHICLE)) {
                arcs.add(new int[]{graph.edgeFrom(e), graph.edgeTo(e)});
                requiredM += graph.edgeLengthM(e);
            }
            if (graph.backward(e, Profile.VEHICLE)) {
                arcs.add(new int[]{graph.edgeTo(e), graph.edgeFrom(e)});
                requiredM += graph.edgeLengthM(e);
            }
        }
        double optimum = requiredM + independentBalancing(arcs);
        System.out.printf("both sides: drive %.1f m, streets' both sides %.1f m, optimum %.1f m%n", r.lengthM(), requiredM, optimum);
        assertEquals(optimum, r.lengthM(), 1e-6 * optimum);
    }

    @Test
    void eitherWayCoversEachTwoWayStreetOnceAndStaysBetweenTheBoundsOfTheMixedPostman() {
        DirectedPostman.Drive drive = DirectedPostman.solve(graph, null, DirectedPostman.Sides.EITHER);
        assertEquals(0, drive.leftOutEdges(), "the required streets are one strongly connected part");
        ChinesePostman.Result r = drive.result();
        assertValid(graph, r, DirectedPostman.Sides.EITHER);
        ChinesePostman.Result both = DirectedPostman.solve(graph, null, DirectedPostman.Sides.BOTH).result();
        // Lower bound: every street once plus the balancing the one-way streets alone force, each two-way street
        // lending one free unit of flow either way (a relaxation of choosing its direction).
        List<int[]> oneWays = new ArrayList<>();
        List<int[]> free = new ArrayList<>();
        double streetsM = 0;
        for (int e = 0; e < graph.edgeCount(); e++) {
            if (!graph.required(e)) continue;
            streetsM += graph.edgeLengthM(e);
            boolean f = graph.forward(e, Profile.VEHICLE), b = graph.backward(e, Profile.VEHICLE);
            if (f && b) free.add(new int[]{graph.edgeFrom(e), graph.edgeTo(e)});
            else oneWays.add(f ? new int[]{graph.edgeFrom(e), graph.edgeTo(e)} : new int[]{graph.edgeTo(e), graph.edgeFrom(e)});
        }
        double lower = streetsM + independentBalancingWithFreeArcs(oneWays, free);
        System.out.printf("either way: drive %.1f m, streets %.1f m, lower bound %.1f m (%.1f %% above), both sides %.1f m%n",
                r.lengthM(), streetsM, lower, 100 * (r.lengthM() / lower - 1), both.lengthM());
        assertEquals(streetsM, r.streetLengthM(), 1e-6 * streetsM);
        assertTrue(r.lengthM() >= lower - 1e-6, "no drive is shorter than the lower bound");
        assertTrue(r.lengthM() < both.lengthM(), "covering each two-way street once is shorter than both sides");
        assertTrue(r.lengthM() <= 1.35 * lower, "within 35 % of the lower bound: " + r.lengthM() + " vs " + lower);
    }

    @Test
    void onTheWholeNetworkTheStreetsNoClosedDriveCanTakeAreLeftOutAndCounted() throws Exception {
        StreetGraph whole = ContractionHierarchyTest.monaco().graph();
        boolean[] keep = largestStronglyConnected(whole);
        int m = whole.edgeCount();
        double[] xs = new double[whole.nodeCount()];
        double[] ys = new double[whole.nodeCount()];
        for (int v = 0; v < xs.length; v++) {
            xs[v] = whole.coordinate(v).x;
            ys[v] = whole.coordinate(v).y;
        }
        int[] from = new int[m];
        int[] to = new int[m];
        double[] len = new double[m];
        byte[] access = new byte[m];
        double outsideM = 0;
        int outside = 0;
        for (int e = 0; e < m; e++) {
            from[e] = whole.edgeFrom(e);
            to[e] = whole.edgeTo(e);
            len[e] = whole.edgeLengthM(e);
            access[e] = (byte) (whole.access(e) | StreetGraph.REQUIRED);
            if (whole.usable(e, Profile.VEHICLE) && !(keep[from[e]] && keep[to[e]])) {
                outside++;
                outsideM += len[e];
            }
        }
        StreetGraph all = new StreetGraph(xs, ys, from, to, len, access);
        DirectedPostman.Drive drive = DirectedPostman.solve(all, null, DirectedPostman.Sides.EITHER);
        System.out.printf("whole network: %d vehicle edges (%.1f m) outside the largest strongly connected part%n", outside, outsideM);
        assertTrue(outside > 0, "the extract's edge cuts one-way streets off");
        assertEquals(outside, drive.leftOutEdges());
        assertEquals(outsideM, drive.leftOutM(), 1e-6 * outsideM);
        assertValid(all, drive.result(), DirectedPostman.Sides.EITHER);
    }

    /** A closed drive, each step along an edge the vehicle may drive that way, covering the required arcs. */
    private void assertValid(StreetGraph graph, ChinesePostman.Result r, DirectedPostman.Sides sides) {
        assertEquals(1, r.circuits().size());
        ChinesePostman.Circuit c = r.circuits().get(0);
        int[] nodes = c.nodes();
        int[] edges = c.edges();
        assertEquals(nodes.length, edges.length + 1);
        assertEquals(nodes[0], nodes[nodes.length - 1], "the drive ends where it began");
        int[] forwardTimes = new int[graph.edgeCount()];
        int[] backwardTimes = new int[graph.edgeCount()];
        double length = 0;
        for (int i = 0; i < edges.length; i++) {
            int e = edges[i];
            length += graph.edgeLengthM(e);
            boolean along = graph.edgeFrom(e) == nodes[i] && graph.edgeTo(e) == nodes[i + 1];
            boolean against = graph.edgeTo(e) == nodes[i] && graph.edgeFrom(e) == nodes[i + 1];
            assertTrue(along || against, "step " + i + " follows its edge");
            assertTrue(graph.usable(e, Profile.VEHICLE), "step " + i + " is on a street open to vehicles");
            if (along && !against) {
                assertTrue(graph.forward(e, Profile.VEHICLE), "step " + i + " is not against a one-way street");
                forwardTimes[e]++;
            } else if (against && !along) {
                assertTrue(graph.backward(e, Profile.VEHICLE), "step " + i + " is not against a one-way street");
                backwardTimes[e]++;
            } else {
                forwardTimes[e]++;
            }
        }
        assertEquals(length, c.lengthM(), 1e-6 * length);
        for (int e = 0; e < graph.edgeCount(); e++) {
            if (!graph.required(e) || graph.edgeFrom(e) == graph.edgeTo(e) || !graph.usable(e, Profile.VEHICLE)) continue;
            if (!keep[graph.edgeFrom(e)] || !keep[graph.edgeTo(e)]) continue;
            boolean f = graph.forward(e, Profile.VEHICLE), b = graph.backward(e, Profile.VEHICLE);
            if (f && b && sides == DirectedPostman.Sides.EITHER) {
                assertTrue(forwardTimes[e] + backwardTimes[e] >= 1, "two-way edge " + e + " is driven");
            } else {
                if (f) assertTrue(forwardTimes[e] >= 1, "edge " + e + " is driven its way");
                if (b) assertTrue(backwardTimes[e] >= 1, "edge " + e + " is driven against its line");
            }
        }
    }

    /** Minimum cost of extra drives that balance {@code arcs}, by JGraphT's min-cost flow over the vehicle network. */
    private double independentBalancing(List<int[]> arcs) {
        return independentBalancingWithFreeArcs(arcs, List.of());
    }

    private double independentBalancingWithFreeArcs(List<int[]> arcs, List<int[]> free) {
        int n = graph.nodeCount();
        int[] supply = new int[n];
        for (int[] a : arcs) {
            supply[a[1]]++; // arrives: must leave again
            supply[a[0]]--;
        }
        Graph<Integer, DefaultWeightedEdge> g = new DirectedWeightedPseudograph<>(DefaultWeightedEdge.class);
        for (int v = 0; v < n; v++) g.addVertex(v);
        java.util.Map<DefaultWeightedEdge, Integer> capacity = new java.util.HashMap<>();
        for (int e = 0; e < graph.edgeCount(); e++) {
            int a = graph.edgeFrom(e), b = graph.edgeTo(e);
            if (a == b) continue;
            if (graph.forward(e, Profile.VEHICLE)) g.setEdgeWeight(g.addEdge(a, b), graph.edgeLengthM(e));
            if (graph.backward(e, Profile.VEHICLE)) g.setEdgeWeight(g.addEdge(b, a), graph.edgeLengthM(e));
        }
        for (int[] f : free) {
            if (f[0] == f[1]) continue;
            // Orienting a two-way street: the relaxation lets it carry one unit either way at no extra cost,
            // and the street's length is counted once outside the flow. One unit in one direction shifts
            // balance by 1 at each end, half of a real reversal: a relaxation, so a lower bound.
            DefaultWeightedEdge x = g.addEdge(f[0], f[1]);
            g.setEdgeWeight(x, 0);
            capacity.put(x, 1);
            DefaultWeightedEdge y = g.addEdge(f[1], f[0]);
            g.setEdgeWeight(y, 0);
            capacity.put(y, 1);
        }
        MinimumCostFlowProblem<Integer, DefaultWeightedEdge> problem = new MinimumCostFlowProblem.MinimumCostFlowProblemImpl<>(
                g, v -> supply[v], e -> capacity.getOrDefault(e, CapacityScalingMinimumCostFlow.CAP_INF));
        MinimumCostFlowAlgorithm.MinimumCostFlow<DefaultWeightedEdge> flow =
                new CapacityScalingMinimumCostFlow<Integer, DefaultWeightedEdge>().getMinimumCostFlow(problem);
        return flow.getCost();
    }

    /** Nodes of the largest strongly connected part of the vehicle network (Kosaraju, iterative). */
    static boolean[] largestStronglyConnected(StreetGraph g) {
        int n = g.nodeCount();
        boolean[] seen = new boolean[n];
        int[] order = new int[n];
        int count = 0;
        for (int s = 0; s < n; s++) {
            if (seen[s]) continue;
            ArrayDeque<int[]> stack = new ArrayDeque<>();
            stack.push(new int[]{s, 0});
            seen[s] = true;
            while (!stack.isEmpty()) {
                int[] top = stack.peek();
                int v = top[0];
                if (top[1] < g.degree(v)) {
                    int e = g.edgeAt(v, top[1]++);
                    if (!g.passable(e, v, Profile.VEHICLE)) continue;
                    int u = g.opposite(e, v);
                    if (!seen[u]) {
                        seen[u] = true;
                        stack.push(new int[]{u, 0});
                    }
                } else {
                    order[count++] = v;
                    stack.pop();
                }
            }
        }
        int[] comp = new int[n];
        Arrays.fill(comp, -1);
        int comps = 0;
        int[] size = new int[n];
        for (int i = n - 1; i >= 0; i--) {
            int s = order[i];
            if (comp[s] >= 0) continue;
            ArrayDeque<Integer> stack = new ArrayDeque<>();
            stack.push(s);
            comp[s] = comps;
            while (!stack.isEmpty()) {
                int v = stack.pop();
                size[comps]++;
                for (int k = 0; k < g.degree(v); k++) {
                    int e = g.edgeAt(v, k);
                    int u = g.opposite(e, v);
                    // reversed graph: u→v must be passable
                    if (comp[u] < 0 && g.passable(e, u, Profile.VEHICLE)) {
                        comp[u] = comps;
                        stack.push(u);
                    }
                }
            }
            comps++;
        }
        int best = 0;
        for (int c = 1; c < comps; c++) if (size[c] > size[best]) best = c;
        boolean[] keep = new boolean[n];
        for (int v = 0; v < n; v++) keep[v] = comp[v] == best;
        return keep;
    }
}
