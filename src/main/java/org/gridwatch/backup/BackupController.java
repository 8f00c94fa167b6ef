package org.gridwatch.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin only once accounts exist (see the README's security notes). */
@RestController
class BackupController {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final BackupService service;

    BackupController(BackupService service) {
        this.service = service;
    }

    @PostMapping("/api/admin/backup")
    void backup(HttpServletResponse response) throws IOException {
        Path zip = service.backup();
        try {
            response.setContentType("application/zip");
            response.setContentLengthLong(Files.size(zip));
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"gridwatch-backup-"
                    + LocalDateTime.now(ZoneOffset.UTC).format(STAMP) + ".zip\"");
            try (InputStream in = Files.newInputStream(zip)) {
                in.transferTo(response.getOutputStream());
            }
        } finally {
            Files.deleteIfExists(zip);
        }
    }
}
