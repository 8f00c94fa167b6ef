package org.gridwatch.grid;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gridwatch.system.ApiProblem;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/grid-codes/next?parent=JNS-01}: the code the grid form offers for a new grid, the next
 * free one under its parent (no parent: among the large grids), see {@link GridCodeSuggester}. Not under
 * /api/grids/ so that no grid code can be mistaken for it.
 */
@RestController
class GridCodeController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final GridService grids;
    private final JdbcTemplate jdbc;

    GridCodeController(GridService grids, JdbcTemplate jdbc) {
        this.grids = grids;
        this.jdbc = jdbc;
    }

    @GetMapping("/api/grid-codes/next")
    @Transactional(readOnly = true)
    public ResponseEntity<String> next(@RequestParam(required = false) String parent) {
        String parentCode = parent == null || parent.isBlank() ? null : parent.strip();
        List<String> siblings;
        if (parentCode == null) {
            siblings = grids.list(GridLevel.LARGE, null, null).stream().map(GridView::code).toList();
        } else {
            GridView p = grids.find(parentCode).orElseThrow(() -> ApiProblem.badRequest("grid.parent.notFound",
                    "parent grid " + parentCode + " does not exist", parentCode));
            if (p.level() != GridLevel.LARGE) {
                throw ApiProblem.badRequest("grid.parent.notLarge", "parent grid " + parentCode + " is not a large grid",
                        parentCode);
            }
            siblings = grids.list(GridLevel.SMALL, parentCode, null).stream().map(GridView::code).toList();
        }
        Set<String> taken = new HashSet<>(jdbc.queryForList("SELECT code FROM grid", String.class));
        taken.addAll(jdbc.queryForList("SELECT old_code FROM grid_code_history", String.class));
        String code = GridCodeSuggester.next(parentCode, siblings, taken);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsString(Map.of("code", code)));
    }
}
