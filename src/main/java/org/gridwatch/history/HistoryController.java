package org.gridwatch.history;

import java.util.LinkedHashMap;
import java.util.Map;

import org.gridwatch.system.ApiProblem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/history")
class HistoryController {

    static final int MAX_LIMIT = 1000;

    private final HistoryService service;

    HistoryController(HistoryService service) {
        this.service = service;
    }

    @GetMapping
    Map<String, Object> list(@RequestParam(required = false) String entity,
                             @RequestParam(required = false) String id,
                             @RequestParam(defaultValue = "50") int limit,
                             @RequestParam(defaultValue = "0") long offset) {
        if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
            throw ApiProblem.badRequest("request.paging", "limit must be 1-" + MAX_LIMIT + " and offset >= 0",
                    MAX_LIMIT);
        }
        HistoryService.Page page = service.list(blankToNull(entity), blankToNull(id), limit, offset);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entries", page.entries().stream().map(HistoryEntry::json).toList());
        body.put("numberMatched", page.numberMatched());
        body.put("numberReturned", page.entries().size());
        body.put("limit", limit);
        body.put("offset", offset);
        return body;
    }

    /** Admin only once accounts exist (see the README's security notes). */
    @PostMapping("/{entryId}/restore")
    Map<String, Object> restore(@PathVariable long entryId) {
        return service.restore(entryId);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
