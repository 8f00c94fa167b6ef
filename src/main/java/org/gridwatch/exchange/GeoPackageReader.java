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
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.features.columns.GeometryColumns;
import mil.nga.geopackage.geom.GeoPackageGeometryData;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.geo.PointTransform;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

/**
 * Reads the one feature table of an OGC GeoPackage: checks the file is SQLite with the GeoPackage
 * tables (through the NGA GeoPackage library), finds the layer's coordinate system in
 * {@code gpkg_spatial_ref_sys} (EPSG codes the service knows, else the WKT definition), and hands over
 * the rows one at a time with their geometry converted to WGS84 lon/lat.
 *
 * <p>Refused with an {@link ExchangeFormatException}: a file that is not SQLite, or not a GeoPackage,
 * no feature table or more than one, more rows than {@code maxRecords}, a coordinate system that
 * cannot be read. A geometry blob that does not decode is reported for its record (index, reason) in
 * {@link Record#error()}, so the import lists it with the other bad records.
 *
 * <p>Not thread-safe; close it to release the SQLite file.
 */
public final class GeoPackageReader implements Closeable {

    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    /** One row: 0-based index, WGS84 geometry (null if none or broken), attributes by column, or an error. */
    public record Record(int index, Geometry geometry, Map<String, Object> attributes, String error) {
    }

    private final GeoPackage geoPackage;
    private final String table;
    private final String geometryColumn;
    private final String geometryType;
    private final List<String> columns;
    private final int count;
    private final SourceCrs crs;

    private GeoPackageReader(GeoPackage geoPackage, String table, String geometryColumn, String geometryType,
                             List<String> columns, int count, SourceCrs crs) {
        this.geoPackage = geoPackage;
        this.table = table;
        this.geometryColumn = geometryColumn;
        this.geometryType = geometryType;
        this.columns = columns;
        this.count = count;
        this.crs = crs;
    }

    /**
     * Opens {@code file}.
     *
     * @param crs the coordinate system to assume instead of the file's (null: the file's)
     */
    public static GeoPackageReader open(Path file, SourceCrs crs, int maxRecords) throws IOException {
        byte[] head = new byte[SQLITE_MAGIC.length];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, head.length) != head.length || !java.util.Arrays.equals(head, SQLITE_MAGIC)) {
                throw broken("not an SQLite database");
            }
        }
        GeoPackage gpkg;
        try {
            gpkg = GeoPackageManager.open(file.toFile(), false);
        } catch (RuntimeException e) {
            throw broken(e.getMessage());
        }
        try {
            List<String> tables;
            try {
                tables = gpkg.getFeatureTables();
            } catch (RuntimeException e) {
                throw broken("no gpkg_contents table (" + e.getMessage() + ")");
            }
            if (tables.size() != 1) {
                throw new ExchangeFormatException("exchange.geopackage.notOneLayer",
                        "the GeoPackage must hold exactly one feature table; it holds " + tables.size(), tables.size());
            }
            String table = tables.get(0);
            GeometryColumns gc = gpkg.getGeometryColumnsDao().queryForTableName(table);
            if (gc == null) throw broken("no gpkg_geometry_columns row for " + table);
            SourceCrs effective = crs != null ? crs : crsOf(gpkg.getSpatialReferenceSystemDao().queryForId(gc.getSrsId()),
                    gc.getSrsId());
            Connection c = gpkg.getConnection().getConnection();
            List<String> columns = new ArrayList<>();
            int rows;
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM \"" + table.replace("\"", "\"\"") + "\" LIMIT 0")) {
                ResultSetMetaData md = s.executeQuery().getMetaData();
                String pk = gpkg.getFeatureDao(table).getPkColumnName();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String name = md.getColumnName(i);
                    if (!name.equalsIgnoreCase(gc.getColumnName()) && !name.equalsIgnoreCase(pk)) columns.add(name);
                }
            }
            // The count is bounded first, so a hostile file cannot make the service walk a billion rows.
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM (SELECT 1 FROM \""
                    + table.replace("\"", "\"\"") + "\" LIMIT " + ((long) maxRecords + 1) + ")");
                 ResultSet rs = s.executeQuery()) {
                rows = rs.next() ? rs.getInt(1) : 0;
            }
            if (rows > maxRecords) {
                throw new ExchangeFormatException("exchange.import.tooManyRecords",
                        "the file has more than " + maxRecords + " records", rows, maxRecords);
            }
            return new GeoPackageReader(gpkg, table, gc.getColumnName(), gc.getGeometryTypeName(), List.copyOf(columns),
                    rows, effective);
        } catch (ExchangeFormatException e) {
            gpkg.close();
            throw e;
        } catch (SQLException | RuntimeException e) {
            gpkg.close();
            throw broken(e.getMessage());
        }
    }

    private static SourceCrs crsOf(SpatialReferenceSystem srs, long srsId) {
        if (srs == null) throw broken("the layer's srs_id " + srsId + " is not in gpkg_spatial_ref_sys");
        if ("EPSG".equalsIgnoreCase(srs.getOrganization())) {
            long code = srs.getOrganizationCoordsysId();
            if (code == 4326 || code == 4490 || code == 3857
                    || (code >= ExportCrs.FIRST_GK_EPSG && code <= ExportCrs.LAST_GK_EPSG)) {
                return SourceCrs.parse("EPSG:" + code);
            }
        }
        return SourceCrs.fromPrj(srs.getDefinition());
    }

    private static ExchangeFormatException broken(String why) {
        return new ExchangeFormatException("exchange.geopackage.broken", "the GeoPackage cannot be read: " + why,
                String.valueOf(why));
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

    /** Hands every row to {@code sink} in primary-key order. */
    public void forEach(Consumer<Record> sink) {
        WKBReader wkb = new WKBReader(GeometryFactories.WGS84);
        PointTransform toWgs84 = crs::toWgs84;
        boolean identity = crs.description().equals("EPSG:4326") || crs.description().equals("EPSG:4490");
        StringBuilder sql = new StringBuilder("SELECT \"").append(geometryColumn.replace("\"", "\"\"")).append('"');
        for (String c : columns) sql.append(", \"").append(c.replace("\"", "\"\"")).append('"');
        sql.append(" FROM \"").append(table.replace("\"", "\"\"")).append("\" LIMIT ").append(count);
        try (PreparedStatement s = geoPackage.getConnection().getConnection().prepareStatement(sql.toString());
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
                        error = "the geometry blob cannot be decoded: " + e.getMessage();
                    }
                }
                sink.accept(new Record(index++, g, attributes, error));
            }
        } catch (SQLException e) {
            throw broken(e.getMessage());
        }
    }

    @Override
    public void close() {
        geoPackage.close();
    }
}
