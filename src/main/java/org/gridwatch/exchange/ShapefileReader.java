package org.gridwatch.exchange;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.gridwatch.geo.GeometryFactories;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.algorithm.PointLocation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Reads an ESRI shapefile (after the ESRI Shapefile Technical Description, 1998, and the dBASE III file
 * layout) record by record, converting coordinates to WGS84 lon/lat, and refuses anything that does not
 * add up — before any record is handed over where the headers already tell (missing part, wrong file
 * code, truncated file, record counts of .shp/.shx/.dbf that disagree, a .dbf header whose field
 * lengths do not sum to its record length, a file over the size limit), and at the record where it
 * shows otherwise (a record length that runs past the file or is too short for its own parts, a record of
 * another shape type, a part index out of range, a number field that is not a number). Every refusal is an
 * {@link ExchangeFormatException} naming the file and, where there is one, the record index (0-based).
 *
 * <p>Files are memory-mapped read-only, so the heap holds one record at a time whatever the file size.
 * Z and M values are ignored (read as 2D). Not thread-safe.
 */
public final class ShapefileReader {

    /** Upper bounds for one upload. */
    public record Limits(long maxShpBytes, long maxDbfBytes, int maxRecords) {
    }

    /** A .dbf column. */
    public record Column(String name, char type, int length, int decimals) {
    }

    /** One record: its 0-based index, geometry (WGS84, SRID 4326; null for a null shape) and attributes by field name. */
    public record Record(int index, Geometry geometry, Map<String, Object> attributes) {
    }

    private static final int MAX_PARTS = 1_000_000;
    private final GeometryFactory factory = GeometryFactories.WGS84;
    private final ByteBuffer shp;
    private final ByteBuffer shx;
    private final ByteBuffer dbf;
    private final int shapeType;
    private final int count;
    private final List<Column> columns;
    private final int[] columnOffsets;
    private final int dbfHeaderBytes;
    private final int dbfRecordBytes;
    private final long shpLength;
    private final Charset charset;
    private final String encodingSource;
    private final SourceCrs crs;

    private ShapefileReader(ByteBuffer shp, ByteBuffer shx, ByteBuffer dbf, Charset charset, String encodingSource,
                            SourceCrs crs) {
        this.shp = shp.order(ByteOrder.LITTLE_ENDIAN);
        this.shx = shx.order(ByteOrder.BIG_ENDIAN);
        this.dbf = dbf.order(ByteOrder.LITTLE_ENDIAN);
        this.crs = crs;
        // .shp header
        if (shp.limit() < 100) throw broken(".shp", "is shorter than its 100-byte header (truncated)");
        if (shp.order(ByteOrder.BIG_ENDIAN).getInt(0) != 9994) throw broken(".shp", "does not start with the shapefile file code 9994");
        shpLength = 2L * (shp.getInt(24) & 0xFFFFFFFFL);
        shp.order(ByteOrder.LITTLE_ENDIAN);
        if (shp.getInt(28) != 1000) throw broken(".shp", "has version " + shp.getInt(28) + " instead of 1000");
        if (shpLength > shp.limit()) {
            throw broken(".shp", "says it is " + shpLength + " bytes long but holds " + shp.limit() + " (truncated)");
        }
        shapeType = shp.getInt(32);
        if (baseType(shapeType) < 0) throw broken(".shp", "has shape type " + shapeType + ", which is not a known type");
        // .shx: one 8-byte entry per record
        if (shx.limit() < 100 || shx.getInt(0) != 9994) throw broken(".shx", "is not a shapefile index");
        if ((shx.limit() - 100) % 8 != 0) throw broken(".shx", "is truncated (its length is not 100 + 8 × records)");
        count = (shx.limit() - 100) / 8;
        // .dbf header
        if (dbf.limit() < 33) throw broken(".dbf", "is shorter than a dBASE header (truncated)");
        int dbfCount = dbf.getInt(4);
        dbfHeaderBytes = Short.toUnsignedInt(dbf.getShort(8));
        dbfRecordBytes = Short.toUnsignedInt(dbf.getShort(10));
        if (dbfHeaderBytes < 33 || dbfHeaderBytes > dbf.limit()) {
            throw broken(".dbf", "header claims " + dbfHeaderBytes + " bytes, which the file does not hold");
        }
        columns = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        int offset = 1;
        for (int at = 32; at + 32 <= dbfHeaderBytes && dbf.get(at) != 0x0D; at += 32) {
            int nameEnd = at;
            while (nameEnd < at + 11 && dbf.get(nameEnd) != 0) nameEnd++;
            byte[] nameBytes = new byte[nameEnd - at];
            dbf.get(at, nameBytes);
            String name = new String(nameBytes, charset).trim();
            char type = (char) dbf.get(at + 11);
            int length = Byte.toUnsignedInt(dbf.get(at + 16));
            int decimals = Byte.toUnsignedInt(dbf.get(at + 17));
            if (type == 'C' && decimals > 0) length += decimals << 8; // Clipper/FoxPro wide text fields
            if (length == 0) throw broken(".dbf", "field " + name + " has length 0");
            // Records are read into a map by field name: a nameless or repeated name would lose a column.
            if (name.isEmpty()) throw broken(".dbf", "field " + (columns.size() + 1) + " has no name");
            for (Column c : columns) {
                if (c.name().equals(name)) throw broken(".dbf", "field name " + name + " appears twice");
            }
            columns.add(new Column(name, type, length, decimals));
            offsets.add(offset);
            offset += length;
        }
        if (columns.isEmpty()) throw broken(".dbf", "has no fields");
        if (offset != dbfRecordBytes) {
            throw broken(".dbf", "header says records are " + dbfRecordBytes + " bytes but its fields add up to " + offset);
        }
        if (dbfCount < 0 || (long) dbfHeaderBytes + (long) dbfCount * dbfRecordBytes > dbf.limit()) {
            throw broken(".dbf", "header promises " + dbfCount + " records that the file does not hold (truncated or lying header)");
        }
        if (dbfCount != count) {
            throw broken(".dbf", "has " + dbfCount + " records but the .shx indexes " + count);
        }
        columnOffsets = offsets.stream().mapToInt(Integer::intValue).toArray();
        this.charset = charset;
        this.encodingSource = encodingSource;
    }

    /**
     * Opens a shapefile. {@code prj} and {@code cpg} may be null (absent); {@code crsOverride} and
     * {@code encodingOverride} (null when not given) win over them. Without a .prj and an override the
     * data is taken as lon/lat, and every coordinate must then look like one.
     */
    public static ShapefileReader open(Path shp, Path shx, Path dbf, Path prj, Path cpg, SourceCrs crsOverride,
                                       String encodingOverride, Limits limits) throws IOException {
        for (Path p : new Path[]{shp, shx, dbf}) {
            if (p == null || !Files.isRegularFile(p)) {
                String part = p == null ? "?" : p.getFileName().toString();
                throw new ExchangeFormatException("exchange.shapefile.missingPart",
                        "a shapefile needs its .shp, .shx and .dbf; one is missing (" + part + ")", part);
            }
        }
        long shpSize = Files.size(shp);
        long dbfSize = Files.size(dbf);
        if (shpSize > limits.maxShpBytes() || dbfSize > limits.maxDbfBytes()) {
            throw new ExchangeFormatException("exchange.import.tooLarge",
                    "the shapefile is larger than the import limit (" + limits.maxShpBytes() / (1024 * 1024) + " MB)",
                    limits.maxShpBytes() / (1024 * 1024));
        }
        SourceCrs crs = crsOverride;
        if (crs == null && prj != null && Files.isRegularFile(prj)) {
            if (Files.size(prj) > 64 * 1024) throw broken(".prj", "is too large to be a coordinate system");
            crs = SourceCrs.fromPrj(Files.readString(prj, StandardCharsets.ISO_8859_1));
        }
        boolean assumed = crs == null;
        if (assumed) crs = SourceCrs.wgs84();
        ByteBuffer dbfMap = map(dbf);
        Charset charset;
        String source;
        if (encodingOverride != null && !encodingOverride.isBlank()) {
            charset = charset(encodingOverride.trim());
            source = charset.name() + " (given)";
        } else if (cpg != null && Files.isRegularFile(cpg) && Files.size(cpg) < 256) {
            charset = charset(Files.readString(cpg, StandardCharsets.ISO_8859_1).trim());
            source = charset.name() + " (.cpg)";
        } else if (dbfMap.limit() > 29 && (dbfMap.get(29) == 0x4D || dbfMap.get(29) == 0x7A)) {
            charset = Charset.forName("GBK");
            source = "GBK (.dbf language driver)";
        } else {
            // No .cpg and no code page in the header (0x00, or 0x57 "the system's"): find it from the bytes.
            DbfEncoding.Detected detected = DbfEncoding.detect(dbfMap.duplicate().order(ByteOrder.LITTLE_ENDIAN),
                    dbfMap.limit() > 29 ? Byte.toUnsignedInt(dbfMap.get(29)) : 0);
            charset = detected.charset();
            source = detected.description();
        }
        ShapefileReader reader = new ShapefileReader(map(shp), map(shx), dbfMap, charset, source, crs);
        if (reader.count > limits.maxRecords()) {
            throw new ExchangeFormatException("exchange.import.tooManyRecords",
                    "the file has " + reader.count + " records, more than the " + limits.maxRecords() + " allowed",
                    reader.count, limits.maxRecords());
        }
        if (assumed) reader.checkLooksGeographic();
        return reader;
    }

    /** Reads the text encoding names desktop GIS writes in .cpg files ("UTF-8", "936", "ANSI 936", "GBK"...). */
    static Charset charset(String name) {
        String n = name.toUpperCase(Locale.ROOT).replace("ANSI ", "").replace("CP", "").trim();
        try {
            return switch (n) {
                case "UTF-8", "UTF8", "65001" -> StandardCharsets.UTF_8;
                case "936", "GBK", "GB2312" -> Charset.forName("GBK");
                case "GB18030", "54936" -> Charset.forName("GB18030");
                case "1252" -> Charset.forName("windows-1252");
                case "88591", "ISO-8859-1", "LATIN1" -> StandardCharsets.ISO_8859_1;
                default -> Charset.forName(name);
            };
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new ExchangeFormatException("exchange.encoding.unknown",
                    "unknown text encoding '" + name + "'; use UTF-8 or GBK", name);
        }
    }

    private static ByteBuffer map(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            if (ch.size() > Integer.MAX_VALUE) throw broken(p.getFileName().toString(), "is larger than 2 GB");
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
    }

    public int count() {
        return count;
    }

    /** The shape type without Z/M: 0 null, 1 point, 3 polyline, 5 polygon, 8 multipoint. */
    public int shapeType() {
        return baseType(shapeType);
    }

    public String geometryTypeName() {
        return switch (shapeType()) {
            case 1 -> "Point";
            case 3 -> "LineString";
            case 5 -> "Polygon";
            case 8 -> "MultiPoint";
            default -> "Null";
        };
    }

    public List<Column> columns() {
        return List.copyOf(columns);
    }

    /** The encoding used for text, and where it came from. */
    public String encoding() {
        return encodingSource;
    }

    public String crsDescription() {
        return crs.description();
    }

    /** Hands every record to {@code sink} in file order; refuses at the first broken one. */
    public void forEach(Consumer<Record> sink) {
        long at = 100;
        double[] xy = new double[2];
        for (int i = 0; i < count; i++) {
            long indexed = 2L * (shx.getInt(100 + 8 * i) & 0xFFFFFFFFL);
            if (indexed != at) {
                // Records may legally be out of order only through the index; follow it but keep bounds.
                at = indexed;
            }
            if (at + 8 > shpLength) throw record(i, "starts past the end of the .shp");
            int contentBytes = 2 * shp.order(ByteOrder.BIG_ENDIAN).getInt((int) at + 4);
            shp.order(ByteOrder.LITTLE_ENDIAN);
            if (contentBytes < 4 || at + 8 + contentBytes > shpLength) {
                throw record(i, "claims " + contentBytes + " bytes, which run past the end of the .shp");
            }
            Geometry g = geometry(i, (int) at + 8, contentBytes, xy);
            sink.accept(new Record(i, g, attributes(i)));
            at += 8 + contentBytes;
        }
    }

    private Geometry geometry(int i, int start, int length, double[] xy) {
        int type = shp.getInt(start);
        if (type == 0) return null;
        if (type != shapeType) {
            throw record(i, "has shape type " + type + " in a file of type " + shapeType);
        }
        int base = baseType(type);
        if (base == 1) {
            if (length < 20) throw record(i, "is too short for a point");
            return factory.createPoint(coordinate(start + 4, xy));
        }
        if (length < 44) throw record(i, "is too short for its header");
        int numParts = base == 8 ? 1 : shp.getInt(start + 36);
        int numPoints = shp.getInt(start + (base == 8 ? 36 : 40));
        int pointsAt = start + (base == 8 ? 40 : 44 + 4 * Math.max(numParts, 0));
        if (numParts < 1 || numParts > MAX_PARTS || numPoints < 1 || (long) pointsAt - start + 16L * numPoints > length) {
            throw record(i, "says it has " + numParts + " parts and " + numPoints + " points, which do not fit in its "
                    + length + " bytes");
        }
        Coordinate[] coords = new Coordinate[numPoints];
        for (int p = 0; p < numPoints; p++) coords[p] = coordinate(pointsAt + 16 * p, xy);
        if (base == 8) return factory.createMultiPointFromCoords(coords);
        int[] starts = new int[numParts + 1];
        for (int p = 0; p < numParts; p++) {
            starts[p] = shp.getInt(start + 44 + 4 * p);
            if (starts[p] < 0 || starts[p] >= numPoints || (p > 0 && starts[p] <= starts[p - 1]) || (p == 0 && starts[p] != 0)) {
                throw record(i, "has part " + p + " starting at point " + starts[p] + " of " + numPoints);
            }
        }
        starts[numParts] = numPoints;
        try {
            if (base == 3) {
                LineString[] lines = new LineString[numParts];
                for (int p = 0; p < numParts; p++) {
                    lines[p] = factory.createLineString(java.util.Arrays.copyOfRange(coords, starts[p], starts[p + 1]));
                }
                return numParts == 1 ? lines[0] : factory.createMultiLineString(lines);
            }
            return polygons(coords, starts, numParts);
        } catch (IllegalArgumentException e) {
            throw record(i, "has an invalid part: " + e.getMessage());
        }
    }

    /** Clockwise rings are shells, counter-clockwise ones holes of the shell that contains them. */
    private Geometry polygons(Coordinate[] coords, int[] starts, int numParts) {
        List<LinearRing> shells = new ArrayList<>();
        List<List<LinearRing>> holes = new ArrayList<>();
        List<LinearRing> orphans = new ArrayList<>();
        for (int p = 0; p < numParts; p++) {
            Coordinate[] ring = java.util.Arrays.copyOfRange(coords, starts[p], starts[p + 1]);
            LinearRing r = factory.createLinearRing(ring);
            if (Orientation.isCCW(ring)) {
                orphans.add(r);
            } else {
                shells.add(r);
                holes.add(new ArrayList<>());
            }
        }
        for (LinearRing hole : orphans) {
            int owner = -1;
            for (int s = 0; s < shells.size() && owner < 0; s++) {
                if (shells.get(s).getEnvelopeInternal().covers(hole.getEnvelopeInternal())
                        && PointLocation.isInRing(hole.getCoordinateN(0), shells.get(s).getCoordinates())) {
                    owner = s;
                }
            }
            if (owner >= 0) {
                holes.get(owner).add(hole);
            } else {
                // A lone counter-clockwise ring: writers that ignore orientation produce these; take it as a shell.
                shells.add(hole);
                holes.add(new ArrayList<>());
            }
        }
        Polygon[] polys = new Polygon[shells.size()];
        for (int s = 0; s < polys.length; s++) {
            polys[s] = factory.createPolygon(shells.get(s), holes.get(s).toArray(new LinearRing[0]));
        }
        return polys.length == 1 ? polys[0] : factory.createMultiPolygon(polys);
    }

    private Coordinate coordinate(int at, double[] xy) {
        crs.toWgs84(shp.getDouble(at), shp.getDouble(at + 8), xy);
        return new Coordinate(xy[0], xy[1]);
    }

    private Map<String, Object> attributes(int i) {
        int base = dbfHeaderBytes + i * dbfRecordBytes;
        Map<String, Object> values = new LinkedHashMap<>();
        for (int c = 0; c < columns.size(); c++) {
            Column col = columns.get(c);
            int at = base + columnOffsets[c];
            byte[] raw = new byte[col.length()];
            dbf.get(at, raw);
            values.put(col.name(), value(i, col, raw));
        }
        return values;
    }

    private Object value(int i, Column col, byte[] raw) {
        switch (col.type()) {
            case 'N', 'F' -> {
                String s = new String(raw, StandardCharsets.US_ASCII).trim();
                if (s.isEmpty() || s.chars().allMatch(ch -> ch == '*')) return null;
                try {
                    if (s.indexOf('.') < 0 && s.indexOf('e') < 0 && s.indexOf('E') < 0 && s.length() < 19) {
                        return Long.parseLong(s);
                    }
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw record(i, "field " + col.name() + " holds '" + s + "', which is not a number");
                }
            }
            case 'D' -> {
                String s = new String(raw, StandardCharsets.US_ASCII).trim();
                if (s.isEmpty() || s.equals("00000000")) return null;
                try {
                    return LocalDate.of(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(4, 6)),
                            Integer.parseInt(s.substring(6, 8)));
                } catch (RuntimeException e) {
                    throw record(i, "field " + col.name() + " holds '" + s + "', which is not a date YYYYMMDD");
                }
            }
            case 'L' -> {
                return switch (raw[0]) {
                    case 'T', 't', 'Y', 'y' -> Boolean.TRUE;
                    case 'F', 'f', 'N', 'n' -> Boolean.FALSE;
                    default -> null;
                };
            }
            default -> {
                String s = new String(raw, charset).strip();
                return s.isEmpty() ? null : s;
            }
        }
    }

    private void checkLooksGeographic() {
        double minX = shp.getDouble(36), minY = shp.getDouble(44), maxX = shp.getDouble(52), maxY = shp.getDouble(60);
        if (count > 0 && (minX < -180 || maxX > 180 || minY < -90 || maxY > 90)) {
            throw new ExchangeFormatException("exchange.prj.missing",
                    "the shapefile has no .prj and its coordinates are not longitude/latitude; "
                            + "add the .prj or give crs=EPSG:45xx");
        }
    }

    private static int baseType(int type) {
        return switch (type) {
            case 0 -> 0;
            case 1, 11, 21 -> 1;
            case 3, 13, 23 -> 3;
            case 5, 15, 25 -> 5;
            case 8, 18, 28 -> 8;
            default -> -1;
        };
    }

    private static ExchangeFormatException broken(String file, String what) {
        return new ExchangeFormatException("exchange.shapefile.broken", "the " + file + " " + what, file, what);
    }

    private static ExchangeFormatException record(int index, String what) {
        return new ExchangeFormatException("exchange.shapefile.badRecord", "record " + index + " " + what, index, what);
    }
}
