package org.gridwatch.cases.publicreport;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.gridwatch.geo.BoundingBox;
import org.gridwatch.geo.GeoJsonWriter;
import org.gridwatch.grid.GridView;
import org.gridwatch.inspection.InspectionSettings;
import org.gridwatch.map.MapService;
import org.gridwatch.map.MapSettings;
import org.gridwatch.system.ApiProblem;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The residents' endpoints under {@code /api/public} (no sign-in, no CSRF: they act as nobody; see
 * SecurityConfig). A report is counted against its client address before its body is read, and its
 * body is read only up to the size a report with the largest photo can have (413 beyond).
 */
@RestController
class PublicReportController {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final PublicReportService service;
    private final MapService map;
    private final MapSettings settings;
    private final MessageSource messages;
    private final InspectionSettings district;

    PublicReportController(PublicReportService service, MapService map, MapSettings settings, MessageSource messages,
                           InspectionSettings district) {
        this.service = service;
        this.map = map;
        this.settings = settings;
        this.messages = messages;
        this.district = district;
    }

    /** Base map, district extent, the classes a resident may pick, the photo limit, the district's time zone. */
    @GetMapping("/api/public/config")
    Map<String, Object> config() {
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("osmUrl", MapSettings.OSM_URL);
        base.put("osmAttribution", MapSettings.OSM_ATTRIBUTION);
        base.put("tileUrl", settings.tileUrl());
        base.put("tileAttribution", settings.tileAttribution());
        base.put("tileMaxZoom", settings.tileMaxZoom());
        base.put("defaultBaseMap", settings.defaultBaseMap());
        BoundingBox extent = map.extent();
        base.put("extent", extent == null ? null : List.of(extent.minLon(), extent.minLat(), extent.maxLon(), extent.maxLat()));
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("map", base);
        c.put("classes", service.classes(LocaleContextHolder.getLocale()));
        c.put("maxPhotoBytes", service.maxPhotoBytes());
        // The tracking page shows a report's stages at the district's clock, wherever the resident is.
        c.put("timeZone", district.zone().getId());
        return c;
    }

    /** A small grid's code, name and outline (a GeoJSON Feature); nothing about its people. */
    @GetMapping("/api/public/grids/{code}")
    ResponseEntity<String> grid(@PathVariable String code) {
        GridView g = service.smallGrid(code);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("code", g.code());
        p.put("name", g.name());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(GeoJsonWriter.feature(g.code(), g.geometry(), p));
    }

    @PostMapping("/api/public/reports")
    ResponseEntity<Map<String, Object>> report(HttpServletRequest request) throws IOException {
        service.admit(request.getRemoteAddr());
        long max = service.maxBodyBytes();
        if (request.getContentLengthLong() > max) throw bodyTooLarge();
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) max + 1);
        }
        if (body.length > max) throw bodyTooLarge();
        PublicReportService.Report report;
        try {
            report = JSON.readValue(body, PublicReportService.Report.class);
        } catch (JacksonException e) {
            throw ApiProblem.badRequest("request.unreadable", "the request body could not be read");
        }
        if (report == null) throw ApiProblem.badRequest("request.unreadable", "the request body could not be read");
        String tracking = service.report(report, request.getRemoteAddr());
        return ResponseEntity.status(201).body(Map.of("trackingNumber", tracking));
    }

    @GetMapping("/api/public/reports/{number}")
    Map<String, Object> progress(@PathVariable String number) {
        return service.progress(number, LocaleContextHolder.getLocale());
    }

    private ApiProblem bodyTooLarge() {
        return new ApiProblem(413, "publicReport.body.tooLarge", "the report is larger than allowed",
                service.maxPhotoBytes()).with("maxBytes", service.maxPhotoBytes());
    }

    /** 429 with Retry-After, as problem+json in the caller's language. */
    @ExceptionHandler(PublicReportService.Throttled.class)
    ResponseEntity<ProblemDetail> throttled(PublicReportService.Throttled e) {
        Locale locale = LocaleContextHolder.getLocale();
        ProblemDetail body = ProblemDetail.forStatus(HttpStatus.TOO_MANY_REQUESTS);
        body.setTitle(messages.getMessage("problem.title.429", null, "Too Many Requests", locale));
        body.setDetail(messages.getMessage("publicReport.throttled", new Object[]{e.retryAfterSeconds()}, locale));
        body.setType(java.net.URI.create("urn:gridwatch:problem:publicReport.throttled"));
        body.setProperty("code", "publicReport.throttled");
        body.setProperty("retryAfterSeconds", e.retryAfterSeconds());
        return ResponseEntity.status(429).header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}
