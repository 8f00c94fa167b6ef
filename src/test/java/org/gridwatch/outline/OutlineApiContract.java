package org.gridwatch.outline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.PolygonArea;
import org.gridwatch.support.Shapes;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The district outline over the API, run against each store: drawn, versioned, restored, imported
 * (GeoJSON, a GBK shapefile and a GeoPackage written by GDAL), refused with a localized error that changes
 * nothing, and measured by the topology report against the large grids. Each test starts without an
 * outline; the topology test builds its grids at 20°E 50°N, away from everything else.
 */
abstract class OutlineApiContract {

    static final double BASE_LON = 20.0;
    static final double BASE_LAT = 50.0;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void noOutline() {
        jdbc.update("DELETE FROM district_outline");
        jdbc.update("DELETE FROM change_history WHERE entity = 'district_outline'");
    }

    // ------------------------------------------------------------------ helpers

    static double[] lonLat(double baseLon, double baseLat, double x, double y) {
        return new double[]{Shapes.lon(baseLon, baseLat, x), Shapes.lat(baseLat, y)};
    }

    /** A GeoJSON polygon through metre offsets {@code x0,y0,x1,y1,...} (closed here) around the base. */
    static String polygonAt(double baseLon, double baseLat, double... xy) {
        StringBuilder sb = new StringBuilder("{\"type\":\"Polygon\",\"coordinates\":[[");
        for (int i = 0; i <= xy.length; i += 2) {
            int k = i % xy.length;
            double[] c = lonLat(baseLon, baseLat, xy[k], xy[k + 1]);
            if (i > 0) sb.append(',');
            sb.append('[').append(c[0]).append(',').append(c[1]).append(']');
        }
        return sb.append("]]}").toString();
    }

    static String polygon(double... xy) {
        return polygonAt(BASE_LON, BASE_LAT, xy);
    }

    /** Geodesic area (m², WGS84, as PostGIS geography measures) of the ring through metre offsets. */
    static double geodesicArea(double... xy) {
        PolygonArea area = new PolygonArea(Geodesic.WGS84, false);
        for (int i = 0; i < xy.length; i += 2) {
            double[] c = lonLat(BASE_LON, BASE_LAT, xy[i], xy[i + 1]);
            area.AddPoint(c[1], c[0]);
        }
        return Math.abs(area.Compute(false, true).area);
    }

    static String feature(String geometry, String name, Long version) {
        return "{\"type\":\"Feature\",\"geometry\":" + geometry + ",\"properties\":{\"name\":\"" + name + "\""
                + (version == null ? "" : ",\"version\":" + version) + "}}";
    }

    static String collection(String... features) {
        return "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}";
    }

    /** A 2 km × 1.5 km district at the base, with extra vertices where the topology test's grids meet it. */
    static String districtGeometry() {
        return polygon(0, 0, 300, 0, 500, 0, 1000, 0, 1000, 500, 1000, 600, 0, 600, 0, 500);
    }

    static JsonNode json(MvcResult r) throws Exception {
        return JSON.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    JsonNode send(RequestBuilder request, int expectedStatus) throws Exception {
        MvcResult r = mvc.perform(request).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .isEqualTo(expectedStatus);
        return json(r);
    }

    JsonNode outline() throws Exception {
        return send(get("/api/district-outline"), 200);
    }

    JsonNode drawn(String geometry, String name, Long version, int expected) throws Exception {
        return send(put("/api/district-outline").contentType(MediaType.APPLICATION_JSON)
                .content(feature(geometry, name, version)), expected);
    }

    JsonNode history() throws Exception {
        return send(get("/api/history").param("entity", "district_outline").param("id", "district"), 200);
    }

    JsonNode importFile(String name, byte[] content, int expected, String language) throws Exception {
        var request = multipart("/api/import/district_outline")
                .file(new MockMultipartFile("file", name, "application/octet-stream", content));
        if (language != null) request.header("Accept-Language", language);
        return send(request, expected);
    }

    static String gdal(String... command) throws Exception {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("LC_ALL", "C.UTF-8");
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String text = new String(out, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(String.join(" ", command) + ":\n" + text).isZero();
            return text;
        } catch (IOException e) {
            Assumptions.abort("GDAL (ogr2ogr/ogrinfo) is not installed: " + e.getMessage());
            return null;
        }
    }

    static byte[] zip(Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); var files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                zip.putNextEntry(new ZipEntry(f.getFileName().toString()));
                zip.write(Files.readAllBytes(f));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    // ------------------------------------------------------------------ drawn, versioned, restored

    @Test
    void aDrawnOutlineIsVersionedAndRestoredLikeAGrid() throws Exception {
        assertThat(outline().get("features")).isEmpty();
        String first = polygon(0, 0, 1000, 0, 1000, 600, 0, 600);
        JsonNode created = drawn(first, "示例街道", null, 200);
        assertThat(created.at("/properties/version").longValue()).isZero();
        assertThat(created.at("/properties/source").asString()).isEqualTo("drawn");
        assertThat(created.at("/properties/areaM2").doubleValue())
                .isCloseTo(geodesicArea(0, 0, 1000, 0, 1000, 600, 0, 600), org.assertj.core.data.Percentage.withPercentage(0.1));

        // Replacing needs the version edited, and refuses a stale one.
        String second = polygon(0, 0, 1200, 0, 1200, 600, 0, 600);
        assertThat(drawn(second, "示例街道", null, 400).get("code").asString()).isEqualTo("version.required");
        assertThat(drawn(second, "示例街道", 0L, 200).at("/properties/version").longValue()).isEqualTo(1);
        assertThat(drawn(second, "示例街道", 0L, 409).get("code").asString()).isEqualTo("version.stale");

        JsonNode entries = history().get("entries");
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).get("action").asString()).isEqualTo("update");
        assertThat(entries.get(1).get("action").asString()).isEqualTo("create");

        // Restore the state before the update: the first shape comes back as a new version.
        send(post("/api/history/" + entries.get(0).get("id").longValue() + "/restore"), 200);
        JsonNode restored = outline().at("/features/0");
        assertThat(restored.at("/properties/version").longValue()).isEqualTo(2);
        assertThat(restored.at("/properties/areaM2").doubleValue())
                .isCloseTo(created.at("/properties/areaM2").doubleValue(), org.assertj.core.data.Offset.offset(0.01));
        assertThat(history().get("entries").get(0).get("action").asString()).isEqualTo("restore");

        // Deleted, and restored from the delete's entry.
        assertThat(send(delete("/api/district-outline"), 400).get("code").asString()).isEqualTo("version.required");
        send(delete("/api/district-outline").param("version", "2"), 200);
        assertThat(outline().get("features")).isEmpty();
        long deleteEntry = history().get("entries").get(0).get("id").longValue();
        send(post("/api/history/" + deleteEntry + "/restore"), 200);
        assertThat(outline().at("/features/0/properties/name").asString()).isEqualTo("示例街道");
    }

    // ------------------------------------------------------------------ imported

    @Test
    void aGeoJsonFileReplacesTheOutlineAndTheHistoryKeepsTheOldOne() throws Exception {
        drawn(polygon(0, 0, 1000, 0, 1000, 600, 0, 600), "旧边界", null, 200);
        String file = collection(feature(polygon(0, 0, 2000, 0, 2000, 1500, 0, 1500), "新街道", null));
        JsonNode r = importFile("outline.geojson", file.getBytes(StandardCharsets.UTF_8), 201, null);
        assertThat(r.get("stored").intValue()).isEqualTo(1);
        JsonNode now = outline().at("/features/0/properties");
        assertThat(now.get("name").asString()).isEqualTo("新街道");
        assertThat(now.get("source").asString()).isEqualTo("imported");
        assertThat(now.get("version").longValue()).isEqualTo(1);
        assertThat(history().at("/entries/0/before/properties/name").asString()).isEqualTo("旧边界");
    }

    @Test
    void aGbkShapefileAndAGeoPackageWrittenByGdalAreImported() throws Exception {
        Path dir = Files.createTempDirectory("outline-gdal-");
        Path geojson = dir.resolve("in.geojson");
        Files.writeString(geojson, collection(feature(polygon(0, 0, 1500, 0, 1500, 800, 0, 800), "东湖街道", null)));
        Path shpDir = Files.createDirectories(dir.resolve("shp"));
        gdal("ogr2ogr", "-f", "ESRI Shapefile", "-lco", "ENCODING=GBK", shpDir.resolve("district.shp").toString(),
                geojson.toString());
        assertThat(Files.readString(shpDir.resolve("district.cpg")).trim()).matches("(?i)gbk|cp936|936");
        importFile("district.zip", zip(shpDir), 201, null);
        JsonNode fromShp = outline().at("/features/0/properties");
        assertThat(fromShp.get("name").asString()).isEqualTo("东湖街道");
        assertThat(fromShp.get("areaM2").doubleValue()).isCloseTo(geodesicArea(0, 0, 1500, 0, 1500, 800, 0, 800),
                org.assertj.core.data.Percentage.withPercentage(0.1));

        Path gpkg = dir.resolve("district.gpkg");
        Files.writeString(geojson, collection(feature(polygon(0, 0, 1600, 0, 1600, 800, 0, 800), "西湖街道", null)));
        gdal("ogr2ogr", "-f", "GPKG", gpkg.toString(), geojson.toString());
        importFile("district.gpkg", Files.readAllBytes(gpkg), 201, null);
        JsonNode fromGpkg = outline().at("/features/0/properties");
        assertThat(fromGpkg.get("name").asString()).isEqualTo("西湖街道");
        assertThat(fromGpkg.get("version").longValue()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ refused

    /** A refusal of each kind, in Chinese by default and in English on request, and nothing changed. */
    @Test
    void badOutlinesAreRefusedInTheUsersLanguageAndChangeNothing() throws Exception {
        drawn(polygon(0, 0, 1000, 0, 1000, 600, 0, 600), "示例街道", null, 200);
        String before = outline().toString();
        int entries = history().get("entries").size();

        String line = "{\"type\":\"LineString\",\"coordinates\":[[20,50],[20.01,50.01]]}";
        String bowtie = polygon(0, 0, 1000, 600, 1000, 0, 0, 600);
        String tiny = polygon(0, 0, 10, 0, 10, 10, 0, 10);
        String huge = polygon(0, 0, 150_000, 0, 150_000, 1000, 0, 1000);
        List<String[]> cases = new ArrayList<>();
        // {file name, content, expected code of the first error, a Chinese word, an English word}
        cases.add(new String[]{"line.geojson", collection(feature(line, "线", null)), "geometry.type", "几何类型", "not allowed"});
        cases.add(new String[]{"bowtie.geojson", collection(feature(bowtie, "自交", null)), "geometry.selfIntersection",
                "自相交", "Self-intersection"});
        cases.add(new String[]{"empty.geojson", collection(), "outline.import.notOne", "恰好包含一个面", "exactly one"});
        cases.add(new String[]{"two.geojson", collection(feature(polygon(0, 0, 500, 0, 500, 500, 0, 500), "甲", null),
                feature(polygon(500, 0, 1000, 0, 1000, 500, 500, 500), "乙", null)), "outline.import.notOne",
                "恰好包含一个面", "exactly one"});
        cases.add(new String[]{"tiny.geojson", collection(feature(tiny, "小", null)), "outline.tooSmall", "至少应为",
                "at least"});
        cases.add(new String[]{"wide.geojson", collection(feature(huge, "大", null)), "outline.tooWide", "公里",
                "km across"});
        for (String[] c : cases) {
            byte[] content = c[1].getBytes(StandardCharsets.UTF_8);
            JsonNode zh = importFile(c[0], content, 400, null);
            assertThat(zh.get("code").asString()).as(c[0]).isEqualTo("exchange.import.rejected");
            assertThat(zh.at("/errors/0/code").asString()).as(c[0]).isEqualTo(c[2]);
            assertThat(zh.at("/errors/0/detail").asString()).as(c[0]).contains(c[3]);
            assertThat(zh.get("detail").asString()).as(c[0]).contains("未保存");
            JsonNode en = importFile(c[0], content, 400, "en");
            assertThat(en.at("/errors/0/detail").asString()).as(c[0]).contains(c[4]);
        }
        // Drawn: the same rules answer a PUT directly.
        JsonNode drawnLine = drawn(line, "线", 0L, 400);
        assertThat(drawnLine.get("code").asString()).isEqualTo("geometry.type");
        assertThat(drawn(tiny, "小", 0L, 400).get("code").asString()).isEqualTo("outline.tooSmall");
        JsonNode tinyEn = send(put("/api/district-outline").header("Accept-Language", "en")
                .contentType(MediaType.APPLICATION_JSON).content(feature(tiny, "小", 0L)), 400);
        assertThat(tinyEn.get("detail").asString()).contains("at least 10,000 m²");
        assertThat(drawn(bowtie, "自交", 0L, 400).get("code").asString()).isEqualTo("geometry.selfIntersection");
        // Only planners and admins change the outline (a real account: signed-in requests are checked against the store).
        if (jdbc.queryForObject("SELECT COUNT(*) FROM app_user WHERE username = 'li.na'", Long.class) == 0) {
            send(post("/api/users").contentType(MediaType.APPLICATION_JSON).content(
                    "{\"username\":\"li.na\",\"password\":\"vector-password\",\"roles\":[\"vector_control\"]}"), 201);
        }
        send(put("/api/district-outline").with(org.springframework.security.test.web.servlet.request
                .SecurityMockMvcRequestPostProcessors.user("li.na").roles("VECTOR_CONTROL"))
                .contentType(MediaType.APPLICATION_JSON).content(feature(polygon(0, 0, 900, 0, 900, 900, 0, 900), "改", 0L)),
                403);
        // A dry run checks and stores nothing.
        String good = collection(feature(polygon(0, 0, 2000, 0, 2000, 1500, 0, 1500), "新", null));
        JsonNode dry = send(multipart("/api/import/district_outline").file(new MockMultipartFile("file", "ok.geojson",
                "application/geo+json", good.getBytes(StandardCharsets.UTF_8))).param("dryRun", "true"), 200);
        assertThat(dry.get("invalidCount").intValue()).isZero();

        assertThat(outline().toString()).isEqualTo(before);
        assertThat(history().get("entries").size()).isEqualTo(entries);
    }

    // ------------------------------------------------------------------ topology against the outline

    void largeGrid(String code, String geometry) throws Exception {
        send(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(Shapes.gridFeature(geometry, code, "社区" + code, "large", null)), 201);
    }

    /**
     * The district 0..1000 × 0..600 m; large grids A, B, C, D leave the strip y 500..600 uncovered and a
     * 100 m square gap between them (x 300..400, y 200..300), and C reaches 50 m east of the outline.
     * Returns the report's findings for these grids, by kind.
     */
    java.util.Map<String, List<JsonNode>> districtFindings(String prefix) throws Exception {
        jdbc.update("DELETE FROM grid"); // the topology tests share the ground at the base point
        largeGrid(prefix + "A", polygon(0, 0, 300, 0, 300, 500, 0, 500));
        largeGrid(prefix + "B", polygon(300, 300, 500, 300, 500, 500, 300, 500));
        largeGrid(prefix + "D", polygon(300, 0, 500, 0, 500, 200, 300, 200));
        largeGrid(prefix + "C", polygon(500, 0, 1000, 0, 1050, 0, 1050, 500, 1000, 500, 500, 500, 500, 300, 400, 300,
                400, 200, 500, 200));
        drawn(districtGeometry(), "测试街道", null, 200);
        JsonNode report = send(get("/api/topology"), 200);
        java.util.Map<String, List<JsonNode>> byKind = new java.util.TreeMap<>();
        for (JsonNode f : report.get("features")) {
            String code = f.at("/properties/gridCode").asString("");
            if (code.startsWith(prefix)) {
                byKind.computeIfAbsent(f.at("/properties/kind").asString(), k -> new ArrayList<>()).add(f);
            }
        }
        assertThat(report.at("/summary/districtUncovered").intValue()).isGreaterThanOrEqualTo(1);
        return byKind;
    }

    @Test
    void theTopologyReportFindsUncoveredGroundGapsBetweenLargeGridsAndGridsReachingOut() throws Exception {
        var byKind = districtFindings("T");
        assertThat(byKind.keySet()).contains("districtUncovered", "largeGap", "outsideDistrict");
        JsonNode uncovered = byKind.get("districtUncovered").get(0);
        JsonNode gap = byKind.get("largeGap").get(0);
        JsonNode outside = byKind.get("outsideDistrict").get(0);
        assertThat(byKind.get("districtUncovered")).hasSize(1);
        assertThat(byKind.get("largeGap")).hasSize(1);
        assertThat(byKind.get("outsideDistrict")).hasSize(1);
        var within = org.assertj.core.data.Percentage.withPercentage(0.1);
        assertThat(uncovered.at("/properties/areaM2").doubleValue())
                .isCloseTo(geodesicArea(0, 500, 300, 500, 500, 500, 1000, 500, 1000, 600, 0, 600), within);
        assertThat(gap.at("/properties/areaM2").doubleValue())
                .isCloseTo(geodesicArea(300, 200, 400, 200, 400, 300, 300, 300), within);
        assertThat(List.of(gap.at("/properties/gridCode").asString(), gap.at("/properties/otherGridCode").asString()))
                .containsExactly("TA", "TB");
        assertThat(outside.at("/properties/gridCode").asString()).isEqualTo("TC");
        assertThat(outside.at("/properties/areaM2").doubleValue())
                .isCloseTo(geodesicArea(1000, 0, 1050, 0, 1050, 500, 1000, 500), within);
        assertThat(gap.at("/geometry/type").asString()).isEqualTo("Polygon");
    }

    // ------------------------------------------------------------------ the planning tools' clean step

    void smallGrid(String code, String parent, String geometry) throws Exception {
        send(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(Shapes.gridFeature(geometry, code, "网格" + code, "small", parent)), 201);
    }

    /**
     * Large grids A (x 0..500) and B (x 501..1001) in the district 0..1000 × 0..600, each tiled by one small
     * grid: a 1 m gap between them and 1 m of B beyond the district's east edge. The clean step proposes to
     * give the gap to a neighbour and to clip B (and its small grid) to the outline; applied, the district
     * level of the topology report is clean and the small grids still tile their large grids.
     */
    @Test
    void theCleanStepClosesAGapBetweenLargeGridsAndClipsAGridToTheOutline() throws Exception {
        jdbc.update("DELETE FROM grid");
        drawn(polygon(0, 0, 500, 0, 501, 0, 1000, 0, 1000, 600, 501, 600, 500, 600, 0, 600), "测试街道", null, 200);
        largeGrid("KA", polygon(0, 0, 500, 0, 500, 600, 0, 600));
        largeGrid("KB", polygon(501, 0, 1000, 0, 1001, 0, 1001, 600, 1000, 600, 501, 600));
        smallGrid("KA-001", "KA", polygon(0, 0, 500, 0, 500, 600, 0, 600));
        smallGrid("KB-001", "KB", polygon(501, 0, 1000, 0, 1001, 0, 1001, 600, 1000, 600, 501, 600));
        JsonNode before = send(get("/api/topology"), 200).get("summary");
        assertThat(before.get("largeGap").intValue() + before.get("districtUncovered").intValue()).isEqualTo(1);
        assertThat(before.get("outsideDistrict").intValue()).isEqualTo(1);

        JsonNode proposal = send(post("/api/grids/clean").param("maxSliverM2", "700"), 200);
        List<String> kinds = new ArrayList<>();
        for (JsonNode c : proposal.get("changes")) kinds.add(c.get("kind").asString());
        assertThat(kinds).contains("districtGapFilled", "outsideDistrictRemoved");
        assertThat(proposal.get("applied").booleanValue()).isFalse();
        // A proposal changes nothing until applied.
        assertThat(send(get("/api/topology"), 200).get("summary")).isEqualTo(before);

        send(post("/api/grids/clean").param("maxSliverM2", "700").param("apply", "true"), 200);
        JsonNode after = send(get("/api/topology"), 200);
        for (String kind : List.of("districtUncovered", "largeGap", "outsideDistrict", "gap", "outsideParent", "overlap")) {
            assertThat(after.at("/summary/" + kind).intValue()).as(kind + ": " + after).isZero();
        }
    }
}
