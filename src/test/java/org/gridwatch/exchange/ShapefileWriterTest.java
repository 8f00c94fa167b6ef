package org.gridwatch.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

/** The shapefile writer, proved by GDAL's ogrinfo reading what it wrote. */
class ShapefileWriterTest {

    private static final LocalDate DAY = LocalDate.of(2026, 5, 1);

    @TempDir
    Path dir;

    static List<DbfField> fields() {
        return DbfFieldNames.assign(List.of(DbfField.integer("id", 10), DbfField.text("name", 40),
                DbfField.decimal("areaM2", 15, 2), DbfField.date("createdAt"), DbfField.logical("lidded"),
                DbfField.text("responsiblePerson", 20)));
    }

    @Test
    void pointsWithChineseTextNumbersDatesAndBooleansReadBackByOgrinfo() throws Exception {
        Gdal.assumeAvailable();
        try (ShapefileWriter w = new ShapefileWriter(dir, "bins", ShapefileWriter.ShapeType.POINT, fields(),
                StandardCharsets.UTF_8, ExportCrs.WGS84.esriWkt(), DAY, ShapefileWriter.MAX_FILE_BYTES)) {
            w.writePoint(114.05, 22.55, new Object[]{1L, "西乡二街垃圾桶1号", 12.345, LocalDate.of(2026, 6, 18), true, "彭文博"});
            w.writePoint(114.06, 22.56, new Object[]{2L, null, null, null, null, null});
        }
        String info = Gdal.run("ogrinfo", "-al", dir.resolve("bins.shp").toString());
        assertThat(info).doesNotContain("ERROR").contains("Geometry: Point").contains("Feature Count: 2")
                .contains("id: Integer64 (10.0)").contains("name: String (40.0)").contains("areaM2: Real (15.2)")
                .contains("createdAt: Date (10.0)").contains("lidded: String (1.0)").contains("responsibl: String (20.0)")
                .contains("name (String) = 西乡二街垃圾桶1号").contains("areaM2 (Real) = 12.35")
                .contains("createdAt (Date) = 2026/06/18").contains("lidded (String) = T")
                .contains("POINT (114.05 22.55)").contains("POINT (114.06 22.56)")
                .contains("Extent: (114.050000, 22.550000) - (114.060000, 22.560000)")
                .contains("WGS 84");
    }

    @Test
    void gbkTextIsDeclaredAndDecodedByOgrinfo() throws Exception {
        Gdal.assumeAvailable();
        Charset gbk = Charset.forName("GBK");
        try (ShapefileWriter w = new ShapefileWriter(dir, "g", ShapefileWriter.ShapeType.POINT, fields(), gbk,
                ExportCrs.CGCS2000.esriWkt(), DAY, ShapefileWriter.MAX_FILE_BYTES)) {
            w.writePoint(114.05, 22.55, new Object[]{1L, "毒饵站", 1.0, DAY, false, "杨娟"});
        }
        assertThat(Files.readString(dir.resolve("g.cpg"))).isEqualTo("936");
        byte[] dbf = Files.readAllBytes(dir.resolve("g.dbf"));
        assertThat(new String(dbf, gbk)).contains("毒饵站");
        String info = Gdal.run("ogrinfo", "-al", dir.resolve("g.shp").toString());
        assertThat(info).contains("name (String) = 毒饵站").contains("responsibl (String) = 杨娟")
                .contains("lidded (String) = F");
    }

    @Test
    void polygonsWithHolesAndLinesKeepTheirShapeInOgrinfo() throws Exception {
        Gdal.assumeAvailable();
        WKTReader wkt = new WKTReader();
        // Exterior counter-clockwise, hole clockwise: the JTS/GeoJSON way round, the opposite of the shapefile's.
        Geometry poly = wkt.read("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))");
        Geometry multi = wkt.read("MULTIPOLYGON (((20 0, 30 0, 30 10, 20 0)), ((40 0, 50 0, 50 10, 40 0)))");
        List<DbfField> f = DbfFieldNames.assign(List.of(DbfField.text("code", 20)));
        try (ShapefileWriter w = new ShapefileWriter(dir, "p", ShapefileWriter.ShapeType.POLYGON, f,
                StandardCharsets.UTF_8, null, DAY, ShapefileWriter.MAX_FILE_BYTES)) {
            w.write(poly, new Object[]{"A"});
            w.write(multi, new Object[]{"B"});
            w.write(null, new Object[]{"C"});
        }
        String info = Gdal.run("ogrinfo", "-al", dir.resolve("p.shp").toString());
        assertThat(info).contains("Feature Count: 3")
                .contains("POLYGON ((0 0,0 10,10 10,10 0,0 0),(2 2,4 2,4 4,2 4,2 2))")
                .contains("MULTIPOLYGON (((20 0,30 10,30 0,20 0)),((40 0,50 10,50 0,40 0)))");
        try (ShapefileWriter w = new ShapefileWriter(dir, "l", ShapefileWriter.ShapeType.POLYLINE, f,
                StandardCharsets.UTF_8, null, DAY, ShapefileWriter.MAX_FILE_BYTES)) {
            w.write(wkt.read("LINESTRING (1 2, 3 4, 5 7)"), new Object[]{"长江路"});
        }
        assertThat(Gdal.run("ogrinfo", "-al", dir.resolve("l.shp").toString()))
                .contains("Geometry: Line String").contains("LINESTRING (1 2,3 4,5 7)").contains("code (String) = 长江路");
    }

    @Test
    void textLongerThanTheFieldIsCutAtACharacterBoundary() throws Exception {
        List<DbfField> f = DbfFieldNames.assign(List.of(DbfField.text("name", 7)));
        try (ShapefileWriter w = new ShapefileWriter(dir, "t", ShapefileWriter.ShapeType.POINT, f,
                StandardCharsets.UTF_8, null, DAY, ShapefileWriter.MAX_FILE_BYTES)) {
            w.writePoint(0, 0, new Object[]{"垃圾桶号"});
        }
        byte[] dbf = Files.readAllBytes(dir.resolve("t.dbf"));
        int recordStart = 32 + 32 + 1 + 1;
        // 7 bytes hold two 3-byte characters and a space, never a broken third character.
        assertThat(new String(dbf, recordStart, 7, StandardCharsets.UTF_8)).isEqualTo("垃圾 ");
    }

    @Test
    void refusesARecordThatWouldPassTheSizeLimit() throws Exception {
        List<DbfField> f = DbfFieldNames.assign(List.of(DbfField.text("name", 10)));
        ShapefileWriter w = new ShapefileWriter(dir, "big", ShapefileWriter.ShapeType.POINT, f,
                StandardCharsets.UTF_8, null, DAY, 100 + 28 * 3);
        w.writePoint(0, 0, new Object[]{"a"});
        w.writePoint(0, 0, new Object[]{"b"});
        w.writePoint(0, 0, new Object[]{"c"});
        assertThatThrownBy(() -> w.writePoint(0, 0, new Object[]{"d"}))
                .isInstanceOf(ExchangeFormatException.class).hasMessageContaining("2 GB")
                .extracting(e -> ((ExchangeFormatException) e).messageKey()).isEqualTo("exchange.shapefile.tooLarge");
        assertThat(w.count()).isEqualTo(3);
        w.abandon();
        assertThat(Files.exists(dir.resolve("big.shp"))).isFalse();
    }
}
