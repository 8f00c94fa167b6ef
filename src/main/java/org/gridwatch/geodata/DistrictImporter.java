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
import org.gridwatch.geo.GeoJsonFeature;
import org.gridwatch.geo.GeoJsonFormatException;
import org.gridwatch.geo.GeoJsonStream;
import org.gridwatch.geo.GeometryIssue;
import org.gridwatch.geo.GeometryValidator;
import org.gridwatch.geo.MetricProjection;
import org.gridwatch.grid.SmallGridLocator;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.WKBWriter;
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

    /** Opens one of the four files by name ({@code large_grids.geojson} ...). */
    public interface Source {
        InputStream open(String fileName) throws IOException;
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

    public Counts load(Source source) {
        return tx.execute(status -> {
            Connection c = DataSourceUtils.getConnection(dataSource);
            try {
                return load(source, c);
            } catch (SQLException e) {
                throw new IllegalStateException("loading the district failed: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private Counts load(Source source, Connection c) throws SQLException, IOException {
        long started = System.nanoTime();
        Instant now = Instant.now();
        long large = loadGrids(source, "large_grids.geojson", "large", c, now, null);
        List<SmallGridLocator.Area> smallAreas = new ArrayList<>();
        long small = loadGrids(source, "small_grids.geojson", "small", c, now, smallAreas);
        SmallGridLocator locator = new SmallGridLocator(smallAreas);
        long streets = loadStreets(source, c);
        Set<String> types = new java.util.HashSet<>();
        for (FeatureTypeView t : features.types()) types.add(t.key());
        boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
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
        try (PreparedStatement ps = c.prepareStatement(sql); InputStream in = source.open("features.geojson")) {
            GeoJsonStream.forEachFeature(in, node -> {
                long index = n[0]++;
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
                    if (n[0] % BATCH == 0) ps.executeBatch();
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
        WKBWriter wkb = new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN, true);
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "COPY feature (type_key, geom, name, code, address, status, attributes, grid_code, created_at, "
                        + "updated_at, version) FROM STDIN");
        String nowText = now.toString();
        StringBuilder rows = new StringBuilder(1 << 20);
        long[] n = new long[1];
        try (InputStream in = source.open("features.geojson")) {
            GeoJsonStream.forEachFeature(in, node -> {
                long index = n[0]++;
                FeatureDraft d = checkedFeature(node, index, types);
                String grid = locator.codeAt(d.point().getX(), d.point().getY());
                if (grid == null) outside[0]++;
                copyField(rows, d.type()).append('\t');
                rows.append(WKBWriter.toHex(wkb.write(d.point()))).append('\t');
                copyField(rows, d.name()).append('\t');
                copyField(rows, d.code()).append('\t');
                copyField(rows, d.address()).append('\t');
                copyField(rows, d.status() == null ? "active" : d.status()).append('\t');
                copyField(rows, d.attributesJson() == null ? "{}" : d.attributesJson()).append('\t');
                copyField(rows, grid).append('\t');
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

    /** Escapes a value for COPY's text format: backslash, tab, newline and carriage return; null as \N. */
    private static StringBuilder copyField(StringBuilder out, String v) {
        if (v == null) return out.append("\\N");
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
        return out;
    }

    private static void progress(long n) {
        if (n % PROGRESS_EVERY == 0) {
            log.info("... {} features loaded", n);
        }
    }

    /** A source reading from a directory on disk. */
    public static Source directory(java.nio.file.Path dir) {
        return name -> java.nio.file.Files.newInputStream(dir.resolve(name));
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
