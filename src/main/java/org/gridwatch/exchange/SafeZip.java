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
 * more entries than {@code maxEntries}, more unpacked bytes than {@code maxBytes} in total, or an
 * entry that inflates more than {@code maxRatio} times its compressed size (plus {@value #RATIO_SLACK}
 * bytes, since small files compress well in absolute terms). A zip bomb is caught twice: by the sizes its
 * local headers declare, before a byte of the entry is written, and — since headers may lie or leave
 * the sizes to a trailing descriptor — by counting while inflating, so no more than the limits is ever
 * written to disk, whatever the headers claim. Only the files an import reads are kept (by extension); folders inside the zip
 * are flattened. Stateless and thread-safe.
 */
public final class SafeZip {

    /** Unpacked bytes an entry may have beyond {@code maxRatio} times its compressed bytes. */
    static final long RATIO_SLACK = 8L * 1024 * 1024;
    /** Deflate's best ratio is about 1:1032; a higher limit would not check anything. */
    static final int DEFAULT_MAX_RATIO = 100;

    static final Set<String> KEPT = Set.of("shp", "shx", "dbf", "prj", "cpg", "geojson", "json");

    private SafeZip() {
    }

    /** @return the files written, in archive order */
    public static List<Path> extract(InputStream in, Path dir, long maxBytes, int maxEntries) throws IOException {
        return extract(in, dir, maxBytes, maxEntries, DEFAULT_MAX_RATIO);
    }

    /** @return the files written, in archive order */
    public static List<Path> extract(InputStream in, Path dir, long maxBytes, int maxEntries, int maxRatio)
            throws IOException {
        List<Path> written = new ArrayList<>();
        long total = 0;
        int entries = 0;
        byte[] buf = new byte[64 * 1024];
        CountingInputStream raw = new CountingInputStream(in);
        try (ZipInputStream zip = new ZipInputStream(raw)) {
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
                long declared = e.getSize();
                if (declared >= 0 && total + declared > maxBytes) throw tooLarge(maxBytes);
                if (declared >= 0 && e.getCompressedSize() >= 0
                        && declared > (double) maxRatio * e.getCompressedSize() + RATIO_SLACK) {
                    throw tooCompressed(name, maxRatio);
                }
                String file = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
                int dot = file.lastIndexOf('.');
                String ext = dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
                // Entries the import does not read are inflated all the same (the next entry lies behind
                // them), so they count against the limits too; they are only not written.
                boolean keep = !file.startsWith(".") && KEPT.contains(ext);
                Path target = dir.resolve(keep ? file : "skipped").normalize();
                if (!target.getParent().equals(dir.normalize())) {
                    throw new ExchangeFormatException("exchange.zip.badEntry",
                            "the zip entry '" + name + "' points outside the archive", name);
                }
                long compressedStart = raw.count;
                long entryBytes = 0;
                try (OutputStream out = keep ? Files.newOutputStream(target) : OutputStream.nullOutputStream()) {
                    int n;
                    while ((n = zip.read(buf)) > 0) {
                        total += n;
                        entryBytes += n;
                        // Checked before the bytes are written: the disk never holds more than the limits.
                        if (total > maxBytes) throw tooLarge(maxBytes);
                        if (entryBytes > (double) maxRatio * (raw.count - compressedStart) + RATIO_SLACK) {
                            throw tooCompressed(name, maxRatio);
                        }
                        out.write(buf, 0, n);
                    }
                }
                if (!keep) continue;
                written.add(target);
            }
        } catch (ZipException | java.io.EOFException e) {
            // The library's words stay out of the answer.
            throw new ExchangeFormatException("exchange.zip.unreadable", "the upload is not a readable zip: "
                    + e.getMessage());
        }
        return written;
    }

    private static ExchangeFormatException tooLarge(long maxBytes) {
        return new ExchangeFormatException("exchange.zip.tooLarge",
                "the zip unpacks to more than " + maxBytes / (1024 * 1024) + " MB", maxBytes / (1024 * 1024));
    }

    private static ExchangeFormatException tooCompressed(String name, int maxRatio) {
        return new ExchangeFormatException("exchange.zip.tooCompressed",
                "the zip entry '" + name + "' is compressed more than " + maxRatio + " times", name, maxRatio);
    }

    /** Counts the compressed bytes the inflater has taken from the upload. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }
    }
}
