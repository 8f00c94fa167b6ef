package org.gridwatch.route;

import java.util.List;

import org.gridwatch.geo.MetricProjection;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.LineSegment;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.index.strtree.ItemDistance;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * The whole street network as one graph in planar metres (a transverse Mercator centred on the
 * network), built once and shared by every route computation until the streets change. Routes are
 * searched on all of it, never on a part cut around the stops, so a detour however long is found.
 *
 * <p>A place is put on the network by {@link #snap}: the nearest point of the nearest edge open to
 * the profile, as the edge and the fraction along it; searches start from both ends of that edge
 * ({@link SnapSearch}), so the graph itself never changes.
 *
 * <p>Immutable after construction, so safe to share between threads (make a {@link #projection()}
 * per computation).
 */
public final class StreetNetwork {

    /** A street centreline in lon/lat and its {@link StreetGraph#WALK_FORWARD}… access bits. */
    public record Line(LineString lonLat, int access) {
    }

    /** A place on an edge: {@code fraction} along it from its first node, {@code distanceM} from the place, and the point. */
    public record EdgeSnap(int edge, double fraction, double distanceM, Coordinate onStreet) {
    }

    private final double centreLon;
    private final double centreLat;
    private final StreetGraph graph;
    private final STRtree walkIndex;
    private final STRtree driveIndex;
    private final ContractionHierarchy[] hierarchies = new ContractionHierarchy[Profile.values().length];

    private StreetNetwork(double centreLon, double centreLat, StreetGraph graph) {
        this.centreLon = centreLon;
        this.centreLat = centreLat;
        this.graph = graph;
        this.walkIndex = index(graph, Profile.WALKING);
        this.driveIndex = index(graph, Profile.VEHICLE);
    }

    /** The network of {@code lines}; null when there are none. */
    public static StreetNetwork of(List<Line> lines) {
        if (lines.isEmpty()) return null;
        Envelope env = new Envelope();
        for (Line l : lines) env.expandToInclude(l.lonLat().getEnvelopeInternal());
        MetricProjection projection = MetricProjection.centredOn(env.centre().x, env.centre().y);
        StreetGraphBuilder builder = new StreetGraphBuilder();
        for (Line l : lines) builder.add(projection.project(l.lonLat()), l.access());
        if (builder.isEmpty()) return null;
        return new StreetNetwork(projection.centreLon(), projection.centreLat(), builder.build().graph());
    }

    private static STRtree index(StreetGraph graph, Profile profile) {
        STRtree tree = new STRtree();
        int count = 0;
        for (int e = 0; e < graph.edgeCount(); e++) {
            if (!graph.usable(e, profile)) continue;
            Coordinate a = graph.coordinate(graph.edgeFrom(e));
            Coordinate b = graph.coordinate(graph.edgeTo(e));
            tree.insert(new Envelope(a, b), e);
            count++;
        }
        if (count == 0) return null;
        tree.build();
        return tree;
    }

    /** A projection of lon/lat onto this network's metres (one per computation: projections are not thread-safe). */
    public MetricProjection projection() {
        return MetricProjection.centredOn(centreLon, centreLat);
    }

    public StreetGraph graph() {
        return graph;
    }

    /**
     * The {@link ContractionHierarchy} of the edges open to {@code profile}: built on first use (a second or
     * two for 100,000 streets) and kept as long as this network, i.e. until the streets change.
     */
    public ContractionHierarchy hierarchy(Profile profile) {
        synchronized (hierarchies) {
            ContractionHierarchy h = hierarchies[profile.ordinal()];
            if (h == null) {
                h = ContractionHierarchy.build(graph, profile);
                hierarchies[profile.ordinal()] = h;
            }
            return h;
        }
    }

    /** The nearest point of an edge open to {@code profile}; null when the profile may use no edge. */
    public EdgeSnap snap(Coordinate metric, Profile profile) {
        STRtree tree = profile == Profile.VEHICLE ? driveIndex : walkIndex;
        if (tree == null) return null;
        ItemDistance distance = (a, b) -> {
            Object ia = a.getItem();
            Object ib = b.getItem();
            int edge = (Integer) (ia instanceof Integer ? ia : ib);
            Coordinate p = (Coordinate) (ia instanceof Coordinate ? ia : ib);
            return segment(edge).distance(p);
        };
        Object nearest = tree.nearestNeighbour(new Envelope(metric), metric, distance);
        int edge = (Integer) nearest;
        LineSegment seg = segment(edge);
        double fraction = Math.max(0, Math.min(1, seg.projectionFactor(metric)));
        // Within a node's merging distance of an end, the place is at that node (a junction).
        if (seg.getLength() * fraction < StreetGraphBuilder.MERGE_METERS) fraction = 0;
        else if (seg.getLength() * (1 - fraction) < StreetGraphBuilder.MERGE_METERS) fraction = 1;
        Coordinate on = seg.pointAlong(fraction);
        return new EdgeSnap(edge, fraction, on.distance(metric), on);
    }

    private LineSegment segment(int edge) {
        return new LineSegment(graph.coordinate(graph.edgeFrom(edge)), graph.coordinate(graph.edgeTo(edge)));
    }

}
