package org.gridwatch.inspection;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.gridwatch.cases.evaluation.CaseSummaryFigures;
import org.gridwatch.cases.evaluation.CaseSummaryLines;
import org.gridwatch.feature.FeatureService;
import org.gridwatch.feature.FeatureTypeView;
import org.gridwatch.system.ApiProblem;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The work summary as JSON, CSV and a printable page (docs/inspections.md). */
@RestController
class SummaryController {

    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);

    private final InspectionService service;
    private final FeatureService features;
    private final MessageSource messages;

    private final CaseSummaryLines caseLines;

    SummaryController(InspectionService service, FeatureService features, MessageSource messages,
                      CaseSummaryLines caseLines) {
        this.caseLines = caseLines;
        this.service = service;
        this.features = features;
        this.messages = messages;
    }

    /** {@code format=json} (default) or {@code csv}; from/to default to the current month so far. */
    @GetMapping("/api/summary")
    ResponseEntity<?> summary(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                              @RequestParam(required = false) String grid,
                              @RequestParam(required = false) String format) {
        InspectionService.WorkSummary s = summary(from, to, grid);
        Locale locale = LocaleContextHolder.getLocale();
        if ("csv".equals(format)) {
            Map<String, String> types = typeLabels(locale);
            byte[] body = WorkSummaryDocuments.csv(s, key -> label(key, types, locale));
            body = CaseSummaryLines.concat(body, CaseSummaryLines.csvRows(cases(s), key -> label(key, types, locale)));
            return ResponseEntity.ok().contentType(CSV)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"summary-" + s.from() + "-" + s.to() + ".csv\"")
                    .body(body);
        }
        if (format != null && !format.isBlank() && !format.equals("json")) {
            throw ApiProblem.badRequest("summary.format.invalid", "format must be json or csv", format);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", s.from().toString());
        m.put("to", s.to().toString());
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("gridCode", s.scopeCode());
        scope.put("name", s.scopeName() != null ? s.scopeName()
                : messages.getMessage("summary.scope.district", null, "District", locale));
        m.put("scope", scope);
        m.put("largeGrids", s.largeGrids());
        m.put("smallGrids", s.smallGrids());
        m.put("featuresByType", s.featuresByType());
        m.put("breedingSitesHandled", s.breedingSitesHandled());
        m.put("baitStationsInstalled", s.baitStationsInstalled());
        m.put("patrols", s.patrols());
        m.put("patrolKm", s.patrolKm());
        m.put("inspections", s.inspections());
        m.put("problemsFound", s.problemsFound());
        m.put("problemsClosed", s.problemsClosed());
        Map<String, Object> levels = new LinkedHashMap<>();
        s.levels().forEach((k, v) -> levels.put(k, v.name()));
        m.put("levels", levels);
        m.put("sampleData", s.sampleData());
        m.put("cases", CaseSummaryLines.json(cases(s)));
        return InspectionController.json(200, m);
    }

    /** The printable page; {@code lang=en} for English, Chinese otherwise. */
    @GetMapping("/summary.html")
    ResponseEntity<String> page(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                @RequestParam(required = false) String grid,
                                @RequestParam(required = false) String lang) {
        Locale locale = "en".equalsIgnoreCase(lang) ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
        LocaleContextHolder.setLocale(locale);
        InspectionService.WorkSummary s = summary(from, to, grid);
        String html = WorkSummaryDocuments.html(s, (key, args) -> messages.getMessage(key, args, key, locale),
                typeLabels(locale), locale == Locale.ENGLISH ? "en" : "zh-CN");
        html = CaseSummaryLines.withSentences(html, cases(s), (key, args) -> messages.getMessage(key, args, key, locale));
        return ResponseEntity.ok().contentType(HTML).body(html);
    }

    private InspectionService.WorkSummary summary(String from, String to, String grid) {
        LocalDate t = InspectionController.date("to", to);
        LocalDate f = InspectionController.date("from", from);
        if (t == null) t = LocalDate.now(service.zone());
        if (f == null) f = t.withDayOfMonth(1);
        return service.summary(f, t, grid);
    }

    /** The case lines of the summary (issue 21), from org.gridwatch.cases.evaluation. */
    private CaseSummaryFigures cases(InspectionService.WorkSummary s) {
        return caseLines.figures(s.from(), s.to(), s.scopeCode());
    }

    private Map<String, String> typeLabels(Locale locale) {
        Map<String, String> m = new LinkedHashMap<>();
        for (FeatureTypeView t : features.types()) m.put(t.key(), locale == Locale.ENGLISH ? t.labelEn() : t.labelZh());
        return m;
    }

    private String label(String key, Map<String, String> types, Locale locale) {
        if (key.startsWith("featuresByType.")) {
            String type = key.substring("featuresByType.".length());
            return messages.getMessage("summary.csv.featuresByType", new Object[]{types.getOrDefault(type, type)}, key, locale);
        }
        return messages.getMessage("summary.csv." + key, null, key, locale);
    }
}
