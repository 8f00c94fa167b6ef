package org.gridwatch.gridsummary;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/grids/{code}/summary}: the grid popup's contents. A read like the grid itself; the
 * responsible person and open cases only for signed-in callers, the phone only for staff roles
 * ({@link GridSummaryService#SEE_PHONE}).
 */
@RestController
class GridSummaryController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final GridSummaryService service;

    GridSummaryController(GridSummaryService service) {
        this.service = service;
    }

    @GetMapping("/api/grids/{code}/summary")
    ResponseEntity<String> summary(@PathVariable String code) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(JSON.writeValueAsString(service.summary(code)));
    }
}
