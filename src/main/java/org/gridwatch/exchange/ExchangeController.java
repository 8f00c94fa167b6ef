package org.gridwatch.exchange;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
class ExchangeController {

    private final ExportService exports;
    private final ImportService imports;
    private final ExchangeAccess access;

    ExchangeController(ExportService exports, ImportService imports, ExchangeAccess access) {
        this.exports = exports;
        this.imports = imports;
        this.access = access;
    }

    /** Streams the layer; every parameter is checked before the first byte goes out, so refusals are problem+json. */
    @GetMapping("/api/export/{layer}")
    void export(@PathVariable String layer, @RequestParam(required = false) String format,
                @RequestParam(required = false) String crs, @RequestParam(required = false) String type,
                @RequestParam(required = false) String status, @RequestParam(required = false) String encoding,
                @RequestParam(required = false) String level, @RequestParam(required = false) Double radius,
                @RequestParam(required = false) String grid, @RequestParam(required = false) Integer limit,
                HttpServletResponse response) throws IOException {
        access.checkExport(layer);
        ExportService.Plan plan = exports.plan(layer, format, crs, type, status, encoding,
                new AnalysisExport.Options(level, radius, grid, limit));
        response.setContentType(plan.format().mediaType());
        response.setHeader("Content-Disposition", "attachment; filename=\"" + plan.fileName() + "\"");
        exports.write(plan, response.getOutputStream());
        response.flushBuffer();
    }

    @PostMapping(value = "/api/import/{layer}", consumes = org.springframework.http.MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Map<String, Object>> importFile(@PathVariable String layer, @RequestParam("file") MultipartFile file,
                                                   @RequestParam(required = false) String crs,
                                                   @RequestParam(required = false) String encoding,
                                                   @RequestParam(required = false) String mapping,
                                                   @RequestParam(required = false) String type,
                                                   @RequestParam(defaultValue = "false") boolean dryRun,
                                                   @RequestParam(required = false) String mode,
                                                   @RequestParam(required = false) String bbox,
                                                   @RequestParam(required = false) String area) throws IOException {
        access.checkImport(layer);
        try (InputStream in = file.getInputStream()) {
            Map<String, Object> body = imports.importFile(layer, file.getOriginalFilename(), in, crs, encoding, mapping,
                    type, dryRun, new StreetArea.Request(mode, bbox, area));
            return ResponseEntity.status(dryRun ? 200 : 201).body(body);
        }
    }
}
