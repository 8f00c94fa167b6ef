package org.gridwatch.exchange;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import mil.nga.geopackage.geom.GeoPackageGeometryData;
import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.geo.PointTransform;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * Reads the one feature table of an OGC GeoPackage: checks the file is SQLite with the GeoPackage
 * tables, finds the layer's coordinate system in {@code gpkg_spatial_ref_sys} (EPSG codes the service
 * knows, else the WKT definition), and hands over the rows one at a time with their geometry converted
 * to WGS84 lon/lat.
 *
 * <p>An uploaded GeoPackage is a program as much as a file: a "table" can be a view whose query never
 * ends. So the file is opened read-only through the SQLite driver itself (not a GeoPackage library that
 * runs its own checks and queries on open); the GeoPackage tables and the feature table must be plain
 * tables ({@code sqlite_master} type {@code table}, not virtual); {@code trusted_schema} is off; and all
 * SQLite work is bounded by a progress handler that stops any statement after {@code maxWork} or as
 * soon as the running job is cancelled.
 *
 * <p>Refused with an {@link ExchangeFormatException} (our own codes and words, never the library's):
 * a file that is not a GeoPackage, no feature table or more than one, a feature table that is a view or
 * a virtual table, more rows than {@code maxRecords}, work beyond the bound, a coordinate system that
 * cannot be read. A geometry blob that does not decode is reported for its record in
 * {@link Record#error()}, so the import lists it with the other bad records.
 *
 * <p>Not thread-safe; close it to release the SQLite file.
 */
public final class GeoPackageReader implements Closeable {

    /** The bound on SQLite work a reader gets when the caller names none. */
    public static final Duration DEFAULT_MAX_WORK = Duration.ofMinutes(2);

    private static final Logger log = LoggerFactory.getLogger(GeoPackageReader.class);
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    /** How many SQLite virtual machine steps between two looks at the clock and the cancel flag. */
    private static final int STEPS_PER_CHECK = 10_000;
    private static final List<String> GPKG_TABLES = List.of("gpkg_contents", "gpkg_geometry_columns",
            "gpkg_spatial_ref_sys");

    /** One row: 0-based index, WGS84 geometry (null if none or broken), attributes by column, or an error. */
    public record Record(int index, Geometry geometry, Map<String, Object> attributes, String error) {
    }

    private final Connection connection;
    private final Bound bound;
    private final String table;
    private final String geometryColumn;
    private final String geometryType;
    private final List<String> columns;
    private final int count;
    private final SourceCrs crs;

    private GeoPackageReader(Connection connection, Bound bound, String table, String geometryColumn,
                             String geometryType, List<String> columns, int count, SourceCrs crs) {
        this.connection = connection;
        this.bound = bound;
        this.table = table;
        this.geometryColumn = geometryColumn;
        this.geometryType = geometryType;
        this.columns = columns;
        this.count = count;
        this.crs = crs;
    }

    /** Opens {@code file} with the default bound on SQLite work and no cancellation. */
    public static GeoPackageReader open(Path file, SourceCrs crs, int maxRecords) throws IOException {
        return open(file, crs, maxRecords, DEFAULT_MAX_WORK, () -> false);
    }

    /**
     * Opens {@code file} and checks it; every statement on it (now and in {@link #forEach}) stops after
     * {@code maxWork}, or once {@code cancelled} says so (then {@link JobProgress.Cancelled} is thrown).
     *
     * @param crs the coordinate system to assume instead of the file's (null: the file's)
     */
    public static GeoPackageReader open(Path file, SourceCrs crs, int maxRecords, Duration maxWork,
                                        BooleanSupplier cancelled) throws IOException {
        byte[] head = new byte[SQLITE_MAGIC.length];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, head.length) != head.length || !java.util.Arrays.equals(head, SQLITE_MAGIC)) {
                throw broken("not an SQLite database");
            }
        }
        Bound bound = new Bound(maxWork, cancelled);
        Connection c;
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            config.setOpenMode(SQLiteOpenMode.READONLY);
            c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            ProgressHandler.setHandler(c, STEPS_PER_CHECK, bound);
        } catch (SQLException e) {
            log.debug("GeoPackage open failed", e);
            throw broken("SQLite cannot open it");
        }
        try {
            bound.start();
            try (var st = c.createStatement()) {
                // Functions marked unsafe may not run from the file's own schema (views, triggers, defaults).
                st.execute("PRAGMA trusted_schema = OFF");
            }
            for (String t : GPKG_TABLES) {
                if (!plainTable(c, t)) throw broken("no plain table " + t);
            }
            List<String> tables = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT table_name FROM gpkg_contents WHERE lower(data_type) = 'features' LIMIT 100");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            if (tables.size() != 1) {
                throw new ExchangeFormatException("exchange.geopackage.notOneLayer",
                        "the GeoPackage must hold exactly one feature table; it holds " + tables.size(), tables.size());
            }
            String table = tables.get(0);
            if (table == null || !plainTable(c, table)) {
                throw new ExchangeFormatException("exchange.geopackage.notATable",
                        "the feature table '" + table + "' is a view, a virtual table or missing; only plain tables are imported",
                        String.valueOf(table));
            }
            String geometryColumn;
            String geometryType;
            long srsId;
            try (PreparedStatement s = c.prepareStatement("SELECT column_name, geometry_type_name, srs_id "
                    + "FROM gpkg_geometry_columns WHERE table_name = ? LIMIT 1")) {
                s.setString(1, table);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) throw broken("no gpkg_geometry_columns row for " + table);
                    geometryColumn = rs.getString(1);
                    geometryType = rs.getString(2);
                    srsId = rs.getLong(3);
                }
            }
            SourceCrs effective = crs != null ? crs : crsOf(c, srsId);
            List<String> columns = new ArrayList<>();
            boolean hasGeometry = false;
            try (PreparedStatement s = c.prepareStatement("SELECT name, pk FROM pragma_table_info(?)")) {
                s.setString(1, table);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String name = rs.getString(1);
                        if (name.equalsIgnoreCase(geometryColumn)) hasGeometry = true;
                        else if (rs.getInt(2) == 0) columns.add(name);
                    }
                }
            }
            if (!hasGeometry) throw broken("the geometry column " + geometryColumn + " is not in " + table);
            // The count is bounded first, so a hostile file cannot make the service walk a billion rows.
            int rows;
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM (SELECT 1 FROM " + quote(table)
                    + " LIMIT " + ((long) maxRecords + 1) + ")");
                 ResultSet rs = s.executeQuery()) {
                rows = rs.next() ? rs.getInt(1) : 0;
            }
            if (rows > maxRecords) {
                throw new ExchangeFormatException("exchange.import.tooManyRecords",
                        "the file has more than " + maxRecords + " records", rows, maxRecords);
            }
            return new GeoPackageReader(c, bound, table, geometryColumn, geometryType, List.copyOf(columns), rows,
                    effective);
        } catch (ExchangeFormatException | JobProgress.Cancelled e) {
            closeQuietly(c);
            throw e;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw bound.refusal(e);
        }
    }

    /** Whether {@code name} is an ordinary table: not a view, not a virtual table, not missing. */
    private static boolean plainTable(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT type, sql FROM sqlite_master WHERE name = ? COLLATE NOCASE")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) return false;
                String type = rs.getString(1);
                String sql = rs.getString(2) == null ? "" : rs.getString(2).trim().toUpperCase(Locale.ROOT);
                return "table".equals(type) && !sql.startsWith("CREATE VIRTUAL");
            }
        }
    }

    private static SourceCrs crsOf(Connection c, long srsId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT organization, organization_coordsys_id, definition "
                + "FROM gpkg_spatial_ref_sys WHERE srs_id = ?")) {
            s.setLong(1, srsId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) throw broken("the layer's srs_id " + srsId + " is not in gpkg_spatial_ref_sys");
                String organization = rs.getString(1);
                long code = rs.getLong(2);
                String definition = rs.getString(3);
                if ("EPSG".equalsIgnoreCase(organization) && (code == 4326 || code == 4490 || code == 3857
                        || (code >= ExportCrs.FIRST_GK_EPSG && code <= ExportCrs.LAST_GK_EPSG))) {
                    return SourceCrs.parse("EPSG:" + code);
                }
                return SourceCrs.fromPrj(definition);
            }
        }
    }

    /** Our refusal for a file that is not a readable GeoPackage; {@code why} goes to the log only. */
    private static ExchangeFormatException broken(String why) {
        log.debug("GeoPackage refused: {}", why);
        return new ExchangeFormatException("exchange.geopackage.broken", "the GeoPackage cannot be read: " + why);
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            log.debug("closing a GeoPackage failed", e);
        }
    }

    public int count() {
        return count;
    }

    public String crsDescription() {
        return crs.description();
    }

    public String geometryTypeName() {
        return geometryType;
    }

    /** Attribute columns (neither the primary key nor the geometry), in table order. */
    public List<String> columns() {
        return columns;
    }

    public String table() {
        return table;
    }

    /** Hands every row to {@code sink} in table order; the bound on SQLite work starts again for this pass. */
    public void forEach(Consumer<Record> sink) {
        WKBReader wkb = new WKBReader(GeometryFactories.WGS84);
        PointTransform toWgs84 = crs::toWgs84;
        boolean identity = crs.description().equals("EPSG:4326") || crs.description().equals("EPSG:4490");
        StringBuilder sql = new StringBuilder("SELECT ").append(quote(geometryColumn));
        for (String c : columns) sql.append(", ").append(quote(c));
        sql.append(" FROM ").append(quote(table)).append(" LIMIT ").append(count);
        bound.start();
        try (PreparedStatement s = connection.prepareStatement(sql.toString());
             ResultSet rs = s.executeQuery()) {
            int index = 0;
            while (rs.next()) {
                Map<String, Object> attributes = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    Object v = rs.getObject(i + 2);
                    attributes.put(columns.get(i), v instanceof byte[] ? null : v);
                }
                Geometry g = null;
                String error = null;
                byte[] blob = rs.getBytes(1);
                if (blob != null) {
                    try {
                        GeoPackageGeometryData data = GeoPackageGeometryData.create(blob);
                        if (!data.isEmpty()) {
                            g = wkb.read(data.getWkb());
                            if (!identity) g = toWgs84.applyTo(g);
                        }
                    } catch (IOException | ParseException | RuntimeException e) {
                        log.debug("GeoPackage geometry {} not decoded", index, e);
                        error = "the geometry blob cannot be decoded";
                    }
                }
                sink.accept(new Record(index++, g, attributes, error));
            }
        } catch (SQLException e) {
            throw bound.refusal(e);
        }
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    /**
     * Stops SQLite work past a deadline or on cancellation: SQLite calls {@link #progress()} every
     * {@value #STEPS_PER_CHECK} steps of any statement and interrupts the statement when it answers
     * non-zero, so even a query that would never end returns within one check.
     */
    private static final class Bound extends ProgressHandler {
        private final Duration maxWork;
        private final BooleanSupplier cancelled;
        private volatile long deadline = Long.MAX_VALUE;
        private volatile boolean timedOut;
        private volatile boolean wasCancelled;

        Bound(Duration maxWork, BooleanSupplier cancelled) {
            this.maxWork = maxWork;
            this.cancelled = cancelled;
        }

        void start() {
            deadline = System.nanoTime() + maxWork.toNanos();
        }

        @Override
        protected int progress() {
            if (cancelled.getAsBoolean()) {
                wasCancelled = true;
                return 1;
            }
            if (System.nanoTime() - deadline > 0) {
                timedOut = true;
                return 1;
            }
            return 0;
        }

        /** What a failed statement becomes: the job's cancellation, our time-out refusal, or "broken". */
        RuntimeException refusal(Exception e) {
            if (wasCancelled) return new JobProgress.Cancelled();
            if (timedOut) {
                return new ExchangeFormatException("exchange.geopackage.tooSlow",
                        "reading the GeoPackage took longer than " + maxWork.toSeconds() + " s", maxWork.toSeconds());
            }
            if (e instanceof ExchangeFormatException f) return f;
            log.debug("GeoPackage statement failed", e);
            return broken("a statement failed");
        }
    }
}
