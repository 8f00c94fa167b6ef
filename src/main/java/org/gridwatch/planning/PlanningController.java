package org.gridwatch.planning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gridwatch.geo.GeoJsonFeature;
import org.gridwatch.geo.GeoJsonReader;
import org.gridwatch.geo.GeoJsonWriter;
import org.gridwatch.system.ApiProblem;
import org.gridwatch.system.GeoJsonResponses;
import org.locationtech.jts.geom.Geometry;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

/** The planning tools over HTTP: each answers with its proposal, stored only with {@code apply=true}. */
@RestController
@RequestMapping("/api/grids")
class PlanningController {

    private final PlanningService service;

    PlanningController(PlanningService service) {
        this.service = service;
    }

    @PostMapping("/{code}/split")
    ResponseEntity<String> split(@PathVariable String code, @RequestBody String body,
                                 @RequestParam(defaultValue = "false") boolean apply) {
        JsonNode node = GeoJsonReader.parseTree(body);
        Geometry line = "Feature".equals(node.path("type").asString("")) ? GeoJsonFeature.of(node).geometry()
                : GeoJsonReader.geometry(node);
        return answer(service.split(code, line, apply));
    }

    @PostMapping("/merge")
    ResponseEntity<String> merge(@RequestBody String body, @RequestParam(defaultValue = "false") boolean apply) {
        JsonNode node = GeoJsonReader.parseTree(body);
        JsonNode list = node.isArray() ? node : node.path("codes");
        if (!list.isArray()) {
            throw ApiProblem.badRequest("planning.merge.body",
                    "the body must be a JSON array of grid codes, or an object with \"codes\"");
        }
        List<String> codes = new ArrayList<>();
        for (JsonNode c : list) {
            if (!c.isString()) {
                throw ApiProblem.badRequest("planning.merge.body",
                        "the body must be a JSON array of grid codes, or an object with \"codes\"");
            }
            codes.add(c.stringValue());
        }
        return answer(service.merge(codes, apply));
    }

    @PostMapping("/{code}/divide")
    ResponseEntity<String> divide(@PathVariable String code, @RequestParam(defaultValue = "streets") String method,
                                  @RequestParam(required = false) Double targetAreaM2,
                                  @RequestParam(required = false) Double minAreaM2,
                                  @RequestParam(defaultValue = "false") boolean apply) {
        return answer(service.divide(code, method, targetAreaM2, minAreaM2, apply));
    }

    @PostMapping("/clean")
    ResponseEntity<String> clean(@RequestParam(required = false) Double maxSliverM2,
                                 @RequestParam(required = false) String parent,
                                 @RequestParam(defaultValue = "false") boolean apply) {
        return answer(service.clean(maxSliverM2 == null ? 5.0 : maxSliverM2, parent, apply));
    }

    @PostMapping("/renumber")
    ResponseEntity<String> renumber(@RequestParam String parent, @RequestParam(required = false) String prefix,
                                    @RequestParam(defaultValue = "false") boolean apply) {
        return answer(service.renumber(parent, prefix, apply));
    }

    @GetMapping("/balance")
    ResponseEntity<String> balance(@RequestParam String parent) {
        return answer(service.balance(parent));
    }

    @GetMapping("/{code}/history")
    ResponseEntity<List<Map<String, Object>>> history(@PathVariable String code) {
        return ResponseEntity.ok(service.codeHistory(code));
    }

    private static ResponseEntity<String> answer(PlanningService.Proposal p) {
        StringBuilder out = new StringBuilder(p.grids().size() * 1200 + 512);
        GeoJsonWriter.FeatureCollectionWriter writer = new GeoJsonWriter.FeatureCollectionWriter(out).begin();
        for (PlanningService.Measured m : p.grids()) {
            PlanningService.ProposedGrid g = m.grid();
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("code", g.code());
            props.put("name", g.name());
            props.put("level", g.level().key());
            props.put("parentCode", g.parentCode());
            props.put("responsiblePerson", g.responsiblePerson());
            props.put("phone", g.phone());
            props.put("change", g.change().key());
            props.put("previousCode", g.previousCode());
            props.put("areaM2", Math.round(m.areaM2() * 100) / 100.0);
            props.put("streetLengthM", Math.round(m.streetLengthM() * 10) / 10.0);
            props.put("featureCounts", m.featureCounts());
            props.put("stops", m.stops());
            props.put("flags", m.flags());
            writer.feature(g.code(), g.geometry(), props);
        }
        Map<String, Object> medians = new LinkedHashMap<>();
        p.medians().forEach((code, md) -> medians.put(code, Map.of(
                "areaM2", Math.round(md.areaM2() * 100) / 100.0,
                "streetLengthM", Math.round(md.streetLengthM() * 10) / 10.0,
                "stops", md.stops())));
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("tool", p.tool());
        members.put("applied", p.applied());
        members.put("removedCodes", p.removedCodes());
        members.put("changes", p.changes());
        members.put("medians", medians);
        members.put("numberMatched", p.grids().size());
        writer.end(members);
        return GeoJsonResponses.ok(out.toString());
    }
}
