package org.gridwatch.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.gridwatch.system.ApiProblem;
import org.springframework.stereotype.Service;

/**
 * Makes an online backup of the embedded store with H2's {@code BACKUP TO}: a zip of the database file,
 * consistent as of one moment thanks to H2's multi-version store, taken without stopping readers or
 * writers. Chosen over {@code SCRIPT TO} because it copies pages instead of re-encoding every row as SQL
 * (minutes for a city-sized store), and restoring is unzipping, with no SQL replay; the price is that a
 * backup opens only with the same H2 major version, which the service's own jar always has.
 */
@Service
public class BackupService {

    private final DataSource dataSource;

    BackupService(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Writes a backup zip to a new temporary file and returns it; the caller deletes it.
     *
     * @throws ApiProblem 409 {@code backup.unsupported} when the store is not an H2 file database
     */
    public Path backup() {
        Path target;
        try {
            target = Files.createTempFile("gridwatch-backup-", ".zip");
            // Only the unique name is wanted: BACKUP TO creates the file itself.
            Files.delete(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Connection con = dataSource.getConnection(); Statement st = con.createStatement()) {
            String product = con.getMetaData().getDatabaseProductName();
            String url = con.getMetaData().getURL();
            if (!"H2".equalsIgnoreCase(product) || !url.startsWith("jdbc:h2:file:")) {
                throw new ApiProblem(409, "backup.unsupported",
                        "back up a PostGIS store with pg_dump; this endpoint backs up the embedded H2GIS store only");
            }
            // The path is our own temp file, never user input; quotes are doubled all the same.
            st.execute("BACKUP TO '" + target.toAbsolutePath().toString().replace("'", "''") + "'");
            return target;
        } catch (SQLException e) {
            throw new ApiProblem(500, "backup.failed", "the backup failed: " + e.getMessage(), e.getMessage());
        }
    }
}
