package org.gridwatch.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.gridwatch.support.Shapes.gridFeature;
import static org.gridwatch.support.Shapes.lat;
import static org.gridwatch.support.Shapes.lon;
import static org.gridwatch.support.Shapes.rectangle;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.gridwatch.support.H2TestDatabase;
import org.gridwatch.system.ApiProblem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MvcResult;

import tools.jackson.databind.JsonNode;

/**
 * Export and import over the API on the embedded store, every format proved by GDAL's ogrinfo, and every
 * refusal checked to change nothing. The district sits at 114.0°E, 22.5°N (Gauss–Krüger zone CM 114°E).
 */
@SpringBootTest(properties = {"gridwatch.sample.enabled=false", "gridwatch.exchange.max-unpacked-bytes=2000000"})
@AutoConfigureMockMvc
class ExchangeApiTest extends ExchangeMvcTest {

    static final double LON = 114.0;
    static final double LAT = 22.5;
    private static boolean seeded;

    @Autowired
    ExportService exports;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @BeforeEach
    void seed() throws Exception {
        if (seeded) return;
        postGridPair(LON, LAT, "L1", "凤盛社区");
        for (int i = 0; i < 5; i++) {
            postJson("/api/features", pointWith(lon(LON, LAT, 50 + i * 80), lat(LAT, 60 + i * 50), "{\"type\":\""
                    + (i % 2 == 0 ? "trash_bin" : "rat_bait_station") + "\",\"name\":\"西乡二街垃圾桶" + i + "号\",\"code\":\"TB-"
                    + i + "\",\"attributes\":{\"lidded\":true}}"), 201);
        }
        seeded = true;
    }

    private Path unzip(Path zip) throws Exception {
        Path out = Files.createDirectories(dir.resolve("unzipped-" + zip.getFileName()));
        try (var z = new java.util.zip.ZipFile(zip.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                Files.copy(z.getInputStream(e), out.resolve(e.getName()));
            }
        }
        return out;
    }

    @Test
    void featuresAsGaussKrugerShapefileAreReadByOgrinfoWhereTheyBelong() throws Exception {
        Gdal.assumeAvailable();
        Path zip = download("/api/export/features?format=shapefile&crs=GK", "f.zip");
        try (var z = new java.util.zip.ZipFile(zip.toFile())) {
            assertThat(z.stream().map(ZipEntry::getName)).containsExactly("features.prj", "features.cpg", "fields.txt",
                    "features.shp", "features.shx", "features.dbf");
        }
        Path shp = unzip(zip).resolve("features.shp");
        long n = count("SELECT COUNT(*) FROM feature WHERE status = 'active'");
        String info = Gdal.run("ogrinfo", "-al", shp.toString());
        assertThat(info).contains("Geometry: Point").contains("Feature Count: " + n)
                .contains("CGCS2000 / 3-degree Gauss-Kruger CM 114E")
                .contains("type: String (16.0)").contains("gridCode: String (5.0)").contains("createdAt: Date (10.0)")
                .contains("version: Integer64 (10.0)").contains("name (String) = 西乡二街垃圾桶3号")
                .contains("gridCode (String) = L1-01").contains("attributes (String) = {\"lidded\":true}")
                // Created just now: today's date in China (UTC+8), from the embedded store's timestamps.
                .contains("createdAt (Date) = " + java.time.LocalDate.now(java.time.ZoneOffset.ofHours(8))
                        .format(java.time.format.DateTimeFormatter.ofPattern("yyyy/MM/dd")));
        // GDAL's own inverse projection lands on the stored lon/lat within 1e-7° (about 1 cm).
        String csv = Gdal.run("ogr2ogr", "-f", "CSV", "/vsistdout/", "-t_srs", "EPSG:4326", "-lco", "GEOMETRY=AS_XY",
                "-where", "code = 'TB-3'", shp.toString());
        String[] row = csv.strip().split("\n")[1].split(",");
        assertThat(Double.parseDouble(row[0])).isCloseTo(lon(LON, LAT, 50 + 3 * 80), within(1e-7));
        assertThat(Double.parseDouble(row[1])).isCloseTo(lat(LAT, 60 + 3 * 50), within(1e-7));
        String fields = Files.readString(shp.resolveSibling("fields.txt"));
        assertThat(fields).contains("createdAt\tcreatedAt\tdate").contains("EPSG:4547");
    }

    @Autowired
    org.gridwatch.feature.FeatureScan scan;

    @Autowired
    org.gridwatch.feature.FeatureService featureService;

    /**
     * The scan behind the shapefile export reads the embedded store's rows its own way (the point from its EWKB,
     * timestamps taken apart in Java, rows handed over lazily): every value equals the stored feature's.
     */
    @Test
    void theExportScanReadsEveryFeatureAsStored() throws Exception {
        org.gridwatch.feature.FeatureFilter all = new org.gridwatch.feature.FeatureFilter(java.util.List.of(), null, null, null);
        java.util.Map<Long, org.gridwatch.feature.FeatureView> stored = new java.util.HashMap<>();
        featureService.forEach(all, Integer.MAX_VALUE, 0, f -> stored.put(f.id(), f));
        java.util.List<String> seen = new java.util.ArrayList<>();
        java.util.List<String> expected = new java.util.ArrayList<>();
        scan.forEach(all, row -> {
            org.gridwatch.feature.FeatureView f = stored.get(row.id());
            assertThat(f).as("feature %d", row.id()).isNotNull();
            seen.add(row.id() + " " + row.lon() + " " + row.lat() + " " + row.createdAtEpochSecond() + " "
                    + row.updatedAtEpochSecond() + " " + row.version() + " " + row.text(org.gridwatch.feature.FeatureScan.Text.TYPE)
                    + " " + row.text(org.gridwatch.feature.FeatureScan.Text.NAME) + " "
                    + new String(row.utf8(org.gridwatch.feature.FeatureScan.Text.GRID_CODE), StandardCharsets.UTF_8) + " "
                    + row.text(org.gridwatch.feature.FeatureScan.Text.ATTRIBUTES) + " " + row.text(org.gridwatch.feature.FeatureScan.Text.STATUS));
            expected.add(f.id() + " " + f.lon() + " " + f.lat() + " " + f.createdAt().getEpochSecond() + " "
                    + f.updatedAt().getEpochSecond() + " " + f.version() + " " + f.type() + " " + f.name() + " " + f.gridCode()
                    + " " + f.attributesJson() + " " + f.status());
        });
        assertThat(seen).hasSize(stored.size()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(stored).isNotEmpty();
    }

    @Test
    void smallGridsAsGbkShapefileKeepTheirChineseText() throws Exception {
        Gdal.assumeAvailable();
        Path shp = unzip(download("/api/export/small_grids?crs=EPSG:4490&encoding=GBK", "g.zip")).resolve("small_grids.shp");
        assertThat(Files.readString(shp.resolveSibling("small_grids.cpg"))).isEqualTo("936");
        String info = Gdal.run("ogrinfo", "-al", shp.toString());
        assertThat(info).contains("Geometry: Polygon").contains("Feature Count: 1")
                .contains("China Geodetic Coordinate System 2000").contains("name (String) = 凤盛社区第1网格")
                .contains("responsibl (String) = 张伟").contains("areaM2: Real (16.2)");
        assertThat(Files.readString(shp.resolveSibling("fields.txt"))).contains("responsibl\tresponsiblePerson");
    }

    @Test
    void geoJsonCsvAndKmlAreReadByOgrinfo() throws Exception {
        Gdal.assumeAvailable();
        long n = count("SELECT COUNT(*) FROM feature WHERE status = 'active' AND type_key = 'trash_bin'");
        Path geojson = download("/api/export/features?format=geojson&type=trash_bin", "f.geojson");
        assertThat(Gdal.run("ogrinfo", "-al", "-so", geojson.toString())).contains("Feature Count: " + n)
                .contains("Geometry: Point").contains("ID[\"EPSG\",4326]");
        Path csv = download("/api/export/features?format=csv&type=trash_bin&crs=EPSG:4547", "f.csv");
        byte[] bytes = Files.readAllBytes(csv);
        assertThat(bytes[0] & 0xFF).as("UTF-8 byte-order mark for Excel").isEqualTo(0xEF);
        String csvInfo = Gdal.run("ogrinfo", "-al", "-oo", "X_POSSIBLE_NAMES=x", "-oo", "Y_POSSIBLE_NAMES=y",
                csv.toString());
        assertThat(csvInfo).contains("Feature Count: " + n).contains("name (String) = 西乡二街垃圾桶2号")
                .contains("POINT (5");
        long large = count("SELECT COUNT(*) FROM grid WHERE level = 'large'");
        Path kml = download("/api/export/large_grids?format=kml", "g.kml");
        assertThat(Gdal.run("ogrinfo", "-al", kml.toString())).contains("Feature Count: " + large).contains("Name (String) = 凤盛社区")
                .contains("POLYGON ((114");
        Path streets = download("/api/export/streets?format=shapefile", "s.zip");
        assertThat(Gdal.run("ogrinfo", "-al", "-so", unzip(streets).resolve("streets.shp").toString()))
                .contains("Geometry: Line String").contains("name: String (120.0)");
    }

    @Test
    void refusalsAreExplainedInTheCallersLanguage() throws Exception {
        MvcResult zh = mvc.perform(get("/api/export/bins")).andExpect(status().isBadRequest()).andReturn();
        assertThat(zh.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("未知图层");
        MvcResult en = mvc.perform(get("/api/export/features?format=kml&crs=EPSG:4547").header("Accept-Language", "en"))
                .andExpect(status().isBadRequest()).andReturn();
        assertThat(en.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("longitude/latitude only");
        mvc.perform(get("/api/export/features?crs=EPSG:3857")).andExpect(status().isBadRequest());
        mvc.perform(get("/api/export/features?encoding=latin9")).andExpect(status().isBadRequest());
    }

    @Test
    void aShapefilePastTheSizeLimitIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> exports.plan("features", "shapefile", null, null, null, null, 1000))
                .isInstanceOf(ApiProblem.class).satisfies(e -> {
                    assertThat(((ApiProblem) e).status()).isEqualTo(413);
                    assertThat(((ApiProblem) e).messageKey()).isEqualTo("exchange.shapefile.tooLarge");
                });
        // 5 records of at most 254 bytes per text column would pass 3000 bytes; measured, the .dbf is
        // about 1000 bytes, so near the limit the real widths decide.
        assertThat(exports.plan("features", "shapefile", null, null, null, null, 3000).layer())
                .isEqualTo(ExchangeLayer.FEATURES);
    }

    /** Points in GK CM 114E and GBK text, written by ogr2ogr, so the import reads a file we did not write. */
    private byte[] ogrShapefileZip(String properties, int count) throws Exception {
        Path in = pointsForOgr(LON, LAT, 300, properties, count);
        Path out = Files.createDirectories(dir.resolve("ogr" + System.nanoTime()));
        Gdal.run("ogr2ogr", "-f", "ESRI Shapefile", "-t_srs", "EPSG:4547", "-lco", "ENCODING=CP936",
                out.resolve("upload.shp").toString(), in.toString());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String ext : new String[]{"shp", "shx", "dbf", "prj", "cpg"}) {
                Path p = out.resolve("upload." + ext);
                if (!Files.exists(p)) continue;
                zip.putNextEntry(new ZipEntry("upload/upload." + ext));
                zip.write(Files.readAllBytes(p));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void importsAnOgrShapefileAfterAPreviewThatStoresNothing() throws Exception {
        Gdal.assumeAvailable();
        byte[] zip = ogrShapefileZip("{\"类型\":\"stagnant_water\",\"名称\":\"积水点#号\",\"depthCm\":#}", 3);
        long before = count("SELECT COUNT(*) FROM feature");
        JsonNode preview = json(upload("/api/import/features?dryRun=true", "upload.zip", zip, 200));
        assertThat(preview.path("count").asInt()).isEqualTo(3);
        assertThat(preview.path("crs").asString()).contains("CM_114E");
        assertThat(preview.path("encoding").asString()).contains("GBK");
        assertThat(preview.path("mapping").path("名称").asString()).isEqualTo("name");
        assertThat(preview.path("mapping").path("depthCm").asString()).isEqualTo("attributes.depthCm");
        assertThat(preview.path("invalidCount").asInt()).isZero();
        assertThat(count("SELECT COUNT(*) FROM feature")).as("a preview stores nothing").isEqualTo(before);

        long batchesBefore = count("SELECT COUNT(*) FROM change_history WHERE entity = 'feature' AND batch_count = 3");
        JsonNode stored = json(upload("/api/import/features", "upload.zip", zip, 201));
        assertThat(stored.path("stored").asInt()).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM feature")).isEqualTo(before + 3);
        assertThat(count("SELECT COUNT(*) FROM change_history WHERE entity = 'feature' AND batch_count = 3"))
                .as("the import is one entry in the change history").isEqualTo(batchesBefore + 1);
        var row = jdbc.queryForMap("SELECT ST_X(geom) AS x, ST_Y(geom) AS y, attributes, grid_code FROM feature WHERE name = '积水点2号'");
        assertThat(((Number) row.get("x")).doubleValue()).isCloseTo(lon(LON, LAT, 302), within(1e-7));
        assertThat(((Number) row.get("y")).doubleValue()).isCloseTo(lat(LAT, 302), within(1e-7));
        assertThat(row.get("attributes").toString()).contains("\"depthCm\":2");
        assertThat(row.get("grid_code")).isEqualTo("L1-01");
    }

    @Test
    void anImportWithABadRecordStoresNothingAndNamesTheRecord() throws Exception {
        // A zipped GeoJSON whose record 2 has a type the district does not know.
        byte[] bad = zippedGeoJsonWithTypes();
        long before = count("SELECT COUNT(*) FROM feature");
        JsonNode problem = json(upload("/api/import/features", "bad.zip", bad, 400));
        assertThat(problem.path("code").asString()).isEqualTo("exchange.import.rejected");
        assertThat(problem.path("errors").get(0).path("index").asInt()).isEqualTo(2);
        assertThat(problem.path("errors").get(0).path("code").asString()).isEqualTo("feature.type.unknown");
        assertThat(problem.path("detail").asString()).contains("未保存任何数据");
        assertThat(count("SELECT COUNT(*) FROM feature")).isEqualTo(before);
    }

    private byte[] zippedGeoJsonWithTypes() throws Exception {
        StringBuilder fc = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        String[] types = {"trash_bin", "sewer_well", "no_such_type", "trash_bin"};
        for (int i = 0; i < types.length; i++) {
            if (i > 0) fc.append(',');
            fc.append("{\"type\":\"Feature\",\"properties\":{\"type\":\"").append(types[i]).append("\"},")
                    .append("\"geometry\":{\"type\":\"Point\",\"coordinates\":[").append(lon(LON, LAT, 10 + i))
                    .append(',').append(lat(LAT, 10)).append("]}}");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("points.geojson"));
            zip.write(fc.append("]}").toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void hostileZipsAreRefusedAndStoreNothing() throws Exception {
        long before = count("SELECT COUNT(*) FROM feature");
        ByteArrayOutputStream traversal = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(traversal)) {
            zip.putNextEntry(new ZipEntry("../../etc/evil.shp"));
            zip.write(new byte[100]);
            zip.closeEntry();
        }
        JsonNode p1 = json(upload("/api/import/features", "t.zip", traversal.toByteArray(), 400));
        assertThat(p1.path("code").asString()).isEqualTo("exchange.zip.badEntry");

        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bomb)) {
            zip.putNextEntry(new ZipEntry("bomb.shp"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 50; i++) zip.write(zeros);
            zip.closeEntry();
        }
        assertThat(bomb.size()).as("50 MB of zeros packs small").isLessThan(200_000);
        long start = System.nanoTime();
        JsonNode p2 = json(upload("/api/import/features", "b.zip", bomb.toByteArray(), 413));
        assertThat(p2.path("code").asString()).isEqualTo("exchange.zip.tooLarge");
        assertThat((System.nanoTime() - start) / 1e9).as("refused in bounded time").isLessThan(5.0);

        ByteArrayOutputStream truncated = new ByteArrayOutputStream();
        Path base = Files.createDirectories(dir.resolve("trunc"));
        try (ShapefileWriter w = new ShapefileWriter(base, "t", ShapefileWriter.ShapeType.POINT,
                DbfFieldNames.assign(java.util.List.of(DbfField.text("type", 20))), StandardCharsets.UTF_8,
                ExportCrs.WGS84.esriWkt(), java.time.LocalDate.of(2026, 5, 1), ShapefileWriter.MAX_FILE_BYTES)) {
            w.writePoint(LON + 0.001, LAT + 0.001, new Object[]{"trash_bin"});
            w.writePoint(LON + 0.002, LAT + 0.001, new Object[]{"trash_bin"});
        }
        try (ZipOutputStream zip = new ZipOutputStream(truncated)) {
            for (String ext : new String[]{"shp", "shx", "dbf", "prj"}) {
                byte[] b = Files.readAllBytes(base.resolve("t." + ext));
                zip.putNextEntry(new ZipEntry("t." + ext));
                zip.write(ext.equals("shp") ? java.util.Arrays.copyOf(b, b.length - 10) : b);
                zip.closeEntry();
            }
        }
        JsonNode p3 = json(upload("/api/import/features", "t.zip", truncated.toByteArray(), 400));
        assertThat(p3.path("code").asString()).isEqualTo("exchange.shapefile.broken");
        assertThat(p3.path("detail").asString()).contains("truncated");
        assertThat(count("SELECT COUNT(*) FROM feature")).isEqualTo(before);
    }

    @Test
    void gridImportIsAllOrNothing() throws Exception {
        long before = count("SELECT COUNT(*) FROM grid");
        String body = "{\"type\":\"FeatureCollection\",\"features\":["
                + gridFeature(rectangle(LON, LAT, 2000, 0, 2500, 500), "L2", "新社区", "large", null) + ","
                + gridFeature(rectangle(LON, LAT, 2400, 0, 2900, 500), "L3", "重叠社区", "large", null) + "]}";
        JsonNode problem = json(upload("/api/import/large_grids", "grids.geojson", body.getBytes(StandardCharsets.UTF_8), 400));
        assertThat(problem.path("errors").get(0).path("index").asInt()).isEqualTo(1);
        assertThat(problem.path("errors").get(0).path("code").asString()).isEqualTo("grid.overlap");
        assertThat(count("SELECT COUNT(*) FROM grid")).as("the first, valid grid was rolled back too").isEqualTo(before);
        String ok = "{\"type\":\"FeatureCollection\",\"features\":["
                + gridFeature(rectangle(LON, LAT, 2000, 0, 2500, 500), "L2", "新社区", "large", null) + "]}";
        assertThat(json(upload("/api/import/large_grids", "grids.geojson", ok.getBytes(StandardCharsets.UTF_8), 201))
                .path("stored").asInt()).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM grid")).isEqualTo(before + 1);
    }
}
