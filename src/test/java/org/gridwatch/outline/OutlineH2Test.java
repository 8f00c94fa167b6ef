package org.gridwatch.outline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.gridwatch.support.H2TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The district outline on the embedded H2GIS store, and its export read back by GDAL's ogrinfo. */
@SpringBootTest(properties = "gridwatch.sample.enabled=false")
@AutoConfigureMockMvc
class OutlineH2Test extends OutlineApiContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @Test
    void theExportedOutlineIsReadBackByOgrinfoAsShapefileAndGeoJson() throws Exception {
        drawn(polygon(0, 0, 1000, 0, 1000, 600, 0, 600), "示例街道", null, 200);
        Path dir = Files.createTempDirectory("outline-export-");

        byte[] zip = mvc.perform(get("/api/export/district_outline").param("format", "shapefile")
                .param("encoding", "GBK")).andReturn().getResponse().getContentAsByteArray();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) Files.write(dir.resolve(e.getName()), in.readAllBytes());
        }
        String shp = gdal("ogrinfo", "-al", "-so", dir.resolve("district_outline.shp").toString());
        assertThat(shp).contains("Feature Count: 1").contains("Geometry: Polygon");
        String all = gdal("ogrinfo", "-al", dir.resolve("district_outline.shp").toString());
        assertThat(all).contains("示例街道").contains("drawn").contains("POLYGON ((20 50");

        Path geojson = dir.resolve("outline.geojson");
        Files.write(geojson, mvc.perform(get("/api/export/district_outline").param("format", "geojson"))
                .andReturn().getResponse().getContentAsByteArray());
        String gj = gdal("ogrinfo", "-al", geojson.toString());
        assertThat(gj).contains("Feature Count: 1").contains("示例街道").contains("POLYGON ((20 50");
    }
}
