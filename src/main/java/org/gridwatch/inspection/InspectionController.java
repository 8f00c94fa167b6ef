package org.gridwatch.inspection;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gridwatch.geo.GeoJsonFormatException;
import org.gridwatch.geo.GeoJsonReader;
import org.gridwatch.geo.GeoJsonWriter;
import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.system.ApiProblem;
import org.gridwatch.system.GeoJsonResponses;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import tools.jackson.databind.JsonNode;

/** Inspections, their photos and the outcome fields of feature types (docs/inspections.md). */
@RestController
class InspectionController {

    private final InspectionService service;

    InspectionController(InspectionService service) {
        this.service = service;
    }

    // ---- outcome fields -------------------------------------------------------------------------

    @PutMapping("/api/feature-types/{key}/inspection-fields")
    ResponseEntity<String> replaceFields(@PathVariable String key, @RequestBody String body) {
        List<Object> fields = new ArrayList<>();
        for (InspectionField f : service.replaceFields(key, GeoJsonReader.parseTree(body))) fields.add(f.json());
        return json(200, Map.of("typeKey", key, "inspectionFields", fields));
    }

    // ---- inspections ----------------------------------------------------------------------------

    @PostMapping("/api/inspections")
    ResponseEntity<String> record(@RequestBody String body) {
        JsonNode n = GeoJsonReader.parseTree(body);
        if (!n.isObject()) throw ApiProblem.badRequest("request.body.object", "the request body must be a JSON object");
        boolean batch = n.has("inspections");
        List<InspectionDraft> drafts = new ArrayList<>();
        if (batch) {
            if (!n.get("inspections").isArray()) {
                throw ApiProblem.badRequest("inspection.batch.notArray", "inspections must be an array");
            }
            List<Map<String, Object>> errors = new ArrayList<>();
            ApiProblem first = null;
            int index = 0;
            for (JsonNode item : n.get("inspections")) {
                try {
                    drafts.add(draft(item, index));
                } catch (ApiProblem p) {
                    first = first == null ? p : first;
                    errors.addAll(errorList(p));
                }
                index++;
            }
            if (first != null) {
                throw new ApiProblem(first.status(), "inspection.batch.rejected", errors.size() + " of " + index
                        + " inspections are invalid, nothing was stored; first at index " + errors.get(0).get("index")
                        + ": " + errors.get(0).get("detail"), errors.size(), index, errors.get(0).get("index"),
                        errors.get(0).get("detail")).with("errors", errors);
            }
        } else {
            drafts.add(draft(n, -1));
        }
        InspectionService.RecordResult r = service.record(drafts, batch);
        List<Object> out = new ArrayList<>();
        r.inspections().forEach(i -> out.add(i.json(zone())));
        return json(r.anyCreated() ? 201 : 200, Map.of("inspections", out));
    }

    /** A request item; its structural errors (a bad time or point) carry the batch index. */
    private static InspectionDraft draft(JsonNode n, int index) {
        try {
            if (!n.isObject()) throw ApiProblem.badRequest("request.body.object", "each inspection must be a JSON object");
            Geometry point = GeoJsonReader.geometry(n.get("point"));
            if (point != null && !(point instanceof Point)) {
                throw ApiProblem.badRequest("inspection.point.type", "point must be a GeoJSON Point");
            }
            JsonNode featureId = n.get("featureId");
            if (featureId != null && !featureId.isNull() && !featureId.isIntegralNumber()) {
                throw ApiProblem.badRequest("inspection.featureId.invalid", "featureId must be a whole number or null");
            }
            JsonNode patrolId = n.get("patrolId");
            if (patrolId != null && !patrolId.isNull() && !patrolId.isIntegralNumber()) {
                throw ApiProblem.badRequest("inspection.patrolId.invalid", "patrolId must be a whole number or null");
            }
            return new InspectionDraft(text(n, "clientId"), featureId == null || featureId.isNull() ? null : featureId.longValue(),
                    text(n, "typeKey"), (Point) point, patrolId == null || patrolId.isNull() ? null : patrolId.longValue(),
                    text(n, "patrolClientId"), text(n, "inspector"), instant("inspectedAt", text(n, "inspectedAt")),
                    n.get("outcome"), text(n, "note"));
        } catch (GeoJsonFormatException e) {
            throw batchItem(ApiProblem.badRequest(e.messageKey(), e.getMessage(), e.arguments()), index);
        } catch (ApiProblem p) {
            throw batchItem(p, index);
        }
    }

    private static ApiProblem batchItem(ApiProblem p, int index) {
        if (index < 0) return p;
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("index", index);
        e.put("code", p.messageKey());
        e.put("status", p.status());
        e.put("detail", p.getMessage());
        return new ApiProblem(p.status(), "inspection.batch.rejected", "1 inspection is invalid, nothing was stored; "
                + "first at index " + index + ": " + p.getMessage(), 1, "?", index, p.getMessage())
                .with("errors", List.of(e));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> errorList(ApiProblem p) {
        return (List<Map<String, Object>>) p.properties().get("errors");
    }

    @GetMapping("/api/inspections")
    ResponseEntity<String> inspections(@RequestParam(required = false) String grid,
                                       @RequestParam(required = false) String type,
                                       @RequestParam(required = false) String from,
                                       @RequestParam(required = false) String to,
                                       @RequestParam(required = false) String inspector,
                                       @RequestParam(defaultValue = "0") int page,
                                       @RequestParam(defaultValue = "1000") int size) {
        List<String> types = type == null || type.isBlank() ? List.of()
                : Arrays.stream(type.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        List<Inspection> list = service.inspections(grid, types, date("from", from), date("to", to), inspector, page, size);
        StringBuilder out = new StringBuilder(256 + list.size() * 400);
        GeoJsonWriter.FeatureCollectionWriter w = new GeoJsonWriter.FeatureCollectionWriter(out).begin();
        for (Inspection i : list) w.feature(i.id(), GeometryFactories.point(i.lon(), i.lat()), i.json(zone()));
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("page", page);
        members.put("size", size);
        members.put("numberReturned", list.size());
        w.end(members);
        return GeoJsonResponses.ok(out.toString());
    }

    @GetMapping("/api/inspections/{id}")
    ResponseEntity<String> inspection(@PathVariable long id) {
        return json(200, service.inspection(id).json(zone()));
    }

    @PostMapping(value = "/api/inspections/{id}/photo", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Void> photo(@PathVariable long id, @RequestPart(name = "photo", required = false) MultipartFile photo)
            throws IOException {
        if (photo == null) throw ApiProblem.badRequest("inspection.photo.missing", "send the image as multipart part 'photo'");
        if (photo.getSize() > service.settings().maxPhotoBytes()) {
            // refused before reading the bytes into memory
            throw new ApiProblem(413, "inspection.photo.tooLarge", "the photo has " + photo.getSize()
                    + " bytes; at most " + service.settings().maxPhotoBytes() + " are stored", photo.getSize(),
                    service.settings().maxPhotoBytes());
        }
        service.attachPhoto(id, photo.getContentType(), photo.getBytes());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/inspections/{id}/photo")
    ResponseEntity<byte[]> photo(@PathVariable long id) {
        InspectionQueries.Photo p = service.photo(id);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(p.contentType())).body(p.bytes());
    }

    // ---- helpers --------------------------------------------------------------------------------

    private ZoneId zone() {
        return service.zone();
    }

    static ResponseEntity<String> json(int status, Object body) {
        return ApiValues.json(status, body);
    }

    static String write(Object body) {
        return ApiValues.write(body);
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isString() && !v.isNumber()) {
            throw ApiProblem.badRequest("request.field.text", field + " must be a string", field);
        }
        return v.asString();
    }

    static Instant instant(String name, String text) {
        if (text == null || text.isBlank()) return null;
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("inspection.time.invalid", name + " must be an ISO-8601 time with offset such as "
                    + "2026-07-01T08:30:00+08:00, got " + text, name, text);
        }
    }

    static LocalDate date(String name, String text) {
        return ApiValues.date(name, text);
    }
}
