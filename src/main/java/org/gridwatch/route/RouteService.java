package org.gridwatch.route;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.gridwatch.feature.FeatureFilter;
import org.gridwatch.feature.FeatureService;
import org.gridwatch.feature.FeatureView;
import org.gridwatch.geo.BoundingBox;
import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.geo.MetricProjection;
import org.gridwatch.grid.GridService;
import org.gridwatch.grid.GridView;
import org.gridwatch.street.StreetService;
import org.gridwatch.street.StreetView;
import org.gridwatch.system.ApiProblem;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.springframework.stereotype.Service;

/**
 * Plans patrol routes: gathers stops and streets through the grid, feature and street services
 * and hands them to the pure planners ({@link TspSolver}, {@link PatrolSplitter},
 * {@link ChinesePostman}) over a {@link RoutingNetwork}.
 */
@Service
public class RouteService {

    private static final long SEED = 1;

    private final GridService grids;
    private final FeatureService features;
    private final StreetService streets;
    private final RouteSettings settings;
    private final StreetNetworkCache networks;

    RouteService(GridService grids, FeatureService features, StreetService streets, RouteSettings settings,
                 StreetNetworkCache networks) {
        this.grids = grids;
        this.features = features;
        this.streets = streets;
        this.settings = settings;
        this.networks = networks;
    }

    /** A stop as requested; {@code label} names it in refusals (the feature's name and id, or the point's place in the request). */
    private record StopInput(Integer index, Long featureId, double lon, double lat, String label, String name,
                             String typeKey) {
    }

    /** A visit route through the requested stops. */
    PlannedRoute visit(RouteRequest request) {
        List<StopInput> stops = stops(request);
        Places places = places(stops, request.start() == null ? List.of() : List.of(request.start()));
        RoutingNetwork network = network(places, request);
        TspSolver solver = solver();
        TspSolver.Tour tour = request.closed() ? solver.closedTour(network.matrix(), 0)
                : solver.openPath(network.matrix(), 0);
        return route(network, places, stops, tour.order(), request.closed(), true);
    }

    /** Routes for {@code k} patrollers sharing the stops so the longest is short. */
    List<PlannedRoute> split(RouteRequest request) {
        if (request.k() == null || request.k() < 1) {
            throw ApiProblem.badRequest("route.k.invalid", "k must be a whole number ≥ 1",
                    String.valueOf(request.k()));
        }
        int k = request.k();
        if (k > 100) throw ApiProblem.badRequest("route.k.tooMany", "k may be at most 100", k);
        if (!request.starts().isEmpty() && request.starts().size() != k) {
            throw ApiProblem.badRequest("route.starts.count",
                    "starts must hold one position per patroller: k is " + k + ", starts has " + request.starts().size(),
                    k, request.starts().size());
        }
        List<StopInput> stops = stops(request);
        List<double[]> startPoints = !request.starts().isEmpty() ? request.starts()
                : request.start() != null ? List.of(request.start()) : List.of();
        Places places = places(stops, startPoints);
        RoutingNetwork network = network(places, request);
        int[] starts = new int[k];
        int[] stopPlaces;
        if (places.startCount == 0) {
            // The first stop is everyone's start and a stop of the first route.
            stopPlaces = new int[stops.size() - 1];
            for (int i = 1; i < stops.size(); i++) stopPlaces[i - 1] = i;
        } else {
            for (int p = 0; p < k; p++) starts[p] = places.startCount == 1 ? 0 : p;
            stopPlaces = new int[stops.size()];
            for (int i = 0; i < stops.size(); i++) stopPlaces[i] = places.startCount + i;
        }
        List<PatrolSplitter.Route> routes = PatrolSplitter.split(network.matrix(), starts, stopPlaces,
                request.closed(), solver());
        List<PlannedRoute> out = new ArrayList<>(k);
        for (PatrolSplitter.Route r : routes) {
            // A shared first stop is visited once, by the first patroller; the others only set out from it.
            out.add(route(network, places, stops, r.order(), request.closed(), out.isEmpty()));
        }
        return out;
    }

    /** The street-coverage route of one grid: every street piece inside it walked at least once. */
    PlannedRoute coverage(RouteRequest request) {
        if (request.grid() == null || request.grid().isBlank()) {
            throw ApiProblem.badRequest("route.grid.missing", "a coverage route needs the grid's code (grid)");
        }
        GridView grid = grid(request.grid());
        Envelope env = grid.geometry().getEnvelopeInternal();
        PreparedGeometry area = PreparedGeometryFactory.prepare(grid.geometry());
        MetricProjection projection = MetricProjection.centredOn(env);
        // The grid's streets must be walked; the streets around it (within the margin) may be, to get
        // from one piece of the grid's streets to the next.
        double dLat = settings.streetMarginMeters() / 111_320.0;
        double dLon = dLat / Math.max(0.01, Math.cos(Math.toRadians(env.centre().y)));
        BoundingBox around = new BoundingBox(Math.max(-180, env.getMinX() - dLon), Math.max(-90, env.getMinY() - dLat),
                Math.min(180, env.getMaxX() + dLon), Math.min(90, env.getMaxY() + dLat));
        // On foot every street may be walked both ways and every street inside must be; a vehicle keeps to its
        // streets' one-way rules and covers only the streets open to it.
        boolean vehicle = request.profile() == Profile.VEHICLE;
        StreetGraphBuilder builder = new StreetGraphBuilder();
        boolean any = false;
        for (StreetView s : streets.list(around)) {
            int access = vehicle ? StreetAccess.of(s) : StreetGraph.OPEN;
            int inside = vehicle && (access & (StreetGraph.DRIVE_FORWARD | StreetGraph.DRIVE_BACKWARD)) == 0 ? access
                    : access | StreetGraph.REQUIRED;
            if (!area.intersects(s.geometry())) {
                builder.add(projection.project(s.geometry()), access);
                continue;
            }
            if (area.containsProperly(s.geometry())) {
                builder.add(projection.project(s.geometry()), inside);
                any |= inside != access;
                continue;
            }
            Geometry in = grid.geometry().intersection(s.geometry());
            Geometry outside = s.geometry().difference(grid.geometry());
            if (in.getLength() > 0) {
                builder.add(projection.project(in), inside);
                any |= inside != access;
            }
            if (!outside.isEmpty()) builder.add(projection.project(outside), access);
        }
        if (!any) {
            if (vehicle) {
                throw ApiProblem.badRequest("route.coverage.noVehicleStreets",
                        "grid " + grid.code() + " holds no streets open to vehicles", grid.code());
            }
            throw ApiProblem.badRequest("route.coverage.noStreets", "grid " + grid.code() + " holds no streets to cover",
                    grid.code());
        }
        StreetGraph graph = builder.build().graph();
        Coordinate startM = request.start() == null ? null : projection.project(request.start()[0], request.start()[1]);
        ChinesePostman.Result result;
        DirectedPostman.Drive drive = null;
        if (vehicle) {
            try {
                drive = DirectedPostman.solve(graph, startM,
                        request.bothSides() ? DirectedPostman.Sides.BOTH : DirectedPostman.Sides.EITHER);
                result = drive.result();
            } catch (DirectedPostman.NoClosedDrive e) {
                throw ApiProblem.badRequest("route.coverage.noClosedDrive",
                        "no closed drive covers the streets of grid " + grid.code() + " within "
                                + Math.round(settings.streetMarginMeters()) + " m around it: " + e.getMessage(),
                        grid.code(), Math.round(settings.streetMarginMeters()));
            }
        } else {
            result = RuralPostman.solve(graph, startM);
        }
        GeometryFactory planar = new GeometryFactory();
        LineString[] lines = new LineString[result.circuits().size()];
        for (int c = 0; c < lines.length; c++) {
            int[] nodes = result.circuits().get(c).nodes();
            Coordinate[] cs = new Coordinate[Math.max(2, nodes.length)];
            for (int i = 0; i < nodes.length; i++) cs[i] = graph.coordinate(nodes[i]);
            if (nodes.length == 1) cs[1] = cs[0];
            lines[c] = (LineString) projection.unproject(planar.createLineString(cs));
        }
        Geometry walk = lines.length == 1 ? lines[0] : GeometryFactories.WGS84.createMultiLineString(lines);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("grid", grid.code());
        extra.put("profile", request.profile().apiName());
        if (vehicle) {
            extra.put("bothSides", request.bothSides());
            // Streets no closed drive within the margin can take (a one-way street out with no way back) are named by count and length.
            extra.put("streetsLeftOut", drive.leftOutEdges());
            extra.put("leftOutM", Math.round(drive.leftOutM() * 10) / 10.0);
        }
        extra.put("streetLengthM", Math.round(result.streetLengthM() * 10) / 10.0);
        extra.put("repeatedM", Math.round(result.repeatedM() * 10) / 10.0);
        extra.put("components", result.circuits().size());
        extra.put("streetPieces", result.pieces());
        extra.put("connected", result.connected());
        return new PlannedRoute(walk, result.lengthM(), settings.durationS(result.lengthM(), 0), "streets", true,
                List.of(), extra);
    }

    /**
     * The planned patrol route of one grid as other features use it (export): the street-coverage walk
     * (lon/lat LineString, or MultiLineString when the grid's streets fall in several pieces), its length,
     * the length of the streets it covers and the part walked twice, all in metres.
     */
    public record GridRoute(String gridCode, Geometry walk, double lengthM, double durationS, double streetLengthM,
                            double repeatedM, int components) {
    }

    /** {@link GridRoute} of {@code gridCode}; refused like a coverage route request (unknown grid, no streets). */
    public GridRoute gridRoute(String gridCode) {
        PlannedRoute r = coverage(RouteRequest.coverageOf(gridCode));
        return new GridRoute(gridCode, r.walk(), r.lengthM(), r.durationS(),
                ((Number) r.extra().get("streetLengthM")).doubleValue(), ((Number) r.extra().get("repeatedM")).doubleValue(),
                ((Number) r.extra().get("components")).intValue());
    }

    private TspSolver solver() {
        return new TspSolver(SEED, settings.timeBudget(), 0);
    }

    /** Places are the distinct starts (if given) followed by the stops. */
    private record Places(List<Coordinate> lonLat, int startCount, List<String> labels) {
    }

    private Places places(List<StopInput> stops, List<double[]> startPoints) {
        List<Coordinate> all = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < startPoints.size(); i++) {
            double[] s = startPoints.get(i);
            all.add(new Coordinate(s[0], s[1]));
            labels.add((startPoints.size() == 1 ? "start" : "starts[" + i + "]") + " (" + lonLat(s[0], s[1]) + ")");
        }
        for (StopInput s : stops) {
            all.add(new Coordinate(s.lon(), s.lat()));
            labels.add(s.label());
        }
        return new Places(all, startPoints.size(), labels);
    }

    private static String lonLat(double lon, double lat) {
        return String.format(Locale.ROOT, "%.6f, %.6f", lon, lat);
    }

    /**
     * The network the places are travelled on: straight lines when asked for, else the whole street
     * network. Refuses (by name) an explicit start or any stop farther than the snapping limit from
     * every street open to the profile, and stops the streets do not connect with the start unless
     * straight legs are allowed.
     */
    private RoutingNetwork network(Places places, RouteRequest request) {
        if (request.network().equals("straight")) {
            RoutingNetwork straight = RoutingNetwork.straight(places.lonLat());
            return straight;
        }
        StreetNetwork streetNetwork = networks.get();
        if (streetNetwork == null) {
            if (request.straight()) return RoutingNetwork.straight(places.lonLat());
            throw ApiProblem.badRequest("route.streets.none",
                    "no streets are stored: load the street network, or ask for straight lines (network: straight)");
        }
        RoutingNetwork network = RoutingNetwork.streets(streetNetwork, places.lonLat(), request.profile());
        double limit = settings.maxSnapMeters();
        for (int s = 0; s < places.startCount(); s++) {
            if (network.snapDistanceM(s) > limit) {
                Coordinate c = places.lonLat().get(s);
                String at = lonLat(c.x, c.y);
                throw ApiProblem.badRequest("route.start.farFromStreets",
                        "the start " + at + " is " + metres(network.snapDistanceM(s)) + " m from the nearest street (at most "
                                + Math.round(limit) + " m allowed)",
                        at, metres(network.snapDistanceM(s)), Math.round(limit));
            }
        }
        List<String> far = new ArrayList<>();
        List<Map<String, Object>> farStops = new ArrayList<>();
        for (int p = places.startCount(); p < places.lonLat().size(); p++) {
            double d = network.snapDistanceM(p);
            if (d > limit) {
                String label = places.labels().get(p);
                far.add(label + ": " + metres(d) + " m");
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("stop", label);
                m.put("distanceM", metres(d));
                farStops.add(m);
            }
        }
        if (!far.isEmpty()) {
            String list = String.join("; ", far);
            throw ApiProblem.badRequest("route.stops.farFromStreets",
                    far.size() + " stops lie farther than " + Math.round(limit) + " m from every street"
                            + (request.profile() == Profile.VEHICLE ? " open to vehicles" : "") + ": " + list,
                    far.size(), Math.round(limit), list).with("farStops", farStops);
        }
        List<Integer> unreachable = network.unreachableFrom(0);
        if (!unreachable.isEmpty() && !request.straight()) {
            List<String> names = unreachable.stream().map(places.labels()::get).toList();
            String list = String.join("; ", names);
            throw ApiProblem.badRequest("route.stops.unreachable",
                    names.size() + " stops are not connected by streets with " + places.labels().get(0) + ": " + list
                            + " (ask for straight: true to join them in straight lines)",
                    names.size(), places.labels().get(0), list).with("unreachableStops", names);
        }
        network.matrix(request.straight());
        return network;
    }

    private static long metres(double m) {
        return m == Double.POSITIVE_INFINITY ? -1 : Math.round(m);
    }

    /**
     * The route through {@code order}. {@code startIsStop}: a first place that is a stop (no explicit
     * start) is listed as this route's first stop; false for the other patrollers of a split who
     * only set out from it.
     */
    private PlannedRoute route(RoutingNetwork network, Places places, List<StopInput> stops, int[] order, boolean closed,
                               boolean startIsStop) {
        List<PlannedRoute.Stop> visited = new ArrayList<>();
        int[] sequence = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            int place = order[i];
            if (place < places.startCount() || (i == 0 && !startIsStop)) continue;
            StopInput s = stops.get(place - places.startCount());
            visited.add(new PlannedRoute.Stop(visited.size() + 1, s.index(), s.featureId(), s.lon(), s.lat(), s.name(),
                    s.typeKey()));
            sequence[i] = visited.size();
        }
        double lengthM = network.matrix().length(order, closed);
        Map<String, Object> extra = new LinkedHashMap<>();
        Coordinate start = places.lonLat().get(order[0]);
        extra.put("start", List.of(start.x, start.y));
        extra.put("profile", network.profile().apiName());
        List<int[]> straightLegs = network.straightLegs(order, closed);
        extra.put("straightLegs", straightLegs.size());
        List<Map<String, Object>> legs = new ArrayList<>();
        for (int[] leg : straightLegs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", sequence[leg[0]]);
            m.put("to", sequence[leg[1]]);
            m.put("fromPlace", places.labels().get(order[leg[0]]));
            m.put("toPlace", places.labels().get(order[leg[1]]));
            m.put("lengthM", Math.round(network.matrix().get(order[leg[0]], order[leg[1]]) * 10) / 10.0);
            legs.add(m);
        }
        extra.put("legsNotOnStreets", legs);
        return new PlannedRoute(network.walk(order, closed), lengthM, settings.durationS(lengthM, visited.size()),
                network.onStreets() ? "streets" : "straight", closed, visited, extra);
    }

    private List<StopInput> stops(RouteRequest r) {
        int ways = (r.points().isEmpty() ? 0 : 1) + (r.featureIds().isEmpty() ? 0 : 1) + (r.grids().isEmpty() ? 0 : 1);
        if (ways == 0) {
            throw ApiProblem.badRequest("route.stops.missing", "give the stops as points, featureIds, or grids plus types");
        }
        if (ways > 1) {
            throw ApiProblem.badRequest("route.stops.ambiguous", "give the stops one way only: points, featureIds, or grids");
        }
        int requested = Math.max(r.points().size(), r.featureIds().size());
        if (requested > settings.maxStops()) throw tooMany(requested);
        List<StopInput> out = new ArrayList<>();
        for (int i = 0; i < r.points().size(); i++) {
            double[] p = r.points().get(i);
            out.add(new StopInput(i, null, p[0], p[1], "points[" + i + "] (" + lonLat(p[0], p[1]) + ")", null, null));
        }
        for (int i = 0; i < r.featureIds().size(); i++) {
            FeatureView f = features.get(r.featureIds().get(i));
            out.add(new StopInput(i, f.id(), f.lon(), f.lat(), featureLabel(f), stopName(f), f.type()));
        }
        if (!r.grids().isEmpty()) {
            Set<Long> seen = new LinkedHashSet<>();
            for (String code : r.grids()) {
                GridView g = grid(code);
                Envelope env = g.geometry().getEnvelopeInternal();
                PreparedGeometry area = PreparedGeometryFactory.prepare(g.geometry());
                FeatureFilter filter = new FeatureFilter(r.types(),
                        new BoundingBox(env.getMinX(), env.getMinY(), env.getMaxX(), env.getMaxY()), null, "active");
                features.forEach(filter, settings.maxStops() * 10 + 1, 0, f -> {
                    if (area.covers(f.point()) && seen.add(f.id())) {
                        out.add(new StopInput(null, f.id(), f.lon(), f.lat(), featureLabel(f), stopName(f), f.type()));
                    }
                });
            }
            if (out.size() > settings.maxStops()) throw tooMany(out.size());
        }
        if (out.isEmpty()) {
            throw ApiProblem.badRequest("route.stops.none", "the grids hold no active features of the chosen types");
        }
        return out;
    }

    /** What a person calls the feature: its name, else its code, else nothing (the type then names it). */
    private static String stopName(FeatureView f) {
        if (f.name() != null && !f.name().isBlank()) return f.name().strip();
        if (f.code() != null && !f.code().isBlank()) return f.code().strip();
        return null;
    }

    private static String featureLabel(FeatureView f) {
        return (f.name() == null || f.name().isBlank() ? f.type() : f.name()) + " #" + f.id();
    }

    private ApiProblem tooMany(int count) {
        return ApiProblem.badRequest("route.stops.tooMany",
                "a route may have at most " + settings.maxStops() + " stops, this one has " + count,
                settings.maxStops(), count);
    }

    private GridView grid(String code) {
        return grids.find(code).orElseThrow(() -> ApiProblem.notFound("route.grid.unknown",
                "no grid with code " + code, code));
    }
}
