package org.gridwatch.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.gridwatch.support.Shapes.lat;
import static org.gridwatch.support.Shapes.lon;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gridwatch.support.H2TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MvcResult;

import tools.jackson.databind.JsonNode;

/**
 * The computed layers (coverage with uncovered polygons, topology problems, patrol routes, hot spots)
 * exported and read back by GDAL. The district here sits at 116°E, 23°N, apart from the other exchange
 * tests that share the application context; assertions pick their own grids by code.
 */
@SpringBootTest(properties = {"gridwatch.sample.enabled=false", "gridwatch.exchange.max-unpacked-bytes=2000000"})
@AutoConfigureMockMvc
class ExchangeAnalysisLayersTest extends ExchangeMvcTest {

    static final double LON = 116.0;
    static final double LAT = 23.0;
    private static boolean seeded;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @BeforeEach
    void seed() throws Exception {
        if (seeded) return;
        postGridPair(LON, LAT, "A1", "安乐社区");
        // One bait station in the middle of the small grid, three trash bins clustered in its corner.
        postJson("/api/features", feature("rat_bait_station", 250, 250, "中心毒饵站"), 201);
        for (int i = 0; i < 3; i++) postJson("/api/features", feature("trash_bin", 100 + i * 5, 100, "角落垃圾桶" + i), 201);
        // An L of streets inside the small grid: 300 m east, then 200 m north.
        String csv = "name,wkt\n安乐路,\"LINESTRING (" + lon(LON, LAT, 100) + " " + lat(LAT, 100) + ", " + lon(LON, LAT, 400)
                + " " + lat(LAT, 100) + ")\"\n安乐北路,\"LINESTRING (" + lon(LON, LAT, 400) + " " + lat(LAT, 100) + ", "
                + lon(LON, LAT, 400) + " " + lat(LAT, 300) + ")\"\n";
        mvc.perform(multipart("/api/import/streets").file(new MockMultipartFile("file", "s.csv", "text/csv",
                csv.getBytes(StandardCharsets.UTF_8)))).andExpect(status().isCreated());
        seeded = true;
    }

    private static String feature(String type, double east, double north, String name) {
        return pointWith(lon(LON, LAT, east), lat(LAT, north), "{\"type\":\"" + type + "\",\"name\":\"" + name + "\"}");
    }

    private static double number(String text, String field) {
        Matcher m = Pattern.compile(field + " \\((?:Real|Integer64|Integer)\\) = ([-0-9.eE]+)").matcher(text);
        assertThat(m.find()).as(field + " in\n" + text).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void coverageShipsEachGridsUncoveredPolygon() throws Exception {
        Gdal.assumeAvailable();
        Path gpkg = download("/api/export/coverage?format=gpkg&type=rat_bait_station&radius=20&level=small", "c.gpkg");
        String info = Gdal.run("ogrinfo", "-al", "-where", "code = 'A1-01'", gpkg.toString());
        assertThat(info).contains("Geometry: Multi Polygon").contains("Feature Count: 1")
                .contains("name (String) = 安乐社区第1网格").contains("type (String) = rat_bait_station");
        // A 20 m circle around the one station is covered (its polygon, 32 segments, is 0.6% short of π r²).
        double uncovered = number(info, "uncoveredM2");
        assertThat(number(info, "areaM2") - uncovered).isCloseTo(Math.PI * 400, within(Math.PI * 400 * 0.01));
        // The polygon itself has the hole: its area in metres (GDAL, in Gauss–Krüger) matches the figure.
        String area = Gdal.run("ogrinfo", "-dialect", "SQLite", "-sql",
                "SELECT ST_Area(ST_Transform(geom, 4547)) AS a, ST_NumInteriorRing(ST_GeometryN(geom, 1)) AS holes "
                        + "FROM coverage WHERE code = 'A1-01'", gpkg.toString());
        assertThat(number(area, "a")).isCloseTo(uncovered, within(uncovered * 0.003));
        assertThat(number(area, "holes")).isEqualTo(1);
    }

    @Test
    void topologyGapsAreExportedAsPolygons() throws Exception {
        Gdal.assumeAvailable();
        Path zip = download("/api/export/topology?format=shapefile", "t.zip");
        Path out = Files.createDirectories(dir.resolve("t"));
        try (var z = new java.util.zip.ZipFile(zip.toFile())) {
            for (var e : java.util.Collections.list(z.entries())) Files.copy(z.getInputStream(e), out.resolve(e.getName()));
        }
        String info = Gdal.run("ogrinfo", "-al", "-where", "gridCode = 'A1'", out.resolve("topology.shp").toString());
        assertThat(info).contains("Geometry: Polygon").contains("kind (String) = gap");
        // The small grid fills a quarter of the large one: the gap is the other 750,000 m².
        assertThat(number(info, "areaM2")).isCloseTo(750_000, within(750_000 * 0.003));
    }

    @Test
    void aGridsPatrolRouteIsALineAlongItsStreets() throws Exception {
        Gdal.assumeAvailable();
        Path geojson = download("/api/export/routes?format=geojson&grid=A1-01", "r.geojson");
        String info = Gdal.run("ogrinfo", "-al", geojson.toString());
        assertThat(info).contains("Feature Count: 1").contains("gridCode (String) = A1-01").contains("LINESTRING");
        // The streets are 500 m long; a closed walk over a path walks each twice.
        assertThat(number(info, "streetLengthM")).isCloseTo(500, within(1.0));
        assertThat(number(info, "lengthM")).isCloseTo(1000, within(2.0));

        MvcResult refused = mvc.perform(get("/api/export/routes?grid=NOPE&format=geojson"))
                .andExpect(status().isNotFound()).andReturn();
        assertThat(refused.getResponse().getContentType()).contains("problem+json");
    }

    @Test
    void hotSpotsAreRankedPoints() throws Exception {
        Gdal.assumeAvailable();
        Path kml = download("/api/export/hotspots?format=kml&type=trash_bin&radius=100&limit=3", "h.kml");
        String info = Gdal.run("ogrinfo", "-al", kml.toString());
        assertThat(info).contains("POINT (116").contains("rank (String) = 1");
        Path csv = download("/api/export/hotspots?format=csv&type=trash_bin&radius=100&limit=3", "h.csv");
        String[] lines = Files.readString(csv).strip().split("\r?\n");
        assertThat(lines[0]).contains("lon").contains("rank").contains("densityPerKm2");
        // The densest peak sits on the cluster of bins, about 105 m east and 100 m north of the corner.
        java.util.List<String> header = java.util.List.of(lines[0].replace("\uFEFF", "").split(","));
        String[] first = lines[1].split(",");
        assertThat(Integer.parseInt(first[header.indexOf("rank")])).isEqualTo(1);
        assertThat(Double.parseDouble(first[header.indexOf("lon")])).isCloseTo(lon(LON, LAT, 105), within(0.0005));
        assertThat(Double.parseDouble(first[header.indexOf("lat")])).isCloseTo(lat(LAT, 100), within(0.0005));
    }

    @Test
    void computedLayersAreNotImportableAndCheckTheirParameters() throws Exception {
        JsonNode p = JSON.readTree(mvc.perform(multipart("/api/import/coverage").file(new MockMultipartFile("file",
                "x.csv", "text/csv", "a,lon,lat\n1,2,3\n".getBytes(StandardCharsets.UTF_8))))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(p.path("code").asString()).isEqualTo("exchange.import.layerUnsupported");
        mvc.perform(get("/api/export/coverage?level=medium")).andExpect(status().isBadRequest());
        mvc.perform(get("/api/export/coverage?type=trash_bin,sewer_well")).andExpect(status().isBadRequest());
        mvc.perform(get("/api/export/streets?type=trash_bin")).andExpect(status().isBadRequest());
    }
}
