package org.gridwatch.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.support.Shapes.gridFeature;
import static org.gridwatch.support.Shapes.lat;
import static org.gridwatch.support.Shapes.lon;
import static org.gridwatch.support.Shapes.pointFeature;
import static org.gridwatch.support.Shapes.rectangle;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The coverage and topology API, run against each store. Every test builds its own small city in its
 * own patch of ground (codes prefixed per test) so tests sharing one database never collide; the
 * topology report covers the whole store, so assertions look only at the test's own codes.
 */
abstract class CoverageApiContract {

    private static final AtomicInteger PATCH = new AtomicInteger();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    /** A base point of a fresh patch near Shenzhen, and a code prefix unique to the test. */
    record Patch(double lon, double lat, String prefix) {
    }

    Patch patch() {
        int n = PATCH.incrementAndGet();
        return new Patch(113.80 + n * 0.03, 22.50 + (n % 3) * 0.02, "C" + n + getClass().getSimpleName().charAt(0));
    }

    JsonNode json(MvcResult r) throws Exception {
        return JSON.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    /**
     * A 600 m × 400 m large grid split into six 200 m squares ({prefix}-S1 .. S6, west to east, south
     * row first) and {@code n} seeded random features of all four types inside it.
     */
    void city(Patch p, long seed, int n) throws Exception {
        String large = p.prefix() + "-L";
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(gridFeature(rectangle(p.lon(), p.lat(), 0, 0, 600, 400), large, "测试社区", "large", null)))
                .andExpect(status().isCreated());
        int k = 0;
        for (int row = 0; row < 2; row++) {
            for (int col = 0; col < 3; col++) {
                k++;
                mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                        .content(gridFeature(rectangle(p.lon(), p.lat(), col * 200, row * 200, col * 200 + 200, row * 200 + 200),
                                p.prefix() + "-S" + k, "测试第" + k + "网格", "small", large)))
                        .andExpect(status().isCreated());
            }
        }
        Random random = new Random(seed);
        String[] types = {"trash_bin", "sewer_well", "rat_bait_station", "stagnant_water"};
        StringBuilder body = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) body.append(',');
            double x = 1 + random.nextDouble() * 598;
            double y = 1 + random.nextDouble() * 398;
            body.append(pointFeature(types[random.nextInt(types.length)], lon(p.lon(), p.lat(), x), lat(p.lat(), y), "点" + i));
        }
        body.append("]}");
        if (n == 0) return;
        mvc.perform(post("/api/features/bulk").contentType(MediaType.APPLICATION_JSON).content(body.toString()))
                .andExpect(status().isCreated());
    }

    /** The rows of a coverage response that belong to the patch, by code. */
    Map<String, JsonNode> rows(JsonNode body, Patch p) {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode row : body.get("rows")) {
            if (row.get("code").asString().startsWith(p.prefix() + "-")) out.put(row.get("code").asString(), row);
        }
        return out;
    }

    @Test
    void coverageRowsCarryCountsDensityAndShareForEverySmallGrid() throws Exception {
        Patch p = patch();
        city(p, 11, 120);
        MvcResult r = mvc.perform(get("/api/coverage").param("level", "small").param("type", "rat_bait_station")
                        .param("radius", "30"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andReturn();
        JsonNode body = json(r);
        Map<String, JsonNode> rows = rows(body, p);
        assertThat(rows).hasSize(6);
        int total = 0;
        for (JsonNode row : rows.values()) {
            assertThat(row.get("areaM2").doubleValue()).isBetween(39_000.0, 41_000.0);
            int bins = row.at("/counts/trash_bin").intValue();
            assertThat(row.at("/densityPerKm2/trash_bin").doubleValue())
                    .isCloseTo(bins / (row.get("areaM2").doubleValue() / 1e6), org.assertj.core.api.Assertions.within(0.01));
            assertThat(row.get("coveredShare").doubleValue()).isBetween(0.0, 1.0);
            for (JsonNode c : row.get("counts")) total += c.intValue();
        }
        assertThat(total).as("random points never lie on shared edges, so each is counted once").isEqualTo(120);
        Map<String, Integer> perType = new HashMap<>();
        jdbc.query("SELECT type_key, COUNT(*) FROM feature f WHERE f.name LIKE '点%' AND f.grid_code LIKE ? GROUP BY type_key",
                rs -> {
                    perType.put(rs.getString(1), rs.getInt(2));
                }, p.prefix() + "-%");
        int fromRows = 0;
        for (JsonNode row : rows.values()) fromRows += row.at("/counts/rat_bait_station").intValue();
        assertThat(fromRows).isEqualTo(perType.getOrDefault("rat_bait_station", 0));

        JsonNode large = null;
        for (JsonNode row : json(mvc.perform(get("/api/coverage").param("level", "large")).andReturn()).get("rows")) {
            if (row.get("code").asString().equals(p.prefix() + "-L")) large = row;
        }
        assertThat(large).isNotNull();
        int largeTotal = 0;
        for (JsonNode c : large.get("counts")) largeTotal += c.intValue();
        assertThat(largeTotal).isEqualTo(120);
    }

    /**
     * The table is answered from the in-memory index: a feature created, moved into another grid, and
     * deleted through the API shows in the next answer, counts and coverage share alike.
     */
    @Test
    void editsThroughTheApiShowInTheNextTable() throws Exception {
        Patch p = patch();
        city(p, 5, 0);
        String s1 = p.prefix() + "-S1", s3 = p.prefix() + "-S3";
        JsonNode before = rows(coverageSmall("40"), p).get(s1);
        assertThat(before.at("/counts/rat_bait_station").intValue()).isZero();
        assertThat(before.get("coveredShare").doubleValue()).isZero();

        MvcResult created = mvc.perform(post("/api/features").contentType(MediaType.APPLICATION_JSON)
                        .content(pointFeature("rat_bait_station", lon(p.lon(), p.lat(), 100), lat(p.lat(), 100), "新站")))
                .andExpect(status().isCreated()).andReturn();
        JsonNode feature = json(created);
        JsonNode inS1 = rows(coverageSmall("40"), p).get(s1);
        assertThat(inS1.at("/counts/rat_bait_station").intValue()).isEqualTo(1);
        // a circle of 40 m in a 200 m square: about 12.6% of it (the 32-gon is 0.64% smaller than the circle)
        assertThat(inS1.get("coveredShare").doubleValue()).isBetween(0.12, 0.13);

        String moved = pointFeature("rat_bait_station", lon(p.lon(), p.lat(), 500), lat(p.lat(), 100), "新站")
                .replace("\"properties\":{", "\"properties\":{\"version\":" + feature.at("/properties/version").asLong() + ",");
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/features/" + feature.get("id").asLong())
                .contentType(MediaType.APPLICATION_JSON).content(moved)).andExpect(status().isOk());
        Map<String, JsonNode> afterMove = rows(coverageSmall("40"), p);
        assertThat(afterMove.get(s1).at("/counts/rat_bait_station").intValue()).isZero();
        assertThat(afterMove.get(s1).get("coveredShare").doubleValue()).isZero();
        assertThat(afterMove.get(s3).at("/counts/rat_bait_station").intValue()).isEqualTo(1);
        assertThat(afterMove.get(s3).get("coveredShare").doubleValue()).isBetween(0.12, 0.13);

        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/features/" + feature.get("id").asLong()))
                .andExpect(status().isNoContent());
        Map<String, JsonNode> afterDelete = rows(coverageSmall("40"), p);
        assertThat(afterDelete.get(s3).at("/counts/rat_bait_station").intValue()).isZero();
        assertThat(afterDelete.get(s3).get("coveredShare").doubleValue()).isZero();
    }

    /**
     * A browser's request (Accept-Encoding: gzip) gets the kept table compressed once: the same JSON as the plain
     * answer, and an edit shows in the compressed answer at once, never an older table's bytes.
     */
    @Test
    void compressedAnswerIsThePlainOneAndAnEditShowsInItAtOnce() throws Exception {
        Patch p = patch();
        city(p, 7, 30);
        String s1 = p.prefix() + "-S1";
        byte[] plain = coverageSmallBytes(null);
        MvcResult zipped = mvc.perform(get("/api/coverage").param("level", "small").param("type", "rat_bait_station")
                        .param("radius", "40").header("Accept-Encoding", "gzip, deflate, br, zstd"))
                .andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header().string("Content-Encoding", "gzip"))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header().string("Vary", containsString("Accept-Encoding")))
                .andReturn();
        assertThat(gunzip(zipped.getResponse().getContentAsByteArray())).isEqualTo(plain);
        int before = rows(JSON.readTree(plain), p).get(s1).at("/counts/rat_bait_station").intValue();

        mvc.perform(post("/api/features").contentType(MediaType.APPLICATION_JSON)
                        .content(pointFeature("rat_bait_station", lon(p.lon(), p.lat(), 100), lat(p.lat(), 100), "新站")))
                .andExpect(status().isCreated());
        byte[] after = gunzip(coverageSmallBytes("gzip"));
        assertThat(rows(JSON.readTree(after), p).get(s1).at("/counts/rat_bait_station").intValue()).isEqualTo(before + 1);
        assertThat(after).isEqualTo(coverageSmallBytes(null));
    }

    private byte[] coverageSmallBytes(String acceptEncoding) throws Exception {
        var request = get("/api/coverage").param("level", "small").param("type", "rat_bait_station").param("radius", "40");
        if (acceptEncoding != null) request.header("Accept-Encoding", acceptEncoding);
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
    }

    private static byte[] gunzip(byte[] gzip) throws Exception {
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }

    private JsonNode coverageSmall(String radius) throws Exception {
        return json(mvc.perform(get("/api/coverage").param("level", "small").param("type", "rat_bait_station")
                .param("radius", radius)).andExpect(status().isOk()).andReturn());
    }

    /**
     * The table kept in memory equals the one computed as before from every active feature row read now
     * (counts by each feature's own grid code, shares measured over every station), on a hand-made patch that
     * was edited after the first answer.
     */
    @Test
    void keptTableEqualsACalculationOverEveryRow() throws Exception {
        Patch p = patch();
        city(p, 23, 150);
        coverageSmall("25");   // measured once, then edited: the kept shares must follow
        mvc.perform(post("/api/features").contentType(MediaType.APPLICATION_JSON)
                .content(pointFeature("rat_bait_station", lon(p.lon(), p.lat(), 300), lat(p.lat(), 210), "后加")))
                .andExpect(status().isCreated());
        Long someStation = jdbc.queryForObject("SELECT MIN(id) FROM feature WHERE type_key = 'rat_bait_station' AND grid_code LIKE ?",
                Long.class, p.prefix() + "-%");
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/features/" + someStation))
                .andExpect(status().isNoContent());
        Map<String, JsonNode> kept = rows(coverageSmall("25"), p);

        java.util.List<String> codes = new ArrayList<>();
        java.util.List<org.locationtech.jts.geom.Geometry> outlines = new ArrayList<>();
        org.locationtech.jts.io.WKTReader wkt = new org.locationtech.jts.io.WKTReader();
        jdbc.query("SELECT code, ST_AsText(geom) FROM grid WHERE level = 'small' AND code LIKE ? ORDER BY code", rs -> {
            codes.add(rs.getString(1));
            try {
                outlines.add(wkt.read(rs.getString(2)));
            } catch (org.locationtech.jts.io.ParseException e) {
                throw new IllegalStateException(e);
            }
        }, p.prefix() + "-S%");
        String[] types = {"trash_bin", "sewer_well", "rat_bait_station", "stagnant_water"};
        java.util.List<double[]> rowsRead = new ArrayList<>();
        java.util.List<String> owners = new ArrayList<>();
        jdbc.query("SELECT type_key, ST_X(geom), ST_Y(geom), grid_code FROM feature WHERE status = 'active'", rs -> {
            int t = java.util.Arrays.asList(types).indexOf(rs.getString(1));
            if (t < 0) return;
            rowsRead.add(new double[]{rs.getDouble(2), rs.getDouble(3), t});
            owners.add(rs.getString(4));
        });
        double[] lonAll = rowsRead.stream().mapToDouble(r -> r[0]).toArray();
        double[] latAll = rowsRead.stream().mapToDouble(r -> r[1]).toArray();
        int[] typeAll = rowsRead.stream().mapToInt(r -> (int) r[2]).toArray();
        CoverageCalculator.Points points = new CoverageCalculator.Points(lonAll, latAll, typeAll, types.length);
        CoverageCalculator.Counts counts = CoverageCalculator.countByOwner(codes, owners.toArray(String[]::new), points);
        java.util.List<Integer> stationRows = new ArrayList<>();
        for (int i = 0; i < typeAll.length; i++) if (typeAll[i] == 2) stationRows.add(i);
        CoverageCalculator.GridCoverage[] shares = CoverageCalculator.coverage(outlines, CoverageCalculator.Stations.of(
                        stationRows.stream().mapToDouble(i -> lonAll[i]).toArray(), stationRows.stream().mapToDouble(i -> latAll[i]).toArray()),
                25, CoverageCalculator.DEFAULT_QUADRANT_SEGMENTS);
        assertThat(kept).hasSize(codes.size());
        for (int g = 0; g < codes.size(); g++) {
            JsonNode row = kept.get(codes.get(g));
            for (int t = 0; t < types.length; t++) {
                assertThat(row.at("/counts/" + types[t]).intValue()).as(codes.get(g) + " " + types[t])
                        .isEqualTo(counts.perGrid()[g][t]);
            }
            assertThat(row.get("coveredShare").doubleValue()).as(codes.get(g) + " share")
                    .isEqualTo(CoverageController.round(shares[g].coveredShare(), 1e6));
        }
    }

    /**
     * Points on every shared edge and every shared vertex of two large grids of three by two small grids
     * each (the second with a gap holding one more point): every feature is counted once, in the grid
     * that owns it, so small rows equal "features of grid X", add up to their large row (plus the gap's
     * features), and the rows of each level add up exactly to the district.
     */
    @Test
    void pointsOnSharedBordersAreCountedOnceAndEveryLevelAddsUp() throws Exception {
        Patch p = patch();
        String[] larges = {p.prefix() + "-L1", p.prefix() + "-L2"};
        for (int l = 0; l < 2; l++) {
            mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON).content(gridFeature(
                            rectangle(p.lon(), p.lat(), l * 600, 0, l * 600 + 600, 400), larges[l], "社区" + l, "large", null)))
                    .andExpect(status().isCreated());
            for (int row = 0; row < 2; row++) {
                for (int col = 0; col < 3; col++) {
                    // The second large grid leaves its last small grid out: a gap of 200 m x 200 m.
                    if (l == 1 && row == 1 && col == 2) continue;
                    double x = l * 600 + col * 200;
                    mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON).content(gridFeature(
                                    rectangle(p.lon(), p.lat(), x, row * 200, x + 200, row * 200 + 200),
                                    p.prefix() + "-S" + l + row + col, "网格" + l + row + col, "small", larges[l])))
                            .andExpect(status().isCreated());
                }
            }
        }
        List<double[]> at = new ArrayList<>();
        for (int x = 0; x <= 1200; x += 100) {
            for (int y = 0; y <= 400; y += 100) at.add(new double[]{x, y});
        }
        // Every lattice point of 100 m: all grid vertices, every shared edge's midpoint, the outer
        // boundary, the gap's inside (1100, 300) and its rim.
        String[] types = {"trash_bin", "sewer_well", "rat_bait_station", "stagnant_water"};
        StringBuilder body = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i < at.size(); i++) {
            if (i > 0) body.append(',');
            body.append(pointFeature(types[i % types.length], lon(p.lon(), p.lat(), at.get(i)[0]),
                    lat(p.lat(), at.get(i)[1]), "边" + i));
        }
        body.append("]}");
        mvc.perform(post("/api/features/bulk").contentType(MediaType.APPLICATION_JSON).content(body.toString()))
                .andExpect(status().isCreated());
        int placed = at.size();

        JsonNode small = json(mvc.perform(get("/api/coverage").param("level", "small")).andReturn());
        JsonNode large = json(mvc.perform(get("/api/coverage").param("level", "large")).andReturn());
        for (JsonNode table : List.of(small, large)) {
            for (String type : types) {
                int sum = 0;
                for (JsonNode row : table.get("rows")) sum += row.at("/counts/" + type).intValue();
                assertThat(sum).as("rows of the level add up to the district, " + type)
                        .isEqualTo(table.at("/district/counts/" + type).intValue());
            }
        }
        Map<String, Integer> smallTotals = new HashMap<>();
        for (Map.Entry<String, JsonNode> row : rows(small, p).entrySet()) {
            int total = 0;
            for (JsonNode c : row.getValue().get("counts")) total += c.intValue();
            smallTotals.put(row.getKey(), total);
            JsonNode own = json(mvc.perform(get("/api/features").param("grid", row.getKey()).param("limit", "1"))
                    .andReturn());
            assertThat(total).as("coverage row of " + row.getKey() + " equals the features of that grid")
                    .isEqualTo(own.get("numberMatched").intValue());
        }
        Map<String, JsonNode> largeRows = rows(large, p);
        int patchTotal = 0;
        for (int l = 0; l < 2; l++) {
            int total = 0;
            for (JsonNode c : largeRows.get(larges[l]).get("counts")) total += c.intValue();
            patchTotal += total;
            int children = 0;
            for (Map.Entry<String, Integer> e : smallTotals.entrySet()) {
                if (e.getKey().startsWith(p.prefix() + "-S" + l)) children += e.getValue();
            }
            // The gap of the second large grid holds (1100, 300) and the part of its rim that no small
            // grid owns: the outer corner (1200, 400) and the edge points (1200, 300), (1100, 400).
            assertThat(total - children).as("features of " + larges[l] + " outside its small grids").isEqualTo(l == 0 ? 0 : 4);
        }
        assertThat(patchTotal).as("every point placed is owned by exactly one large grid").isEqualTo(placed);
        int smallSum = smallTotals.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(smallSum).as("every point outside the gap is owned by exactly one small grid").isEqualTo(placed - 4);
    }

    @Test
    void csvOnRequestIsUtf8WithByteOrderMarkAndChineseNames() throws Exception {
        Patch p = patch();
        city(p, 12, 30);
        for (MvcResult r : List.of(
                mvc.perform(get("/api/coverage").param("format", "csv")).andReturn(),
                mvc.perform(get("/api/coverage").accept("text/csv")).andReturn())) {
            assertThat(r.getResponse().getStatus()).isEqualTo(200);
            assertThat(r.getResponse().getContentType()).startsWith("text/csv");
            byte[] bytes = r.getResponse().getContentAsByteArray();
            assertThat(bytes[0] & 0xff).isEqualTo(0xEF);
            assertThat(bytes[1] & 0xff).isEqualTo(0xBB);
            assertThat(bytes[2] & 0xff).isEqualTo(0xBF);
            String text = new String(bytes, StandardCharsets.UTF_8).substring(1);
            String[] lines = text.split("\r\n");
            assertThat(lines[0]).startsWith("code,name,parentCode,areaM2,count_trash_bin");
            assertThat(text).contains(p.prefix() + "-S1,测试第1网格," + p.prefix() + "-L,");
            assertThat(lines[lines.length - 1]).startsWith("district,全区,");
            assertThat(lines[0].split(",")).hasSameSizeAs(lines[1].split(",", -1));
        }
    }

    @Test
    void badParametersAreRefusedClearlyAndChangeNothing() throws Exception {
        Patch p = patch();
        city(p, 13, 10);
        long grids = count("grid");
        long features = count("feature");
        for (String radius : List.of("-5", "0", "1e9", "abc", "NaN", "Infinity")) {
            mvc.perform(get("/api/coverage").param("radius", radius))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.code").value("coverage.radius.invalid"))
                    .andExpect(jsonPath("$.detail").value(containsString("1000")))
                    .andExpect(jsonPath("$.maxRadiusMeters").value(1000.0));
        }
        mvc.perform(get("/api/coverage/" + p.prefix() + "-S1/gaps").param("radius", "-1"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("coverage.radius.invalid"));
        mvc.perform(get("/api/coverage").param("type", "unicorn"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("coverage.type.unknown"))
                .andExpect(jsonPath("$.detail").value(containsString("未知的设施类型")))
                .andExpect(jsonPath("$.detail").value(containsString("rat_bait_station")));
        mvc.perform(get("/api/coverage").param("type", "unicorn").header("Accept-Language", "en"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("Unknown feature type \"unicorn\"")));
        mvc.perform(get("/api/coverage").param("level", "medium"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("coverage.level.invalid"));
        mvc.perform(get("/api/coverage").param("format", "xml"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("coverage.format.invalid"));
        mvc.perform(get("/api/coverage/NO-SUCH-GRID/gaps"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("grid.notFound"));
        mvc.perform(get("/api/coverage/" + p.prefix() + "-S1/gaps").param("type", "unicorn"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("coverage.type.unknown"));
        assertThat(count("grid")).isEqualTo(grids);
        assertThat(count("feature")).isEqualTo(features);
    }

    @Test
    void gapsOfAGridAreItsUncoveredPolygonsAddingUpToTheRow() throws Exception {
        Patch p = patch();
        city(p, 14, 80);
        String code = p.prefix() + "-S2";
        MvcResult r = mvc.perform(get("/api/coverage/" + code + "/gaps").param("type", "trash_bin").param("radius", "25"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("application/geo+json"))
                .andExpect(jsonPath("$.type").value("FeatureCollection"))
                .andExpect(jsonPath("$.featureType").value("trash_bin"))
                .andReturn();
        JsonNode gaps = json(r);
        double sum = 0;
        for (JsonNode f : gaps.get("features")) {
            assertThat(f.at("/geometry/type").asString()).isEqualTo("Polygon");
            sum += f.at("/properties/areaM2").doubleValue();
        }
        JsonNode row = rows(json(mvc.perform(get("/api/coverage").param("type", "trash_bin").param("radius", "25"))
                .andReturn()), p).get(code);
        assertThat(gaps.get("uncoveredAreaM2").doubleValue()).isCloseTo(row.get("uncoveredAreaM2").doubleValue(),
                org.assertj.core.api.Assertions.within(row.get("areaM2").doubleValue() * 1e-4));
        assertThat(sum).isCloseTo(gaps.get("uncoveredAreaM2").doubleValue(), org.assertj.core.api.Assertions.within(1.0));
        assertThat(gaps.get("uncoveredAreaM2").doubleValue()).isGreaterThan(0);
    }

    /** WKT of a rectangle x0..x1, y0..y1 metres from the base point (spherical approximation). */
    static String rectWkt(Patch p, double x0, double y0, double x1, double y1) {
        double w = lon(p.lon(), p.lat(), x0), e = lon(p.lon(), p.lat(), x1);
        double s = lat(p.lat(), y0), n = lat(p.lat(), y1);
        return "POLYGON ((" + w + " " + s + ", " + e + " " + s + ", " + e + " " + n + ", " + w + " " + n + ", " + w + " " + s + "))";
    }

    /** Stores a grid directly, bypassing the editor's rules, as an old import might have. */
    void insertGrid(String code, String level, String parent, String person, String wkt) {
        jdbc.update("INSERT INTO grid (code, name, level, parent_code, responsible_person, phone, geom, area_m2, "
                        + "created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, NULL, ST_GeomFromText(?, 4326), 0, "
                        + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)",
                code, "导入" + code, level, parent, person, wkt);
    }

    /**
     * Builds every topology problem in one patch:
     * L1 (0..400 × 0..200) holds A (0..200) and B (200..350): a 50 m × 200 m gap;
     * L2 (400..800) holds C (400..600) and D (580..800, nobody responsible): a 20 m × 200 m overlap;
     * L3 (0..400 × 200..400) holds E, which reaches 30 m north out of it; F names a large grid that
     * does not exist; one trash bin stands in the gap.
     */
    Map<String, JsonNode> buildProblemsAndReport(Patch p) throws Exception {
        String x = p.prefix();
        insertGrid(x + "-L1", "large", null, "王", rectWkt(p, 0, 0, 400, 200));
        insertGrid(x + "-A", "small", x + "-L1", "张三", rectWkt(p, 0, 0, 200, 200));
        insertGrid(x + "-B", "small", x + "-L1", "李四", rectWkt(p, 200, 0, 350, 200));
        insertGrid(x + "-L2", "large", null, "赵", rectWkt(p, 400, 0, 800, 200));
        insertGrid(x + "-C", "small", x + "-L2", "钱", rectWkt(p, 400, 0, 600, 200));
        insertGrid(x + "-D", "small", x + "-L2", null, rectWkt(p, 580, 0, 800, 200));
        insertGrid(x + "-L3", "large", null, "周", rectWkt(p, 0, 200, 400, 400));
        insertGrid(x + "-E", "small", x + "-L3", "吴", rectWkt(p, 0, 200, 400, 430));
        insertGrid(x + "-F", "small", x + "-NOPE", "郑", rectWkt(p, 900, 0, 950, 50));
        jdbc.update("INSERT INTO feature (type_key, geom, name, status, created_at, updated_at, version) VALUES "
                        + "('trash_bin', ST_SetSRID(ST_MakePoint(?, ?), 4326), ?, 'active', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)",
                lon(p.lon(), p.lat(), 375), lat(p.lat(), 100), x + "-orphan");
        MvcResult r = mvc.perform(get("/api/topology")).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("application/geo+json"))
                .andReturn();
        JsonNode report = json(r);
        assertThat(report.at("/summary/gap").intValue()).isGreaterThanOrEqualTo(1);
        Map<String, JsonNode> mine = new HashMap<>();
        Long orphanId = jdbc.queryForObject("SELECT id FROM feature WHERE name = ?", Long.class, x + "-orphan");
        for (JsonNode f : report.get("features")) {
            JsonNode props = f.get("properties");
            String code = props.get("gridCode").isNull() ? null : props.get("gridCode").asString();
            if (code != null && code.startsWith(x + "-")) mine.put(props.get("kind").asString() + ":" + code, f);
            if (!props.get("featureId").isNull() && props.get("featureId").longValue() == orphanId) {
                mine.put("featureInNoGrid", f);
            }
        }
        return mine;
    }

    @Test
    void topologyReportListsEveryProblemWithGeoJsonAndArea() throws Exception {
        Patch p = patch();
        Map<String, JsonNode> mine = buildProblemsAndReport(p);
        String x = p.prefix();
        assertThat(mine.keySet()).containsExactlyInAnyOrder("gap:" + x + "-L1", "overlap:" + x + "-C",
                "outsideParent:" + x + "-E", "noParent:" + x + "-F", "noResponsiblePerson:" + x + "-D", "featureInNoGrid");
        // Shapes' spherical approximation draws these to about 0.5%.
        assertThat(mine.get("gap:" + x + "-L1").at("/properties/areaM2").doubleValue()).isCloseTo(10_000, org.assertj.core.api.Assertions.within(60.0));
        assertThat(mine.get("overlap:" + x + "-C").at("/properties/otherGridCode").asString()).isEqualTo(x + "-D");
        assertThat(mine.get("overlap:" + x + "-C").at("/properties/areaM2").doubleValue()).isCloseTo(4_000, org.assertj.core.api.Assertions.within(25.0));
        assertThat(mine.get("outsideParent:" + x + "-E").at("/properties/areaM2").doubleValue()).isCloseTo(12_000, org.assertj.core.api.Assertions.within(70.0));
        assertThat(mine.get("featureInNoGrid").at("/geometry/type").asString()).isEqualTo("Point");
        assertThat(mine.get("gap:" + x + "-L1").at("/geometry/type").asString()).isEqualTo("Polygon");
    }

    /** Rows from {@code sql} as code → value. */
    Map<String, Double> byCode(String sql, Object... args) {
        Map<String, Double> out = new HashMap<>();
        jdbc.query(sql, rs -> {
            out.put(rs.getString(1), rs.getDouble(2));
        }, args);
        return out;
    }

    static List<String> codes(Map<String, JsonNode> rows) {
        return new ArrayList<>(rows.keySet());
    }
}
