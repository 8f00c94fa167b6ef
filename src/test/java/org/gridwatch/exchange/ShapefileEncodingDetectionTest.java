package org.gridwatch.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.gridwatch.support.H2TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * A shapefile GDAL wrote in GBK, shipped without its .cpg (as they often arrive: the .cpg is the file
 * people leave out of the zip), is read as GBK, and the dry run says so; bytes that are neither UTF-8
 * nor GBK are refused instead of being stored as 乱码.
 */
@SpringBootTest(properties = {"gridwatch.sample.enabled=false"})
@AutoConfigureMockMvc
class ShapefileEncodingDetectionTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path dir;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @BeforeEach
    void empty() {
        jdbc.update("DELETE FROM street");
    }

    /** Streets 解放路 and 人民大道 as a shapefile in {@code encoding}, written by ogr2ogr; the .cpg left out. */
    private Path shapefile(String encoding) throws Exception {
        Gdal.assumeAvailable();
        Path in = dir.resolve("in.geojson");
        Files.writeString(in, """
                {"type":"FeatureCollection","features":[
                {"type":"Feature","properties":{"name":"解放路","highway":"primary"},"geometry":{"type":"LineString","coordinates":[[121.0,31.0],[121.001,31.0]]}},
                {"type":"Feature","properties":{"name":"人民大道","highway":"residential"},"geometry":{"type":"LineString","coordinates":[[121.001,31.0],[121.002,31.001]]}}]}
                """, StandardCharsets.UTF_8);
        Path out = dir.resolve(encoding);
        Files.createDirectories(out);
        Gdal.run("ogr2ogr", "-f", "ESRI Shapefile", "-lco", "ENCODING=" + encoding, out.resolve("streets.shp").toString(), in.toString());
        assertThat(out.resolve("streets.cpg")).exists();
        Files.delete(out.resolve("streets.cpg"));
        return out;
    }

    private static byte[] zip(Path shapefileDir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); var files = Files.list(shapefileDir)) {
            for (Path f : files.sorted().toList()) {
                zip.putNextEntry(new ZipEntry(f.getFileName().toString()));
                zip.write(Files.readAllBytes(f));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private ResultActions upload(byte[] zip, String query) throws Exception {
        return mvc.perform(multipart("/api/import/streets" + query)
                .file(new MockMultipartFile("file", "streets.zip", "application/zip", zip)));
    }

    @Test
    void aGbkShapefileWithoutCpgIsDetectedShownInTheDryRunAndStoredReadably() throws Exception {
        byte[] zip = zip(shapefile("GBK"));
        upload(zip, "?dryRun=true").andExpect(status().isOk())
                .andExpect(jsonPath("$.encoding").value(org.hamcrest.Matchers.startsWith("GBK (detected")))
                .andExpect(jsonPath("$.invalidCount").value(0));
        upload(zip, "").andExpect(status().isCreated());
        assertThat(jdbc.queryForList("SELECT name FROM street ORDER BY id", String.class)).containsExactly("解放路", "人民大道");
    }

    @Test
    void aUtf8ShapefileWithoutCpgStaysUtf8() throws Exception {
        upload(zip(shapefile("UTF-8")), "?dryRun=true").andExpect(status().isOk())
                .andExpect(jsonPath("$.encoding").value(org.hamcrest.Matchers.startsWith("UTF-8 (detected")));
    }

    @Test
    void textThatIsNeitherUtf8NorGbkIsRefusedAndNothingIsStored() throws Exception {
        Path shp = shapefile("GBK");
        Path dbf = shp.resolve("streets.dbf");
        byte[] bytes = Files.readAllBytes(dbf);
        byte[] name = "解放路".getBytes(Charset.forName("GBK"));
        int at = indexOf(bytes, name);
        assertThat(at).isPositive();
        bytes[at] = (byte) 0xFF; // no GBK, GB18030 or UTF-8 sequence starts with 0xFF
        Files.write(dbf, bytes);
        byte[] zip = zip(shp);
        upload(zip, "?dryRun=true").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("exchange.encoding.undetectable"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("乱码")));
        upload(zip, "").andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("exchange.encoding.undetectable"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM street", Long.class)).isZero();
        // Given the encoding explicitly, the import takes it at the caller's word.
        upload(zip, "?encoding=GBK&dryRun=true").andExpect(status().isOk());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
