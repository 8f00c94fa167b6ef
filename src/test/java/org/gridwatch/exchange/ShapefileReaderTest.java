package org.gridwatch.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/** The shapefile reader: files from GDAL and from our writer, and every kind of broken file it must refuse. */
class ShapefileReaderTest {

    static final ShapefileReader.Limits LIMITS = new ShapefileReader.Limits(50_000_000, 50_000_000, 1_000_000);

    @TempDir
    Path dir;

    private ShapefileReader open(String base) throws IOException {
        return ShapefileReader.open(dir.resolve(base + ".shp"), dir.resolve(base + ".shx"), dir.resolve(base + ".dbf"),
                dir.resolve(base + ".prj"), dir.resolve(base + ".cpg"), null, null, LIMITS);
    }

    private List<ShapefileReader.Record> readAll(String base) throws IOException {
        List<ShapefileReader.Record> all = new ArrayList<>();
        open(base).forEach(all::add);
        return all;
    }

    /** Three points in Gauss–Krüger CM 114E (EPSG:4547), written by our writer. */
    private void writePoints(String base) throws IOException {
        ExportCrs crs = ExportCrs.gaussKruger(4547);
        ExportCrs.Projector proj = crs.projector();
        double[] xy = new double[2];
        try (ShapefileWriter w = new ShapefileWriter(dir, base, ShapefileWriter.ShapeType.POINT,
                DbfFieldNames.assign(List.of(DbfField.text("name", 30), DbfField.integer("n", 5),
                        DbfField.date("d"), DbfField.logical("ok"))),
                StandardCharsets.UTF_8, crs.esriWkt(), LocalDate.of(2026, 5, 1), ShapefileWriter.MAX_FILE_BYTES)) {
            for (int i = 0; i < 3; i++) {
                proj.project(114.05 + i * 0.01, 22.55, xy);
                w.writePoint(xy[0], xy[1], new Object[]{"毒饵站" + i, i, LocalDate.of(2026, 1, 1 + i), i % 2 == 0});
            }
        }
    }

    @Test
    void readsWhatTheWriterWroteBackToLonLat() throws Exception {
        writePoints("p");
        ShapefileReader r = open("p");
        assertThat(r.count()).isEqualTo(3);
        assertThat(r.crsDescription()).contains("CGCS2000_3_Degree_GK_CM_114E");
        assertThat(r.encoding()).startsWith("UTF-8");
        List<ShapefileReader.Record> all = readAll("p");
        Point p = (Point) all.get(2).geometry();
        // 1e-8 degrees is about a millimetre: the projection round trip is exact at survey scale.
        assertThat(p.getX()).isCloseTo(114.07, within(1e-8));
        assertThat(p.getY()).isCloseTo(22.55, within(1e-8));
        assertThat(p.getSRID()).isEqualTo(4326);
        assertThat(all.get(2).attributes()).containsEntry("name", "毒饵站2").containsEntry("n", 2L)
                .containsEntry("d", LocalDate.of(2026, 1, 3)).containsEntry("ok", true);
    }

    @Test
    void readsAShapefileWrittenByOgr2ogrWithHolesAndGbkText() throws Exception {
        Gdal.assumeAvailable();
        Path json = dir.resolve("in.geojson");
        Files.writeString(json, """
                {"type":"FeatureCollection","features":[
                 {"type":"Feature","properties":{"code":"G-1","name":"凤盛社区第1网格","area":12.5},
                  "geometry":{"type":"Polygon","coordinates":[[[114,22],[114.01,22],[114.01,22.01],[114,22.01],[114,22]],
                                                             [[114.002,22.002],[114.002,22.004],[114.004,22.004],[114.004,22.002],[114.002,22.002]]]}}]}""");
        Gdal.run("ogr2ogr", "-f", "ESRI Shapefile", "-lco", "ENCODING=CP936", dir.resolve("g.shp").toString(), json.toString());
        ShapefileReader r = open("g");
        assertThat(r.geometryTypeName()).isEqualTo("Polygon");
        assertThat(r.encoding()).contains("GBK");
        List<ShapefileReader.Record> all = readAll("g");
        assertThat(all).hasSize(1);
        Polygon poly = (Polygon) all.get(0).geometry();
        assertThat(poly.getNumInteriorRing()).isEqualTo(1);
        assertThat(poly.getArea()).isCloseTo(0.0001 - 0.000004, within(1e-12));
        assertThat(all.get(0).attributes()).containsEntry("name", "凤盛社区第1网格").containsEntry("area", 12.5);
    }

    @Test
    void refusesAMissingIndexOrTable() throws Exception {
        writePoints("m");
        Files.delete(dir.resolve("m.shx"));
        assertThatThrownBy(() -> open("m")).isInstanceOf(ExchangeFormatException.class)
                .hasMessageContaining("m.shx").extracting(e -> ((ExchangeFormatException) e).messageKey())
                .isEqualTo("exchange.shapefile.missingPart");
    }

    @Test
    void refusesATruncatedShp() throws Exception {
        writePoints("t");
        truncate("t.shp", 100 + 28 * 2 + 10);
        assertThatThrownBy(() -> open("t")).isInstanceOf(ExchangeFormatException.class).hasMessageContaining("truncated");
    }

    @Test
    void refusesARecordWhoseLengthLies() throws Exception {
        writePoints("l");
        // Second record's content length (big-endian, 16-bit words) set to 100 000 words.
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("l.shp").toFile(), "rw")) {
            f.seek(100 + 28 + 4);
            f.writeInt(100_000);
        }
        assertThatThrownBy(() -> readAll("l")).isInstanceOf(ExchangeFormatException.class)
                .hasMessageContaining("record 1").hasMessageContaining("past the end");
    }

    @Test
    void refusesAPolygonWhosePointCountLies() throws Exception {
        Files.writeString(dir.resolve("x.prj"), ExportCrs.WGS84.esriWkt());
        try (ShapefileWriter w = new ShapefileWriter(dir, "x", ShapefileWriter.ShapeType.POLYGON,
                DbfFieldNames.assign(List.of(DbfField.text("c", 4))), StandardCharsets.UTF_8, ExportCrs.WGS84.esriWkt(),
                LocalDate.of(2026, 5, 1), ShapefileWriter.MAX_FILE_BYTES)) {
            w.write(new org.locationtech.jts.io.WKTReader().read("POLYGON ((0 0, 0 1, 1 1, 0 0))"), new Object[]{"a"});
        }
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("x.shp").toFile(), "rw")) {
            f.seek(100 + 8 + 40);
            f.writeInt(Integer.reverseBytes(1_000_000));
        }
        assertThatThrownBy(() -> readAll("x")).isInstanceOf(ExchangeFormatException.class)
                .hasMessageContaining("record 0").hasMessageContaining("1000000 points");
    }

    @Test
    void refusesADbfWhoseHeaderLies() throws Exception {
        writePoints("d");
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("d.dbf").toFile(), "rw")) {
            f.seek(4);
            f.writeInt(Integer.reverseBytes(5_000_000));
        }
        assertThatThrownBy(() -> open("d")).isInstanceOf(ExchangeFormatException.class)
                .hasMessageContaining("5000000 records");
        writePoints("e");
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("e.dbf").toFile(), "rw")) {
            f.seek(10);
            f.writeShort(Short.reverseBytes((short) 7));
        }
        assertThatThrownBy(() -> open("e")).isInstanceOf(ExchangeFormatException.class)
                .hasMessageContaining("records are 7 bytes");
    }

    @Test
    void refusesADbfWithARepeatedFieldName() throws Exception {
        // Found by DbfFuzzTest: records are read by field name, so a repeated name would lose a column.
        writePoints("r");
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("r.dbf").toFile(), "rw")) {
            byte[] firstName = new byte[11];
            f.seek(32);
            f.readFully(firstName);
            f.seek(64);
            f.write(firstName);
        }
        assertThatThrownBy(() -> open("r")).isInstanceOf(ExchangeFormatException.class)
                .hasMessageContaining("appears twice");
    }

    @Test
    void refusesARecordOfAnotherShapeType() throws Exception {
        writePoints("w");
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("w.shp").toFile(), "rw")) {
            f.seek(100 + 8);
            f.writeInt(Integer.reverseBytes(5));
        }
        assertThatThrownBy(() -> readAll("w")).isInstanceOf(ExchangeFormatException.class)
                .hasMessageContaining("record 0 has shape type 5");
    }

    @Test
    void refusesABadPrjAndALocalDatum() throws Exception {
        writePoints("b");
        Files.writeString(dir.resolve("b.prj"), "PROJCS[\"broken\",GEOGCS[");
        assertThatThrownBy(() -> open("b")).isInstanceOf(ExchangeFormatException.class)
                .extracting(e -> ((ExchangeFormatException) e).messageKey()).isEqualTo("exchange.prj.unreadable");
        Files.writeString(dir.resolve("b.prj"), "PROJCS[\"Beijing_1954_3_Degree_GK_CM_114E\",GEOGCS[\"GCS_Beijing_1954\","
                + "DATUM[\"D_Beijing_1954\",SPHEROID[\"Krasovsky_1940\",6378245.0,298.3]],PRIMEM[\"Greenwich\",0.0],"
                + "UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Gauss_Kruger\"],PARAMETER[\"False_Easting\",500000.0],"
                + "PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",114.0],PARAMETER[\"Scale_Factor\",1.0],"
                + "PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]");
        assertThatThrownBy(() -> open("b")).isInstanceOf(ExchangeFormatException.class)
                .hasMessageContaining("D_Beijing_1954");
    }

    @Test
    void refusesProjectedCoordinatesWithoutPrj() throws Exception {
        writePoints("n");
        Files.delete(dir.resolve("n.prj"));
        assertThatThrownBy(() -> open("n")).isInstanceOf(ExchangeFormatException.class)
                .extracting(e -> ((ExchangeFormatException) e).messageKey()).isEqualTo("exchange.prj.missing");
    }

    @Test
    void refusesAFileOverTheLimit() throws Exception {
        writePoints("s");
        assertThatThrownBy(() -> ShapefileReader.open(dir.resolve("s.shp"), dir.resolve("s.shx"), dir.resolve("s.dbf"),
                null, null, null, null, new ShapefileReader.Limits(150, 50_000, 10)))
                .isInstanceOf(ExchangeFormatException.class).extracting(e -> ((ExchangeFormatException) e).messageKey())
                .isEqualTo("exchange.import.tooLarge");
    }

    private void truncate(String file, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(file).toFile(), "rw")) {
            f.setLength(size);
        }
    }
}
