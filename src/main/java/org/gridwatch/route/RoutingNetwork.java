package org.gridwatch.route;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.gridwatch.geo.MetricProjection;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateList;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;

/**
 * How a set of places (lon/lat) is travelled between: along the streets of a whole
 * {@link StreetNetwork} (each place snapped to its nearest street point, the way in from the place
 * and out again counted), or in straight lines. Gives the distance matrix the tour solvers work on
 * and the geometry of each leg.
 *
 * <p>On the streets, places the network does not connect are {@link #unreachableFrom reported};
 * only when the caller allows straight legs is such a pair joined by a straight line, and
 * {@link #straightLegs} names those legs of a route.
 *
 * <p>Not thread-safe (holds a projection and a search): one per computation.
 */
public final class RoutingNetwork {

    private static final GeometryFactory PLANAR = new GeometryFactory();

    /**
     * From this many places on, street distances come from the network's {@link ContractionHierarchy}
     * (built once per network version); below it, one Dijkstra search per place costs less than a
     * first build of the hierarchy would.
     */
    static final int HIERARCHY_MIN_PLACES = 16;

    private final MetricProjection projection;
    private final Coordinate[] places;
    private final StreetNetwork network;
    private final StreetGraph graph;
    private final Profile profile;
    private final StreetNetwork.EdgeSnap[] snaps;
    private double[][] along;
    private DistanceMatrix matrix;
    private boolean[][] straight;
    private SnapSearch search;

    private RoutingNetwork(MetricProjection projection, Coordinate[] places, StreetNetwork network, Profile profile,
                           StreetNetwork.EdgeSnap[] snaps) {
        this.projection = projection;
        this.places = places;
        this.network = network;
        this.graph = network == null ? null : network.graph();
        this.profile = profile;
        this.snaps = snaps;
    }

    /** Straight lines between {@code lonLat} places; distances in metres. */
    public static RoutingNetwork straight(List<Coordinate> lonLat) {
        if (lonLat.isEmpty()) throw new IllegalArgumentException("no places");
        Envelope env = new Envelope();
        lonLat.forEach(env::expandToInclude);
        MetricProjection projection = MetricProjection.centredOn(env);
        RoutingNetwork n = new RoutingNetwork(projection, project(projection, lonLat), null, Profile.WALKING, null);
        Coordinate[] p = n.places;
        n.matrix = DistanceMatrix.of(p.length, (i, j) -> p[i].distance(p[j]));
        return n;
    }

    /**
     * Travel along the whole {@code network} between {@code lonLat} places by {@code profile}. Only
     * snaps the places; distances are searched when first needed.
     */
    public static RoutingNetwork streets(StreetNetwork network, List<Coordinate> lonLat, Profile profile) {
        if (lonLat.isEmpty()) throw new IllegalArgumentException("no places");
        MetricProjection projection = network.projection();
        Coordinate[] places = project(projection, lonLat);
        StreetNetwork.EdgeSnap[] snaps = new StreetNetwork.EdgeSnap[places.length];
        for (int i = 0; i < places.length; i++) snaps[i] = network.snap(places[i], profile);
        return new RoutingNetwork(projection, places, network, profile, snaps);
    }

    private static Coordinate[] project(MetricProjection projection, List<Coordinate> lonLat) {
        Coordinate[] out = new Coordinate[lonLat.size()];
        for (int i = 0; i < out.length; i++) out[i] = projection.project(lonLat.get(i).x, lonLat.get(i).y);
        return out;
    }

    /** True when legs follow streets; false for straight lines throughout. */
    public boolean onStreets() {
        return graph != null;
    }

    public Profile profile() {
        return profile;
    }

    /** How far place {@code i} lies from the street it was snapped to, in metres (0 for straight lines, +∞ when no street is open to the profile). */
    public double snapDistanceM(int i) {
        if (snaps == null) return 0;
        return snaps[i] == null ? Double.POSITIVE_INFINITY : snaps[i].distanceM();
    }

    /** Street metres between every pair of snapped places (+∞ where not connected); searched once, on both cores. */
    private double[][] along() {
        if (along != null) return along;
        along = places.length >= HIERARCHY_MIN_PLACES ? alongByHierarchy() : alongByDijkstra();
        return along;
    }

    /** Many-to-many on the network's contraction hierarchy: one small upward search per place and direction. */
    private double[][] alongByHierarchy() {
        int n = places.length;
        int[] snapped = java.util.stream.IntStream.range(0, n).filter(i -> snaps[i] != null).toArray();
        ContractionHierarchy.Endpoint[] sources = new ContractionHierarchy.Endpoint[snapped.length];
        ContractionHierarchy.Endpoint[] targets = new ContractionHierarchy.Endpoint[snapped.length];
        for (int k = 0; k < snapped.length; k++) {
            sources[k] = SnapSearch.asSource(graph, profile, snaps[snapped[k]]);
            targets[k] = SnapSearch.asTarget(graph, profile, snaps[snapped[k]]);
        }
        int threads = Runtime.getRuntime().availableProcessors();
        double[][] d = network.hierarchy(profile).manyToMany(sources, targets, threads);
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) java.util.Arrays.fill(out[i], Double.POSITIVE_INFINITY);
        for (int a = 0; a < snapped.length; a++) {
            int i = snapped[a];
            for (int b = 0; b < snapped.length; b++) {
                int j = snapped[b];
                out[i][j] = i == j ? 0 : Math.min(d[a][b], SnapSearch.alongSharedEdge(graph, profile, snaps[i], snaps[j]));
            }
        }
        for (int i = 0; i < n; i++) out[i][i] = 0;
        return out;
    }

    /** One Dijkstra search per place, stopped once the other places are settled. */
    private double[][] alongByDijkstra() {
        int n = places.length;
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) java.util.Arrays.fill(out[i], Double.POSITIVE_INFINITY);
        boolean directed = profile.directed();
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), n / 8));
        IntStream.range(0, threads).parallel().forEach(t -> {
            SnapSearch s = new SnapSearch(graph, profile);
            for (int i = t; i < n; i += threads) {
                out[i][i] = 0;
                if (snaps[i] == null) continue;
                int first = directed ? 0 : i + 1;
                List<StreetNetwork.EdgeSnap> targets = new ArrayList<>();
                for (int j = first; j < n; j++) if (j != i && snaps[j] != null) targets.add(snaps[j]);
                if (targets.isEmpty()) continue;
                s.run(snaps[i], targets.toArray(StreetNetwork.EdgeSnap[]::new), Double.POSITIVE_INFINITY);
                for (int j = first; j < n; j++) {
                    if (j == i || snaps[j] == null) continue;
                    out[i][j] = s.distanceM(snaps[j]);
                    if (!directed) out[j][i] = out[i][j];
                }
            }
        });
        return out;
    }

    /** Street metres from place {@code i}'s street point to place {@code j}'s ({@code +∞} when not connected). */
    double alongM(int i, int j) {
        return along()[i][j];
    }

    /**
     * The places that cannot be reached from {@code anchor} along the streets, or from which
     * {@code anchor} cannot be reached (a one-way street's dead end), ascending.
     */
    public List<Integer> unreachableFrom(int anchor) {
        List<Integer> out = new ArrayList<>();
        if (graph == null) return out;
        double[][] a = along();
        for (int p = 0; p < places.length; p++) {
            if (p == anchor) continue;
            if (a[anchor][p] == Double.POSITIVE_INFINITY || a[p][anchor] == Double.POSITIVE_INFINITY) out.add(p);
        }
        return out;
    }

    /**
     * Metres between the places, in the order given: along the streets plus each place's way to
     * and from its street, or straight lines. Pairs the streets do not connect are straight
     * lines when {@code allowStraight}, and refused otherwise.
     *
     * @throws IllegalStateException when a pair is not connected and straight legs are not allowed
     */
    public DistanceMatrix matrix(boolean allowStraight) {
        if (matrix != null) return matrix;
        double[][] a = along();
        int n = places.length;
        straight = new boolean[n][n];
        if (profile.directed()) {
            double[][] c = new double[n][n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) if (i != j) c[i][j] = cost(a, i, j, allowStraight);
            matrix = DistanceMatrix.directed(c);
        } else {
            matrix = DistanceMatrix.of(n, (i, j) -> cost(a, i, j, allowStraight));
        }
        return matrix;
    }

    /** The matrix computed by {@link #matrix(boolean)} (straight lines: always there). */
    public DistanceMatrix matrix() {
        if (matrix == null) throw new IllegalStateException("call matrix(allowStraight) first");
        return matrix;
    }

    private double cost(double[][] a, int i, int j, boolean allowStraight) {
        if (a[i][j] == Double.POSITIVE_INFINITY) {
            if (!allowStraight) throw new IllegalStateException("places " + i + " and " + j + " are not connected");
            straight[i][j] = true;
            if (!profile.directed()) straight[j][i] = true;
            return places[i].distance(places[j]);
        }
        return snaps[i].distanceM() + a[i][j] + snaps[j].distanceM();
    }

    /** The legs of {@code order} walked in a straight line although streets were asked for, as pairs of positions in {@code order}. */
    public List<int[]> straightLegs(int[] order, boolean closed) {
        List<int[]> out = new ArrayList<>();
        if (straight == null) return out;
        for (int i = 1; i < order.length; i++) if (straight[order[i - 1]][order[i]]) out.add(new int[]{i - 1, i});
        if (closed && order.length > 1 && straight[order[order.length - 1]][order[0]]) out.add(new int[]{order.length - 1, 0});
        return out;
    }

    /** The walk through the places in {@code order} (back to the first when closed), lon/lat, SRID 4326. */
    public LineString walk(int[] order, boolean closed) {
        CoordinateList line = new CoordinateList();
        line.add(places[order[0]], false);
        for (int i = 1; i < order.length; i++) leg(order[i - 1], order[i], line);
        if (closed && order.length > 1) leg(order[order.length - 1], order[0], line);
        if (line.size() < 2) line.add(line.get(0), true);
        LineString metric = PLANAR.createLineString(line.toCoordinateArray());
        return (LineString) projection.unproject(metric);
    }

    private void leg(int from, int to, CoordinateList line) {
        if (graph != null && !straight[from][to]) {
            if (search == null) search = new SnapSearch(graph, profile);
            search.run(snaps[from], new StreetNetwork.EdgeSnap[]{snaps[to]}, Double.POSITIVE_INFINITY);
            List<Coordinate> path = search.path(snaps[to]);
            if (path != null) for (Coordinate c : path) line.add(c, false);
        }
        line.add(places[to], false);
    }
}
