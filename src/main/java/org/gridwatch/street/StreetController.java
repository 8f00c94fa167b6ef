package org.gridwatch.street;

import java.util.List;
import java.util.Map;

import org.gridwatch.geo.BoundingBox;
import org.gridwatch.geo.GeoJsonWriter;
import org.gridwatch.system.GeoJsonResponses;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

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
        for (StreetView s : streets) writer.feature(s.id(), s.geometry(), s.properties());
        writer.end(Map.of("numberMatched", streets.size()));
        return GeoJsonResponses.ok(out.toString());
    }
}
