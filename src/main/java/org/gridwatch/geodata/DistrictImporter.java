package org.gridwatch.geodata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.gridwatch.feature.FeatureDraft;
import org.gridwatch.feature.FeatureJson;
import org.gridwatch.feature.FeatureService;
import org.gridwatch.feature.FeatureTypeView;
import org.gridwatch.geo.PostgresCopyText;
import org.gridwatch.geo.GeoJsonFeature;
import org.gridwatch.geo.GeoJsonFormatException;
import org.gridwatch.geo.GeoJsonStream;
import org.gridwatch.geo.GeometryIssue;
import org.gridwatch.geo.GeometryValidator;
import org.gridwatch.geo.MetricProjection;
import org.gridwatch.grid.SmallGridLocator;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTWriter;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;

/**
 * Loads a district (large grids, small grids, streets, features as GeoJSON FeatureCollections, the
 * files the generator writes) into the store, all in one transaction: a crash or a bad record
 * leaves the store as it was. Features are streamed, so a million of them load in bounded memory;
 * on PostGIS they go through COPY, on H2GIS through JDBC batches.
 */
@Service
public class DistrictImporter {

    private static final Logger log = LoggerFactory.getLogger(DistrictImporter.class);
    private static final int BATCH = 5_000;
    private static final long PROGRESS_EVERY = 100_000;
    private static final long EMBEDDED_COMMIT_EVERY = 50_000;

    /** Opens one of the four files by name ({@code large_grids.geojson} ...). */
    public interface Source {
        InputStream open(String fileName) throws IOException;

        /** The file on disk, when there is one (then features can be read in spatial order). */
        default java.nio.file.Path file(String fileName) {
            return null;
        }
    }

    /** What was loaded. */
    public record Counts(long largeGrids, long smallGrids, long streets, long features, long featuresOutsideGrids) {
    }

    private final DataSource dataSource;
    private final TransactionTemplate tx;
    private final FeatureService features;

    DistrictImporter(DataSource dataSource, PlatformTransactionManager transactions, FeatureService features) {
        this.dataSource = dataSource;
        this.tx = new TransactionTemplate(transactions);
        this.features = features;
    }

    /** Loads {@code source} (described by {@code label} in the import log) into the empty store. */
    public Counts load(Source source) {
        return load(source, "district");
    }

    public Counts load(Source source, String label) {
        if (isPostgres()) {
            return tx.execute(status -> {
                Connection c = DataSourceUtils.getConnection(dataSource);
                try {
                    return load(source, c, true);
                } catch (SQLException e) {
                    throw new IllegalStateException("loading the district failed: " + e.getMessage(), e);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return loadEmbedded(source, label);
    }

    /**
     * H2 keeps a transaction's undo log until commit: committing a million rows at once took minutes
     * and more than a gigabyte. The embedded store therefore commits in chunks; since an import only
     * ever goes into an empty store, a failure empties the tables again, and a crash is caught at the
     * next start by the unfinished row in {@code district_import} ({@link #clearInterruptedImport()}).
     */
    private Counts loadEmbedded(Source source, String label) {
        long run;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO district_import (source, started_at) VALUES (?, ?)", new String[]{"id"})) {
                ps.setString(1, label);
                ps.setObject(2, Instant.now().atOffset(ZoneOffset.UTC));
                ps.executeUpdate();
                try (var keys = ps.getGeneratedKeys()) {
                    keys.next();
                    run = keys.getLong(1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the import: " + e.getMessage(), e);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            Counts counts = load(source, c, false);
            c.commit();
            try (PreparedStatement ps = c.prepareStatement("UPDATE district_import SET finished_at = ? WHERE id = ?")) {
                ps.setObject(1, Instant.now().atOffset(ZoneOffset.UTC));
                ps.setLong(2, run);
                ps.executeUpdate();
            }
            c.commit();
            return counts;
        } catch (SQLException | IOException | RuntimeException e) {
            clearTables();
            if (e instanceof RuntimeException r) throw r;
            throw new IllegalStateException("loading the district failed: " + e.getMessage(), e);
        }
    }

    /**
     * Clears a load that a crash interrupted (a {@code district_import} row without finished_at).
     *
     * @return true when there was one
     */
    public boolean clearInterruptedImport() {
        if (isPostgres()) {
            return false; // PostgreSQL imports are one transaction: a crash leaves nothing behind.
        }
        try (Connection c = dataSource.getConnection();
             var st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*) FROM district_import WHERE finished_at IS NULL")) {
            rs.next();
            if (rs.getLong(1) == 0) return false;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        log.warn("A previous district import was interrupted; clearing its partial data before loading again");
        clearTables();
        return true;
    }

    private void clearTables() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (var st = c.createStatement()) {
                st.execute("DELETE FROM feature");
                st.execute("DELETE FROM street");
                st.execute("DELETE FROM grid");
                st.execute("DELETE FROM district_import");
            }
        } catch (SQLException e) {
            log.error("Could not clear a failed import: {}", e.getMessage());
        }
    }

    private boolean isPostgres() {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Counts load(Source source, Connection c, boolean postgres) throws SQLException, IOException {
        long started = System.nanoTime();
        Instant now = Instant.now();
        long large = loadGrids(source, "large_grids.geojson", "large", c, now, null);
        List<SmallGridLocator.Area> smallAreas = new ArrayList<>();
        long small = loadGrids(source, "small_grids.geojson", "small", c, now, smallAreas);
        SmallGridLocator locator = new SmallGridLocator(smallAreas);
        long streets = loadStreets(source, c);
        Set<String> types = new java.util.HashSet<>();
        for (FeatureTypeView t : features.types()) types.add(t.key());
        long[] outside = new long[1];
        long featureCount = postgres ? copyFeatures(source, c, locator, types, now, outside)
                : batchFeatures(source, c, locator, types, now, outside);
        if (postgres) {
            try (var st = c.createStatement()) {
                st.execute("ANALYZE grid; ANALYZE feature; ANALYZE street");
            }
        }
        log.info("District loaded in {} s: {} large grids, {} small grids, {} streets, {} features ({} outside every grid)",
                String.format("%.1f", (System.nanoTime() - started) / 1e9), large, small, streets, featureCount, outside[0]);
        return new Counts(large, small, streets, featureCount, outside[0]);
    }

    private long loadGrids(Source source, String file, String level, Connection c, Instant now,
                           List<SmallGridLocator.Area> collect) throws SQLException, IOException {
        String sql = "INSERT INTO grid (code, name, level, parent_code, responsible_person, phone, geom, area_m2, "
                + "created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ST_GeomFromText(?, 4326), ?, ?, ?, 0)";
        WKTWriter wkt = new WKTWriter();
        long[] n = new long[1];
        try (PreparedStatement ps = c.prepareStatement(sql); InputStream in = source.open(file)) {
            GeoJsonStream.forEachFeature(in, node -> {
                long index = n[0]++;
                GeoJsonFeature f = GeoJsonFeature.of(node);
                String code = f.text("code");
                Geometry g = f.geometry();
                GeometryIssue issue = GeometryValidator.check(g, GeometryValidator.AREAL).orElse(null);
                if (code == null || f.text("name") == null || issue != null) {
                    throw new GeoJsonFormatException("import.record",
                            file + " record " + index + " (" + code + "): "
                                    + (issue != null ? issue.englishDetail() : "code and name are required"),
                            file, index, String.valueOf(code));
                }
                try {
                    ps.setString(1, code);
                    ps.setString(2, f.text("name"));
                    ps.setString(3, level);
                    ps.setString(4, level.equals("small") ? f.text("parentCode") : null);
                    ps.setString(5, f.text("responsiblePerson"));
                    ps.setString(6, f.text("phone"));
                    ps.setString(7, wkt.write(g));
                    ps.setDouble(8, MetricProjection.areaM2Of(g));
                    ps.setObject(9, now.atOffset(ZoneOffset.UTC));
                    ps.setObject(10, now.atOffset(ZoneOffset.UTC));
                    ps.addBatch();
                    if (n[0] % 1000 == 0) ps.executeBatch();
                } catch (SQLException e) {
                    throw new IllegalStateException(file + " record " + index + ": " + e.getMessage(), e);
                }
                if (collect != null) collect.add(new SmallGridLocator.Area(code, g));
            });
            ps.executeBatch();
        }
        return n[0];
    }

    private long loadStreets(Source source, Connection c) throws SQLException, IOException {
        String sql = "INSERT INTO street (name, street_class, geom) VALUES (?, ?, ST_GeomFromText(?, 4326))";
        WKTWriter wkt = new WKTWriter();
        long[] n = new long[1];
        try (PreparedStatement ps = c.prepareStatement(sql); InputStream in = source.open("streets.geojson")) {
            GeoJsonStream.forEachFeature(in, node -> {
                long index = n[0]++;
                GeoJsonFeature f = GeoJsonFeature.of(node);
                GeometryIssue issue = GeometryValidator.check(f.geometry(), GeometryValidator.LINEAL).orElse(null);
                if (issue != null) {
                    throw new GeoJsonFormatException("import.record",
                            "streets.geojson record " + index + ": " + issue.englishDetail(),
                            "streets.geojson", index, "");
                }
                try {
                    ps.setString(1, f.text("name"));
                    ps.setString(2, f.text("class"));
                    ps.setString(3, wkt.write(f.geometry()));
                    ps.addBatch();
                    if (n[0] % BATCH == 0) ps.executeBatch();
                } catch (SQLException e) {
                    throw new IllegalStateException("streets.geojson record " + index + ": " + e.getMessage(), e);
                }
            });
            ps.executeBatch();
        }
        return n[0];
    }

    private FeatureDraft checkedFeature(JsonNode node, long index, Set<String> types) {
        FeatureDraft d = FeatureJson.draft(node);
        GeometryIssue issue = GeometryValidator.check(d.point(), GeometryValidator.PUNTAL).orElse(null);
        String problem = issue != null ? issue.englishDetail()
                : !types.contains(d.type()) ? "unknown feature type '" + d.type() + "'"
                : d.status() != null && !d.status().equals("active") && !d.status().equals("removed")
                ? "status must be active or removed" : null;
        if (problem != null) {
            throw new GeoJsonFormatException("import.record", "features.geojson record " + index + ": " + problem,
                    "features.geojson", index, problem);
        }
        return d;
    }

    private long batchFeatures(Source source, Connection c, SmallGridLocator locator, Set<String> types, Instant now,
                               long[] outside) throws SQLException, IOException {
        String sql = "INSERT INTO feature (type_key, geom, name, code, address, status, attributes, grid_code, "
                + "created_at, updated_at, version) VALUES (?, ST_SetSRID(ST_MakePoint(?, ?), 4326), ?, ?, ?, ?, ?, ?, ?, ?, 0)";
        long[] n = new long[1];
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            forEachFeatureInSpatialOrder(source, (node, index) -> {
                n[0]++;
                FeatureDraft d = checkedFeature(node, index, types);
                String grid = locator.codeAt(d.point().getX(), d.point().getY());
                if (grid == null) outside[0]++;
                try {
                    ps.setString(1, d.type());
                    ps.setDouble(2, d.point().getX());
                    ps.setDouble(3, d.point().getY());
                    ps.setString(4, d.name());
                    ps.setString(5, d.code());
                    ps.setString(6, d.address());
                    ps.setString(7, d.status() == null ? "active" : d.status());
                    ps.setString(8, d.attributesJson() == null ? "{}" : d.attributesJson());
                    ps.setString(9, grid);
                    ps.setObject(10, (d.createdAt() == null ? now : d.createdAt()).atOffset(ZoneOffset.UTC));
                    ps.setObject(11, now.atOffset(ZoneOffset.UTC));
                    ps.addBatch();
                    if (n[0] % BATCH == 0) {
                        ps.executeBatch();
                        if (n[0] % EMBEDDED_COMMIT_EVERY == 0) c.commit();
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException("features.geojson record " + index + ": " + e.getMessage(), e);
                }
                progress(n[0]);
            });
            ps.executeBatch();
        }
        return n[0];
    }

    private long copyFeatures(Source source, Connection c, SmallGridLocator locator, Set<String> types, Instant now,
                              long[] outside) throws SQLException, IOException {
        // Into an empty table, building the indexes once at the end is several times faster than
        // maintaining them row by row; the DDL is transactional, so a failure restores them.
        List<String> indexes = new ArrayList<>();
        try (var st = c.createStatement();
             var rs = st.executeQuery("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                     + "AND tablename = 'feature' AND indexname <> 'feature_pkey'")) {
            while (rs.next()) indexes.add(rs.getString(1));
        }
        try (var st = c.createStatement()) {
            for (String def : indexes) {
                st.execute("DROP INDEX " + def.replaceFirst("^CREATE (UNIQUE )?INDEX (\\S+) ON .*$", "$2"));
            }
        }
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "COPY feature (type_key, geom, name, code, address, status, attributes, grid_code, created_at, "
                        + "updated_at, version) FROM STDIN");
        String nowText = now.toString();
        StringBuilder rows = new StringBuilder(1 << 20);
        long[] n = new long[1];
        try {
            forEachFeatureInSpatialOrder(source, (node, index) -> {
                n[0]++;
                FeatureDraft d = checkedFeature(node, index, types);
                String grid = locator.codeAt(d.point().getX(), d.point().getY());
                if (grid == null) outside[0]++;
                PostgresCopyText.field(rows, d.type()).append('\t');
                PostgresCopyText.point4326(rows, d.point().getX(), d.point().getY()).append('\t');
                PostgresCopyText.field(rows, d.name()).append('\t');
                PostgresCopyText.field(rows, d.code()).append('\t');
                PostgresCopyText.field(rows, d.address()).append('\t');
                PostgresCopyText.field(rows, d.status() == null ? "active" : d.status()).append('\t');
                PostgresCopyText.field(rows, d.attributesJson() == null ? "{}" : d.attributesJson()).append('\t');
                PostgresCopyText.field(rows, grid).append('\t');
                rows.append(d.createdAt() == null ? nowText : d.createdAt().toString()).append('\t');
                rows.append(nowText).append("\t0\n");
                if (rows.length() > (1 << 20) - 4096) flush(copy, rows);
                progress(n[0]);
            });
            flush(copy, rows);
            copy.endCopy();
        } catch (RuntimeException | IOException e) {
            if (copy.isActive()) copy.cancelCopy();
            throw e;
        }
        try (var st = c.createStatement()) {
            for (String def : indexes) st.execute(def);
        }
        return n[0];
    }

    /** Receives a feature and its index in the file. */
    private interface IndexedFeatureSink {
        void accept(JsonNode feature, long fileIndex);
    }

    /** Above this many features the spatial sort key no longer fits; they load in file order. */
    private static final int MAX_SORTED_FEATURES = 1 << 22;
    private static final int MORTON_BITS_PER_AXIS = 20;

    /**
     * Hands over the features ordered along a Z-order (Morton) curve of their position, so that
     * ids, and the rows both stores keep in id order, are spatially clustered: a viewport's few
     * thousand rows then sit on a few dozen pages instead of thousands. Needs the file on disk
     * (two passes: a scan for positions and byte ranges, then positional reads); other sources,
     * such as the small bundled sample, load in file order.
     */
    private static void forEachFeatureInSpatialOrder(Source source, IndexedFeatureSink sink) throws IOException {
        java.nio.file.Path file = source.file("features.geojson");
        if (file == null) {
            long[] index = new long[1];
            try (InputStream in = source.open("features.geojson")) {
                GeoJsonStream.forEachFeature(in, node -> sink.accept(node, index[0]++));
            }
            return;
        }
        LongArray starts = new LongArray(), ends = new LongArray();
        DoubleArray lons = new DoubleArray(), lats = new DoubleArray();
        try (InputStream in = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file), 1 << 16)) {
            GeoJsonStream.scanPointSpans(in, (start, end, lon, lat) -> {
                starts.add(start);
                ends.add(end);
                lons.add(lon);
                lats.add(lat);
            });
        }
        int n = starts.size();
        long[] order = new long[n];
        boolean sortable = n <= MAX_SORTED_FEATURES;
        double minLon = Double.POSITIVE_INFINITY, maxLon = Double.NEGATIVE_INFINITY;
        double minLat = Double.POSITIVE_INFINITY, maxLat = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double lon = lons.get(i), lat = lats.get(i);
            if (Double.isFinite(lon) && Double.isFinite(lat)) {
                minLon = Math.min(minLon, lon);
                maxLon = Math.max(maxLon, lon);
                minLat = Math.min(minLat, lat);
                maxLat = Math.max(maxLat, lat);
            }
        }
        double cells = (1 << MORTON_BITS_PER_AXIS) - 1;
        for (int i = 0; i < n; i++) {
            long key = 0;
            if (sortable && maxLon > minLon && maxLat > minLat && Double.isFinite(lons.get(i)) && Double.isFinite(lats.get(i))) {
                long x = Math.round((lons.get(i) - minLon) / (maxLon - minLon) * cells);
                long y = Math.round((lats.get(i) - minLat) / (maxLat - minLat) * cells);
                key = interleave(x) | (interleave(y) << 1);
            }
            order[i] = sortable ? (key << 22) | i : i;
        }
        if (sortable) java.util.Arrays.sort(order);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(1 << 16);
            for (int k = 0; k < n; k++) {
                int i = (int) (sortable ? order[k] & ((1 << 22) - 1) : order[k]);
                int length = (int) (ends.get(i) - starts.get(i));
                if (buffer.capacity() < length) buffer = java.nio.ByteBuffer.allocate(length);
                buffer.clear().limit(length);
                long position = starts.get(i);
                while (buffer.hasRemaining()) {
                    int read = channel.read(buffer, position + buffer.position());
                    if (read < 0) throw new java.io.EOFException("features.geojson ended inside record " + i);
                }
                sink.accept(GeoJsonStream.readFeature(java.util.Arrays.copyOf(buffer.array(), length)), i);
            }
        }
    }

    /** Spreads the low 20 bits of {@code v} to the even bit positions. */
    private static long interleave(long v) {
        long x = v & 0xFFFFFL;
        x = (x | (x << 16)) & 0x0000FFFF0000FFFFL;
        x = (x | (x << 8)) & 0x00FF00FF00FF00FFL;
        x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x << 2)) & 0x3333333333333333L;
        x = (x | (x << 1)) & 0x5555555555555555L;
        return x;
    }

    /** A growable primitive array, so a million offsets cost 8 MB and not 24. */
    private static final class LongArray {
        private long[] values = new long[1024];
        private int size;

        void add(long v) {
            if (size == values.length) values = java.util.Arrays.copyOf(values, size * 2);
            values[size++] = v;
        }

        long get(int i) {
            return values[i];
        }

        int size() {
            return size;
        }
    }

    private static final class DoubleArray {
        private double[] values = new double[1024];
        private int size;

        void add(double v) {
            if (size == values.length) values = java.util.Arrays.copyOf(values, size * 2);
            values[size++] = v;
        }

        double get(int i) {
            return values[i];
        }
    }

    private static void flush(CopyIn copy, StringBuilder rows) {
        if (rows.isEmpty()) return;
        byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into feature failed: " + e.getMessage(), e);
        }
        rows.setLength(0);
    }

    private static void progress(long n) {
        if (n % PROGRESS_EVERY == 0) {
            log.info("... {} features loaded", n);
        }
    }

    /** A source reading from a directory on disk. */
    public static Source directory(java.nio.file.Path dir) {
        return new Source() {
            @Override
            public InputStream open(String fileName) throws IOException {
                return java.nio.file.Files.newInputStream(dir.resolve(fileName));
            }

            @Override
            public java.nio.file.Path file(String fileName) {
                return dir.resolve(fileName);
            }
        };
    }

    /** A source reading from the classpath under {@code prefix} (for the bundled sample). */
    public static Source classpath(String prefix) {
        return name -> {
            InputStream in = DistrictImporter.class.getClassLoader().getResourceAsStream(prefix + name);
            if (in == null) throw new java.io.FileNotFoundException("classpath:" + prefix + name);
            return in;
        };
    }

}
