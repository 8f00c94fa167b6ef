package org.gridwatch.summary;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

import org.gridwatch.feature.FeatureService;
import org.gridwatch.feature.FeatureTypeView;
import org.gridwatch.inspection.ApiValues;
import org.gridwatch.inspection.DensityIndexCalculator;
import org.gridwatch.system.ApiProblem;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The work summary as JSON, CSV, Word, a printable page and its two pictures (docs/inspections.md). */
@RestController
class SummaryController {

    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);
    private static final MediaType DOCX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.wordprocessingml.document");

    private final WorkSummaryService service;
    private final FeatureService features;
    private final MessageSource messages;
    private final String office;

    SummaryController(WorkSummaryService service, FeatureService features, MessageSource messages,
                      @Value("${gridwatch.summary.office-name:}") String office) {
        this.service = service;
        this.features = features;
        this.messages = messages;
        this.office = office == null ? "" : office.trim();
    }

    /** {@code format=json} (default), {@code csv} or {@code docx}; from/to default to the current month so far. */
    @GetMapping("/api/summary")
    ResponseEntity<?> summary(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                              @RequestParam(required = false) String grid,
                              @RequestParam(required = false) String format) {
        if (format != null && !format.isBlank() && !List.of("json", "csv", "docx").contains(format)) {
            throw ApiProblem.badRequest("summary.format.invalid", "format must be json, csv or docx", format);
        }
        WorkSummary s = summary(from, to, grid);
        Locale locale = LocaleContextHolder.getLocale();
        if ("csv".equals(format)) {
            Map<String, String> types = typeLabels(locale);
            byte[] body = WorkSummaryDocuments.csv(s, key -> label(key, types, locale));
            return ResponseEntity.ok().contentType(CSV)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"summary-" + s.from() + "-" + s.to() + ".csv\"")
                    .body(body);
        }
        if ("docx".equals(format)) {
            BiFunction<String, Object[], String> text = (key, args) -> messages.getMessage(key, args, key, locale);
            String name = office.isEmpty() ? text.apply("summary.office.default", new Object[0]) : office;
            byte[] body = WorkSummaryDocx.write(s, text, typeLabels(locale), name,
                    Map.of("trend", trendPng(s, locale), "map", service.mapPng(s)));
            return ResponseEntity.ok().contentType(DOCX)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"summary-" + s.from() + "-" + s.to() + ".docx\"")
                    .body(body);
        }
        return ApiValues.json(200, json(s, locale));
    }

    @GetMapping(value = "/api/summary/trend.png", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> trend(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                 @RequestParam(required = false) String grid, @RequestParam(required = false) String lang) {
        Locale locale = lang == null ? LocaleContextHolder.getLocale() : locale(lang);
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(trendPng(summary(from, to, grid), locale));
    }

    @GetMapping(value = "/api/summary/map.png", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> map(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                               @RequestParam(required = false) String grid) {
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(service.mapPng(summary(from, to, grid)));
    }

    /** The printable page; {@code lang=en} for English, Chinese otherwise. */
    @GetMapping("/summary.html")
    ResponseEntity<String> page(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                @RequestParam(required = false) String grid,
                                @RequestParam(required = false) String lang) {
        Locale locale = locale(lang);
        LocaleContextHolder.setLocale(locale);
        WorkSummary s = summary(from, to, grid);
        String query = "from=" + s.from() + "&to=" + s.to() + (s.scopeCode() == null ? ""
                : "&grid=" + java.net.URLEncoder.encode(s.scopeCode(), StandardCharsets.UTF_8))
                + "&lang=" + (locale == Locale.ENGLISH ? "en" : "zh-CN");
        String html = WorkSummaryDocuments.html(s, (key, args) -> messages.getMessage(key, args, key, locale),
                typeLabels(locale), locale == Locale.ENGLISH ? "en" : "zh-CN", query);
        return ResponseEntity.ok().contentType(HTML).body(html);
    }

    private static Locale locale(String lang) {
        return "en".equalsIgnoreCase(lang) ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
    }

    private byte[] trendPng(WorkSummary s, Locale locale) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String k : SummaryCharts.TREND_INDICATORS) {
            labels.put(k, messages.getMessage("summary.indicator." + k, null, k, locale));
        }
        return service.trendPng(s, labels);
    }

    private Map<String, Object> json(WorkSummary s, Locale locale) {
        PeriodFigures c = s.current();
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
        // stock: in place at the end of the period; flow: happened in it
        m.put("featuresByType", c.featuresInPlace());
        m.put("breedingSitesHandled", c.breedingSitesHandled());
        m.put("baitStationsInPlace", c.baitStationsInPlace());
        m.put("baitStationsInstalled", c.baitStationsNew());
        m.put("patrols", c.patrols());
        m.put("patrolKm", c.patrolKm());
        m.put("inspections", c.inspections());
        m.put("problemsFound", c.problemsFound());
        m.put("problemsClosed", c.problemsClosed());
        Map<String, Object> previous = new LinkedHashMap<>();
        previous.put("from", s.previousScope().from().toString());
        previous.put("to", s.previousScope().to().toString());
        previous.putAll(s.previous().flows());
        m.put("previous", previous);
        m.put("change", c.changeFrom(s.previous()));
        Map<String, Object> levels = new LinkedHashMap<>();
        s.levels().forEach((k, v) -> levels.put(k, v.name()));
        m.put("levels", levels);
        m.put("notAssessedVectors", s.density().notAssessedVectors());
        List<Object> indicators = new ArrayList<>();
        for (DensityIndexCalculator.Indicator i : s.density().indicators()) indicators.add(i.json());
        m.put("indicators", indicators);
        List<Object> communities = new ArrayList<>();
        for (CommunityRow r : s.communities()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("code", r.code());
            row.put("name", r.name());
            row.putAll(r.figures().flows());
            row.put("baitStationsInPlace", r.figures().baitStationsInPlace());
            Map<String, Object> v = new LinkedHashMap<>();
            r.density().vectors().forEach((k, g) -> v.put(k, g.name()));
            row.put("levels", v);
            communities.add(row);
        }
        m.put("communities", communities);
        m.put("sampleData", s.sampleData());
        List<Object> sections = new ArrayList<>();
        for (SummarySection section : s.sections()) {
            Map<String, Object> sec = new LinkedHashMap<>();
            sec.put("key", section.key());
            sec.put("heading", messages.getMessage(section.headingKey(), null, section.headingKey(), locale));
            List<Object> sentences = new ArrayList<>();
            for (SummarySentence sentence : section.sentences()) {
                Map<String, Object> figures = new LinkedHashMap<>();
                sentence.figures().forEach(f -> figures.put(f.key(), f.value()));
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("text", messages.getMessage(sentence.messageKey(), sentence.figures().stream()
                        .map(f -> WorkSummaryDocuments.number(f.value())).toArray(), sentence.messageKey(), locale));
                line.put("figures", figures);
                sentences.add(line);
            }
            sec.put("sentences", sentences);
            sections.add(sec);
        }
        m.put("sections", sections);
        return m;
    }

    private WorkSummary summary(String from, String to, String grid) {
        LocalDate t = ApiValues.date("to", to);
        LocalDate f = ApiValues.date("from", from);
        if (t == null) t = LocalDate.now(service.zone());
        if (f == null) f = t.withDayOfMonth(1);
        return service.summary(f, t, grid);
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
