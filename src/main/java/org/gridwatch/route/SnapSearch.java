package org.gridwatch.route;

import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.geom.Coordinate;

/**
 * Shortest travel between places snapped part-way along edges of a {@link StreetNetwork}: a
 * {@link Dijkstra} search that starts from both ends of the source's edge (each at its distance
 * along the edge, if the profile may go that way), and reaches a target from either end of its
 * edge, or directly along a shared edge.
 *
 * <p>Not thread-safe: one per thread, reusable for many searches.
 */
final class SnapSearch {

    private final StreetGraph graph;
    private final Profile profile;
    private final Dijkstra dijkstra;
    private StreetNetwork.EdgeSnap source;

    SnapSearch(StreetGraph graph, Profile profile) {
        this.graph = graph;
        this.profile = profile;
        this.dijkstra = new Dijkstra(graph, profile);
    }

    /** Searches from {@code from} until both ends of every target's edge are settled or beyond {@code maxMeters}. */
    void run(StreetNetwork.EdgeSnap from, StreetNetwork.EdgeSnap[] targets, double maxMeters) {
        source = from;
        int e = from.edge();
        double len = graph.edgeLengthM(e);
        int[] sources = new int[2];
        double[] startM = new double[2];
        int count = 0;
        // At an end of its edge a place is at that node: no part of the edge is travelled, whatever its direction.
        if (graph.backward(e, profile) || from.fraction() == 0) {
            sources[count] = graph.edgeFrom(e);
            startM[count++] = from.fraction() * len;
        }
        if (graph.forward(e, profile) || from.fraction() == 1) {
            sources[count] = graph.edgeTo(e);
            startM[count++] = (1 - from.fraction()) * len;
        }
        int[] ends = new int[2 * targets.length];
        for (int t = 0; t < targets.length; t++) {
            ends[2 * t] = graph.edgeFrom(targets[t].edge());
            ends[2 * t + 1] = graph.edgeTo(targets[t].edge());
        }
        dijkstra.run(java.util.Arrays.copyOf(sources, count), java.util.Arrays.copyOf(startM, count), ends, maxMeters);
    }

    /** Metres from the last search's source to {@code to} along the streets, {@code +∞} when not reached. */
    double distanceM(StreetNetwork.EdgeSnap to) {
        return best(to).metres;
    }

    /** The points from the source's street point to {@code to}'s street point (planar metres); null when not reached. */
    List<Coordinate> path(StreetNetwork.EdgeSnap to) {
        Best b = best(to);
        if (b.metres == Double.POSITIVE_INFINITY) return null;
        List<Coordinate> out = new ArrayList<>();
        out.add(source.onStreet());
        if (b.via >= 0) {
            for (int v : dijkstra.pathNodes(b.via)) out.add(graph.coordinate(v));
        }
        out.add(to.onStreet());
        return out;
    }

    /** {@code from} as a {@link ContractionHierarchy} source: the ends of its edge it may leave by, and the metres to each. */
    static ContractionHierarchy.Endpoint asSource(StreetGraph graph, Profile profile, StreetNetwork.EdgeSnap from) {
        int e = from.edge();
        double len = graph.edgeLengthM(e);
        return endpoint(graph.edgeFrom(e), from.fraction() * len, graph.backward(e, profile) || from.fraction() == 0,
                graph.edgeTo(e), (1 - from.fraction()) * len, graph.forward(e, profile) || from.fraction() == 1);
    }

    /** {@code to} as a {@link ContractionHierarchy} target: the ends of its edge it may be reached from, and the metres from each. */
    static ContractionHierarchy.Endpoint asTarget(StreetGraph graph, Profile profile, StreetNetwork.EdgeSnap to) {
        int f = to.edge();
        double len = graph.edgeLengthM(f);
        return endpoint(graph.edgeFrom(f), to.fraction() * len, graph.forward(f, profile) || to.fraction() == 0,
                graph.edgeTo(f), (1 - to.fraction()) * len, graph.backward(f, profile) || to.fraction() == 1);
    }

    private static ContractionHierarchy.Endpoint endpoint(int a, double am, boolean useA, int b, double bm, boolean useB) {
        if (useA && useB) return new ContractionHierarchy.Endpoint(new int[]{a, b}, new double[]{am, bm});
        if (useA) return new ContractionHierarchy.Endpoint(new int[]{a}, new double[]{am});
        if (useB) return new ContractionHierarchy.Endpoint(new int[]{b}, new double[]{bm});
        return new ContractionHierarchy.Endpoint(new int[0], new double[0]);
    }

    /** Metres from {@code from} to {@code to} staying on the edge they share ({@code +∞} when they do not, or the way is closed). */
    static double alongSharedEdge(StreetGraph graph, Profile profile, StreetNetwork.EdgeSnap from, StreetNetwork.EdgeSnap to) {
        int f = to.edge();
        if (f != from.edge()) return Double.POSITIVE_INFINITY;
        double len = graph.edgeLengthM(f);
        double t = to.fraction();
        double ts = from.fraction();
        double best = Double.POSITIVE_INFINITY;
        if (t >= ts && graph.forward(f, profile)) best = (t - ts) * len;
        if (t <= ts && graph.backward(f, profile)) best = Math.min(best, (ts - t) * len);
        return best;
    }

    private record Best(double metres, int via) {
    }

    private Best best(StreetNetwork.EdgeSnap to) {
        int f = to.edge();
        double len = graph.edgeLengthM(f);
        double t = to.fraction();
        double best = alongSharedEdge(graph, profile, source, to);
        int via = -1;
        if (graph.forward(f, profile) || t == 0) {
            double d = dijkstra.distanceM(graph.edgeFrom(f)) + t * len;
            if (d < best) {
                best = d;
                via = graph.edgeFrom(f);
            }
        }
        if (graph.backward(f, profile) || t == 1) {
            double d = dijkstra.distanceM(graph.edgeTo(f)) + (1 - t) * len;
            if (d < best) {
                best = d;
                via = graph.edgeTo(f);
            }
        }
        return new Best(best, via);
    }
}
