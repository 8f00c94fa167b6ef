package org.gridwatch.cases.evaluation;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.gridwatch.system.ApiProblem;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/cases/evaluation}: the evaluation table as JSON or CSV (docs/evaluation.md). */
@RestController
class CaseEvaluationController {

    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final CaseEvaluationService service;
    private final MessageSource messages;

    CaseEvaluationController(CaseEvaluationService service, MessageSource messages) {
        this.service = service;
        this.messages = messages;
    }

    /** from/to: days in the district's zone, both included (default: this month so far); by: default smallGrid. */
    @GetMapping("/api/cases/evaluation")
    ResponseEntity<?> evaluation(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                 @RequestParam(required = false) String by, @RequestParam(required = false) String grid,
                                 @RequestParam(required = false) String format) {
        LocalDate t = date("to", to);
        LocalDate f = date("from", from);
        if (t == null) t = LocalDate.now(service.zone());
        if (f == null) f = t.withDayOfMonth(1);
        Grouping g = by == null || by.isBlank() ? Grouping.SMALL_GRID : Grouping.ofKey(by);
        if (g == null) {
            String allowed = Arrays.stream(Grouping.values()).map(Grouping::key).collect(Collectors.joining(", "));
            throw ApiProblem.badRequest("evaluation.by.invalid", "cannot group by " + by + "; choose one of " + allowed,
                    by, allowed).with("allowed", Arrays.stream(Grouping.values()).map(Grouping::key).toList());
        }
        boolean csv = "csv".equals(format);
        if (!csv && format != null && !format.isBlank() && !format.equals("json")) {
            throw ApiProblem.badRequest("evaluation.format.invalid", "format must be json or csv", format);
        }
        CaseEvaluationService.Evaluation e = service.evaluate(f, t, g, grid);
        Locale locale = LocaleContextHolder.getLocale();
        if (csv) {
            byte[] body = EvaluationCsv.write(e.rows(), e.total(), key -> messages.getMessage(key, null, key, locale),
                    messages.getMessage("evaluation.total", null, "Total", locale));
            return ResponseEntity.ok().contentType(CSV).header(HttpHeaders.CONTENT_DISPOSITION,
                    "attachment; filename=\"evaluation-" + e.from() + "-" + e.to() + "-" + g.key() + ".csv\"").body(body);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", e.from().toString());
        m.put("to", e.to().toString());
        m.put("by", g.key());
        m.put("grid", grid == null || grid.isBlank() ? null : grid.trim());
        m.put("asOf", e.asOf().toString());
        List<Map<String, Object>> rows = e.rows().stream().map(CaseEvaluationController::json).toList();
        m.put("rows", rows);
        m.put("total", json(e.total()));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(m);
    }

    static Map<String, Object> json(EvaluationRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", r.key());
        m.put("reported", r.reported());
        m.put("registered", r.registered());
        m.put("dispatched", r.dispatched());
        m.put("handled", r.handled());
        m.put("handledOnTime", r.handledOnTime());
        m.put("onTimeHandlingRate", r.onTimeHandlingRate());
        m.put("verified", r.verified());
        m.put("reworked", r.reworked());
        m.put("reworkRate", r.reworkRate());
        m.put("closed", r.closed());
        m.put("closedOnTime", r.closedOnTime());
        m.put("onTimeClosingRate", r.onTimeClosingRate());
        m.put("overdueNow", r.overdueNow());
        m.put("meanHandlingHours", r.meanHandlingHours());
        m.put("p90HandlingHours", r.p90HandlingHours());
        return m;
    }

    static LocalDate date(String name, String text) {
        if (text == null || text.isBlank()) return null;
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("evaluation.date.invalid", name + " must be a date YYYY-MM-DD, got " + text, name, text);
        }
    }
}
