package org.gridwatch.route;

import java.util.List;

import org.gridwatch.geo.MetricProjection;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateList;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;

/**
 * How a set of places (lon/lat) is walked between: along the streets (each place snapped to its
 * nearest street point, walking in from the place and out again counted), or in straight lines.
 * Gives the distance matrix the tour solvers work on and the geometry of each leg.
 *
 * <p>On the streets, a pair of places not connected by streets within the search bound (the street
 * graph is in pieces) is walked in a straight line instead; {@link #straightLegs} counts such legs
 * of a route.
 *
 * <p>Not thread-safe (holds a projection and a search): one per computation.
 */
public final class RoutingNetwork {

    private static final GeometryFactory PLANAR = new GeometryFactory();

    private final MetricProjection projection;
    private final Coordinate[] places;
    private final StreetGraph graph;
    private final StreetGraphBuilder.Snap[] snaps;
    private final DistanceMatrix matrix;
    private final boolean[][] straight;
    private final Dijkstra search;

    private RoutingNetwork(MetricProjection projection, Coordinate[] places, StreetGraph graph,
                           StreetGraphBuilder.Snap[] snaps, DistanceMatrix matrix, boolean[][] straight) {
        this.projection = projection;
        this.places = places;
        this.graph = graph;
        this.snaps = snaps;
        this.matrix = matrix;
        this.straight = straight;
        this.search = graph == null ? null : new Dijkstra(graph);
    }

    /** Straight lines between {@code lonLat} places; distances in metres. */
    public static RoutingNetwork straight(List<Coordinate> lonLat) {
        MetricProjection projection = projectionFor(lonLat);
        Coordinate[] places = project(projection, lonLat);
        DistanceMatrix m = DistanceMatrix.of(places.length, (i, j) -> places[i].distance(places[j]));
        return new RoutingNetwork(projection, places, null, null, m, null);
    }

    /**
     * Walking along {@code streetsLonLat} between {@code lonLat} places. Searches stop beyond
     * {@code maxSearchMeters}; farther pairs are joined in a straight line.
     *
     * @throws IllegalArgumentException when there are no streets
     */
    public static RoutingNetwork streets(List<Coordinate> lonLat, List<? extends Geometry> streetsLonLat,
                                         double maxSearchMeters) {
        if (streetsLonLat.isEmpty()) throw new IllegalArgumentException("no streets");
        MetricProjection projection = projectionFor(lonLat);
        Coordinate[] places = project(projection, lonLat);
        StreetGraphBuilder builder = new StreetGraphBuilder();
        for (Geometry street : streetsLonLat) builder.add(projection.project(street));
        int[] tickets = new int[places.length];
        for (int i = 0; i < places.length; i++) tickets[i] = builder.snap(places[i]);
        StreetGraphBuilder.Built built = builder.build();
        StreetGraphBuilder.Snap[] snaps = new StreetGraphBuilder.Snap[places.length];
        int[] nodes = new int[places.length];
        for (int i = 0; i < places.length; i++) {
            snaps[i] = built.snap(tickets[i]);
            nodes[i] = snaps[i].node();
        }
        double[][] along = ShortestPathMatrix.compute(built.graph(), nodes, maxSearchMeters);
        boolean[][] straight = new boolean[places.length][places.length];
        DistanceMatrix m = DistanceMatrix.of(places.length, (i, j) -> {
            if (along[i][j] == Double.POSITIVE_INFINITY) {
                straight[i][j] = true;
                straight[j][i] = true;
                return places[i].distance(places[j]);
            }
            return snaps[i].distanceM() + along[i][j] + snaps[j].distanceM();
        });
        return new RoutingNetwork(projection, places, built.graph(), snaps, m, straight);
    }

    private static MetricProjection projectionFor(List<Coordinate> lonLat) {
        if (lonLat.isEmpty()) throw new IllegalArgumentException("no places");
        org.locationtech.jts.geom.Envelope env = new org.locationtech.jts.geom.Envelope();
        lonLat.forEach(env::expandToInclude);
        return MetricProjection.centredOn(env);
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

    /** Walking distances in metres between the places, in the order given. */
    public DistanceMatrix matrix() {
        return matrix;
    }

    /** How far place {@code i} lies from the street it was snapped to, in metres (0 for straight lines). */
    public double snapDistanceM(int i) {
        return snaps == null ? 0 : snaps[i].distanceM();
    }

    /** How many legs of {@code order} are straight lines although streets were asked for. */
    public int straightLegs(int[] order, boolean closed) {
        if (straight == null) return 0;
        int count = 0;
        for (int i = 1; i < order.length; i++) if (straight[order[i - 1]][order[i]]) count++;
        if (closed && order.length > 1 && straight[order[order.length - 1]][order[0]]) count++;
        return count;
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
            line.add(snaps[from].onStreet(), false);
            int source = snaps[from].node();
            int target = snaps[to].node();
            search.run(source, new int[]{target}, Double.POSITIVE_INFINITY);
            int at = source;
            for (int e : search.pathEdges(target)) {
                at = graph.opposite(e, at);
                line.add(graph.coordinate(at), false);
            }
            line.add(snaps[to].onStreet(), false);
        }
        line.add(places[to], false);
    }

    /** For tests and callers that need the graph; null for straight lines. */
    StreetGraph graph() {
        return graph;
    }
}
