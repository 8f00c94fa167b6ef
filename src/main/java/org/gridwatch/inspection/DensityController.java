package org.gridwatch.inspection;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gridwatch.geo.GeoJsonReader;
import org.gridwatch.geo.GeoJsonWriter;
import org.gridwatch.system.ApiProblem;
import org.gridwatch.system.GeoJsonResponses;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Density indices and levels per grid, weekly trends and the thresholds table (docs/inspections.md). */
@RestController
class DensityController {

    private final DensityService service;
    private final InspectionScopes scopes;
    private final MessageSource messages;
    private final DensityAnswers answers;

    DensityController(DensityService service, InspectionScopes scopes, MessageSource messages, DensityAnswers answers) {
        this.answers = answers;
        this.service = service;
        this.scopes = scopes;
        this.messages = messages;
    }

    /** {@code from}/{@code to} default to the 30 days ending today (in the district's zone). */
    @GetMapping("/api/density")
    ResponseEntity<?> density(@RequestParam(defaultValue = "small") String level,
                                   @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                   @RequestParam(required = false) String format,
                                   @RequestHeader(value = HttpHeaders.ACCEPT_ENCODING, required = false) String acceptEncoding) {
        if (format != null && !format.isBlank() && !format.equals("json") && !format.equals("geojson")) {
            throw ApiProblem.badRequest("density.format.invalid", "format must be json or geojson", format);
        }
        boolean geo = "geojson".equals(format);
        LocalDate[] period = period(from, to);
        if (!geo) {
            String request = level + "|" + period[0] + "|" + period[1] + "|" + LocaleContextHolder.getLocale().toLanguageTag();
            return answers.answer(request, () -> json(level, period, service.density(level, period[0], period[1], false)))
                    .ok(MediaType.APPLICATION_JSON, acceptEncoding);
        }
        List<DensityService.GridDensity> rows = service.density(level, period[0], period[1], true);
        StringBuilder out = new StringBuilder();
        GeoJsonWriter.FeatureCollectionWriter w = new GeoJsonWriter.FeatureCollectionWriter(out).begin();
        for (DensityService.GridDensity g : rows) w.feature(g.code(), g.geometry(), row(g));
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("from", period[0].toString());
        members.put("to", period[1].toString());
        members.put("level", level);
        w.end(members);
        return GeoJsonResponses.ok(out.toString());
    }

    /** The JSON of a density table as UTF-8. */
    private byte[] json(String level, LocalDate[] period, List<DensityService.GridDensity> rows) {
        // 20,000 small grids make some 90 MB: written grid by grid as UTF-8, the same text as one map written whole
        // (which held it twice over as UTF-16 while growing, then once more as the answer)
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(4096 + rows.size() * 4600);
        StringBuilder text = new StringBuilder();
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("from", period[0].toString());
        head.put("to", period[1].toString());
        head.put("level", level);
        GeoJsonWriter.writeValue(head, text);
        text.setLength(text.length() - 1);
        text.append(",\"grids\":[");
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) text.append(',');
            GeoJsonWriter.writeValue(row(rows.get(i)), text);
            out.writeBytes(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            text.setLength(0);
        }
        text.append("]}");
        out.writeBytes(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private Map<String, Object> row(DensityService.GridDensity g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", g.code());
        m.put("name", g.name() != null ? g.name()
                : messages.getMessage("summary.scope.district", null, "District", LocaleContextHolder.getLocale()));
        List<Object> indicators = new ArrayList<>();
        for (DensityIndexCalculator.Indicator i : g.result().indicators()) indicators.add(i.json());
        m.put("indicators", indicators);
        m.put("vectors", vectors(g.result()));
        m.put("verdict", g.result().verdict().name());
        // The verdict names the vectors it covers; a vector without data is not assessed, never a pass.
        m.put("assessedVectors", g.result().assessedVectors());
        m.put("notAssessedVectors", g.result().notAssessedVectors());
        // Beside the path indices: the km they rest on, and how many patrols added none (no track).
        m.put("trackedKm", DensityIndexCalculator.round(g.paths().trackedKm(), 3));
        m.put("tracklessPatrols", g.paths().tracklessPatrols());
        return m;
    }

    private static Map<String, Object> vectors(DensityIndexCalculator.Result r) {
        Map<String, Object> v = new LinkedHashMap<>();
        r.vectors().forEach((k, grade) -> v.put(k, grade.name()));
        return v;
    }

    @GetMapping("/api/density/trend")
    ResponseEntity<String> trend(@RequestParam(required = false) String grid, @RequestParam(required = false) String from,
                                 @RequestParam(required = false) String to) {
        LocalDate[] period = period(from, to);
        List<Object> weeks = new ArrayList<>();
        for (DensityService.TrendWeek w : service.trend(grid, period[0], period[1])) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("weekStart", w.weekStart().toString());
            Map<String, Object> values = new LinkedHashMap<>();
            Map<String, Object> grades = new LinkedHashMap<>();
            for (DensityIndexCalculator.Indicator i : w.result().indicators()) {
                // A week with too few samples for a level is a gap in the chart, never a point.
                values.put(i.key(), i.value() == null || !TrendWeeks.enoughData(i) ? null
                        : DensityIndexCalculator.round(i.value(), 4));
                grades.put(i.key(), i.local() ? i.targetStatus().name() : i.grade().name());
            }
            m.put("indicators", values);
            m.put("grades", grades);
            m.put("vectors", vectors(w.result()));
            weeks.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("grid", grid == null || grid.isBlank() ? InspectionScopes.DISTRICT : grid);
        out.put("from", period[0].toString());
        out.put("to", period[1].toString());
        out.put("weeks", weeks);
        return InspectionController.json(200, out);
    }

    @GetMapping("/api/density/thresholds")
    ResponseEntity<String> thresholds() {
        return thresholdResponse(service.thresholds());
    }

    @PutMapping("/api/density/thresholds")
    ResponseEntity<String> updateThresholds(@RequestBody String body) {
        return thresholdResponse(service.updateThresholds(GeoJsonReader.parseTree(body)));
    }

    private static ResponseEntity<String> thresholdResponse(List<Threshold> list) {
        List<Object> out = new ArrayList<>();
        list.forEach(t -> out.add(t.json()));
        return InspectionController.json(200, Map.of("thresholds", out));
    }

    /** The requested days, defaulting to the 30 days that end today. */
    private LocalDate[] period(String from, String to) {
        LocalDate t = InspectionController.date("to", to);
        LocalDate f = InspectionController.date("from", from);
        if (t == null) t = f == null ? LocalDate.now(scopes.zone()) : f.plusDays(29);
        if (f == null) f = t.minusDays(29);
        return new LocalDate[]{f, t};
    }
}
