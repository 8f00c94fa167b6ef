package org.gridwatch.exchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Unpacks an uploaded zip into a directory, refusing hostile archives before they can hurt: an entry
 * name that climbs out of the directory or is absolute ({@code ../x}, {@code /etc/x}, {@code C:\x}),
 * more entries than {@code maxEntries}, or more unpacked bytes than {@code maxBytes} in total (a zip
 * bomb: counted while inflating, so the refusal comes after at most {@code maxBytes} of work, whatever
 * the headers claim). Only the files an import reads are kept (by extension); folders inside the zip
 * are flattened. Stateless and thread-safe.
 */
public final class SafeZip {

    static final Set<String> KEPT = Set.of("shp", "shx", "dbf", "prj", "cpg", "geojson", "json");

    private SafeZip() {
    }

    /** @return the files written, in archive order */
    public static List<Path> extract(InputStream in, Path dir, long maxBytes, int maxEntries) throws IOException {
        List<Path> written = new ArrayList<>();
        long total = 0;
        int entries = 0;
        byte[] buf = new byte[64 * 1024];
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (++entries > maxEntries) {
                    throw new ExchangeFormatException("exchange.zip.tooManyEntries",
                            "the zip holds more than " + maxEntries + " entries", maxEntries);
                }
                String name = e.getName();
                if (name.contains("..") || name.startsWith("/") || name.startsWith("\\") || name.contains(":")
                        || name.indexOf('\0') >= 0) {
                    throw new ExchangeFormatException("exchange.zip.badEntry",
                            "the zip entry '" + name + "' points outside the archive", name);
                }
                if (e.isDirectory()) continue;
                String file = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
                int dot = file.lastIndexOf('.');
                String ext = dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
                if (file.startsWith(".") || !KEPT.contains(ext)) continue;
                Path target = dir.resolve(file).normalize();
                if (!target.getParent().equals(dir.normalize())) {
                    throw new ExchangeFormatException("exchange.zip.badEntry",
                            "the zip entry '" + name + "' points outside the archive", name);
                }
                try (OutputStream out = Files.newOutputStream(target)) {
                    int n;
                    while ((n = zip.read(buf)) > 0) {
                        total += n;
                        if (total > maxBytes) {
                            throw new ExchangeFormatException("exchange.zip.tooLarge",
                                    "the zip unpacks to more than " + maxBytes / (1024 * 1024) + " MB",
                                    maxBytes / (1024 * 1024));
                        }
                        out.write(buf, 0, n);
                    }
                }
                written.add(target);
            }
        } catch (ZipException e) {
            throw new ExchangeFormatException("exchange.zip.unreadable", "the upload is not a readable zip: "
                    + e.getMessage(), String.valueOf(e.getMessage()));
        }
        return written;
    }
}
