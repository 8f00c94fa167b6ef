package org.gridwatch.feature;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.gridwatch.geo.BoundingBox;
import org.gridwatch.geo.GeoJsonFormatException;
import org.gridwatch.geo.GeoJsonReader;
import org.gridwatch.geo.GeoJsonWriter;
import org.gridwatch.system.ApiProblem;
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

import tools.jackson.databind.JsonNode;

@RestController
class FeatureController {

    static final int DEFAULT_LIMIT = 10_000;
    static final int MAX_LIMIT = 100_000;

    private final FeatureService service;
    private final List<FeatureTypeExtension> extensions;

    FeatureController(FeatureService service, org.springframework.beans.factory.ObjectProvider<FeatureTypeExtension> extensions) {
        this.service = service;
        this.extensions = extensions.orderedStream().toList();
    }

    /** The types, each with the members other features add to it (such as its inspection fields). */
    @GetMapping("/api/feature-types")
    List<Map<String, Object>> types() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (FeatureTypeView t : service.types()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", t.key());
            m.put("labelZh", t.labelZh());
            m.put("labelEn", t.labelEn());
            m.put("symbol", t.symbol());
            m.put("color", t.color());
            m.put("partCode", t.partCode());
            m.put("sortOrder", t.sortOrder());
            for (FeatureTypeExtension e : extensions) m.putAll(e.members(t.key()));
            out.add(m);
        }
        return out;
    }

    @PostMapping("/api/feature-types")
    ResponseEntity<FeatureTypeView> addType(@RequestBody FeatureTypeView type) {
        FeatureTypeView stored = service.addType(type);
        return ResponseEntity.created(URI.create("/api/feature-types")).body(stored);
    }

    /**
     * @param status {@code active} (default), {@code removed} or {@code all}
     */
    @GetMapping("/api/features")
    void list(@RequestParam(required = false) String type,
              @RequestParam(required = false) String bbox,
              @RequestParam(required = false) String grid,
              @RequestParam(required = false) String status,
              @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit,
              @RequestParam(defaultValue = "0") long offset,
              @RequestParam(required = false) String properties,
              HttpServletResponse response) throws IOException {
        if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
            throw ApiProblem.badRequest("request.paging", "limit must be 1-" + MAX_LIMIT + " and offset >= 0",
                    MAX_LIMIT);
        }
        List<String> types = type == null || type.isBlank() ? List.of()
                : Arrays.stream(type.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        String statusFilter = status == null || status.isBlank() ? "active" : status.trim();
        if (statusFilter.equals("all")) {
            statusFilter = null;
        } else if (!statusFilter.equals("active") && !statusFilter.equals("removed")) {
            throw ApiProblem.badRequest("feature.status.invalid", "status must be 'active' or 'removed'", statusFilter);
        }
        FeatureFilter filter = new FeatureFilter(types, BoundingBox.parse(bbox),
                grid == null || grid.isBlank() ? null : grid.trim(), statusFilter);
        EnumSet<FeatureProperty> chosen = FeatureProperty.parse(properties);
        FeatureService.Page page = service.page(filter, chosen, limit, offset);
        // Written straight to the response: a viewport of 5,000 features is about 2 MB, and building
        // it as one String meant copying and encoding it three times.
        response.setContentType(GeoJsonResponses.GEO_JSON.toString());
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        StringBuilder chunk = new StringBuilder(1 << 16);
        chunk.append("{\"type\":\"FeatureCollection\",\"features\":[");
        boolean first = true;
        for (FeatureView f : page.features()) {
            if (!first) chunk.append(",\n");
            first = false;
            FeatureGeoJson.write(f, chosen, chunk);
            if (chunk.length() >= 1 << 15) {
                out.append(chunk);
                chunk.setLength(0);
            }
        }
        out.append(chunk);
        GeoJsonWriter.FeatureCollectionWriter writer = new GeoJsonWriter.FeatureCollectionWriter(out);
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("numberMatched", page.numberMatched());
        members.put("numberReturned", page.features().size());
        members.put("limit", limit);
        members.put("offset", offset);
        writer.end(members);
        out.flush();
    }

    @GetMapping("/api/features/{id}")
    ResponseEntity<String> get(@PathVariable long id) {
        return GeoJsonResponses.ok(feature(service.get(id)));
    }

    @PostMapping("/api/features")
    ResponseEntity<String> create(@RequestBody String body) {
        FeatureView created = service.create(FeatureJson.draft(GeoJsonReader.parseSingleGeometryDocument(body)));
        return GeoJsonResponses.created(URI.create("/api/features/" + created.id()), feature(created));
    }

    @PostMapping("/api/features/bulk")
    ResponseEntity<Map<String, Object>> bulk(@RequestBody String body) {
        JsonNode root = GeoJsonReader.parseTree(body);
        if (!root.isObject() || !"FeatureCollection".equals(root.path("type").asString(""))
                || !root.path("features").isArray()) {
            throw new GeoJsonFormatException("geojson.notFeatureCollection",
                    "expected a GeoJSON FeatureCollection with a features array");
        }
        List<JsonNode> records = new ArrayList<>(root.path("features").size());
        root.path("features").forEach(records::add);
        int stored = service.bulkCreate(records);
        return ResponseEntity.status(201).body(Map.of("stored", stored));
    }

    @PutMapping("/api/features/{id}")
    ResponseEntity<String> update(@PathVariable long id, @RequestBody String body) {
        return GeoJsonResponses.ok(feature(service.update(id, FeatureJson.draft(GeoJsonReader.parseSingleGeometryDocument(body)))));
    }

    @DeleteMapping("/api/features/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        service.delete(id);
        return ResponseEntity.noContent().build();
    }

    private static String feature(FeatureView f) {
        return GeoJsonWriter.feature(f.id(), f.point(), f.properties());
    }
}
