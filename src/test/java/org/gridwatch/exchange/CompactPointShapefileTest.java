package org.gridwatch.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data-sized point shapefile, zipped STORED or deflated, proved by GDAL's ogrinfo reading it back. */
class CompactPointShapefileTest {

    private static final LocalDate DAY = LocalDate.of(2026, 5, 1);

    @TempDir
    Path dir;

    static List<DbfField> fields() {
        return DbfFieldNames.assign(List.of(DbfField.integer("id", 10), DbfField.text("name", 40),
                DbfField.date("createdAt"), DbfField.logical("lidded"), DbfField.text("attributes", 254)));
    }

    private Path zip(CompactPointShapefile shp, String base, int level) throws Exception {
        Path zip = dir.resolve(base + "-" + level + ".zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(base + ".prj"));
            z.write(ExportCrs.WGS84.esriWkt().getBytes(StandardCharsets.US_ASCII));
            z.closeEntry();
            shp.writeTo(z, base, level);
        }
        Path out = Files.createDirectories(dir.resolve("unzipped-" + base + "-" + level));
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                if (!e.getName().endsWith(".prj")) {
                    assertThat(e.getMethod()).isEqualTo(level == 0 ? ZipEntry.STORED : ZipEntry.DEFLATED);
                }
                Files.copy(z.getInputStream(e), out.resolve(e.getName()));
            }
        }
        return out.resolve(base + ".shp");
    }

    @Test
    void textColumnsAreAsWideAsTheLongestValueAndOgrinfoReadsEverything() throws Exception {
        Gdal.assumeAvailable();
        for (int level : new int[]{0, 1}) {
            Path shpFile;
            try (CompactPointShapefile shp = new CompactPointShapefile(dir, fields(), StandardCharsets.UTF_8, DAY,
                    ShapefileWriter.MAX_FILE_BYTES)) {
                shp.point(114.05, 22.55);
                shp.integer(1L);
                shp.text("西乡二街垃圾桶1号");
                shp.date(LocalDate.of(2026, 6, 18));
                shp.logical(true);
                shp.textUtf8("{\"lidded\":true}".getBytes(StandardCharsets.UTF_8));
                shp.point(114.06, 22.56);
                shp.integer(-12_345_678_901L);
                shp.text(null);
                shp.date(null);
                shp.logical(null);
                shp.textUtf8(null);
                List<DbfField> sized = shp.finish();
                // "西乡二街垃圾桶" is 7 characters of 3 bytes, then "1号" 1 + 3.
                assertThat(sized.get(1).length()).isEqualTo(25);
                assertThat(sized.get(4).length()).isEqualTo(15);
                assertThat(sized.get(0).length()).as("a number wider than declared widens its column").isEqualTo(12);
                shpFile = zip(shp, "bins", level);
            }
            String info = Gdal.run("ogrinfo", "-al", shpFile.toString());
            assertThat(info).doesNotContain("ERROR").contains("Geometry: Point").contains("Feature Count: 2")
                    .contains("name: String (25.0)").contains("attributes: String (15.0)").contains("id: Integer64 (12.0)")
                    .contains("createdAt: Date (10.0)").contains("name (String) = 西乡二街垃圾桶1号")
                    .contains("id (Integer64) = -12345678901").contains("createdAt (Date) = 2026/06/18")
                    .contains("lidded (String) = T").contains("lidded (String) = ?")
                    .contains("attributes (String) = {\"lidded\":true}")
                    .contains("POINT (114.05 22.55)").contains("POINT (114.06 22.56)")
                    .contains("Extent: (114.050000, 22.550000) - (114.060000, 22.560000)").contains("WGS 84");
            assertThat(Gdal.run("ogrinfo", "-al", "-where", "id = 1", shpFile.toString())).contains("Feature Count: 1");
        }
        assertThat(Files.list(dir).filter(p -> p.toString().endsWith(".spool"))).as("temporary files removed").isEmpty();
    }

    /**
     * A STORED zip lays the .dbf out once into a file (CRC on the way) and copies it; a deflated one writes it
     * straight: both hold the same bytes, dates of repeated and changing days, blanks and a year dBASE lacks.
     */
    @Test
    void storedAndDeflatedZipsHoldTheSameFiles() throws Exception {
        int tooLate = (int) LocalDate.of(10_000, 1, 1).toEpochDay();
        try (CompactPointShapefile shp = new CompactPointShapefile(dir, fields(), StandardCharsets.UTF_8, DAY,
                ShapefileWriter.MAX_FILE_BYTES)) {
            for (int i = 0; i < 3000; i++) {
                shp.point(114 + i * 1e-5, 22.5 - i * 1e-5);
                shp.integer((long) i);
                shp.text(i % 7 == 0 ? null : "垃圾桶" + i);
                if (i % 11 == 0) shp.epochDay(i % 22 == 0 ? Integer.MIN_VALUE : tooLate);
                else shp.date(DAY.plusDays(i / 100));
                shp.logical(i % 3 == 0 ? null : i % 2 == 0);
                shp.textUtf8(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            }
            Path stored = zip(shp, "same", 0).getParent();
            Path deflated = zip(shp, "same", 1).getParent();
            for (String ext : List.of(".shp", ".shx", ".dbf")) {
                assertThat(Files.readAllBytes(stored.resolve("same" + ext))).as(ext)
                        .isEqualTo(Files.readAllBytes(deflated.resolve("same" + ext)));
            }
            byte[] dbf = Files.readAllBytes(stored.resolve("same.dbf"));
            String text = new String(dbf, StandardCharsets.UTF_8);
            assertThat(text).contains("20260501").contains("20260530").doesNotContain("10000");
            // The date of record 11 (a year past 9999) and of record 22 (none) is blank, not the day before it.
            int header = (dbf[8] & 0xFF) | (dbf[9] & 0xFF) << 8, record = (dbf[10] & 0xFF) | (dbf[11] & 0xFF) << 8;
            int dateAt = 1 + (dbf[32 + 16] & 0xFF) + (dbf[64 + 16] & 0xFF);
            for (int r : new int[]{11, 22, 33}) {
                assertThat(new String(dbf, header + r * record + dateAt, 8, StandardCharsets.US_ASCII)).as("record %d", r)
                        .isEqualTo("        ");
            }
            assertThat(new String(dbf, header + 12 * record + dateAt, 8, StandardCharsets.US_ASCII)).isEqualTo("20260501");
        }
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.toString().contains(".spool"))).as("temporary files removed").isEmpty();
        }
    }

    @Test
    void gbkTextIsSizedInGbkBytesAndDecodedByOgrinfo() throws Exception {
        Gdal.assumeAvailable();
        Charset gbk = Charset.forName("GBK");
        Path shpFile;
        try (CompactPointShapefile shp = new CompactPointShapefile(dir, fields(), gbk, DAY, ShapefileWriter.MAX_FILE_BYTES)) {
            shp.point(114.05, 22.55);
            shp.integer(1L);
            shp.text("毒饵站");
            shp.date(DAY);
            shp.logical(false);
            // Bytes from the database are UTF-8; a GBK file re-encodes them.
            shp.textUtf8("{\"baitType\":\"溴敌隆\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(shp.finish().get(1).length()).as("three characters of two GBK bytes").isEqualTo(6);
            shpFile = zip(shp, "g", 0);
        }
        byte[] dbf = Files.readAllBytes(shpFile.resolveSibling("g.dbf"));
        assertThat(dbf[29]).as("language driver: code page 936").isEqualTo((byte) 0x4D);
        assertThat(new String(dbf, gbk)).contains("毒饵站");
        Files.writeString(shpFile.resolveSibling("g.cpg"), "936");
        String info = Gdal.run("ogrinfo", "-al", shpFile.toString());
        assertThat(info).contains("name (String) = 毒饵站").contains("attributes (String) = {\"baitType\":\"溴敌隆\"}")
                .contains("lidded (String) = F");
    }

    @Test
    void textPastTheDbaseLimitIsCutAtACharacterBoundary() throws Exception {
        String longName = "垃".repeat(100);
        try (CompactPointShapefile shp = new CompactPointShapefile(dir, fields(), StandardCharsets.UTF_8, DAY,
                ShapefileWriter.MAX_FILE_BYTES)) {
            shp.point(0, 0);
            shp.integer(1L);
            shp.text(longName);
            shp.date(DAY);
            shp.logical(true);
            shp.textUtf8(longName.getBytes(StandardCharsets.UTF_8));
            List<DbfField> sized = shp.finish();
            // 254 bytes hold 84 whole 3-byte characters (252 bytes), never a broken 85th.
            assertThat(sized.get(1).length()).isEqualTo(252);
            assertThat(sized.get(4).length()).isEqualTo(252);
            Path shpFile = zip(shp, "t", 0);
            byte[] dbf = Files.readAllBytes(shpFile.resolveSibling("t.dbf"));
            int nameAt = 32 + 32 * 5 + 1 + 1 + 10;
            assertThat(new String(dbf, nameAt, 252, StandardCharsets.UTF_8)).isEqualTo("垃".repeat(84));
        }
    }

    @Test
    void refusesWhenTheShpOrTheDbfWouldPassTheSizeLimit() throws Exception {
        try (CompactPointShapefile shp = new CompactPointShapefile(dir, fields(), StandardCharsets.UTF_8, DAY, 100 + 28 * 2)) {
            for (int i = 0; i < 2; i++) {
                shp.point(i, i);
                shp.integer(i);
                shp.text("a");
                shp.date(DAY);
                shp.logical(true);
                shp.text("{}");
            }
            assertThatThrownBy(() -> shp.point(3, 3)).isInstanceOf(ExchangeFormatException.class)
                    .extracting(e -> ((ExchangeFormatException) e).messageKey()).isEqualTo("exchange.shapefile.tooLarge");
        }
        // The .dbf's size is known once the widths are: 2 records of 1+10+200+8+1+2 bytes pass 400 bytes.
        try (CompactPointShapefile shp = new CompactPointShapefile(dir, fields(), StandardCharsets.UTF_8, DAY, 400)) {
            for (int i = 0; i < 2; i++) {
                shp.point(i, i);
                shp.integer(i);
                shp.text("x".repeat(200));
                shp.date(DAY);
                shp.logical(true);
                shp.text("{}");
            }
            assertThatThrownBy(shp::finish).isInstanceOf(ExchangeFormatException.class).hasMessageContaining("2 GB");
        }
    }

    @Test
    void refusesValuesOutOfColumnOrder() throws Exception {
        try (CompactPointShapefile shp = new CompactPointShapefile(dir, fields(), StandardCharsets.UTF_8, DAY,
                ShapefileWriter.MAX_FILE_BYTES)) {
            shp.point(0, 0);
            assertThatThrownBy(() -> shp.text("not the id")).isInstanceOf(IllegalStateException.class);
        }
    }
}
