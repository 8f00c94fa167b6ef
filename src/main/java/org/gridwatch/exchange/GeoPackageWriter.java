package org.gridwatch.exchange;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import mil.nga.geopackage.BoundingBox;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.geopackage.features.columns.GeometryColumns;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureTableMetadata;
import mil.nga.geopackage.geom.GeoPackageGeometryData;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import mil.nga.sf.GeometryType;
import org.gridwatch.geo.GeoJsonWriter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBWriter;

/**
 * Writes one feature table to a new OGC GeoPackage (SQLite) file. The NGA GeoPackage library creates
 * the file with its required tables ({@code gpkg_spatial_ref_sys}, {@code gpkg_contents},
 * {@code gpkg_geometry_columns}) and the feature table; rows then go in through one prepared statement
 * in batches inside one transaction, which is what keeps a large export at SQLite's insert speed
 * instead of the library's row-at-a-time DAO.
 *
 * <p>Columns keep their full property names (GeoPackage has no 10-byte limit). Types: text → TEXT,
 * integers → INTEGER, decimals → DOUBLE, instants → DATETIME (ISO-8601 UTC, as the spec requires), calendar
 * days → DATE, booleans → BOOLEAN, JSON → TEXT. Geometries are stored as GeoPackage binary (the 8-byte
 * header, an envelope, then little-endian ISO WKB) in the coordinate system given.
 *
 * <p>Not thread-safe; one writer per file. {@link #abandon()} closes without committing.
 */
public final class GeoPackageWriter implements Closeable {

    /** Rows per JDBC batch: large enough to amortise the round trip, small enough to keep memory flat. */
    private static final int BATCH = 5_000;
    /** The spec's DATETIME form (ISO-8601, UTC, milliseconds); GDAL warns on any other. */
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final GeoPackage geoPackage;
    private final Connection connection;
    private final PreparedStatement insert;
    private final String table;
    private final List<DbfField> columns;
    private final int srsId;
    private final WKBWriter wkb = new WKBWriter(2, org.locationtech.jts.io.ByteOrderValues.LITTLE_ENDIAN);
    private final Envelope extent = new Envelope();
    private int pending;
    private long written;
    private boolean closed;

    /**
     * Creates {@code file} (which must not exist) with one feature table.
     *
     * @param geometryType {@code POINT}, {@code LINESTRING}, {@code POLYGON}, {@code MULTIPOLYGON} … or
     *                     {@code GEOMETRY} for mixed layers, as in the spec's geometry type names
     * @param crs          the system the coordinates given to {@link #write} are in
     */
    public GeoPackageWriter(Path file, String table, GeometryType geometryType, List<DbfField> columns, ExportCrs crs)
            throws IOException {
        this.table = table;
        this.columns = List.copyOf(columns);
        this.srsId = crs.epsg();
        GeoPackageManager.create(file.toFile(), false);
        this.geoPackage = GeoPackageManager.open(file.toFile(), true);
        try {
            SpatialReferenceSystem srs = geoPackage.getSpatialReferenceSystemDao().queryForId((long) srsId);
            if (srs == null) {
                srs = new SpatialReferenceSystem();
                srs.setSrsName(crs.name());
                srs.setSrsId(srsId);
                srs.setOrganization("EPSG");
                srs.setOrganizationCoordsysId(srsId);
                srs.setDefinition(ogcWkt(crs));
                srs.setDescription(crs.name());
                geoPackage.getSpatialReferenceSystemDao().create(srs);
            }
            GeometryColumns geometryColumns = new GeometryColumns();
            geometryColumns.setId(new mil.nga.geopackage.db.TableColumnKey(table, "geom"));
            geometryColumns.setGeometryType(geometryType);
            geometryColumns.setZ((byte) 0);
            geometryColumns.setM((byte) 0);
            geometryColumns.setSrsId(srsId);
            List<FeatureColumn> extra = new ArrayList<>();
            for (DbfField c : this.columns) extra.add(FeatureColumn.createColumn(c.property(), dataType(c)));
            geoPackage.createFeatureTable(FeatureTableMetadata.create(geometryColumns, "fid", extra,
                    new BoundingBox(0, 0, 0, 0)));
            this.connection = geoPackage.getConnection().getConnection();
            connection.setAutoCommit(false);
            StringBuilder sql = new StringBuilder("INSERT INTO \"").append(table).append("\" (\"geom\"");
            for (DbfField c : this.columns) sql.append(", \"").append(c.property()).append('"');
            sql.append(") VALUES (?").append(", ?".repeat(this.columns.size())).append(')');
            this.insert = connection.prepareStatement(sql.toString());
        } catch (SQLException | RuntimeException e) {
            geoPackage.close();
            throw new IOException("cannot create the GeoPackage: " + e.getMessage(), e);
        }
    }

    private static GeoPackageDataType dataType(DbfField c) {
        return switch (c.type()) {
            case 'N' -> c.decimals() == 0 ? GeoPackageDataType.INTEGER : GeoPackageDataType.DOUBLE;
            case 'D' -> GeoPackageDataType.DATETIME;
            case 'L' -> GeoPackageDataType.BOOLEAN;
            default -> GeoPackageDataType.TEXT;
        };
    }

    /**
     * OGC WKT1 for {@code gpkg_spatial_ref_sys.definition}: the ESRI WKT the .prj carries with the EPSG
     * authority added, which GDAL, QGIS and ArcGIS resolve to the EPSG definition.
     */
    static String ogcWkt(ExportCrs crs) {
        String esri = crs.esriWkt();
        return esri.substring(0, esri.length() - 1) + ",AUTHORITY[\"EPSG\",\"" + crs.epsg() + "\"]]";
    }

    /**
     * Appends one row. {@code geometry} is in the writer's coordinate system (null for none);
     * {@code values} follow the columns: String, Number, Boolean, Instant, LocalDate, RawJson or null.
     */
    public void write(Geometry geometry, Object[] values) throws IOException {
        try {
            if (geometry == null || geometry.isEmpty()) {
                insert.setNull(1, Types.BLOB);
            } else {
                extent.expandToInclude(geometry.getEnvelopeInternal());
                insert.setBytes(1, GeoPackageGeometryData.bytesFromWkbAndBuildEnvelope(srsId, wkb.write(geometry)));
            }
            for (int i = 0; i < columns.size(); i++) {
                Object v = values[i];
                int p = i + 2;
                if (v == null) insert.setNull(p, Types.NULL);
                else if (v instanceof Instant t) insert.setString(p, DATETIME.format(t));
                else if (v instanceof LocalDate d) insert.setString(p, d.toString());
                else if (v instanceof Boolean b) insert.setBoolean(p, b);
                else if (v instanceof Integer || v instanceof Long) insert.setLong(p, ((Number) v).longValue());
                else if (v instanceof Number n) insert.setDouble(p, n.doubleValue());
                else if (v instanceof GeoJsonWriter.RawJson j) insert.setString(p, j.json());
                else insert.setString(p, v.toString());
            }
            insert.addBatch();
            written++;
            if (++pending == BATCH) {
                insert.executeBatch();
                pending = 0;
            }
        } catch (SQLException e) {
            throw new IOException("GeoPackage write failed: " + e.getMessage(), e);
        }
    }

    public long written() {
        return written;
    }

    /** Flushes, records the layer's extent in {@code gpkg_contents} and commits. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            if (pending > 0) insert.executeBatch();
            insert.close();
            if (!extent.isNull()) {
                try (PreparedStatement s = connection.prepareStatement(
                        "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?")) {
                    s.setDouble(1, extent.getMinX());
                    s.setDouble(2, extent.getMinY());
                    s.setDouble(3, extent.getMaxX());
                    s.setDouble(4, extent.getMaxY());
                    s.setString(5, table);
                    s.executeUpdate();
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IOException("GeoPackage write failed: " + e.getMessage(), e);
        } finally {
            geoPackage.close();
        }
    }

    /** Closes without committing; the caller deletes the file. */
    public void abandon() {
        if (closed) return;
        closed = true;
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The file is thrown away anyway.
        } finally {
            geoPackage.close();
        }
    }
}
