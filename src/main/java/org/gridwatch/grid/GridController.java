package org.gridwatch.grid;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.gridwatch.geo.BoundingBox;
import org.gridwatch.geo.GeoJsonFeature;
import org.gridwatch.geo.GeoJsonReader;
import org.gridwatch.geo.GeoJsonWriter;
import org.gridwatch.system.ApiProblem;
import org.gridwatch.system.GeoJsonResponses;
import org.gridwatch.system.PeopleFields;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/grids")
class GridController {

    private final GridService service;

    GridController(GridService service) {
        this.service = service;
    }

    @GetMapping
    ResponseEntity<String> list(@RequestParam(required = false) String level,
                                @RequestParam(required = false) String parent,
                                @RequestParam(required = false) String bbox) {
        GridLevel parsedLevel = null;
        if (level != null && !level.isBlank()) {
            parsedLevel = GridLevel.parse(level);
            if (parsedLevel == null) {
                throw ApiProblem.badRequest("grid.level.invalid", "level must be 'large' or 'small'");
            }
        }
        List<GridView> grids = service.list(parsedLevel, parent, BoundingBox.parse(bbox));
        StringBuilder out = new StringBuilder(grids.size() * 600);
        GeoJsonWriter.FeatureCollectionWriter writer = new GeoJsonWriter.FeatureCollectionWriter(out).begin();
        for (GridView g : grids) writer.feature(g.code(), g.geometry(), PeopleFields.forCaller(g.properties()));
        writer.end(Map.of("numberMatched", grids.size()));
        return GeoJsonResponses.ok(out.toString());
    }

    @GetMapping("/{code}")
    ResponseEntity<String> get(@PathVariable String code) {
        return GeoJsonResponses.ok(feature(service.get(code)));
    }

    @PostMapping
    ResponseEntity<String> create(@RequestBody String body) {
        GridView created = service.create(draft(body, null));
        return GeoJsonResponses.created(URI.create("/api/grids/" + created.code()), feature(created));
    }

    @PutMapping("/{code}")
    ResponseEntity<String> update(@PathVariable String code, @RequestBody String body) {
        return GeoJsonResponses.ok(feature(service.update(code, draft(body, code))));
    }

    @DeleteMapping("/{code}")
    ResponseEntity<Void> delete(@PathVariable String code, @RequestParam(defaultValue = "false") boolean cascade) {
        service.delete(code, cascade);
        return ResponseEntity.noContent().build();
    }

    private static GridDraft draft(String body, String pathCode) {
        GeoJsonFeature f = GeoJsonFeature.of(GeoJsonReader.parseSingleGeometryDocument(body));
        String code = pathCode != null ? pathCode : f.text("code");
        String levelText = f.text("level");
        GridLevel level = GridLevel.parse(levelText);
        if (level == null) {
            throw ApiProblem.badRequest("grid.level.invalid", "level must be 'large' or 'small'");
        }
        return new GridDraft(code, f.text("name"), level, f.text("parentCode"), f.text("responsiblePerson"),
                f.text("phone"), f.geometry(), f.longValue("version"));
    }

    private static String feature(GridView g) {
        return GeoJsonWriter.feature(g.code(), g.geometry(), PeopleFields.forCaller(g.properties()));
    }
}
