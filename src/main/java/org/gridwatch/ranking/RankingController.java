package org.gridwatch.ranking;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

import org.gridwatch.system.ApiProblem;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Checklist, weights, spot checks, the monthly ranking and its bulletin (docs/ranking.md). */
@RestController
class RankingController {

    private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);
    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    private static final MediaType DOCX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.wordprocessingml.document");

    private final RankingService service;
    private final MessageSource messages;

    RankingController(RankingService service, MessageSource messages) {
        this.service = service;
        this.messages = messages;
    }

    @GetMapping("/api/ranking/checklist")
    List<Map<String, Object>> checklist() {
        return service.checklist().stream().map(ChecklistItem::json).toList();
    }

    @PutMapping("/api/ranking/checklist")
    List<Map<String, Object>> replaceChecklist(@RequestBody List<ChecklistItem> items) {
        return service.replaceChecklist(items).stream().map(ChecklistItem::json).toList();
    }

    record WeightsBody(Double spotCheck, Double comprehensive, Double caseShare, Long version) {
    }

    @GetMapping("/api/ranking/weights")
    Map<String, Object> weights() {
        return weightsJson(service.weights());
    }

    @PutMapping("/api/ranking/weights")
    Map<String, Object> updateWeights(@RequestBody WeightsBody body) {
        if (body.spotCheck() == null || body.comprehensive() == null || body.caseShare() == null || body.version() == null) {
            throw ApiProblem.badRequest("ranking.weights.missing",
                    "spotCheck, comprehensive, caseShare and version are all needed");
        }
        return weightsJson(service.updateWeights(new RankingWeights(body.spotCheck(), body.comprehensive(),
                body.caseShare()), body.version()));
    }

    private static Map<String, Object> weightsJson(RankingService.Weights w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spotCheck", w.weights().spotCheck());
        m.put("comprehensive", w.weights().comprehensive());
        m.put("caseShare", w.weights().caseShare());
        m.put("version", w.version());
        return m;
    }

    record SpotCheckBody(String clientId, String largeGrid, String unitName, String checkedOn, String inspector,
                         String note, Map<String, Double> points) {
    }

    @PostMapping("/api/ranking/spot-checks")
    ResponseEntity<Map<String, Object>> record(@RequestBody SpotCheckBody b) {
        LocalDate day;
        try {
            day = b.checkedOn() == null || b.checkedOn().isBlank() ? null : LocalDate.parse(b.checkedOn().trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiProblem.badRequest("ranking.spotCheck.date", "checkedOn must be a date like 2026-12-07", b.checkedOn());
        }
        RankingService.Recorded r = service.record(new RankingService.SpotCheckDraft(b.clientId(), b.largeGrid(),
                b.unitName(), day, b.inspector(), b.note(), b.points()));
        return ResponseEntity.status(r.created() ? 201 : 200).body(r.check().json());
    }

    @GetMapping("/api/ranking/spot-checks")
    List<Map<String, Object>> spotChecks(@RequestParam(required = false) String month,
                                         @RequestParam(required = false) String grid) {
        return service.spotChecks(service.month(month), grid).stream().map(SpotCheck::json).toList();
    }

    /** The monthly ranking as JSON, or CSV with {@code format=csv}. */
    @GetMapping("/api/ranking")
    ResponseEntity<?> monthly(@RequestParam(required = false) String month, @RequestParam(required = false) String format) {
        RankingService.MonthlyRanking r = service.monthly(service.month(month));
        if (csv(format)) {
            return download(RankingDocuments.monthlyCsv(r, messages()), CSV, "ranking-" + r.month() + ".csv");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("month", r.month().toString());
        m.put("weights", Map.of("spotCheck", r.weights().spotCheck(), "comprehensive", r.weights().comprehensive(),
                "caseShare", r.weights().caseShare()));
        m.put("rows", r.rows().stream().map(x -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("rank", x.rank() == 0 ? null : x.rank());
            row.put("code", x.code());
            row.put("name", x.name());
            row.put("spotChecks", x.spotChecks());
            row.put("spot", x.spot());
            row.put("cases", x.cases());
            row.put("density", x.density());
            row.put("comprehensive", x.comprehensive());
            row.put("score", x.score());
            row.put("missing", x.missing());
            return row;
        }).toList());
        return ResponseEntity.ok(m);
    }

    /** Half-year or year totals: {@code period=2026-H1}, {@code 2026-H2} or {@code 2026}. */
    @GetMapping("/api/ranking/totals")
    ResponseEntity<?> totals(@RequestParam String period, @RequestParam(required = false) String format) {
        RankingService.PeriodRanking r = service.totals(period);
        if (csv(format)) {
            return download(RankingDocuments.totalsCsv(r, messages()), CSV, "ranking-" + r.period() + ".csv");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("period", r.period());
        m.put("months", r.months().stream().map(YearMonth::toString).toList());
        m.put("rows", r.totals().stream().map(t -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("rank", t.rank());
            row.put("code", t.code());
            row.put("name", t.name());
            row.put("months", t.months());
            row.put("total", t.total());
            return row;
        }).toList());
        return ResponseEntity.ok(m);
    }

    @GetMapping("/ranking-bulletin.html")
    ResponseEntity<String> bulletin(@RequestParam(required = false) String month) {
        RankingService.MonthlyRanking r = service.monthly(service.month(month));
        Locale locale = LocaleContextHolder.getLocale();
        String lang = locale.getLanguage().equals("en") ? "en" : "zh-CN";
        return ResponseEntity.ok().contentType(HTML).body(RankingDocuments.monthlyHtml(r, messages(), lang));
    }

    @GetMapping("/api/ranking/bulletin.docx")
    ResponseEntity<byte[]> bulletinDocx(@RequestParam(required = false) String month) {
        RankingService.MonthlyRanking r = service.monthly(service.month(month));
        return download(RankingDocuments.monthlyDocx(r, messages()), DOCX, "ranking-bulletin-" + r.month() + ".docx");
    }

    private static boolean csv(String format) {
        if (format == null || format.isBlank() || format.equals("json")) return false;
        if (format.equals("csv")) return true;
        throw ApiProblem.badRequest("ranking.format.invalid", "format must be json or csv", format);
    }

    private BiFunction<String, Object[], String> messages() {
        Locale locale = LocaleContextHolder.getLocale();
        return (key, args) -> messages.getMessage(key, args, key, locale);
    }

    private static <T> ResponseEntity<T> download(T body, MediaType type, String filename) {
        return ResponseEntity.ok().contentType(type).header(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(filename).build().toString()).body(body);
    }
}
