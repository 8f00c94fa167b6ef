package org.gridwatch.exchange;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A point shapefile whose .dbf text columns are exactly as wide as their longest value, written in two
 * steps so that a million records never sit in memory: records are first spooled to two temporary
 * files (the final .shp, and the attribute values packed without padding) while the widest value of
 * each column is noted; then {@link #writeTo} puts {@code .shp}, {@code .shx} and {@code .dbf} into a
 * zip, the .dbf laid out from the spool with the final widths and the .shx computed (point records
 * have a fixed size, so it needs no storage). After the ESRI Shapefile Technical Description (July 1998)
 * and the dBASE III layout, like {@link ShapefileWriter}, which remains the writer for lines and polygons.
 *
 * <p>Why: fixed generous widths made the benchmark city's .dbf 695 MB of mostly spaces (4× the data),
 * and writing and zipping those spaces was most of an export's time.
 *
 * <p>Columns: {@code C} text is {@code max(1, longest value)} bytes in the file's encoding, at most 254
 * (a longer value is cut at a character boundary); {@code N} integers keep their declared width unless
 * a value needs more (at most 20 digits); {@code D} dates and {@code L} logicals are fixed. {@code N}
 * columns with decimals are not supported here. Per record, call {@link #point} and then one value
 * method per column, in column order; {@link #finish()} ends the spooling.
 *
 * <p>Zip entries are STORED (level 0: CRC and size computed from the files first) or deflated at the
 * given level. Not thread-safe.
 */
public final class CompactPointShapefile implements Closeable {

    private static final int BUFFER_BYTES = 1 << 20;
    private static final int SHP_HEADER_BYTES = 100;
    private static final int POINT_RECORD_BYTES = 28;
    private static final int MAX_TEXT_BYTES = 254;
    private static final int MAX_NUMBER_DIGITS = 20;
    private static final int NULL_DATE = Integer.MIN_VALUE;

    private final List<DbfField> declared;
    private final char[] types;
    private final int[] widths;
    private final Charset charset;
    private final boolean utf8;
    private final CharsetEncoder encoder;
    private final LocalDate updated;
    private final long maxFileBytes;
    private final Path shp;
    private final Path spool;
    private final FileChannel shpOut;
    private final FileChannel spoolOut;
    private final ByteBuffer shpBuf = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer spoolBuf = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final byte[] digits = new byte[MAX_NUMBER_DIGITS + 1];
    private final ByteBuffer encoded = ByteBuffer.allocate(MAX_TEXT_BYTES);
    private int column;
    private int count;
    private double minX = Double.POSITIVE_INFINITY;
    private double minY = Double.POSITIVE_INFINITY;
    private double maxX = Double.NEGATIVE_INFINITY;
    private double maxY = Double.NEGATIVE_INFINITY;
    private List<DbfField> columns;
    private boolean closed;

    /**
     * @param dir          where the two temporary files go (deleted by {@link #close()})
     * @param fields       the columns, named by {@link DbfFieldNames#assign}; types C, N (no decimals), D, L
     * @param charset      the .dbf text encoding (UTF-8 or GBK)
     * @param updated      the "last update" date of the .dbf header
     * @param maxFileBytes the size neither .shp nor .dbf may pass ({@link ShapefileWriter#MAX_FILE_BYTES})
     */
    public CompactPointShapefile(Path dir, List<DbfField> fields, Charset charset, LocalDate updated, long maxFileBytes)
            throws IOException {
        this.declared = List.copyOf(fields);
        this.types = new char[fields.size()];
        this.widths = new int[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            DbfField f = fields.get(i);
            if (f.name() == null || (f.type() == 'N' && f.decimals() > 0)) {
                throw new IllegalArgumentException("field " + f.property() + " is unnamed or has decimals");
            }
            types[i] = f.type();
            widths[i] = f.type() == 'C' ? 1 : f.length();
        }
        this.charset = charset;
        this.utf8 = charset.equals(StandardCharsets.UTF_8);
        this.encoder = charset.newEncoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.updated = updated;
        this.maxFileBytes = maxFileBytes;
        this.shp = Files.createTempFile(dir, "points-", ".shp");
        this.spool = Files.createTempFile(dir, "values-", ".spool");
        StandardOpenOption[] options = {StandardOpenOption.WRITE, StandardOpenOption.READ};
        this.shpOut = FileChannel.open(shp, options);
        this.spoolOut = FileChannel.open(spool, options);
        shpBuf.position(SHP_HEADER_BYTES);
    }

    /** How many records have been started. */
    public int count() {
        return count;
    }

    /** Starts a record at {@code (x, y)}, coordinates as they go into the file. */
    public void point(double x, double y) throws IOException {
        if (column != 0 && column != types.length) throw new IllegalStateException("record " + count + " is incomplete");
        if (columns != null) throw new IllegalStateException("finished");
        long shpBytes = SHP_HEADER_BYTES + (long) (count + 1) * POINT_RECORD_BYTES;
        if (shpBytes > maxFileBytes) throw tooLarge();
        if (shpBuf.remaining() < POINT_RECORD_BYTES) drain(shpBuf, shpOut);
        count++;
        shpBuf.putInt(Integer.reverseBytes(count));
        shpBuf.putInt(Integer.reverseBytes(10));
        shpBuf.putInt(1);
        shpBuf.putDouble(x);
        shpBuf.putDouble(y);
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
        column = 0;
        // The largest record the spool can take: a length byte and 254 bytes per column.
        if (spoolBuf.remaining() < types.length * (MAX_TEXT_BYTES + 5)) drain(spoolBuf, spoolOut);
    }

    /** The next column's text; null or empty is written as blanks. */
    public void text(String s) {
        expect('C');
        if (s == null || s.isEmpty()) {
            spoolBuf.put((byte) 0);
        } else if (ascii(s)) {
            int n = Math.min(s.length(), MAX_TEXT_BYTES);
            spoolBuf.put((byte) n);
            for (int i = 0; i < n; i++) spoolBuf.put((byte) s.charAt(i));
            widen(n);
        } else {
            // Cut at a character boundary: the encoder stops before a character that does not fit.
            encoded.clear();
            encoder.reset();
            encoder.encode(CharBuffer.wrap(s), encoded, true);
            encoded.flip();
            int n = encoded.remaining();
            spoolBuf.put((byte) n);
            spoolBuf.put(encoded);
            widen(n);
        }
        column++;
    }

    /**
     * The next column's text given as UTF-8 bytes (as a database driver may hand them over, saving a
     * decode and an encode); only for a UTF-8 file, else decoded and re-encoded. Null is blanks.
     */
    public void textUtf8(byte[] bytes) {
        if (!utf8) {
            text(bytes == null ? null : new String(bytes, StandardCharsets.UTF_8));
            return;
        }
        expect('C');
        if (bytes == null) {
            spoolBuf.put((byte) 0);
        } else {
            int n = bytes.length;
            if (n > MAX_TEXT_BYTES) {
                n = MAX_TEXT_BYTES;
                // Back off continuation bytes (10xxxxxx) so no character is left half written.
                while (n > 0 && (bytes[n] & 0xC0) == 0x80) n--;
            }
            spoolBuf.put((byte) n);
            spoolBuf.put(bytes, 0, n);
            widen(n);
        }
        column++;
    }

    /** The next column's whole number; null is blanks. */
    public void integer(Long v) {
        if (v == null) {
            expect('N');
            spoolBuf.put((byte) 0);
            column++;
        } else {
            integer(v.longValue());
        }
    }

    /** The next column's whole number. */
    public void integer(long v) {
        expect('N');
        int at = digits.length;
        long rest = v;
        do {
            digits[--at] = (byte) ('0' + Math.abs(rest % 10));
            rest /= 10;
        } while (rest != 0);
        if (v < 0) digits[--at] = '-';
        int n = digits.length - at;
        spoolBuf.put((byte) n);
        spoolBuf.put(digits, at, n);
        if (n > widths[column]) widths[column] = Math.min(MAX_NUMBER_DIGITS, n);
        column++;
    }

    /** The next column's date as days since 1970-01-01, or null. */
    public void date(LocalDate d) {
        expect('D');
        spoolBuf.putInt(d == null || d.getYear() < 0 || d.getYear() > 9999 ? NULL_DATE : (int) d.toEpochDay());
        column++;
    }

    /** The next column's date as days since 1970-01-01 ({@link Integer#MIN_VALUE}: none). */
    public void epochDay(int day) {
        expect('D');
        spoolBuf.putInt(day);
        column++;
    }

    /** The next column's logical; null is written as {@code ?} (unknown). */
    public void logical(Boolean v) {
        expect('L');
        spoolBuf.put(v == null ? (byte) '?' : v ? (byte) 'T' : (byte) 'F');
        column++;
    }

    private void expect(char type) {
        if (column >= types.length || types[column] != type) {
            throw new IllegalStateException("column " + column + " is not of type " + type);
        }
    }

    private void widen(int n) {
        if (n > widths[column]) widths[column] = n;
    }

    private static boolean ascii(String s) {
        if (s.length() > MAX_TEXT_BYTES) return false;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) return false;
        }
        return true;
    }

    /**
     * Ends the spooling: writes the .shp header, fixes the widths, and checks the 2 GB limit of the .dbf.
     *
     * @return the columns with their final widths (for the field-name mapping file)
     * @throws ExchangeFormatException {@code exchange.shapefile.tooLarge} when the .dbf would pass the limit
     */
    public List<DbfField> finish() throws IOException {
        if (columns != null) return columns;
        if (column != 0 && column != types.length) throw new IllegalStateException("record " + count + " is incomplete");
        drain(shpBuf, shpOut);
        drain(spoolBuf, spoolOut);
        ByteBuffer header = shpHeader(SHP_HEADER_BYTES + (long) count * POINT_RECORD_BYTES);
        long at = 0;
        while (header.hasRemaining()) at += shpOut.write(header, at);
        List<DbfField> result = new ArrayList<>(declared.size());
        for (int i = 0; i < declared.size(); i++) {
            DbfField f = declared.get(i);
            result.add(new DbfField(f.property(), f.name(), f.type(), widths[i], 0));
        }
        columns = List.copyOf(result);
        if (dbfBytes() > maxFileBytes) throw tooLarge();
        return columns;
    }

    private int recordBytes() {
        int n = 1;
        for (int w : widths) n += w;
        return n;
    }

    private int dbfHeaderBytes() {
        return 32 + 32 * types.length + 1;
    }

    /** The size of the .dbf, bytes (after {@link #finish()}). */
    public long dbfBytes() {
        return dbfHeaderBytes() + (long) count * recordBytes() + 1;
    }

    private ExchangeFormatException tooLarge() {
        return new ExchangeFormatException("exchange.shapefile.tooLarge",
                "the shapefile would pass the 2 GB limit of the format after " + count
                        + " records; export fewer features (by type or area) or use GeoJSON/CSV", count);
    }

    /**
     * Writes {@code base.shp}, {@code base.shx} and {@code base.dbf} into {@code zip}, finishing first
     * if needed.
     *
     * @param level 0 for STORED entries, else the deflate level (1 fastest … 9 smallest)
     */
    public void writeTo(ZipOutputStream zip, String base, int level) throws IOException {
        finish();
        long shpBytes = SHP_HEADER_BYTES + (long) count * POINT_RECORD_BYTES;
        entry(zip, base + ".shp", level, shpBytes, this::writeShp);
        entry(zip, base + ".shx", level, SHP_HEADER_BYTES + 8L * count, this::writeShx);
        if (level != 0) {
            entry(zip, base + ".dbf", level, dbfBytes(), this::writeDbf);
            return;
        }
        // A STORED entry needs its CRC first: laying the records out from the spool twice (once for the CRC,
        // once for the zip) was a third of the service's CPU in an export of a million features (JFR, PostGIS).
        // Laid out once into a file, with the CRC taken on the way, the second pass is a copy.
        Path dbf = spool.resolveSibling(spool.getFileName() + ".dbf");
        try {
            CRC32 crc = new CRC32();
            try (OutputStream out = new CheckedOutputStream(Files.newOutputStream(dbf), crc)) {
                writeDbf(out);
            }
            ZipEntry e = new ZipEntry(base + ".dbf");
            e.setMethod(ZipEntry.STORED);
            e.setSize(dbfBytes());
            e.setCompressedSize(dbfBytes());
            e.setCrc(crc.getValue());
            zip.putNextEntry(e);
            Files.copy(dbf, zip);
            zip.closeEntry();
        } finally {
            Files.deleteIfExists(dbf);
        }
    }

    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static void entry(ZipOutputStream zip, String name, int level, long size, Content content) throws IOException {
        ZipEntry e = new ZipEntry(name);
        if (level == 0) {
            // STORED entries carry their CRC and size before the data; a first pass computes the CRC.
            CRC32 crc = new CRC32();
            content.writeTo(new CheckedOutputStream(OutputStream.nullOutputStream(), crc));
            e.setMethod(ZipEntry.STORED);
            e.setSize(size);
            e.setCompressedSize(size);
            e.setCrc(crc.getValue());
        } else {
            e.setMethod(ZipEntry.DEFLATED);
            zip.setLevel(level);
        }
        zip.putNextEntry(e);
        content.writeTo(zip);
        zip.closeEntry();
    }

    private void writeShp(OutputStream out) throws IOException {
        byte[] chunk = new byte[BUFFER_BYTES];
        ByteBuffer buf = ByteBuffer.wrap(chunk);
        long at = 0;
        long size = shpOut.size();
        while (at < size) {
            buf.clear();
            int n = shpOut.read(buf, at);
            if (n <= 0) throw new IOException("the spooled .shp ended early");
            out.write(chunk, 0, n);
            at += n;
        }
    }

    private void writeShx(OutputStream out) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.BIG_ENDIAN);
        buf.put(shpHeader(SHP_HEADER_BYTES + 8L * count));
        for (int i = 0; i < count; i++) {
            if (buf.remaining() < 8) flush(buf, out);
            buf.putInt((SHP_HEADER_BYTES + i * POINT_RECORD_BYTES) / 2);
            buf.putInt(10);
        }
        flush(buf, out);
    }

    private void writeDbf(OutputStream out) throws IOException {
        int recordBytes = recordBytes();
        byte[] record = new byte[recordBytes];
        int[] offsets = new int[types.length];
        for (int i = 0, o = 1; i < types.length; o += widths[i], i++) offsets[i] = o;
        ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES);
        buf.put(dbfHeader(recordBytes));
        ByteBuffer in = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        in.flip();
        long at = 0;
        long spoolSize = spoolOut.size();
        int maxSpooled = types.length * (MAX_TEXT_BYTES + 5);
        int lastDay = NULL_DATE;
        byte[] lastDayText = new byte[8];
        for (int r = 0; r < count; r++) {
            if (in.remaining() < maxSpooled && at < spoolSize) {
                in.compact();
                while (in.hasRemaining() && at < spoolSize) {
                    int n = spoolOut.read(in, at);
                    if (n <= 0) break;
                    at += n;
                }
                in.flip();
            }
            Arrays.fill(record, (byte) ' ');
            for (int c = 0; c < types.length; c++) {
                int o = offsets[c];
                switch (types[c]) {
                    case 'C' -> {
                        int n = in.get() & 0xFF;
                        in.get(record, o, n);
                    }
                    case 'N' -> {
                        int n = in.get() & 0xFF;
                        // Right aligned, as dBASE writes numbers.
                        in.get(record, o + widths[c] - n, n);
                    }
                    case 'D' -> {
                        int day = in.getInt();
                        if (day != NULL_DATE) {
                            // Most records of a city share a few thousand days: each day's text is made once.
                            if (day != lastDay) {
                                lastDay = day;
                                Arrays.fill(lastDayText, (byte) ' '); // stays blank for a year dBASE cannot hold
                                ShapefileWriter.dbfDate(LocalDate.ofEpochDay(day), lastDayText, 0);
                            }
                            System.arraycopy(lastDayText, 0, record, o, 8);
                        }
                    }
                    case 'L' -> record[o] = in.get();
                    default -> throw new IllegalStateException();
                }
            }
            if (buf.remaining() < recordBytes) flush(buf, out);
            buf.put(record);
        }
        if (!buf.hasRemaining()) flush(buf, out);
        buf.put((byte) 0x1A);
        flush(buf, out);
    }

    private static void flush(ByteBuffer buf, OutputStream out) throws IOException {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
    }

    private static void drain(ByteBuffer buf, FileChannel out) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) out.write(buf);
        buf.clear();
    }

    private ByteBuffer shpHeader(long fileBytes) {
        boolean empty = count == 0;
        ByteBuffer h = ByteBuffer.allocate(SHP_HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
        h.putInt(9994);
        h.position(24);
        h.putInt((int) (fileBytes / 2));
        h.order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(1000);
        h.putInt(ShapefileWriter.ShapeType.POINT.code);
        h.putDouble(empty ? 0 : minX).putDouble(empty ? 0 : minY).putDouble(empty ? 0 : maxX).putDouble(empty ? 0 : maxY);
        h.putDouble(0).putDouble(0).putDouble(0).putDouble(0);
        h.flip();
        return h;
    }

    private ByteBuffer dbfHeader(int recordBytes) {
        int headerBytes = dbfHeaderBytes();
        ByteBuffer h = ByteBuffer.allocate(headerBytes).order(ByteOrder.LITTLE_ENDIAN);
        h.put((byte) 0x03);
        h.put((byte) (updated.getYear() - 1900)).put((byte) updated.getMonthValue()).put((byte) updated.getDayOfMonth());
        h.putInt(count);
        h.putShort((short) headerBytes);
        h.putShort((short) recordBytes);
        h.position(29);
        // Language driver 0x4D is code page 936 (GBK); readers without a .cpg use it to decode text.
        h.put(ShapefileWriter.cpgName(charset).equals("936") ? (byte) 0x4D : 0);
        h.position(32);
        for (DbfField f : columns) {
            int start = h.position();
            h.put(f.name().getBytes(StandardCharsets.US_ASCII));
            h.position(start + 11);
            h.put((byte) f.type());
            h.position(start + 16);
            h.put((byte) f.length());
            h.put((byte) 0);
            h.position(start + 32);
        }
        h.put((byte) 0x0D);
        h.flip();
        return h;
    }

    /** Closes and deletes the temporary files. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try (shpOut; spoolOut) {
            // closed by try-with-resources
        } finally {
            Files.deleteIfExists(shp);
            Files.deleteIfExists(spool);
        }
    }
}
