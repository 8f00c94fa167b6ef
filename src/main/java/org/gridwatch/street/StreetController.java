package org.gridwatch.street;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.gridwatch.geo.BoundingBox;
import org.gridwatch.geo.GeoJsonFeature;
import org.gridwatch.geo.GeoJsonReader;
import org.gridwatch.geo.GeoJsonWriter;
import org.gridwatch.system.GeoJsonResponses;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Streets as GeoJSON: list by box, and one street's create, read, edit (with its version) and delete. */
@RestController
class StreetController {

    private final StreetService service;

    StreetController(StreetService service) {
        this.service = service;
    }

    @GetMapping("/api/streets")
    ResponseEntity<String> list(@RequestParam(required = false) String bbox) {
        List<StreetView> streets = service.list(BoundingBox.parse(bbox));
        StringBuilder out = new StringBuilder(streets.size() * 200);
        GeoJsonWriter.FeatureCollectionWriter writer = new GeoJsonWriter.FeatureCollectionWriter(out).begin();
        for (StreetView s : streets) writer.feature(s.id(), s.geometry(), s.apiProperties());
        writer.end(Map.of("numberMatched", streets.size()));
        return GeoJsonResponses.ok(out.toString());
    }

    @GetMapping("/api/streets/{id}")
    ResponseEntity<String> get(@PathVariable long id) {
        return GeoJsonResponses.ok(feature(service.get(id)));
    }

    /** A GeoJSON Feature with a LineString and {@code name}, {@code class}, {@code oneway}. */
    @PostMapping("/api/streets")
    ResponseEntity<String> create(@RequestBody String body) {
        StreetView created = service.create(draft(body));
        return GeoJsonResponses.created(URI.create("/api/streets/" + created.id()), feature(created));
    }

    /** As create, plus {@code properties.version}: the version edited (a stale one is refused, 409). */
    @PutMapping("/api/streets/{id}")
    ResponseEntity<String> update(@PathVariable long id, @RequestBody String body) {
        return GeoJsonResponses.ok(feature(service.update(id, draft(body))));
    }

    @DeleteMapping("/api/streets/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        service.delete(id);
        return ResponseEntity.noContent().build();
    }

    private static StreetDraft draft(String body) {
        GeoJsonFeature f = GeoJsonFeature.of(GeoJsonReader.parseSingleGeometryDocument(body));
        return new StreetDraft(f.text("name"), f.text("class"), f.text("oneway"), f.geometry(), f.longValue("version"));
    }

    private static String feature(StreetView s) {
        return GeoJsonWriter.feature(s.id(), s.geometry(), s.apiProperties());
    }
}
