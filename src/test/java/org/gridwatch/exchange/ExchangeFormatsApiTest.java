package org.gridwatch.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.gridwatch.support.Shapes.lat;
import static org.gridwatch.support.Shapes.lon;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import org.gridwatch.support.H2TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * GeoPackage export and import, and import from CSV and KML (grids, features, streets), over the API on
 * the embedded store: files proved by GDAL, every bad or hostile input refused with nothing stored.
 */
@SpringBootTest(properties = {"gridwatch.sample.enabled=false", "gridwatch.exchange.max-unpacked-bytes=2000000"})
@AutoConfigureMockMvc
class ExchangeFormatsApiTest extends ExchangeMvcTest {

    static final double LON = 114.0;
    static final double LAT = 22.5;
    private static boolean seeded;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @BeforeEach
    void seed() throws Exception {
        if (seeded) return;
        postGridPair(LON, LAT, "F1", "凤盛社区");
        for (int i = 0; i < 4; i++) {
            postJson("/api/features", pointWith(lon(LON, LAT, 50 + i * 80), lat(LAT, 60 + i * 50),
                    "{\"type\":\"trash_bin\",\"name\":\"西乡二街垃圾桶" + i + "号\",\"code\":\"G-" + i + "\"}"), 201);
        }
        seeded = true;
    }

    // ---- GeoPackage ----

    @Test
    void featuresAsGaussKrugerGeoPackageAreReadByOgrinfoWhereTheyBelong() throws Exception {
        Gdal.assumeAvailable();
        Path gpkg = download("/api/export/features?format=geopackage&crs=EPSG:4547&type=trash_bin", "f.gpkg");
        long n = count("SELECT COUNT(*) FROM feature WHERE status = 'active' AND type_key = 'trash_bin'");
        String info = Gdal.run("ogrinfo", "-al", gpkg.toString());
        assertThat(info).contains("Geometry: Point").contains("Feature Count: " + n)
                .contains("CGCS2000 / 3-degree Gauss-Kruger CM 114E").contains("ID[\"EPSG\",4547]")
                .contains("name (String) = 西乡二街垃圾桶2号").contains("version (Integer64) = 0")
                .contains("createdAt: DateTime");
        String csv = Gdal.run("ogr2ogr", "-f", "CSV", "/vsistdout/", "-t_srs", "EPSG:4326", "-lco", "GEOMETRY=AS_XY",
                "-where", "code = 'G-2'", gpkg.toString());
        String[] lines = csv.strip().split("\n");
        assertThat(lines[lines.length - 2]).as("no warnings before the header").startsWith("X,Y,");
        String[] row = lines[lines.length - 1].split(",");
        assertThat(Double.parseDouble(row[0])).isCloseTo(lon(LON, LAT, 50 + 2 * 80), within(1e-7));
        assertThat(Double.parseDouble(row[1])).isCloseTo(lat(LAT, 60 + 2 * 50), within(1e-7));
    }

    @Test
    void gridsAsCgcs2000GeoPackageKeepTheirOutlineAndText() throws Exception {
        Gdal.assumeAvailable();
        Path gpkg = download("/api/export/large_grids?format=gpkg&crs=EPSG:4490", "g.gpkg");
        String info = Gdal.run("ogrinfo", "-al", gpkg.toString());
        assertThat(info).contains("Geometry: Multi Polygon").contains("Feature Count: 1")
                .contains("ID[\"EPSG\",4490]").contains("name (String) = 凤盛社区").contains("areaM2 (Real) = ")
                .contains("MULTIPOLYGON (((114");
    }

    /** A GeoPackage written by ogr2ogr (GK CM 114E, Chinese field names), so the import reads a file we did not write. */
    private byte[] ogrGeoPackage(String properties, int count) throws Exception {
        Path in = pointsForOgr(LON, LAT, 400, properties, count);
        Path out = dir.resolve("ogr" + System.nanoTime() + ".gpkg");
        Gdal.run("ogr2ogr", "-f", "GPKG", "-t_srs", "EPSG:4547", out.toString(), in.toString());
        return Files.readAllBytes(out);
    }

    @Test
    void importsAnOgrGeoPackageAfterAPreviewThatStoresNothing() throws Exception {
        Gdal.assumeAvailable();
        byte[] gpkg = ogrGeoPackage("{\"类型\":\"stagnant_water\",\"名称\":\"积水点#号\",\"depthCm\":#}", 3);
        long before = count("SELECT COUNT(*) FROM feature");
        JsonNode preview = uploadJson("/api/import/features?dryRun=true", "points.gpkg", gpkg, 200);
        assertThat(preview.path("format").asString()).isEqualTo("geopackage");
        assertThat(preview.path("count").asInt()).isEqualTo(3);
        assertThat(preview.path("crs").asString()).isEqualTo("EPSG:4547");
        assertThat(preview.path("mapping").path("名称").asString()).isEqualTo("name");
        assertThat(preview.path("mapping").path("depthCm").asString()).isEqualTo("attributes.depthCm");
        assertThat(count("SELECT COUNT(*) FROM feature")).as("a preview stores nothing").isEqualTo(before);

        assertThat(uploadJson("/api/import/features", "points.gpkg", gpkg, 201).path("stored").asInt()).isEqualTo(3);
        var row = jdbc.queryForMap("SELECT ST_X(geom) AS x, ST_Y(geom) AS y, attributes, grid_code FROM feature WHERE name = '积水点1号'");
        assertThat(((Number) row.get("x")).doubleValue()).isCloseTo(lon(LON, LAT, 401), within(1e-7));
        assertThat(((Number) row.get("y")).doubleValue()).isCloseTo(lat(LAT, 401), within(1e-7));
        assertThat(row.get("attributes").toString()).contains("\"depthCm\":1");
        assertThat(row.get("grid_code")).isEqualTo("F1-01");
    }

    @Test
    void exportedGeoPackageImportsBackAsGrids() throws Exception {
        Path gpkg = download("/api/export/small_grids?format=gpkg", "s.gpkg");
        JsonNode preview = uploadJson("/api/import/small_grids?dryRun=true", "s.gpkg", Files.readAllBytes(gpkg), 200);
        assertThat(preview.path("count").asInt()).isEqualTo(1);
        assertThat(preview.path("crs").asString()).isEqualTo("EPSG:4326");
        assertThat(preview.path("mapping").path("responsiblePerson").asString()).isEqualTo("responsiblePerson");
        // The same grid again overlaps itself: refused by the grid rules, nothing stored.
        assertThat(preview.path("invalidCount").asInt()).isEqualTo(1);
        assertThat(preview.path("problems").get(0).path("code").asString()).isIn("grid.overlap", "grid.code.taken",
                "grid.duplicate");
    }

    @Test
    void aBrokenGeoPackageIsRefusedAndStoresNothing() throws Exception {
        long before = count("SELECT COUNT(*) FROM feature");
        JsonNode notSqlite = uploadJson("/api/import/features", "x.gpkg", "PK\u0003\u0004 not a database".getBytes(), 400);
        assertThat(notSqlite.path("code").asString()).isEqualTo("exchange.geopackage.broken");
        assertThat(notSqlite.path("detail").asString()).contains("GeoPackage");

        Path plain = dir.resolve("plain.gpkg");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + plain); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (a INTEGER)");
        }
        JsonNode notGpkg = uploadJson("/api/import/features", "plain.gpkg", Files.readAllBytes(plain), 400);
        assertThat(notGpkg.path("code").asString()).isEqualTo("exchange.geopackage.broken");

        // A real GeoPackage whose geometry blob is garbage: that record is named, nothing stored.
        Path gpkg = download("/api/export/features?format=gpkg", "bad.gpkg");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gpkg); Statement s = c.createStatement()) {
            s.execute("UPDATE features SET geom = X'4750000100' WHERE code = 'G-1'");
        }
        JsonNode bad = uploadJson("/api/import/features", "bad.gpkg", Files.readAllBytes(gpkg), 400);
        assertThat(bad.path("code").asString()).isEqualTo("exchange.import.rejected");
        assertThat(bad.path("errors").get(0).path("code").asString()).isEqualTo("exchange.import.badRecord");
        assertThat(bad.path("errors").get(0).path("index").asInt()).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM feature")).isEqualTo(before);
    }

    // ---- CSV ----

    private static byte[] bom(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[body.length + 3];
        out[0] = (byte) 0xEF;
        out[1] = (byte) 0xBB;
        out[2] = (byte) 0xBF;
        System.arraycopy(body, 0, out, 3, body.length);
        return out;
    }

    @Test
    void importsFeaturesFromCsvWithChineseHeadersAndABom() throws Exception {
        String csv = "名称,类型,经度,纬度,备注\r\n"
                + "\"东门积水点, 北侧\",stagnant_water," + lon(LON, LAT, 700) + "," + lat(LAT, 700) + ",\"说\"\"明\"\r\n"
                + "西门积水点,stagnant_water," + lon(LON, LAT, 710) + "," + lat(LAT, 700) + ",\r\n";
        long before = count("SELECT COUNT(*) FROM feature");
        JsonNode preview = uploadJson("/api/import/features?dryRun=true", "points.csv", bom(csv), 200);
        assertThat(preview.path("encoding").asString()).isEqualTo("UTF-8 (BOM)");
        assertThat(preview.path("count").asInt()).isEqualTo(2);
        assertThat(preview.path("geometryType").asString()).contains("经度");
        assertThat(preview.path("mapping").path("名称").asString()).isEqualTo("name");
        assertThat(count("SELECT COUNT(*) FROM feature")).isEqualTo(before);
        assertThat(uploadJson("/api/import/features", "points.csv", bom(csv), 201).path("stored").asInt()).isEqualTo(2);
        var row = jdbc.queryForMap("SELECT ST_X(geom) AS x, attributes FROM feature WHERE name = '东门积水点, 北侧'");
        assertThat(((Number) row.get("x")).doubleValue()).isCloseTo(lon(LON, LAT, 700), within(1e-7));
        assertThat(row.get("attributes").toString()).contains("说\\\"明");
    }

    @Test
    void gbkCsvNeedsItsEncodingAndThenKeepsItsChinese() throws Exception {
        String csv = "name,type,lon,lat\n南门垃圾桶,trash_bin," + lon(LON, LAT, 720) + "," + lat(LAT, 720) + "\n";
        byte[] gbk = csv.getBytes(Charset.forName("GBK"));
        long before = count("SELECT COUNT(*) FROM feature");
        JsonNode refused = uploadJson("/api/import/features", "gbk.csv", gbk, 400);
        assertThat(refused.path("code").asString()).isEqualTo("exchange.csv.encoding");
        assertThat(refused.path("detail").asString()).contains("GBK");
        assertThat(count("SELECT COUNT(*) FROM feature")).isEqualTo(before);
        assertThat(uploadJson("/api/import/features?encoding=GBK", "gbk.csv", gbk, 201).path("encoding").asString())
                .isEqualTo("GBK");
        assertThat(count("SELECT COUNT(*) FROM feature WHERE name = '南门垃圾桶'")).isEqualTo(1);
    }

    @Test
    void aBadCsvRowStoresNothingAndIsNamed() throws Exception {
        String csv = "name,type,lon,lat\n"
                + "a,trash_bin," + lon(LON, LAT, 730) + "," + lat(LAT, 730) + "\n"
                + "b,trash_bin,东经114,22.5\n"
                + "c,trash_bin," + lon(LON, LAT, 740) + "\n"
                + "d,trash_bin," + lon(LON, LAT, 750) + "," + lat(LAT, 730) + "\n";
        long before = count("SELECT COUNT(*) FROM feature");
        JsonNode problem = uploadJson("/api/import/features", "bad.csv", csv.getBytes(StandardCharsets.UTF_8), 400);
        assertThat(problem.path("code").asString()).isEqualTo("exchange.import.rejected");
        assertThat(problem.path("invalidCount").asInt()).isEqualTo(2);
        assertThat(problem.path("errors").get(0).path("index").asInt()).isEqualTo(1);
        assertThat(problem.path("errors").get(0).path("detail").asString()).contains("不是数字").doesNotContain("not numbers");
        assertThat(problem.path("errors").get(1).path("index").asInt()).isEqualTo(2);
        assertThat(problem.path("errors").get(1).path("detail").asString()).contains("该行有 3 个字段");
        assertThat(count("SELECT COUNT(*) FROM feature")).as("the good rows were rolled back too").isEqualTo(before);

        JsonNode noGeometry = uploadJson("/api/import/features", "x.csv", "name,type\na,b\n".getBytes(StandardCharsets.UTF_8), 400);
        assertThat(noGeometry.path("code").asString()).isEqualTo("exchange.csv.noGeometry");
        JsonNode unclosed = uploadJson("/api/import/features", "x.csv", "name,lon,lat\n\"a,1,2\n".getBytes(StandardCharsets.UTF_8), 400);
        assertThat(unclosed.path("code").asString()).isEqualTo("exchange.csv.unclosedQuote");
    }

    @Test
    void gcj02CsvIsShiftedToWgs84() throws Exception {
        double wLon = lon(LON, LAT, 760), wLat = lat(LAT, 760);
        double[] gcj = new double[2];
        ChinaOffsets.wgs84ToGcj02(wLon, wLat, gcj);
        String csv = "name,type,lng,lat\n高德采集点,trash_bin," + gcj[0] + "," + gcj[1] + "\n";
        JsonNode r = uploadJson("/api/import/features?crs=GCJ-02", "gcj.csv", csv.getBytes(StandardCharsets.UTF_8), 201);
        assertThat(r.path("crs").asString()).isEqualTo("GCJ-02");
        var row = jdbc.queryForMap("SELECT ST_X(geom) AS x, ST_Y(geom) AS y FROM feature WHERE name = '高德采集点'");
        // 1e-6 degrees is about 0.1 m: well inside the 0.5 m the issue asks for.
        assertThat(((Number) row.get("x")).doubleValue()).isCloseTo(wLon, within(1e-6));
        assertThat(((Number) row.get("y")).doubleValue()).isCloseTo(wLat, within(1e-6));
    }

    @Test
    void importsGridsAndStreetsFromWktCsv() throws Exception {
        String grid = "POLYGON ((" + lon(LON, LAT, 3000) + " " + lat(LAT, 0) + ", " + lon(LON, LAT, 3500) + " " + lat(LAT, 0)
                + ", " + lon(LON, LAT, 3500) + " " + lat(LAT, 500) + ", " + lon(LON, LAT, 3000) + " " + lat(LAT, 500)
                + ", " + lon(LON, LAT, 3000) + " " + lat(LAT, 0) + "))";
        String csv = "编码,名称,责任人,wkt\nF9,新安社区,李娜,\"" + grid + "\"\n";
        JsonNode r = uploadJson("/api/import/large_grids", "grids.csv", csv.getBytes(StandardCharsets.UTF_8), 201);
        assertThat(r.path("stored").asInt()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT responsible_person FROM grid WHERE code = 'F9'", String.class)).isEqualTo("李娜");

        long streets = count("SELECT COUNT(*) FROM street");
        String lines = "道路名称,class,wkt\n"
                + "宝安大道,primary,\"LINESTRING (114.001 22.501, 114.002 22.502)\"\n"
                + "前进路,secondary,\"LINESTRING (114.003 22.501, 114.004 22.503, 114.005 22.503)\"\n";
        JsonNode s = uploadJson("/api/import/streets", "streets.csv", lines.getBytes(StandardCharsets.UTF_8), 201);
        assertThat(s.path("stored").asInt()).isEqualTo(2);
        assertThat(s.path("mapping").path("道路名称").asString()).isEqualTo("name");
        assertThat(count("SELECT COUNT(*) FROM street")).isEqualTo(streets + 2);
        assertThat(jdbc.queryForObject("SELECT street_class FROM street WHERE name = '前进路'", String.class))
                .isEqualTo("secondary");

        String bad = "name,wkt\nok,\"LINESTRING (114.001 22.501, 114.002 22.502)\"\n"
                + "polygon,\"" + grid + "\"\n";
        JsonNode refused = uploadJson("/api/import/streets", "bad.csv", bad.getBytes(StandardCharsets.UTF_8), 400);
        assertThat(refused.path("errors").get(0).path("index").asInt()).isEqualTo(1);
        assertThat(refused.path("errors").get(0).path("code").asString()).isEqualTo("geometry.type");
        assertThat(count("SELECT COUNT(*) FROM street")).isEqualTo(streets + 2);
    }

    // ---- KML ----

    private static String kml(String placemarks) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document>"
                + "<name>导出</name>" + placemarks + "</Document></kml>";
    }

    @Test
    void importsFeaturesAndStreetsFromKml() throws Exception {
        String points = kml("<Placemark><name>北门毒饵站</name><ExtendedData><Data name=\"type\"><value>rat_bait_station</value>"
                + "</Data><Data name=\"baitKind\"><value>溴敌隆</value></Data></ExtendedData><Point><coordinates>"
                + lon(LON, LAT, 800) + "," + lat(LAT, 800) + ",0</coordinates></Point></Placemark>");
        JsonNode preview = uploadJson("/api/import/features?dryRun=true", "p.kml", points.getBytes(StandardCharsets.UTF_8), 200);
        assertThat(preview.path("count").asInt()).isEqualTo(1);
        assertThat(preview.path("geometryType").asString()).isEqualTo("Point");
        assertThat(preview.path("mapping").path("baitKind").asString()).isEqualTo("attributes.baitKind");
        uploadJson("/api/import/features", "p.kml", points.getBytes(StandardCharsets.UTF_8), 201);
        var row = jdbc.queryForMap("SELECT type_key, attributes, ST_Y(geom) AS y FROM feature WHERE name = '北门毒饵站'");
        assertThat(row.get("type_key")).isEqualTo("rat_bait_station");
        assertThat(row.get("attributes").toString()).contains("溴敌隆");
        assertThat(((Number) row.get("y")).doubleValue()).isCloseTo(lat(LAT, 800), within(1e-7));

        String line = kml("<Placemark><name>创业路</name><LineString><coordinates>114.010,22.510 114.012,22.511"
                + "</coordinates></LineString></Placemark>");
        assertThat(uploadJson("/api/import/streets", "s.kml", line.getBytes(StandardCharsets.UTF_8), 201).path("stored").asInt())
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM street WHERE name = '创业路'")).isEqualTo(1);
    }

    @Test
    void exportedKmlGridsImportBackWithTheirHoles() throws Exception {
        String polygon = kml("<Placemark><name>带洞网格</name><ExtendedData><Data name=\"code\"><value>F8</value></Data>"
                + "</ExtendedData><Polygon><outerBoundaryIs><LinearRing><coordinates>114.05,22.5 114.06,22.5 114.06,22.51 "
                + "114.05,22.51 114.05,22.5</coordinates></LinearRing></outerBoundaryIs><innerBoundaryIs><LinearRing>"
                + "<coordinates>114.052,22.502 114.054,22.502 114.054,22.504 114.052,22.502</coordinates></LinearRing>"
                + "</innerBoundaryIs></Polygon></Placemark>");
        uploadJson("/api/import/large_grids", "g.kml", polygon.getBytes(StandardCharsets.UTF_8), 201);
        assertThat(jdbc.queryForObject("SELECT ST_NumInteriorRing(geom) FROM grid WHERE code = 'F8'", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void kmlBombsAndExternalEntitiesAreRefusedQuicklyAndStoreNothing() throws Exception {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE kml [<!ENTITY l0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
        }
        String bomb = dtd.append("]><kml><Document><Placemark><name>&l9;</name><Point><coordinates>114,22.5</coordinates>"
                + "</Point></Placemark></Document></kml>").toString();
        long before = count("SELECT COUNT(*) FROM feature");
        long start = System.nanoTime();
        JsonNode p = uploadJson("/api/import/features?type=trash_bin", "bomb.kml", bomb.getBytes(StandardCharsets.UTF_8), 400);
        assertThat(p.path("code").asString()).isEqualTo("exchange.kml.dtd");
        assertThat((System.nanoTime() - start) / 1e9).as("refused in bounded time").isLessThan(5.0);

        Path secret = Files.writeString(dir.resolve("secret.txt"), "top secret");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE kml [<!ENTITY x SYSTEM \"file://" + secret + "\">]>"
                + "<kml><Placemark><name>&x;</name><Point><coordinates>114,22.5</coordinates></Point></Placemark></kml>";
        JsonNode p2 = uploadJson("/api/import/features?type=trash_bin", "x.kml", xxe.getBytes(StandardCharsets.UTF_8), 400);
        assertThat(p2.path("code").asString()).isEqualTo("exchange.kml.dtd");
        assertThat(p2.toString()).doesNotContain("top secret");

        JsonNode broken = uploadJson("/api/import/features", "b.kml", "<kml><Placemark>".getBytes(StandardCharsets.UTF_8), 400);
        assertThat(broken.path("code").asString()).isEqualTo("exchange.kml.broken");
        String badCoordinates = kml("<Placemark><name>x</name><Point><coordinates>东,西</coordinates></Point></Placemark>");
        JsonNode bad = uploadJson("/api/import/features?type=trash_bin", "c.kml", badCoordinates.getBytes(StandardCharsets.UTF_8), 400);
        assertThat(bad.path("errors").get(0).path("detail").asString()).contains("coordinates");
        assertThat(count("SELECT COUNT(*) FROM feature")).isEqualTo(before);
    }

    @Test
    void oversizeUploadsAreRefusedInEveryFormat() throws Exception {
        byte[] big = new byte[2_100_000];
        java.util.Arrays.fill(big, (byte) 'a');
        long before = count("SELECT COUNT(*) FROM feature");
        for (String name : new String[]{"big.csv", "big.kml", "big.gpkg"}) {
            JsonNode p = uploadJson("/api/import/features", name, big, 413);
            assertThat(p.path("code").asString()).as(name).isEqualTo("exchange.import.tooLarge");
        }
        JsonNode en = JSON.readTree(mvc.perform(multipart("/api/import/features")
                        .file(new MockMultipartFile("file", "big.csv", "text/csv", big)).header("Accept-Language", "en"))
                .andExpect(status().is(413)).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(en.path("detail").asString()).contains("import limit");
        assertThat(count("SELECT COUNT(*) FROM feature")).isEqualTo(before);
    }
}
