package org.gridwatch.exchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The upload formats beyond shapefile and GeoJSON: GeoPackage ({@code .gpkg}), CSV ({@code .csv}) and
 * KML ({@code .kml}), each copied to the import's temporary directory within the size limit and opened
 * by its reader (a GeoPackage is also read through once, within its bound on SQLite work, before the
 * import opens its transaction). A record its reader could not decode carries the reason under {@link #ERROR}, which the
 * import reports for that record instead of storing anything.
 */
final class ImportSources {

    /** Field key of a record that could not be decoded; its value is the English reason. */
    static final String ERROR = "__error";

    /**
     * Why a reader could not decode a record: a message key with its arguments (said in the caller's
     * language) and the English text. Readers that only have English text are wrapped as
     * {@code exchange.import.badRecord}.
     */
    record RecordError(String key, String english, Object[] arguments) {
    }

    /** The {@link RecordError} of a record's {@link #ERROR} value. */
    static RecordError errorOf(Object value) {
        if (value instanceof RecordError e) return e;
        String text = String.valueOf(value);
        return new RecordError("exchange.import.badRecord", "the record cannot be read: " + text, new Object[]{text});
    }

    private ImportSources() {
    }

    /** The source for {@code lowerName}'s format, or null when the name is not one of these formats. */
    static ImportService.Source open(String lowerName, InputStream upload, Path dir, SourceCrs crs, String encoding,
                                     long maxBytes, int maxRecords, Duration maxSqliteWork) throws IOException {
        if (lowerName.endsWith(".gpkg")) {
            Path file = copyLimited(upload, dir.resolve("upload.gpkg"), maxBytes);
            java.util.function.BooleanSupplier cancelled = JobProgress.cancellation();
            GeoPackageReader checked;
            try (GeoPackageReader reader = GeoPackageReader.open(file, crs, maxRecords, maxSqliteWork, cancelled)) {
                // Every row read once now, before the import takes the store's write lock: a file SQLite
                // cannot read within the bound is refused while nothing waits for it.
                reader.forEach(r -> JobProgress.checkCancelled());
                checked = reader;
            }
            // Opened again for the import's pass, and closed by it: no SQLite connection outlives the import,
            // whatever step refuses it.
            return new ImportService.Source("geopackage", checked.count(), checked.crsDescription(), "UTF-8",
                    checked.geometryTypeName(), checked.columns(), sink -> {
                try (GeoPackageReader reader = GeoPackageReader.open(file, crs, maxRecords, maxSqliteWork, cancelled)) {
                    reader.forEach(r -> sink.accept(record(r.index(), r.geometry(), r.attributes(), r.error())));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        if (lowerName.endsWith(".csv") || lowerName.endsWith(".txt")) {
            Path file = copyLimited(upload, dir.resolve("upload.csv"), maxBytes);
            CsvReader reader = CsvReader.open(file, encoding, crs, maxRecords);
            return new ImportService.Source("csv", reader.count(), reader.crsDescription(),
                    reader.encodingDescription(), reader.geometryTypeName(), reader.columns(), sink -> {
                try {
                    reader.forEach(r -> sink.accept(record(r.index(), r.geometry(), r.attributes(), r.error() == null ? null
                            : r.errorKey() == null ? r.error() : new RecordError(r.errorKey(), r.error(), r.errorArguments()))));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        if (lowerName.endsWith(".kml")) {
            Path file = copyLimited(upload, dir.resolve("upload.kml"), maxBytes);
            KmlReader reader = KmlReader.open(file, crs, maxRecords);
            return new ImportService.Source("kml", reader.count(), reader.crsDescription(), "UTF-8",
                    reader.geometryTypeName(), reader.columns(), sink -> {
                try {
                    reader.forEach(r -> sink.accept(record(r.index(), r.geometry(), r.attributes(), r.error())));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return null;
    }

    private static ImportService.InRecord record(int index, org.locationtech.jts.geom.Geometry g,
                                                 Map<String, Object> fields, Object error) {
        if (error == null) return new ImportService.InRecord(index, g, fields);
        Map<String, Object> f = new LinkedHashMap<>(fields);
        f.put(ERROR, error);
        return new ImportService.InRecord(index, null, f);
    }

    /** Copies the upload to {@code target}, refusing it as soon as it passes {@code maxBytes}. */
    static Path copyLimited(InputStream in, Path target, long maxBytes) throws IOException {
        long total = 0;
        byte[] buf = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new ExchangeFormatException("exchange.import.tooLarge",
                            "the file is larger than the import limit (" + maxBytes / (1024 * 1024) + " MB)",
                            maxBytes / (1024 * 1024));
                }
                out.write(buf, 0, n);
            }
        }
        return target;
    }
}
