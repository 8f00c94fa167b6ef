package org.gridwatch.inspection;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.gridwatch.geo.GeoJsonReader;
import org.gridwatch.geo.GeoJsonWriter;
import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.system.ApiProblem;
import org.gridwatch.system.GeoJsonResponses;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

/** Key units as GeoJSON Features with a Point or Polygon geometry (docs/inspections.md). */
@RestController
class KeyUnitController {

    private final KeyUnitService service;

    KeyUnitController(KeyUnitService service) {
        this.service = service;
    }

    @PostMapping(value = "/api/key-units", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> create(@RequestBody String body) {
        JsonNode n = GeoJsonReader.parseTree(body);
        if (!n.isObject()) throw ApiProblem.badRequest("request.body.object", "the request body must be a JSON object");
        Geometry geometry = GeoJsonReader.geometry(n.get("geometry"));
        String name = n.path("properties").path("name").isString() ? n.path("properties").path("name").asString() : null;
        KeyUnitService.KeyUnit u = service.create(name, geometry);
        return ResponseEntity.created(URI.create("/api/key-units/" + u.feature().id())).contentType(MediaType.APPLICATION_JSON)
                .body(feature(u));
    }

    @GetMapping("/api/key-units/{id}")
    ResponseEntity<String> get(@PathVariable long id) {
        return GeoJsonResponses.ok(feature(service.get(id)));
    }

    private static String feature(KeyUnitService.KeyUnit u) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("featureId", u.feature().id());
        p.put("type", u.feature().type());
        p.put("name", u.feature().name());
        p.put("gridCode", u.feature().gridCode());
        p.put("point", java.util.List.of(u.feature().lon(), u.feature().lat()));
        Geometry g = u.outline() != null ? u.outline()
                : GeometryFactories.WGS84.createPoint(new Coordinate(u.feature().lon(), u.feature().lat()));
        return GeoJsonWriter.feature(u.feature().id(), g, p);
    }
}
