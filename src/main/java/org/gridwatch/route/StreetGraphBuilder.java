package org.gridwatch.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineSegment;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Builds a {@link StreetGraph} from street centrelines in planar metres (project lon/lat with
 * {@code MetricProjection} first). Every straight piece between two consecutive vertices becomes an
 * edge; vertices closer than {@value #MERGE_METERS} m are one node, so streets that share an
 * endpoint are joined there (streets that merely cross without a shared vertex are not: the data
 * is expected to be noded at junctions, as the street network is).
 *
 * <p>Stops are put on the graph by {@link #snap}: the nearest point of the nearest piece, which is
 * split there by a new node (or the piece's end, when the point is within {@value #MERGE_METERS} m
 * of it). Call {@link #snap} after all lines are added, then {@link #build}.
 *
 * <p>Not thread-safe; use once.
 */
public final class StreetGraphBuilder {

    /** Vertices this close (metres) are the same node: the stored coordinates carry 7 decimals, about 1 cm. */
    public static final double MERGE_METERS = 0.02;

    private final List<Coordinate[]> pieces = new ArrayList<>();
    private final List<Byte> pieceAccess = new ArrayList<>();
    private final List<List<Double>> splits = new ArrayList<>();
    private final List<Coordinate> snapPoints = new ArrayList<>();
    private final List<Coordinate> snapOnStreet = new ArrayList<>();
    private STRtree index;

    /** Adds each straight piece of a centreline (a LineString or MultiLineString, in metres). */
    public StreetGraphBuilder add(Geometry line) {
        return add(line, StreetGraph.OPEN);
    }

    /** As {@link #add(Geometry)}, each piece with the {@link StreetGraph#WALK_FORWARD}… {@code access} bits (forward: the line's direction). */
    public StreetGraphBuilder add(Geometry line, int access) {
        if (index != null) throw new IllegalStateException("lines must be added before the first snap");
        for (int g = 0; g < line.getNumGeometries(); g++) {
            if (!(line.getGeometryN(g) instanceof LineString ls)) continue;
            Coordinate[] cs = ls.getCoordinates();
            for (int i = 1; i < cs.length; i++) {
                if (cs[i - 1].distance(cs[i]) < MERGE_METERS) continue;
                pieces.add(new Coordinate[]{cs[i - 1], cs[i]});
                pieceAccess.add((byte) access);
                splits.add(new ArrayList<>(0));
            }
        }
        return this;
    }

    public boolean isEmpty() {
        return pieces.isEmpty();
    }

    /** A stop put on the street graph: its graph node and how far it lies from the street, in metres. */
    public record Snap(int node, double distanceM, Coordinate onStreet) {
    }

    /**
     * Registers {@code point} (metres) to be snapped; returns a ticket for {@link Built#snap(int)}.
     *
     * @throws IllegalStateException when no street has been added
     */
    public int snap(Coordinate point) {
        if (pieces.isEmpty()) throw new IllegalStateException("no streets to snap to");
        if (index == null) {
            index = new STRtree();
            for (int i = 0; i < pieces.size(); i++) {
                Coordinate[] p = pieces.get(i);
                index.insert(new Envelope(p[0], p[1]), i);
            }
            index.build();
        }
        Object nearest = index.nearestNeighbour(new Envelope(point), point,
                (a, b) -> segment((Integer) (a.getItem() instanceof Integer ? a.getItem() : b.getItem()))
                        .distance((Coordinate) (a.getItem() instanceof Coordinate ? a.getItem() : b.getItem())));
        int piece = (Integer) nearest;
        LineSegment seg = segment(piece);
        double fraction = Math.max(0, Math.min(1, seg.projectionFactor(point)));
        Coordinate on = seg.pointAlong(fraction);
        if (on.distance(seg.p0) < MERGE_METERS) {
            on = seg.p0;
        } else if (on.distance(seg.p1) < MERGE_METERS) {
            on = seg.p1;
        } else {
            splits.get(piece).add(fraction);
        }
        snapPoints.add(point);
        snapOnStreet.add(on);
        return snapPoints.size() - 1;
    }

    private LineSegment segment(int piece) {
        Coordinate[] p = pieces.get(piece);
        return new LineSegment(p[0], p[1]);
    }

    /** The graph plus where each snapped point landed. */
    public record Built(StreetGraph graph, List<Snap> snaps) {
        public Snap snap(int ticket) {
            return snaps.get(ticket);
        }
    }

    public Built build() {
        Map<Long, Integer> nodeAt = new HashMap<>();
        List<Coordinate> nodes = new ArrayList<>();
        List<int[]> edges = new ArrayList<>();
        List<Double> lengths = new ArrayList<>();
        List<Byte> access = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            Coordinate[] p = pieces.get(i);
            LineSegment seg = new LineSegment(p[0], p[1]);
            List<Double> fs = new ArrayList<>(splits.get(i));
            fs.sort(Double::compare);
            Coordinate prev = p[0];
            int prevNode = node(prev, nodeAt, nodes);
            fs.add(1.0);
            for (double f : fs) {
                Coordinate c = f == 1.0 ? p[1] : seg.pointAlong(f);
                int n = node(c, nodeAt, nodes);
                if (n != prevNode) {
                    edges.add(new int[]{prevNode, n});
                    lengths.add(prev.distance(c));
                    access.add(pieceAccess.get(i));
                    prev = c;
                    prevNode = n;
                }
            }
        }
        double[] xs = new double[nodes.size()];
        double[] ys = new double[nodes.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = nodes.get(i).x;
            ys[i] = nodes.get(i).y;
        }
        int[] from = new int[edges.size()];
        int[] to = new int[edges.size()];
        double[] len = new double[edges.size()];
        byte[] acc = new byte[edges.size()];
        for (int e = 0; e < from.length; e++) {
            from[e] = edges.get(e)[0];
            to[e] = edges.get(e)[1];
            len[e] = lengths.get(e);
            acc[e] = access.get(e);
        }
        List<Snap> snaps = new ArrayList<>(snapPoints.size());
        for (int t = 0; t < snapPoints.size(); t++) {
            Coordinate on = snapOnStreet.get(t);
            snaps.add(new Snap(node(on, nodeAt, nodes), snapPoints.get(t).distance(on), on));
        }
        return new Built(new StreetGraph(xs, ys, from, to, len, acc), snaps);
    }

    /**
     * The node at {@code c}, created when new. Coordinates are keyed on a grid of cells half
     * MERGE_METERS wide (so two points in one cell are always close enough to merge), and the
     * neighbouring cells are searched too so that close points on either side of a border merge.
     */
    private static int node(Coordinate c, Map<Long, Integer> nodeAt, List<Coordinate> nodes) {
        double cell = MERGE_METERS / 2;
        long cx = (long) Math.floor(c.x / cell);
        long cy = (long) Math.floor(c.y / cell);
        for (long dx = -2; dx <= 2; dx++) {
            for (long dy = -2; dy <= 2; dy++) {
                Integer found = nodeAt.get(key(cx + dx, cy + dy));
                if (found != null && nodes.get(found).distance(c) < MERGE_METERS) return found;
            }
        }
        int id = nodes.size();
        nodes.add(c);
        nodeAt.putIfAbsent(key(cx, cy), id);
        return id;
    }

    private static long key(long cx, long cy) {
        return (cx << 32) ^ (cy & 0xffffffffL);
    }
}
