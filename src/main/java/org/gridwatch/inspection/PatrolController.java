package org.gridwatch.inspection;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gridwatch.feature.FeatureView;
import org.gridwatch.geo.GeoJsonReader;
import org.gridwatch.geo.GeoJsonWriter;

import org.gridwatch.system.ApiProblem;
import org.gridwatch.system.GeoJsonResponses;
import org.locationtech.jts.geom.Geometry;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import tools.jackson.databind.JsonNode;

/** Patrols (JSON or GPX upload), their tracks and the patrol log of a small grid's day (docs/inspections.md). */
@RestController
class PatrolController {

    private final PatrolService service;
    private final InspectionSettings settings;

    PatrolController(PatrolService service, InspectionSettings settings) {
        this.service = service;
        this.settings = settings;
    }

    @PostMapping(value = "/api/patrols", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> patrol(@RequestBody String body) {
        JsonNode n = GeoJsonReader.parseTree(body);
        if (!n.isObject()) throw ApiProblem.badRequest("request.body.object", "the request body must be a JSON object");
        JsonNode track = n.get("track");
        if (track != null && track.isObject() && "Feature".equals(track.path("type").asString(""))) {
            track = track.get("geometry");
        }
        return patrolResponse(service.recordPatrol(new PatrolDraft(text(n, "clientId"), text(n, "inspector"),
                text(n, "gridCode"), instant("startedAt", text(n, "startedAt")), instant("endedAt", text(n, "endedAt")),
                GeoJsonReader.geometry(track))));
    }

    @PostMapping(value = "/api/patrols", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<String> patrolWithGpx(@RequestParam(required = false) String clientId,
                                         @RequestParam(required = false) String inspector,
                                         @RequestParam(required = false) String gridCode,
                                         @RequestParam(required = false) String startedAt,
                                         @RequestParam(required = false) String endedAt,
                                         @RequestPart(name = "gpx", required = false) MultipartFile gpx) throws IOException {
        Geometry track = null;
        if (gpx != null && !gpx.isEmpty()) {
            long maxBytes = settings.maxGpxBytes();
            if (gpx.getSize() > maxBytes) {
                // refused before a byte is parsed
                throw new ApiProblem(413, "patrol.gpx.tooLarge", "the GPX file has " + gpx.getSize()
                        + " bytes; at most " + maxBytes + " are read", gpx.getSize(), maxBytes).with("maxBytes", maxBytes);
            }
            try (InputStream in = gpx.getInputStream()) {
                track = GpxTrackReader.read(in, settings.maxTrackPoints());
            } catch (GpxTrackReader.GpxException e) {
                int status = e.messageKey().equals("patrol.gpx.tooManyPoints") ? 413 : 400;
                throw new ApiProblem(status, e.messageKey(), e.getMessage(), e.arguments());
            }
        }
        return patrolResponse(service.recordPatrol(new PatrolDraft(clientId, inspector, gridCode,
                instant("startedAt", startedAt), instant("endedAt", endedAt), track)));
    }

    private ResponseEntity<String> patrolResponse(PatrolService.PatrolResult r) {
        String body = write(r.patrol().json(zone()));
        return r.created() ? ResponseEntity.created(URI.create("/api/patrols/" + r.patrol().id()))
                .contentType(MediaType.APPLICATION_JSON).body(body)
                : ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @GetMapping("/api/patrols")
    ResponseEntity<String> patrols(@RequestParam(required = false) String grid, @RequestParam(required = false) String from,
                                   @RequestParam(required = false) String to,
                                   @RequestParam(required = false) String inspector) {
        List<Object> list = new ArrayList<>();
        for (Patrol p : service.patrols(grid, date("from", from), date("to", to), inspector)) list.add(p.json(zone()));
        return json(200, Map.of("patrols", list));
    }

    @GetMapping("/api/patrols/{id}")
    ResponseEntity<String> patrol(@PathVariable long id) {
        return json(200, service.patrol(id).json(zone()));
    }

    @GetMapping("/api/patrols/{id}/track")
    ResponseEntity<String> track(@PathVariable long id) {
        Patrol p = service.patrol(id);
        Geometry track = service.track(id).orElse(null);
        return GeoJsonResponses.ok(GeoJsonWriter.feature(p.id(), track, p.json(zone())));
    }

    @GetMapping("/api/patrol-log")
    ResponseEntity<String> patrolLog(@RequestParam(required = false) String grid, @RequestParam(required = false) String date) {
        PatrolService.PatrolLog log = service.patrolLog(grid, date("date", date));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gridCode", log.gridCode());
        m.put("date", log.date().toString());
        List<Object> patrols = new ArrayList<>();
        log.patrols().forEach(p -> patrols.add(p.json(zone())));
        m.put("patrols", patrols);
        List<Object> inspected = new ArrayList<>();
        for (Inspection i : log.inspected()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", i.id());
            e.put("featureId", i.featureId());
            e.put("typeKey", i.typeKey());
            e.put("inspectedAt", TimeFormat.format(i.inspectedAt(), zone()));
            e.put("positive", i.positive());
            e.put("inspector", i.inspector());
            inspected.add(e);
        }
        m.put("inspected", inspected);
        List<Object> missed = new ArrayList<>();
        for (FeatureView f : log.missed()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("featureId", f.id());
            e.put("typeKey", f.type());
            e.put("name", f.name());
            e.put("lon", f.lon());
            e.put("lat", f.lat());
            missed.add(e);
        }
        m.put("missed", missed);
        m.put("streetLengthM", DensityIndexCalculator.round(log.streets().streetLengthM(), 1));
        m.put("streetCoveredM", DensityIndexCalculator.round(log.streets().coveredM(), 1));
        m.put("streetCoverage", DensityIndexCalculator.round(log.streets().share(), 4));
        return json(200, m);
    }

    private ZoneId zone() {
        return settings.zone();
    }

    private static ResponseEntity<String> json(int status, Object body) {
        return ApiValues.json(status, body);
    }

    private static String write(Object body) {
        return ApiValues.write(body);
    }

    private static LocalDate date(String name, String text) {
        return ApiValues.date(name, text);
    }

    private static String text(JsonNode n, String field) {
        return InspectionController.text(n, field);
    }

    private static Instant instant(String name, String text) {
        return InspectionController.instant(name, text);
    }
}
