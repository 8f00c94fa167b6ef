package org.gridwatch.exchange;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import mil.nga.sf.GeometryType;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * The GeoPackage branch of an export: rows go into a {@link GeoPackageWriter} on a temporary file (SQLite
 * needs a file it can seek in), which is then copied to the output and deleted. Polygon layers are
 * written as MultiPolygon and line layers as MultiLineString, so one-part and many-part shapes
 * (a grid, a coverage gap, a route in pieces) share one declared type, as in a shapefile.
 */
final class GeoPackageExport {

    private GeoPackageExport() {
    }

    static void write(ExportService.Plan plan, Consumer<Consumer<ExportService.Row>> rows, OutputStream out)
            throws IOException {
        Path dir = Files.createTempDirectory("gridwatch-gpkg-");
        Path file = dir.resolve(plan.layer().key() + ".gpkg");
        try {
            GeometryType type = switch (plan.layer().shapeType()) {
                case POINT -> GeometryType.POINT;
                case POLYLINE -> GeometryType.MULTILINESTRING;
                case POLYGON -> GeometryType.MULTIPOLYGON;
            };
            ExportCrs.Projector projector = plan.crs().projector();
            GeoPackageWriter writer = new GeoPackageWriter(file, plan.layer().key(), type, plan.layer().columns(),
                    plan.crs());
            try {
                rows.accept(r -> {
                    try {
                        writer.write(shape(ExportService.project(r.geometry(), projector), type), r.values());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                writer.close();
            } catch (RuntimeException e) {
                writer.abandon();
                throw e;
            }
            Files.copy(file, out);
        } finally {
            ExportService.deleteTree(dir);
        }
    }

    private static Geometry shape(Geometry g, GeometryType type) {
        if (g instanceof Polygon p && type == GeometryType.MULTIPOLYGON) {
            return g.getFactory().createMultiPolygon(new Polygon[]{p});
        }
        if (g instanceof LineString l && type == GeometryType.MULTILINESTRING) {
            return g.getFactory().createMultiLineString(new LineString[]{l});
        }
        return g;
    }
}
