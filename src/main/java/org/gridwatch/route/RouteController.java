package org.gridwatch.route;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gridwatch.geo.GeoJsonReader;
import org.gridwatch.geo.GeoJsonWriter;
import org.gridwatch.system.GeoJsonResponses;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Patrol routes as GeoJSON (lon/lat) or, with {@code ?format=gpx}, GPX. */
@RestController
@RequestMapping("/api/routes")
class RouteController {

    private static final MediaType GPX = new MediaType("application", "gpx+xml", java.nio.charset.StandardCharsets.UTF_8);

    private final RouteService service;

    RouteController(RouteService service) {
        this.service = service;
    }

    @PostMapping
    ResponseEntity<String> visit(@RequestBody String body, @RequestParam(defaultValue = "geojson") String format) {
        return respond(service.visit(RouteRequest.parse(GeoJsonReader.parseTree(body))), format, "巡查路线");
    }

    @PostMapping("/coverage")
    ResponseEntity<String> coverage(@RequestBody String body, @RequestParam(defaultValue = "geojson") String format) {
        return respond(service.coverage(RouteRequest.parse(GeoJsonReader.parseTree(body))), format, "道路全覆盖巡查");
    }

    @PostMapping("/split")
    ResponseEntity<String> split(@RequestBody String body) {
        List<PlannedRoute> routes = service.split(RouteRequest.parse(GeoJsonReader.parseTree(body)));
        StringBuilder out = new StringBuilder(4096);
        GeoJsonWriter.FeatureCollectionWriter writer = new GeoJsonWriter.FeatureCollectionWriter(out).begin();
        double longest = 0;
        double total = 0;
        for (int p = 0; p < routes.size(); p++) {
            PlannedRoute r = routes.get(p);
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("patroller", p + 1);
            props.putAll(r.properties());
            writer.feature(p + 1, r.walk(), props);
            longest = Math.max(longest, r.lengthM());
            total += r.lengthM();
        }
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("k", routes.size());
        members.put("longestM", Math.round(longest * 10) / 10.0);
        members.put("totalM", Math.round(total * 10) / 10.0);
        members.put("network", routes.get(0).network());
        writer.end(members);
        return GeoJsonResponses.ok(out.toString());
    }

    private static ResponseEntity<String> respond(PlannedRoute route, String format, String name) {
        if (format.equalsIgnoreCase("gpx")) {
            List<GpxWriter.Waypoint> points = new ArrayList<>();
            for (PlannedRoute.Stop s : route.stops()) {
                points.add(new GpxWriter.Waypoint(s.sequence() + (s.featureId() == null ? "" : " #" + s.featureId()), s.lon(), s.lat()));
            }
            return ResponseEntity.ok().contentType(GPX)
                    .header("Content-Disposition", "attachment; filename=\"route.gpx\"")
                    .body(GpxWriter.write(name, route.walk(), points));
        }
        return GeoJsonResponses.ok(GeoJsonWriter.feature(null, route.walk(), route.properties()));
    }
}
