package org.gridwatch.outline;

import java.util.LinkedHashMap;
import java.util.Map;

import org.gridwatch.geo.GeoJsonFeature;
import org.gridwatch.geo.GeoJsonReader;
import org.gridwatch.geo.GeoJsonWriter;
import org.gridwatch.system.GeoJsonResponses;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/district-outline}: GET the outline (a FeatureCollection of zero or one feature), PUT a drawn
 * one (a GeoJSON Feature or geometry; {@code properties.version} when replacing), DELETE it
 * ({@code ?version=}). Import and export go through {@code /api/import/district_outline} and
 * {@code /api/export/district_outline}; versions through {@code /api/history?entity=district_outline}.
 */
@RestController
@RequestMapping("/api/district-outline")
class OutlineController {

    private final OutlineService service;

    OutlineController(OutlineService service) {
        this.service = service;
    }

    @GetMapping
    ResponseEntity<String> get() {
        StringBuilder out = new StringBuilder(4096);
        GeoJsonWriter.FeatureCollectionWriter writer = new GeoJsonWriter.FeatureCollectionWriter(out).begin();
        service.current().ifPresent(o -> writer.feature(OutlineService.HISTORY_ID, o.geometry(), o.properties()));
        writer.end(Map.of());
        return GeoJsonResponses.ok(out.toString());
    }

    @PutMapping
    ResponseEntity<String> put(@RequestBody String body) {
        var node = GeoJsonReader.parseSingleGeometryDocument(body);
        GeoJsonFeature f = "Feature".equals(node.path("type").asString(""))
                ? GeoJsonFeature.of(node)
                : new GeoJsonFeature(null, GeoJsonReader.geometry(node),
                tools.jackson.databind.node.JsonNodeFactory.instance.objectNode());
        DistrictOutlineView saved = service.save(f.text("name"), f.geometry(), f.longValue("version"),
                OutlineService.DRAWN);
        return GeoJsonResponses.ok(GeoJsonWriter.feature(OutlineService.HISTORY_ID, saved.geometry(),
                saved.properties()));
    }

    @DeleteMapping
    ResponseEntity<Map<String, Object>> delete(@RequestParam(required = false) Long version) {
        service.delete(version);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deleted", true);
        return ResponseEntity.ok(body);
    }
}
