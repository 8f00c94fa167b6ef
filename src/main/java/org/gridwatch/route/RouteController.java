package org.gridwatch.route;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gridwatch.feature.FeatureService;
import org.gridwatch.feature.FeatureTypeView;
import org.gridwatch.geo.GeoJsonReader;
import org.gridwatch.geo.GeoJsonWriter;
import org.gridwatch.system.GeoJsonResponses;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.context.i18n.LocaleContextHolder;
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
    private final FeatureService features;

    RouteController(RouteService service, FeatureService features) {
        this.service = service;
        this.features = features;
    }

    @PostMapping
    ResponseEntity<String> visit(@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = RouteRequestSchema.class))) @RequestBody String body, @RequestParam(defaultValue = "geojson") String format) {
        return respond(service.visit(RouteRequest.parse(GeoJsonReader.parseTree(body))), format,
                english() ? "Patrol route" : "巡查路线");
    }

    @PostMapping("/coverage")
    ResponseEntity<String> coverage(@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = RouteRequestSchema.class))) @RequestBody String body, @RequestParam(defaultValue = "geojson") String format) {
        return respond(service.coverage(RouteRequest.parse(GeoJsonReader.parseTree(body))), format,
                english() ? "Street coverage patrol" : "道路全覆盖巡查");
    }

    @PostMapping("/split")
    ResponseEntity<String> split(@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = RouteRequestSchema.class))) @RequestBody String body, @RequestParam(defaultValue = "geojson") String format) {
        checkFormat(format);
        List<PlannedRoute> routes = service.split(RouteRequest.parse(GeoJsonReader.parseTree(body)));
        if (format.equalsIgnoreCase("gpx")) {
            List<GpxWriter.Track> tracks = new ArrayList<>();
            for (int p = 0; p < routes.size(); p++) {
                String who = (english() ? "Patroller " : "巡查员 ") + (p + 1);
                tracks.add(new GpxWriter.Track(who, routes.get(p).walk(), waypoints(routes.get(p), (p + 1) + "-")));
            }
            return gpx(GpxWriter.write(tracks), "routes.gpx");
        }
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

    private ResponseEntity<String> respond(PlannedRoute route, String format, String name) {
        checkFormat(format);
        if (format.equalsIgnoreCase("gpx")) {
            return gpx(GpxWriter.write(name, route.walk(), waypoints(route, "")), "route.gpx");
        }
        return GeoJsonResponses.ok(GeoJsonWriter.feature(null, route.walk(), route.properties()));
    }

    /** Only the formats answered: anything else is refused rather than quietly answered as GeoJSON. */
    private static void checkFormat(String format) {
        if (!format.equalsIgnoreCase("geojson") && !format.equalsIgnoreCase("gpx")) {
            throw org.gridwatch.system.ApiProblem.badRequest("route.format.invalid",
                    "format must be geojson or gpx, was " + format, format);
        }
    }

    /** The stops as waypoints named by feature name and type in the caller's language (see {@link WaypointNames}). */
    private List<GpxWriter.Waypoint> waypoints(PlannedRoute route, String prefix) {
        boolean english = english();
        Map<String, String> typeLabels = new java.util.HashMap<>();
        for (FeatureTypeView t : features.types()) typeLabels.put(t.key(), english ? t.labelEn() : t.labelZh());
        List<GpxWriter.Waypoint> points = new ArrayList<>();
        for (PlannedRoute.Stop s : route.stops()) {
            String typeLabel = s.type() == null ? null : typeLabels.getOrDefault(s.type(), s.type());
            points.add(new GpxWriter.Waypoint(WaypointNames.name(prefix, s.sequence(), s.name(), typeLabel, !english),
                    s.lon(), s.lat(), typeLabel));
        }
        return points;
    }

    private static boolean english() {
        return "en".equals(LocaleContextHolder.getLocale().getLanguage());
    }

    private static ResponseEntity<String> gpx(String body, String fileName) {
        return ResponseEntity.ok().contentType(GPX)
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"").body(body);
    }
}
