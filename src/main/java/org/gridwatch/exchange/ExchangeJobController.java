package org.gridwatch.exchange;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;

import jakarta.servlet.http.HttpServletResponse;

import org.gridwatch.system.ApiProblem;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
class ExchangeJobController {

    private final ExchangeJobs jobs;

    ExchangeJobController(ExchangeJobs jobs) {
        this.jobs = jobs;
    }

    /**
     * {@code kind=export} takes the export parameters; {@code kind=import} the import's, with the multipart
     * {@code file} (for streets also {@code mode=replace} with the {@code bbox} or {@code area=district} it
     * replaces, as the direct import).
     */
    @PostMapping("/api/exchange/jobs")
    ResponseEntity<ExchangeJobs.Status> start(@RequestParam String kind, @RequestParam String layer,
                                              @RequestParam(required = false) MultipartFile file,
                                              @RequestParam(required = false) String format,
                                              @RequestParam(required = false) String crs,
                                              @RequestParam(required = false) String type,
                                              @RequestParam(required = false) String status,
                                              @RequestParam(required = false) String encoding,
                                              @RequestParam(required = false) String level,
                                              @RequestParam(required = false) Double radius,
                                              @RequestParam(required = false) String grid,
                                              @RequestParam(required = false) Integer limit,
                                              @RequestParam(required = false) String mapping,
                                              @RequestParam(defaultValue = "false") boolean dryRun,
                                              @RequestParam(required = false) String mode,
                                              @RequestParam(required = false) String bbox,
                                              @RequestParam(required = false) String area) throws IOException {
        ExchangeJobs.Status started;
        if (kind.equals("export")) {
            started = jobs.startExport(layer, format, crs, type, status, encoding,
                    new AnalysisExport.Options(level, radius, grid, limit));
        } else if (kind.equals("import")) {
            if (file == null || file.isEmpty()) {
                throw ApiProblem.badRequest("exchange.job.noFile", "an import job needs the file (multipart 'file')");
            }
            try (InputStream in = file.getInputStream()) {
                started = jobs.startImport(layer, file.getOriginalFilename(), in, crs, encoding, mapping, type, dryRun,
                        new StreetArea.Request(mode, bbox, area));
            }
        } else {
            throw ApiProblem.badRequest("exchange.job.kind", "kind must be 'export' or 'import'", kind);
        }
        return ResponseEntity.accepted().location(URI.create("/api/exchange/jobs/" + started.id())).body(started);
    }

    /** The caller's jobs (an admin's: everyone's), newest first. */
    @GetMapping("/api/exchange/jobs")
    java.util.Map<String, Object> list() {
        return java.util.Map.of("jobs", jobs.list());
    }

    @GetMapping("/api/exchange/jobs/{id}")
    ExchangeJobs.Status status(@PathVariable String id) {
        return jobs.status(id);
    }

    @DeleteMapping("/api/exchange/jobs/{id}")
    ExchangeJobs.Status cancel(@PathVariable String id) {
        return jobs.cancel(id);
    }

    @GetMapping("/api/exchange/jobs/{id}/result")
    void result(@PathVariable String id, HttpServletResponse response) throws IOException {
        ExchangeJobs.Download d = jobs.result(id);
        response.setContentType(d.mediaType());
        response.setHeader("Content-Disposition", "attachment; filename=\"" + d.fileName() + "\"");
        response.setContentLengthLong(Files.size(d.file()));
        Files.copy(d.file(), response.getOutputStream());
    }
}
