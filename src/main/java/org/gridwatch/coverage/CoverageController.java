package org.gridwatch.coverage;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gridwatch.geo.GeoJsonWriter;
import org.gridwatch.grid.GridLevel;
import org.gridwatch.system.ApiProblem;
import org.gridwatch.system.GeoJsonResponses;
import org.gridwatch.system.KeptBody;
import org.locationtech.jts.geom.Geometry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CoverageController {

    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final CoverageService service;

    CoverageController(CoverageService service) {
        this.service = service;
    }

    @GetMapping("/api/coverage")
    ResponseEntity<byte[]> coverage(@RequestParam(defaultValue = "small") String level,
                                    @RequestParam(defaultValue = "rat_bait_station") String type,
                                    @RequestParam(defaultValue = "20") String radius,
                                    @RequestParam(required = false) String format,
                                    @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                                    @RequestHeader(value = HttpHeaders.ACCEPT_ENCODING, required = false) String acceptEncoding) {
        GridLevel parsed = GridLevel.parse(level);
        if (parsed == null) {
            throw ApiProblem.badRequest("coverage.level.invalid", "level must be 'small' or 'large', got " + level, level);
        }
        boolean csv = wantsCsv(format, accept);
        CoverageService.Table table = service.coverage(parsed, type, radius(radius));
        if (csv) {
            String name = "coverage-" + parsed.key() + "-" + type + "-" + CoverageCsv.number(table.radiusMeters()) + "m.csv";
            return ResponseEntity.ok().contentType(CSV)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                    .body(CoverageCsv.write(table));
        }
        return jsonOf(table).ok(MediaType.APPLICATION_JSON, acceptEncoding);
    }

    /** The JSON of the last table of each (level, type, radius) (and its gzip, once asked for), and that table. */
    private record Written(CoverageService.Table table, KeptBody json) {
    }

    private final Map<String, Written> written = new java.util.concurrent.ConcurrentHashMap<>();

    /** A table unchanged since (the very object the service handed out before) is not written again. */
    private KeptBody jsonOf(CoverageService.Table table) {
        String key = table.level().key() + "|" + table.type() + "|" + table.radiusMeters();
        Written last = written.get(key);
        if (last != null && last.table() == table) return last.json();
        KeptBody body = new KeptBody(json(table).getBytes(StandardCharsets.UTF_8));
        if (written.size() > 64) written.clear();
        written.put(key, new Written(table, body));
        return body;
    }

    @GetMapping("/api/coverage/{gridCode}/gaps")
    ResponseEntity<String> gaps(@PathVariable String gridCode,
                                @RequestParam(defaultValue = "rat_bait_station") String type,
                                @RequestParam(defaultValue = "20") String radius) {
        CoverageService.Gaps gaps = service.gaps(gridCode, type, radius(radius));
        StringBuilder out = new StringBuilder(4096);
        GeoJsonWriter.FeatureCollectionWriter writer = new GeoJsonWriter.FeatureCollectionWriter(out).begin();
        Geometry uncovered = gaps.uncovered();
        for (int i = 0; i < uncovered.getNumGeometries(); i++) {
            Geometry part = uncovered.getGeometryN(i);
            if (part.isEmpty() || part.getDimension() < 2) continue;
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("gridCode", gaps.grid().code());
            p.put("areaM2", round(org.gridwatch.geo.MetricProjection.areaM2Of(part), 100));
            writer.feature(gaps.grid().code() + "-" + (i + 1), part, p);
        }
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("gridCode", gaps.grid().code());
        members.put("featureType", gaps.type());
        members.put("radiusMeters", gaps.radiusMeters());
        members.put("gridAreaM2", round(gaps.areaM2(), 100));
        members.put("uncoveredAreaM2", round(gaps.uncoveredAreaM2(), 100));
        members.put("coveredShare", gaps.areaM2() <= 0 ? 0.0
                : round(Math.max(0, 1 - gaps.uncoveredAreaM2() / gaps.areaM2()), 1e6));
        writer.end(members);
        return GeoJsonResponses.ok(out.toString());
    }

    @GetMapping("/api/topology")
    ResponseEntity<String> topology() {
        List<GridTopologyChecker.Problem> problems = service.topology();
        Map<String, Integer> summary = new LinkedHashMap<>();
        for (GridTopologyChecker.Kind k : GridTopologyChecker.Kind.values()) summary.put(k.key(), 0);
        StringBuilder out = new StringBuilder(4096);
        GeoJsonWriter.FeatureCollectionWriter writer = new GeoJsonWriter.FeatureCollectionWriter(out).begin();
        int n = 0;
        for (GridTopologyChecker.Problem p : problems) {
            summary.merge(p.kind().key(), 1, Integer::sum);
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("kind", p.kind().key());
            props.put("gridCode", p.gridCode());
            props.put("otherGridCode", p.otherGridCode());
            props.put("areaM2", round(p.areaM2(), 10));
            props.put("featureId", p.featureId());
            props.put("featureType", p.featureType());
            writer.feature(++n, p.geometry(), props);
        }
        writer.end(Map.of("summary", summary));
        return GeoJsonResponses.ok(out.toString());
    }

    private static boolean wantsCsv(String format, String accept) {
        if (format != null && !format.isBlank()) {
            if (format.equalsIgnoreCase("csv")) return true;
            if (format.equalsIgnoreCase("json")) return false;
            throw ApiProblem.badRequest("coverage.format.invalid", "format must be 'json' or 'csv', got " + format, format);
        }
        if (accept == null) return false;
        for (MediaType m : MediaType.parseMediaTypes(accept)) {
            if (m.isWildcardType()) return false;
            if (m.getType().equals("text") && m.getSubtype().equals("csv")) return true;
            if (m.getSubtype().equals("json") || m.getSubtype().endsWith("+json")) return false;
        }
        return false;
    }

    private static double radius(String text) {
        double r;
        try {
            r = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw CoverageService.radiusProblem(text);
        }
        CoverageService.checkRadius(r);
        return r;
    }

    private static String json(CoverageService.Table t) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("level", t.level().key());
        body.put("type", t.type());
        body.put("radiusMeters", t.radiusMeters());
        body.put("types", t.types());
        body.put("rows", t.rows().stream().map(CoverageController::row).toList());
        body.put("district", row(t.district()));
        body.put("featuresInNoGrid", t.featuresInNoGrid());
        StringBuilder out = new StringBuilder(256 + t.rows().size() * 300);
        GeoJsonWriter.writeValue(body, out);
        return out.toString();
    }

    private static Map<String, Object> row(CoverageService.Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (r.code() != null) {
            m.put("code", r.code());
            m.put("name", r.name());
            m.put("parentCode", r.parentCode());
        }
        m.put("areaM2", round(r.areaM2(), 100));
        m.put("counts", r.counts());
        Map<String, Double> density = new LinkedHashMap<>();
        r.densityPerKm2().forEach((k, v) -> density.put(k, round(v, 1000)));
        m.put("densityPerKm2", density);
        m.put("coveredShare", round(r.coveredShare(), 1e6));
        m.put("uncoveredAreaM2", round(r.uncoveredAreaM2(), 100));
        return m;
    }

    static double round(double v, double scale) {
        return Math.round(v * scale) / scale;
    }
}
