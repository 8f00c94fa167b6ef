package org.gridwatch.cases;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

import org.gridwatch.system.ApiProblem;
import org.gridwatch.system.GeoJsonResponses;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The case loop's API (docs/cases.md): parses, calls the services, writes the answer. */
@RestController
class CaseController {

    private final CaseReporting reporting;
    private final CaseTransitions transitions;
    private final CaseQueries queries;
    private final CasePhotos photos;

    CaseController(CaseReporting reporting, CaseTransitions transitions, CaseQueries queries, CasePhotos photos) {
        this.reporting = reporting;
        this.transitions = transitions;
        this.queries = queries;
        this.photos = photos;
    }

    @PostMapping("/api/cases")
    ResponseEntity<Map<String, Object>> report(@RequestBody CaseDraft draft) {
        CaseReporting.Reported r = reporting.report(draft);
        return r.created() ? ResponseEntity.created(URI.create("/api/cases/" + r.id())).body(r.body())
                : ResponseEntity.ok(r.body());
    }

    @GetMapping("/api/cases")
    ResponseEntity<String> list(@RequestParam(required = false) String status,
                                @RequestParam(name = "class", required = false) String classCode,
                                @RequestParam(required = false) String department,
                                @RequestParam(required = false) String source,
                                @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                @RequestParam(required = false) String bbox, @RequestParam(required = false) String grid,
                                @RequestParam(required = false) Boolean overdue,
                                @RequestParam(required = false) Integer limit) {
        return GeoJsonResponses.ok(queries.list(new CaseFilter(status, classCode, department, source, from, to, bbox,
                grid, overdue, limit)));
    }

    @GetMapping("/api/cases/queue")
    Map<String, Object> queue(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return queries.queue(page, size);
    }

    @GetMapping("/api/cases/mine")
    Map<String, Object> mine(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return queries.mine(page, size);
    }

    @GetMapping("/api/cases/{id}")
    Map<String, Object> detail(@PathVariable long id) {
        return queries.detail(id);
    }

    @PostMapping("/api/cases/{id}/transitions")
    Map<String, Object> transition(@PathVariable long id, @RequestBody TransitionRequest request) {
        return transitions.apply(id, request);
    }

    record ReopenRequest(String note) {
    }

    @PostMapping("/api/cases/{id}/reopen")
    ResponseEntity<Map<String, Object>> reopen(@PathVariable long id, @RequestBody(required = false) ReopenRequest body) {
        CaseReporting.Reported r = reporting.reopen(id, body == null ? null : body.note());
        return ResponseEntity.created(URI.create("/api/cases/" + r.id())).body(r.body());
    }

    @PostMapping(value = "/api/cases/{id}/photos", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Map<String, Object>> upload(@PathVariable long id, @RequestParam("file") MultipartFile file,
                                               @RequestParam("kind") String kind) throws IOException {
        photos.checkSize(file.getSize());
        Map<String, Object> stored = photos.upload(id, kind, file.getBytes());
        return ResponseEntity.created(URI.create(String.valueOf(stored.get("url")))).body(stored);
    }

    @GetMapping("/api/cases/{id}/photos/{photoId}")
    ResponseEntity<byte[]> photo(@PathVariable long id, @PathVariable long photoId) {
        Cases.PhotoBytes p = photos.photo(id, photoId);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(p.contentType()))
                .header("Cache-Control", "private, max-age=3600").body(p.bytes());
    }
}
