package org.gridwatch.route;

import java.util.ArrayList;
import java.util.List;

import org.gridwatch.system.ApiProblem;
import tools.jackson.databind.JsonNode;

/**
 * A route request as the API takes it (JSON body); positions are GeoJSON order {@code [lon, lat]}.
 *
 * @param points     explicit stops
 * @param featureIds stops that are stored features
 * @param grids      grid codes whose features of {@code types} are the stops (all types when empty)
 * @param start      where the walk begins (null: the first stop)
 * @param closed     return to the start (default true)
 * @param network    {@code streets} (default) or {@code straight}
 * @param k          number of patrollers (split only)
 * @param starts     each patroller's own start (split only; empty: the common start)
 * @param grid       the grid whose streets a coverage route walks (coverage only)
 * @param straight   allow straight legs between places the streets do not connect (default false:
 *                   such places are refused by name)
 * @param profile    {@code walking} (default) or {@code vehicle} (one-way streets obeyed, no footways or steps)
 * @param bothSides  a vehicle coverage route drives each two-way street once each way (each kerb swept),
 *                   instead of once in either direction (default false; vehicle coverage only)
 */
record RouteRequest(List<double[]> points, List<Long> featureIds, List<String> grids, List<String> types,
                    double[] start, boolean closed, String network, Integer k, List<double[]> starts, String grid,
                    boolean straight, Profile profile, boolean bothSides) {

    /** A request for the coverage route of {@code grid} on foot. */
    static RouteRequest coverageOf(String grid) {
        return new RouteRequest(List.of(), List.of(), List.of(), List.of(), null, true, "streets", null, List.of(), grid,
                false, Profile.WALKING, false);
    }

    static RouteRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest("route.body.invalid", "the request body must be a JSON object");
        }
        String network = body.has("network") && !body.get("network").isNull() ? body.get("network").asString() : "streets";
        if (!network.equals("streets") && !network.equals("straight")) {
            throw ApiProblem.badRequest("route.network.invalid", "network must be 'streets' or 'straight', was " + network, network);
        }
        Integer k = null;
        if (body.has("k")) {
            if (!body.get("k").isIntegralNumber()) throw ApiProblem.badRequest("route.k.invalid", "k must be a whole number ≥ 1", body.get("k").toString());
            k = body.get("k").asInt();
        }
        JsonNode straight = body.get("straight");
        if (straight != null && !straight.isNull() && !straight.isBoolean()) {
            throw ApiProblem.badRequest("route.straight.invalid", "straight must be true or false, was " + straight, straight.toString());
        }
        String profileName = body.has("profile") && !body.get("profile").isNull() ? body.get("profile").asString() : "walking";
        Profile profile = switch (profileName) {
            case "walking" -> Profile.WALKING;
            case "vehicle" -> Profile.VEHICLE;
            default -> throw ApiProblem.badRequest("route.profile.invalid",
                    "profile must be 'walking' or 'vehicle', was " + profileName, profileName);
        };
        JsonNode bothSides = body.get("bothSides");
        if (bothSides != null && !bothSides.isNull() && !bothSides.isBoolean()) {
            throw ApiProblem.badRequest("route.bothSides.invalid", "bothSides must be true or false, was " + bothSides,
                    bothSides.toString());
        }
        boolean sides = bothSides != null && bothSides.asBoolean(false);
        if (sides && profile != Profile.VEHICLE) {
            throw ApiProblem.badRequest("route.bothSides.vehicleOnly",
                    "bothSides applies to vehicle routes only (profile: vehicle): a person walks a street once");
        }
        return new RouteRequest(positions(body.get("points"), "points"), ids(body.get("featureIds")),
                texts(body.get("grids"), "grids"), texts(body.get("types"), "types"),
                body.has("start") && !body.get("start").isNull() ? position(body.get("start"), "start") : null,
                !body.has("closed") || body.get("closed").asBoolean(true), network, k,
                positions(body.get("starts"), "starts"),
                body.has("grid") && !body.get("grid").isNull() ? body.get("grid").asString() : null,
                straight != null && straight.asBoolean(false), profile, sides);
    }

    private static List<double[]> positions(JsonNode node, String name) {
        List<double[]> out = new ArrayList<>();
        if (node == null || node.isNull()) return out;
        if (!node.isArray()) throw invalidPosition(name, node);
        for (JsonNode p : node) out.add(position(p, name));
        return out;
    }

    private static double[] position(JsonNode p, String name) {
        if (!p.isArray() || p.size() < 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) throw invalidPosition(name, p);
        double lon = p.get(0).asDouble();
        double lat = p.get(1).asDouble();
        if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) throw invalidPosition(name, p);
        return new double[]{lon, lat};
    }

    private static ApiProblem invalidPosition(String name, JsonNode p) {
        String shown = p == null ? "null" : p.toString();
        return ApiProblem.badRequest("route.position.invalid",
                name + " must hold [lon, lat] positions with lon in [-180,180] and lat in [-90,90], got " + shown, name, shown);
    }

    private static List<Long> ids(JsonNode node) {
        List<Long> out = new ArrayList<>();
        if (node == null || node.isNull()) return out;
        if (!node.isArray()) throw ApiProblem.badRequest("route.featureIds.invalid", "featureIds must be an array of numbers");
        for (JsonNode id : node) {
            if (!id.isIntegralNumber()) throw ApiProblem.badRequest("route.featureIds.invalid", "featureIds must be an array of numbers");
            out.add(id.asLong());
        }
        return out;
    }

    private static List<String> texts(JsonNode node, String name) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) return out;
        if (!node.isArray()) throw ApiProblem.badRequest("route.list.invalid", name + " must be an array of strings", name);
        for (JsonNode t : node) out.add(t.asString());
        return out;
    }
}
