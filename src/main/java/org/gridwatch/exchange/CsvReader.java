package org.gridwatch.exchange;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.geo.PointTransform;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Reads a CSV table of records (RFC 4180: comma separated, fields in double quotes may hold commas,
 * quotes doubled and line breaks) with a header row. The geometry comes from a pair of coordinate
 * columns ({@code lon}/{@code lat}, {@code lng}, {@code longitude}/{@code latitude}, {@code x}/{@code y},
 * {@code 经度}/{@code 纬度}) or from a WKT column ({@code wkt}, {@code geometry}, {@code geom}), in the
 * coordinate system given (WGS84 when none), and is converted to WGS84 lon/lat.
 *
 * <p>Text is UTF-8, with or without the byte-order mark Excel writes, unless an encoding is given
 * (GBK for files saved by Chinese Excel); a file that is not valid in the encoding is refused as a whole,
 * naming the encoding, rather than stored with replacement characters. A row with a different number of
 * fields than the header, or a coordinate or WKT that does not parse, is a bad record reported by its
 * 0-based index (the first data row is 0) in {@link Record#error()}. A line longer than
 * {@link #MAX_FIELD_CHARS} characters is refused (it would otherwise be held in memory whole).
 *
 * <p>Not thread-safe. Reads the file twice: once to count and check, once to hand the records over.
 */
public final class CsvReader {

    /** The longest field or unquoted line accepted, in characters. */
    public static final int MAX_FIELD_CHARS = 1 << 20;

    private static final List<String> LON = List.of("lon", "lng", "longitude", "x", "经度");
    private static final List<String> LAT = List.of("lat", "latitude", "y", "纬度");
    private static final List<String> WKT = List.of("wkt", "geometry", "geom", "the_geom", "几何");

    /** One row: 0-based index, WGS84 geometry (null if missing or bad), fields by header name, or an error. */
    public record Record(int index, Geometry geometry, Map<String, Object> attributes, String error, String errorKey,
                         Object[] errorArguments) {

        public Record(int index, Geometry geometry, Map<String, Object> attributes, String error) {
            this(index, geometry, attributes, error, null, null);
        }

    }

    private final Path file;
    private final Charset charset;
    private final SourceCrs crs;
    private final List<String> header;
    private final int lonColumn;
    private final int latColumn;
    private final int wktColumn;
    private final int count;
    private final String encodingDescription;

    private CsvReader(Path file, Charset charset, String encodingDescription, SourceCrs crs, List<String> header,
                      int lonColumn, int latColumn, int wktColumn, int count) {
        this.file = file;
        this.charset = charset;
        this.encodingDescription = encodingDescription;
        this.crs = crs;
        this.header = header;
        this.lonColumn = lonColumn;
        this.latColumn = latColumn;
        this.wktColumn = wktColumn;
        this.count = count;
    }

    /**
     * Opens and checks {@code file}: encoding, header, a geometry column, the record count.
     *
     * @param encoding null for UTF-8 (a BOM is skipped), or a charset name such as {@code GBK}
     * @param crs      null for WGS84 lon/lat
     */
    public static CsvReader open(Path file, String encoding, SourceCrs crs, int maxRecords) throws IOException {
        Charset charset = charset(encoding);
        String description = charset.name();
        if (charset.equals(StandardCharsets.UTF_8) && hasBom(file)) description = "UTF-8 (BOM)";
        SourceCrs effective = crs == null ? SourceCrs.wgs84() : crs;
        List<String> header;
        int rows = 0;
        try (Reader r = reader(file, charset)) {
            Tokenizer t = new Tokenizer(r);
            header = t.next();
            if (header == null || header.isEmpty() || (header.size() == 1 && header.get(0).isBlank())) {
                throw new ExchangeFormatException("exchange.csv.noHeader", "the CSV file has no header row");
            }
            header = header.stream().map(String::trim).toList();
            while (t.next() != null) {
                if (++rows > maxRecords) {
                    throw new ExchangeFormatException("exchange.import.tooManyRecords",
                            "the file has more than " + maxRecords + " records", rows, maxRecords);
                }
            }
        } catch (CharacterCodingException e) {
            throw new ExchangeFormatException("exchange.csv.encoding",
                    "the CSV file is not valid " + charset.name() + " text; give encoding=GBK for files saved by "
                            + "Chinese Excel, or save it as UTF-8", charset.name());
        }
        int lon = find(header, LON);
        int lat = find(header, LAT);
        int wkt = find(header, WKT);
        if ((lon < 0 || lat < 0) && wkt < 0) {
            throw new ExchangeFormatException("exchange.csv.noGeometry",
                    "the CSV header has no coordinate columns (lon/lat, x/y, 经度/纬度) and no WKT column (wkt); it has "
                            + header, String.join(", ", header));
        }
        return new CsvReader(file, charset, description, effective, header, lon < 0 || lat < 0 ? -1 : lon,
                lat, lon >= 0 && lat >= 0 ? -1 : wkt, rows);
    }

    private static Charset charset(String encoding) {
        if (encoding == null || encoding.isBlank()) return StandardCharsets.UTF_8;
        String e = encoding.trim().toUpperCase(Locale.ROOT);
        if (e.equals("936") || e.equals("CP936") || e.equals("GB2312")) e = "GBK";
        try {
            return Charset.forName(e);
        } catch (RuntimeException ex) {
            throw new ExchangeFormatException("exchange.encoding.unknown",
                    "unknown text encoding '" + encoding + "'; use UTF-8 or GBK", encoding);
        }
    }

    private static boolean hasBom(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(3);
            return b.length == 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
        }
    }

    private static Reader reader(Path file, Charset charset) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (charset.equals(StandardCharsets.UTF_8) && hasBom(file)) in.skipNBytes(3);
        return new BufferedReader(new InputStreamReader(in, charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
    }

    private static int find(List<String> header, List<String> names) {
        for (String n : names) {
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).equalsIgnoreCase(n)) return i;
            }
        }
        return -1;
    }

    public int count() {
        return count;
    }

    public String encodingDescription() {
        return encodingDescription;
    }

    public String crsDescription() {
        return crs.description();
    }

    public String geometryTypeName() {
        return wktColumn >= 0 ? "WKT (" + header.get(wktColumn) + ")"
                : "Point (" + header.get(lonColumn) + ", " + header.get(latColumn) + ")";
    }

    /** The attribute columns: the header without the geometry columns. */
    public List<String> columns() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (i != lonColumn && i != latColumn && i != wktColumn) out.add(header.get(i));
        }
        return out;
    }

    /** Hands every data row to {@code sink}. Empty fields are null; other values stay text. */
    public void forEach(Consumer<Record> sink) throws IOException {
        WKTReader wkt = new WKTReader(GeometryFactories.WGS84);
        PointTransform toWgs84 = crs::toWgs84;
        double[] xy = new double[2];
        try (Reader r = reader(file, charset)) {
            Tokenizer t = new Tokenizer(r);
            t.next();
            List<String> row;
            int index = 0;
            while ((row = t.next()) != null) {
                int i = index++;
                Map<String, Object> fields = new LinkedHashMap<>();
                if (row.size() != header.size()) {
                    sink.accept(new Record(i, null, fields, "the row has " + row.size() + " fields, the header "
                            + header.size(), "exchange.csv.rowFields", new Object[]{row.size(), header.size()}));
                    continue;
                }
                for (int c = 0; c < header.size(); c++) {
                    if (c == lonColumn || c == latColumn || c == wktColumn) continue;
                    String v = row.get(c);
                    fields.put(header.get(c), v.isEmpty() ? null : v);
                }
                Geometry g;
                try {
                    if (wktColumn >= 0) {
                        String text = row.get(wktColumn).trim();
                        g = text.isEmpty() ? null : toWgs84.applyTo(wkt.read(text));
                    } else {
                        String x = row.get(lonColumn).trim();
                        String y = row.get(latColumn).trim();
                        if (x.isEmpty() && y.isEmpty()) {
                            g = null;
                        } else {
                            crs.toWgs84(Double.parseDouble(x), Double.parseDouble(y), xy);
                            g = GeometryFactories.WGS84.createPoint(new Coordinate(xy[0], xy[1]));
                        }
                    }
                } catch (NumberFormatException e) {
                    sink.accept(new Record(i, null, fields, "the coordinates '" + row.get(lonColumn) + "', '"
                            + row.get(latColumn) + "' are not numbers", "exchange.csv.coordinatesNotNumbers",
                            new Object[]{row.get(lonColumn), row.get(latColumn)}));
                    continue;
                } catch (ParseException | IllegalArgumentException e) {
                    sink.accept(new Record(i, null, fields, "the WKT cannot be read: " + e.getMessage(),
                            "exchange.csv.wktUnreadable", new Object[]{row.get(wktColumn).length() > 60
                                    ? row.get(wktColumn).substring(0, 60) + "…" : row.get(wktColumn)}));
                    continue;
                }
                sink.accept(new Record(i, g, fields, null));
            }
        }
    }

    /** RFC 4180 rows, one at a time; a field longer than {@link #MAX_FIELD_CHARS} is refused. */
    private static final class Tokenizer {
        private final Reader in;
        private int pushed = -2;
        private long line = 1;

        Tokenizer(Reader in) {
            this.in = in;
        }

        private int read() throws IOException {
            if (pushed != -2) {
                int c = pushed;
                pushed = -2;
                return c;
            }
            return in.read();
        }

        /** The next row's fields, or null at the end. Blank lines are skipped. */
        List<String> next() throws IOException {
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean any = false;
            while (true) {
                int c = read();
                if (c == -1) {
                    if (quoted) {
                        throw new ExchangeFormatException("exchange.csv.unclosedQuote",
                                "a quoted field that starts near line " + line + " is never closed", line);
                    }
                    if (!any && field.isEmpty() && fields.isEmpty()) return null;
                    fields.add(field.toString());
                    return fields;
                }
                any = true;
                if (field.length() >= MAX_FIELD_CHARS) {
                    throw new ExchangeFormatException("exchange.csv.fieldTooLong",
                            "a field near line " + line + " is longer than " + MAX_FIELD_CHARS + " characters", line,
                            MAX_FIELD_CHARS);
                }
                if (quoted) {
                    if (c == '"') {
                        int d = read();
                        if (d == '"') field.append('"');
                        else {
                            quoted = false;
                            pushed = d;
                        }
                    } else {
                        if (c == '\n') line++;
                        field.append((char) c);
                    }
                } else if (c == '"' && field.isEmpty()) {
                    quoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else if (c == '\r' || c == '\n') {
                    if (c == '\r') {
                        int d = read();
                        if (d != '\n') pushed = d;
                    }
                    line++;
                    if (fields.isEmpty() && field.isEmpty()) {
                        any = false;
                        continue;
                    }
                    fields.add(field.toString());
                    return fields;
                } else {
                    field.append((char) c);
                }
            }
        }
    }
}
