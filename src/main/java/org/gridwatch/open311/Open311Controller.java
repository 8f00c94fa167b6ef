package org.gridwatch.open311;

import java.util.List;
import java.util.Locale;

import org.gridwatch.system.ApiProblem;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Open311 GeoReport v2 at {@code /open311/v2}: the format is the path's extension ({@code .json} or
 * {@code .xml}). Refusals are thrown as anywhere else in the service; {@link GeoReportErrors} writes every
 * one of them as the spec's error list in the path's format (docs/open311.md).
 */
@RestController
class Open311Controller {

    private final Open311Service service;
    private final Open311Intake intake;
    Open311Controller(Open311Service service, Open311Intake intake) {
        this.service = service;
        this.intake = intake;
    }

    @GetMapping("/open311/v2/services.{format}")
    ResponseEntity<String> services(@PathVariable String format) {
        GeoReportFormat.Type type = type(format);
        return ok(200, GeoReportFormat.services(service.services(locale()), type), type);
    }

    @GetMapping("/open311/v2/requests.{format}")
    ResponseEntity<String> requests(@PathVariable String format,
                                    @RequestParam(name = "service_code", required = false) String serviceCode,
                                    @RequestParam(required = false) String status,
                                    @RequestParam(name = "start_date", required = false) String startDate,
                                    @RequestParam(name = "end_date", required = false) String endDate,
                                    @RequestParam(required = false) String page,
                                    @RequestParam(name = "page_size", required = false) String pageSize) {
        GeoReportFormat.Type type = type(format);
        var q = new Open311Service.RequestQuery(serviceCode, status, startDate, endDate, page, pageSize);
        return ok(200, GeoReportFormat.requests(service.requests(q, locale()), type), type);
    }

    @GetMapping("/open311/v2/requests/{id}.{format}")
    ResponseEntity<String> request(@PathVariable String id, @PathVariable String format) {
        GeoReportFormat.Type type = type(format);
        return ok(200, GeoReportFormat.requests(List.of(service.request(id, locale())), type), type);
    }

    /** Form-encoded (as the spec says) or query parameters: api_key, service_code, lat/long or address_string, … */
    @PostMapping("/open311/v2/requests.{format}")
    ResponseEntity<String> create(@PathVariable String format, @RequestParam MultiValueMap<String, String> params) {
        GeoReportFormat.Type type = type(format);
        Open311Intake.Created created = intake.create(params.toSingleValueMap(), locale());
        return ok(201, GeoReportFormat.created(new GeoReportFormat.Created(created.number(), created.serviceNotice()), type),
                type);
    }

    private static GeoReportFormat.Type type(String format) {
        GeoReportFormat.Type type = GeoReportFormat.Type.ofExtension(format);
        if (type == null) {
            throw ApiProblem.notFound("open311.format", "format must be json or xml", String.valueOf(format));
        }
        return type;
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }

    private static ResponseEntity<String> ok(int status, String body, GeoReportFormat.Type type) {
        return ResponseEntity.status(status).contentType(MediaType.parseMediaType(type.contentType())).body(body);
    }
}
