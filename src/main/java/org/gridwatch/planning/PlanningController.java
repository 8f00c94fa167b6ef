package org.gridwatch.planning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gridwatch.geo.GeoJsonFeature;
import org.gridwatch.geo.GeoJsonReader;
import org.gridwatch.geo.GeoJsonWriter;
import org.gridwatch.grid.GridLevel;
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

    /**
     * Stores a proposal the planner edited: a FeatureCollection of the proposed grids (properties
     * {@code code}, {@code name}, {@code parentCode}, optionally {@code level}, {@code responsiblePerson},
     * {@code phone}, {@code previousCode}), with the stored grid codes it replaces in {@code replaces}
     * (default: the proposal's {@code removedCodes} and every {@code previousCode}) and the tool that made
     * it in {@code tool}. All or nothing; the answer is the stored proposal, as with {@code apply=true}.
     */
    @PostMapping("/proposals/apply")
    ResponseEntity<String> applyEdited(@RequestBody String body) {
        JsonNode node = GeoJsonReader.parseTree(body);
        if (!node.isObject() || !"FeatureCollection".equals(node.path("type").asString(""))
                || !node.path("features").isArray()) {
            throw ApiProblem.badRequest("planning.edit.body",
                    "the body must be a GeoJSON FeatureCollection of the proposed grids, with \"replaces\"");
        }
        List<PlanningService.EditedGrid> edited = new ArrayList<>();
        java.util.LinkedHashSet<String> derived = new java.util.LinkedHashSet<>(codes(node.path("removedCodes")));
        int index = 0;
        for (JsonNode f : node.get("features")) {
            index++;
            JsonNode props = f.path("properties");
            String label = props.path("code").isString() && !props.path("code").stringValue().isBlank()
                    ? props.path("code").stringValue().trim() : "#" + index;
            GeoJsonFeature feature;
            try {
                feature = GeoJsonFeature.of(f);
            } catch (org.gridwatch.geo.GeoJsonFormatException e) {
                throw ApiProblem.badRequest("planning.edit.feature", "proposed grid " + label + ": " + e.getMessage(),
                        label, new org.springframework.context.support.DefaultMessageSourceResolvable(
                                new String[]{e.messageKey()}, e.arguments(), e.getMessage()))
                        .with("proposedGrid", label);
            }
            String levelText = feature.text("level");
            GridLevel level = GridLevel.parse(levelText);
            if (levelText != null && level == null) {
                throw ApiProblem.badRequest("grid.level.invalid", "level must be 'large' or 'small'");
            }
            String previous = feature.text("previousCode");
            if (previous != null) derived.add(previous);
            edited.add(new PlanningService.EditedGrid(feature.text("code"), feature.text("name"), level,
                    feature.text("parentCode"), feature.text("responsiblePerson"), feature.text("phone"), previous,
                    feature.geometry()));
        }
        JsonNode replaces = node.get("replaces");
        List<String> replaced = replaces == null || replaces.isNull() ? new ArrayList<>(derived) : codes(replaces);
        String tool = node.path("tool").isString() ? node.path("tool").stringValue() : null;
        return answer(service.applyEdited(tool, edited, replaced));
    }

    private static List<String> codes(JsonNode list) {
        List<String> out = new ArrayList<>();
        if (list == null || list.isMissingNode() || list.isNull()) return out;
        if (!list.isArray()) {
            throw ApiProblem.badRequest("planning.edit.body",
                    "the body must be a GeoJSON FeatureCollection of the proposed grids, with \"replaces\"");
        }
        for (JsonNode c : list) {
            if (!c.isString()) {
                throw ApiProblem.badRequest("planning.edit.body",
                        "the body must be a GeoJSON FeatureCollection of the proposed grids, with \"replaces\"");
            }
            out.add(c.stringValue());
        }
        return out;
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
