package org.gridwatch.exchange;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Arrays;
import java.util.List;

import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Writes an ESRI shapefile ({@code .shp}, {@code .shx}, {@code .dbf}, {@code .prj}, {@code .cpg}) record
 * by record, holding only one record and a 1 MiB buffer per file in memory, after the ESRI Shapefile
 * Technical Description (July 1998) and the dBASE III file layout.
 *
 * <p>The headers carry values known only at the end (file lengths, bounding box, record count), so the
 * files are written straight to disk with room for the headers, and {@link #close()} writes the
 * headers over that room. Coordinates are written as given (the caller projects them first).
 * Polygons are written with their outer rings clockwise and holes counter-clockwise, as the
 * specification requires, whatever their orientation in JTS.
 *
 * <p>A shapefile cannot exceed 2 GB: {@code .shp} offsets are 32-bit counts of 16-bit words and most
 * readers treat them as signed. Before each record the writer checks that neither {@code .shp} nor
 * {@code .dbf} would pass {@code maxFileBytes} (normally {@link #MAX_FILE_BYTES}) and refuses with
 * {@code exchange.shapefile.tooLarge} if it would.
 *
 * <p>Not thread-safe; one writer per export.
 */
public final class ShapefileWriter implements Closeable {

    /** The largest .shp or .dbf size the writer produces: 2 GiB − 1 byte. */
    public static final long MAX_FILE_BYTES = Integer.MAX_VALUE;

    /** The shape types written. */
    public enum ShapeType {
        POINT(1), POLYLINE(3), POLYGON(5);

        final int code;

        ShapeType(int code) {
            this.code = code;
        }
    }

    private static final int BUFFER_BYTES = 1 << 20;
    private static final int SHP_HEADER_BYTES = 100;

    private final Path shp;
    private final Path shx;
    private final Path dbf;
    private final ShapeType type;
    private final List<DbfField> fields;
    private final Charset charset;
    private final CharsetEncoder encoder;
    private final long maxFileBytes;
    private final LocalDate updated;
    private final FileChannel shpOut;
    private final FileChannel shxOut;
    private final FileChannel dbfOut;
    private final ByteBuffer shpBuf = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer shxBuf = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer dbfBuf = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final int dbfHeaderBytes;
    private final int recordBytes;
    private final byte[] record;
    private final int[] fieldOffsets;
    private long shpBytes = SHP_HEADER_BYTES;
    private long dbfBytes;
    private int count;
    private double minX = Double.POSITIVE_INFINITY;
    private double minY = Double.POSITIVE_INFINITY;
    private double maxX = Double.NEGATIVE_INFINITY;
    private double maxY = Double.NEGATIVE_INFINITY;
    private boolean closed;

    /**
     * Opens {@code dir/baseName.*} for writing, replacing files of that name.
     *
     * @param fields       the attribute columns, already named by {@link DbfFieldNames#assign}
     * @param charset      the encoding of text in the .dbf (UTF-8 or GBK); written to the .cpg
     * @param prjWkt       the .prj text (ESRI WKT), or null to write no .prj
     * @param updated      the "last update" date of the .dbf header (pass a fixed date for identical output)
     * @param maxFileBytes the size neither .shp nor .dbf may pass ({@link #MAX_FILE_BYTES}; smaller in tests)
     */
    public ShapefileWriter(Path dir, String baseName, ShapeType type, List<DbfField> fields, Charset charset,
                           String prjWkt, LocalDate updated, long maxFileBytes) throws IOException {
        this.type = type;
        this.fields = List.copyOf(fields);
        this.charset = charset;
        this.encoder = charset.newEncoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.maxFileBytes = maxFileBytes;
        this.updated = updated;
        this.shp = dir.resolve(baseName + ".shp");
        this.shx = dir.resolve(baseName + ".shx");
        this.dbf = dir.resolve(baseName + ".dbf");
        if (prjWkt != null) {
            Files.writeString(dir.resolve(baseName + ".prj"), prjWkt, StandardCharsets.US_ASCII);
        }
        Files.writeString(dir.resolve(baseName + ".cpg"), cpgName(charset), StandardCharsets.US_ASCII);
        fieldOffsets = new int[fields.size()];
        int offset = 1;
        for (int i = 0; i < fields.size(); i++) {
            DbfField f = fields.get(i);
            if (f.name() == null || f.name().isEmpty() || f.name().length() > DbfFieldNames.MAX_NAME_BYTES) {
                throw new IllegalArgumentException("field " + f.property() + " has no valid dBASE name");
            }
            fieldOffsets[i] = offset;
            offset += f.length();
        }
        if (offset > 65535) {
            throw new IllegalArgumentException("a dBASE record holds at most 65535 bytes, these fields need " + offset);
        }
        recordBytes = offset;
        record = new byte[recordBytes];
        dbfHeaderBytes = 32 + 32 * fields.size() + 1;
        StandardOpenOption[] options = {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE};
        shpOut = FileChannel.open(shp, options);
        shxOut = FileChannel.open(shx, options);
        dbfOut = FileChannel.open(dbf, options);
        // Room for the headers; close() writes them.
        shpBuf.position(SHP_HEADER_BYTES);
        shxBuf.position(SHP_HEADER_BYTES);
        dbfBuf.position(dbfHeaderBytes);
        dbfBytes = dbfHeaderBytes;
    }

    /** The name the .cpg gives the encoding: {@code UTF-8}, or the Windows code page number as ArcGIS writes it. */
    public static String cpgName(Charset charset) {
        String n = charset.name().toUpperCase();
        if (n.equals("GBK") || n.equals("GB2312") || n.equals("X-MS936") || n.equals("WINDOWS-936")) {
            return "936";
        }
        return charset.name();
    }

    /** How many records have been written. */
    public int count() {
        return count;
    }

    /** The size the .shp has reached, bytes. */
    public long shpBytes() {
        return shpBytes;
    }

    /** The size the .dbf has reached, bytes. */
    public long dbfBytes() {
        return dbfBytes;
    }

    /**
     * Appends a point record, the fast path for point layers.
     *
     * @param values one value per field: String (C), Number (N), LocalDate (D), Boolean (L), or null
     */
    public void writePoint(double x, double y, Object[] values) throws IOException {
        if (type != ShapeType.POINT) {
            throw new IllegalStateException("this is a " + type + " shapefile");
        }
        checkRoom(28);
        header(10);
        shpBuf.putInt(1);
        shpBuf.putDouble(x);
        shpBuf.putDouble(y);
        expand(x, y);
        attributes(values);
    }

    /**
     * Appends a record. A null or empty geometry becomes a null shape; otherwise it must fit the
     * shape type: Point for POINT, LineString or MultiLineString for POLYLINE, Polygon or
     * MultiPolygon for POLYGON.
     */
    public void write(Geometry g, Object[] values) throws IOException {
        if (g == null || g.isEmpty()) {
            checkRoom(12);
            header(2);
            shpBuf.putInt(0);
            attributes(values);
            return;
        }
        switch (type) {
            case POINT -> {
                if (!(g instanceof Point p)) throw wrongType(g);
                writePoint(p.getX(), p.getY(), values);
            }
            case POLYLINE -> {
                if (!(g instanceof LineString) && !(g instanceof MultiLineString)) throw wrongType(g);
                CoordinateSequence[] parts = new CoordinateSequence[g.getNumGeometries()];
                for (int i = 0; i < parts.length; i++) {
                    parts[i] = ((LineString) g.getGeometryN(i)).getCoordinateSequence();
                }
                multipart(parts, new boolean[parts.length], values);
            }
            case POLYGON -> {
                if (!(g instanceof Polygon) && !(g instanceof MultiPolygon)) throw wrongType(g);
                int rings = 0;
                for (int i = 0; i < g.getNumGeometries(); i++) {
                    rings += 1 + ((Polygon) g.getGeometryN(i)).getNumInteriorRing();
                }
                CoordinateSequence[] parts = new CoordinateSequence[rings];
                boolean[] reverse = new boolean[rings];
                int r = 0;
                for (int i = 0; i < g.getNumGeometries(); i++) {
                    Polygon p = (Polygon) g.getGeometryN(i);
                    parts[r] = p.getExteriorRing().getCoordinateSequence();
                    reverse[r] = Orientation.isCCW(parts[r]);
                    r++;
                    for (int h = 0; h < p.getNumInteriorRing(); h++) {
                        parts[r] = p.getInteriorRingN(h).getCoordinateSequence();
                        reverse[r] = !Orientation.isCCW(parts[r]);
                        r++;
                    }
                }
                multipart(parts, reverse, values);
            }
        }
    }

    private IllegalArgumentException wrongType(Geometry g) {
        return new IllegalArgumentException("a " + g.getGeometryType() + " does not fit a " + type + " shapefile");
    }

    private void multipart(CoordinateSequence[] parts, boolean[] reverse, Object[] values) throws IOException {
        int points = 0;
        for (CoordinateSequence s : parts) points += s.size();
        int content = 44 + 4 * parts.length + 16 * points;
        checkRoom(8 + content);
        header(content / 2);
        double bx0 = Double.POSITIVE_INFINITY, by0 = Double.POSITIVE_INFINITY;
        double bx1 = Double.NEGATIVE_INFINITY, by1 = Double.NEGATIVE_INFINITY;
        for (CoordinateSequence s : parts) {
            for (int i = 0; i < s.size(); i++) {
                double x = s.getX(i), y = s.getY(i);
                bx0 = Math.min(bx0, x);
                by0 = Math.min(by0, y);
                bx1 = Math.max(bx1, x);
                by1 = Math.max(by1, y);
            }
        }
        expand(bx0, by0);
        expand(bx1, by1);
        ensure(shpBuf, shpOut, 44 + 4 * parts.length);
        shpBuf.putInt(type.code);
        shpBuf.putDouble(bx0).putDouble(by0).putDouble(bx1).putDouble(by1);
        shpBuf.putInt(parts.length);
        shpBuf.putInt(points);
        int start = 0;
        for (CoordinateSequence s : parts) {
            shpBuf.putInt(start);
            start += s.size();
        }
        for (int p = 0; p < parts.length; p++) {
            CoordinateSequence s = parts[p];
            int n = s.size();
            for (int i = 0; i < n; i++) {
                int k = reverse[p] ? n - 1 - i : i;
                ensure(shpBuf, shpOut, 16);
                shpBuf.putDouble(s.getX(k));
                shpBuf.putDouble(s.getY(k));
            }
        }
        attributes(values);
    }

    /** Refuses the record when it would carry either file past the size limit. */
    private void checkRoom(int shpRecordBytes) {
        if (shpBytes + shpRecordBytes > maxFileBytes || dbfBytes + recordBytes + 1 > maxFileBytes) {
            throw new ExchangeFormatException("exchange.shapefile.tooLarge",
                    "the shapefile would pass the 2 GB limit of the format after " + count
                            + " records; export fewer features (by type or area) or use GeoPackage/GeoJSON",
                    count);
        }
    }

    /** Writes the record header and the .shx entry; {@code contentWords} in 16-bit words. */
    private void header(int contentWords) throws IOException {
        ensure(shxBuf, shxOut, 8);
        shxBuf.putInt(Integer.reverseBytes((int) (shpBytes / 2)));
        shxBuf.putInt(Integer.reverseBytes(contentWords));
        ensure(shpBuf, shpOut, 8 + 28);
        count++;
        shpBuf.putInt(Integer.reverseBytes(count));
        shpBuf.putInt(Integer.reverseBytes(contentWords));
        shpBytes += 8 + 2L * contentWords;
    }

    private void expand(double x, double y) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
    }

    private void attributes(Object[] values) throws IOException {
        if (values.length != fields.size()) {
            throw new IllegalArgumentException("expected " + fields.size() + " values, got " + values.length);
        }
        Arrays.fill(record, (byte) ' ');
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            DbfField f = fields.get(i);
            int at = fieldOffsets[i];
            switch (f.type()) {
                case 'C' -> {
                    if (v != null) text(v.toString(), at, f.length());
                }
                case 'N' -> {
                    if (v instanceof Number n) number(n, f, at);
                }
                case 'D' -> {
                    if (v instanceof LocalDate d) date(d, at);
                }
                case 'L' -> record[at] = v == null ? (byte) '?' : ((Boolean) v) ? (byte) 'T' : (byte) 'F';
                default -> throw new IllegalStateException();
            }
        }
        ensure(dbfBuf, dbfOut, recordBytes);
        dbfBuf.put(record);
        dbfBytes += recordBytes;
    }

    private void text(String s, int at, int width) {
        boolean ascii = s.length() <= width;
        for (int i = 0; ascii && i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) ascii = false;
        }
        if (ascii) {
            for (int i = 0; i < s.length(); i++) record[at + i] = (byte) s.charAt(i);
            return;
        }
        byte[] bytes = s.getBytes(charset);
        if (bytes.length <= width) {
            System.arraycopy(bytes, 0, record, at, bytes.length);
            return;
        }
        // Too long: cut at a character boundary so the last character is never half written.
        ByteBuffer out = ByteBuffer.wrap(record, at, width);
        encoder.reset();
        encoder.encode(CharBuffer.wrap(s), out, true);
    }

    private void number(Number n, DbfField f, int at) {
        String s;
        if (f.decimals() == 0) {
            s = Long.toString(n instanceof Double || n instanceof Float ? Math.round(n.doubleValue()) : n.longValue());
        } else {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) return;
            s = new java.math.BigDecimal(d).setScale(f.decimals(), java.math.RoundingMode.HALF_UP).toPlainString();
        }
        if (s.length() > f.length()) {
            // dBASE's overflow marker; readers show it as no value rather than a wrong number.
            Arrays.fill(record, at, at + f.length(), (byte) '*');
            return;
        }
        int start = at + f.length() - s.length();
        for (int i = 0; i < s.length(); i++) record[start + i] = (byte) s.charAt(i);
    }

    private void date(LocalDate d, int at) {
        dbfDate(d, record, at);
    }

    /** Writes {@code d} as a dBASE date (YYYYMMDD) at {@code at}; a year outside 0-9999 leaves the field as it was. */
    static void dbfDate(LocalDate d, byte[] record, int at) {
        int y = d.getYear(), m = d.getMonthValue(), day = d.getDayOfMonth();
        if (y < 0 || y > 9999) return;
        record[at] = (byte) ('0' + y / 1000);
        record[at + 1] = (byte) ('0' + y / 100 % 10);
        record[at + 2] = (byte) ('0' + y / 10 % 10);
        record[at + 3] = (byte) ('0' + y % 10);
        record[at + 4] = (byte) ('0' + m / 10);
        record[at + 5] = (byte) ('0' + m % 10);
        record[at + 6] = (byte) ('0' + day / 10);
        record[at + 7] = (byte) ('0' + day % 10);
    }

    private static void ensure(ByteBuffer buf, FileChannel out, int bytes) throws IOException {
        if (buf.remaining() < bytes) {
            drain(buf, out);
            if (buf.remaining() < bytes) throw new IllegalStateException("record larger than the buffer");
        }
    }

    private static void drain(ByteBuffer buf, FileChannel out) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) out.write(buf);
        buf.clear();
    }

    /** Writes the headers and closes the files. The writer cannot be used afterwards. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            ensure(dbfBuf, dbfOut, 1);
            dbfBuf.put((byte) 0x1A);
            drain(shpBuf, shpOut);
            drain(shxBuf, shxOut);
            drain(dbfBuf, dbfOut);
            boolean empty = count == 0 || minX > maxX;
            writeAt(shpOut, shpHeader(shpBytes, empty));
            writeAt(shxOut, shpHeader(SHP_HEADER_BYTES + 8L * count, empty));
            writeAt(dbfOut, dbfHeader());
        } finally {
            try (shpOut; shxOut; dbfOut) {
                // closed by try-with-resources, even when a header write failed
            }
        }
    }

    /** Closes and deletes the files, for an export that was refused or failed. */
    public void abandon() {
        try {
            closed = true;
            try (shpOut; shxOut; dbfOut) {
                // closing only
            }
        } catch (IOException ignored) {
            // the files are deleted next; a close failure changes nothing
        }
        for (Path p : List.of(shp, shx, dbf)) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private ByteBuffer shpHeader(long fileBytes, boolean empty) {
        ByteBuffer h = ByteBuffer.allocate(SHP_HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
        h.putInt(9994);
        h.position(24);
        h.putInt((int) (fileBytes / 2));
        h.order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(1000);
        h.putInt(type.code);
        h.putDouble(empty ? 0 : minX).putDouble(empty ? 0 : minY).putDouble(empty ? 0 : maxX).putDouble(empty ? 0 : maxY);
        h.putDouble(0).putDouble(0).putDouble(0).putDouble(0);
        h.flip();
        return h;
    }

    private ByteBuffer dbfHeader() {
        ByteBuffer h = ByteBuffer.allocate(dbfHeaderBytes).order(ByteOrder.LITTLE_ENDIAN);
        h.put((byte) 0x03);
        h.put((byte) (updated.getYear() - 1900)).put((byte) updated.getMonthValue()).put((byte) updated.getDayOfMonth());
        h.putInt(count);
        h.putShort((short) dbfHeaderBytes);
        h.putShort((short) recordBytes);
        h.position(29);
        // Language driver 0x4D is code page 936 (GBK); readers without a .cpg use it to decode text.
        h.put(cpgName(charset).equals("936") ? (byte) 0x4D : 0);
        h.position(32);
        for (DbfField f : fields) {
            byte[] name = f.name().getBytes(StandardCharsets.US_ASCII);
            int start = h.position();
            h.put(name);
            h.position(start + 11);
            h.put((byte) f.type());
            h.position(start + 16);
            h.put((byte) f.length());
            h.put((byte) f.decimals());
            h.position(start + 32);
        }
        h.put((byte) 0x0D);
        h.flip();
        return h;
    }

    private static void writeAt(FileChannel out, ByteBuffer header) throws IOException {
        long at = 0;
        while (header.hasRemaining()) at += out.write(header, at);
    }
}
