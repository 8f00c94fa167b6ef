package org.gridwatch.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * What the shapefile and DBF fuzz tests share: a small valid polygon shapefile (three records, one
 * with a hole, text/number/date/logical columns) written by our writer, and the check that a
 * reader run over some files either reads every record or refuses with {@link ExchangeFormatException}.
 */
final class ShapefileFuzzing {

    static final ShapefileReader.Limits LIMITS = new ShapefileReader.Limits(1 << 20, 1 << 20, 10_000);
    private static final Path BASE;
    private static final Path WORK;

    static {
        try {
            BASE = Files.createTempDirectory("gw-fuzz-base-");
            WORK = Files.createTempDirectory("gw-fuzz-work-");
            writeValid(BASE, "valid");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ShapefileFuzzing() {
    }

    static void writeValid(Path dir, String base) throws IOException {
        GeometryFactory f = new GeometryFactory();
        List<Geometry> shapes = List.of(
                f.createPolygon(new Coordinate[]{new Coordinate(116.40, 39.90), new Coordinate(116.41, 39.90),
                        new Coordinate(116.41, 39.91), new Coordinate(116.40, 39.91), new Coordinate(116.40, 39.90)}),
                f.createPolygon(f.createLinearRing(new Coordinate[]{new Coordinate(116.42, 39.90),
                        new Coordinate(116.44, 39.90), new Coordinate(116.44, 39.92), new Coordinate(116.42, 39.90)}),
                        new org.locationtech.jts.geom.LinearRing[]{f.createLinearRing(new Coordinate[]{
                                new Coordinate(116.43, 39.905), new Coordinate(116.435, 39.905),
                                new Coordinate(116.435, 39.91), new Coordinate(116.43, 39.905)})}),
                f.createMultiPolygon(new org.locationtech.jts.geom.Polygon[]{
                        f.createPolygon(new Coordinate[]{new Coordinate(116.45, 39.90), new Coordinate(116.46, 39.90),
                                new Coordinate(116.46, 39.91), new Coordinate(116.45, 39.90)}),
                        f.createPolygon(new Coordinate[]{new Coordinate(116.47, 39.90), new Coordinate(116.48, 39.90),
                                new Coordinate(116.48, 39.91), new Coordinate(116.47, 39.90)})}));
        try (ShapefileWriter w = new ShapefileWriter(dir, base, ShapefileWriter.ShapeType.POLYGON,
                DbfFieldNames.assign(List.of(DbfField.text("name", 20), DbfField.integer("n", 5),
                        DbfField.decimal("area", 12, 3), DbfField.date("d"), DbfField.logical("ok"))),
                StandardCharsets.UTF_8, null, LocalDate.of(2026, 5, 1), ShapefileWriter.MAX_FILE_BYTES)) {
            for (int i = 0; i < shapes.size(); i++) {
                w.write(shapes.get(i), new Object[]{"网格" + i, i, 1234.5 * i, LocalDate.of(2026, 1, 1 + i), i % 2 == 0});
            }
        }
    }

    static byte[] valid(String extension) {
        try {
            return Files.readAllBytes(BASE.resolve("valid" + extension));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the three files and reads them through; the only refusal allowed is
     * {@link ExchangeFormatException}, and what is read must hold together.
     */
    static void readOrRefuse(byte[] shp, byte[] shx, byte[] dbf) throws IOException {
        Path s = WORK.resolve("f.shp"), x = WORK.resolve("f.shx"), d = WORK.resolve("f.dbf");
        Files.write(s, shp);
        Files.write(x, shx);
        Files.write(d, dbf);
        try {
            ShapefileReader r = ShapefileReader.open(s, x, d, null, null, null, null, LIMITS);
            assertThat(r.count()).isBetween(0, LIMITS.maxRecords());
            int[] next = {0};
            r.forEach(rec -> {
                assertThat(rec.index()).isEqualTo(next[0]++);
                if (rec.geometry() != null) {
                    assertThat(rec.geometry().getSRID()).isEqualTo(4326);
                    assertThat(rec.geometry().getNumPoints()).isLessThanOrEqualTo(shp.length / 16);
                }
                assertThat(rec.attributes().keySet()).hasSameSizeAs(r.columns());
            });
            assertThat(next[0]).isEqualTo(r.count());
        } catch (ExchangeFormatException refused) {
            assertThat(refused.messageKey()).startsWith("exchange.");
        }
    }
}
