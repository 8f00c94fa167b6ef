package org.gridwatch.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gridwatch.geo.GeoJsonReader;
import org.gridwatch.geo.GeoJsonWriter;
import org.gridwatch.geo.MetricProjection;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The planning API over the sample district (six large grids JNS-01..06 of 64 small grids each),
 * run against each store. Each test works in its own large grid; after every tool is applied the
 * topology report has no gap, overlap or small grid outside its parent. Refusals change nothing.
 */
abstract class PlanningApiContract {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> GEOMETRY_KINDS = List.of("gap", "overlap", "outsideParent");

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    JsonNode json(MvcResult r) throws Exception {
        return JSON.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    JsonNode send(ResultActions actions) throws Exception {
        return json(actions.andReturn());
    }

    /** The answer of a request that must succeed; the problem's text is the failure message otherwise. */
    JsonNode ok(ResultActions actions) throws Exception {
        MvcResult r = actions.andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString(StandardCharsets.UTF_8)).isEqualTo(200);
        return json(r);
    }

    /** Problems of the kinds planning must never leave: gaps, overlaps, small grids outside their parent. */
    List<String> geometryProblems() throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode f : send(mvc.perform(get("/api/topology"))).get("features")) {
            String kind = f.at("/properties/kind").asString();
            if (GEOMETRY_KINDS.contains(kind)) {
                out.add(kind + " " + f.at("/properties/gridCode").asString() + "/" + f.at("/properties/otherGridCode").asString()
                        + " " + f.at("/properties/areaM2").asDouble() + " m²");
            }
        }
        return out;
    }

    Map<String, Geometry> smallGrids(String parent) throws Exception {
        Map<String, Geometry> out = new LinkedHashMap<>();
        for (JsonNode f : send(mvc.perform(get("/api/grids").param("level", "small").param("parent", parent))).get("features")) {
            out.put(f.at("/properties/code").asString(), GeoJsonReader.geometry(f.get("geometry")));
        }
        return out;
    }

    Geometry grid(String code) throws Exception {
        return GeoJsonReader.geometry(send(mvc.perform(get("/api/grids/" + code))).get("geometry"));
    }

    long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    @Test
    void splittingByALineCrossingTwiceGivesThreeGridsThenRenumberingGivesUnitCodesAndKeepsTheOldOnes() throws Exception {
        assertThat(geometryProblems()).isEmpty();
        String code = "JNS-01-010";
        Geometry before = grid(code);
        Envelope e = before.getEnvelopeInternal();
        double d = e.getWidth() * 0.2, y1 = e.getMinY() + e.getHeight() * 0.3, y2 = e.getMinY() + e.getHeight() * 0.7;
        String line = "{\"type\":\"LineString\",\"coordinates\":[[" + (e.getMinX() - d) + "," + y1 + "],[" + (e.getMaxX() + d) + ","
                + y1 + "],[" + (e.getMaxX() + d) + "," + y2 + "],[" + (e.getMinX() - d) + "," + y2 + "]]}";
        long grids = count("SELECT COUNT(*) FROM grid");

        JsonNode proposal = send(mvc.perform(post("/api/grids/" + code + "/split").contentType(MediaType.APPLICATION_JSON).content(line))
                .andExpect(status().isOk()));
        assertThat(proposal.get("features")).hasSize(3);
        assertThat(proposal.get("applied").asBoolean()).isFalse();
        assertThat(count("SELECT COUNT(*) FROM grid")).as("a proposal stores nothing").isEqualTo(grids);
        double total = 0;
        for (JsonNode f : proposal.get("features")) {
            total += f.at("/properties/areaM2").asDouble();
            assertThat(f.at("/properties/featureCounts").isObject()).isTrue();
            assertThat(f.at("/properties/streetLengthM").isNumber()).isTrue();
        }
        double original = MetricProjection.areaM2Of(before);
        assertThat(total).isCloseTo(original, within(original * 0.001));
        assertThat(proposal.at("/features/0/properties/change").asString()).isEqualTo("reshaped");
        assertThat(proposal.at("/features/1/properties/change").asString()).isEqualTo("new");
        assertThat(proposal.at("/features/1/properties/code").asString()).isEqualTo(code + "-2");
        assertThat(proposal.at("/features/2/properties/previousCode").asString()).isEqualTo(code);

        send(mvc.perform(post("/api/grids/" + code + "/split").param("apply", "true").contentType(MediaType.APPLICATION_JSON).content(line))
                .andExpect(status().isOk()).andExpect(jsonPath("$.applied").value(true)));
        assertThat(count("SELECT COUNT(*) FROM grid")).isEqualTo(grids + 2);
        assertThat(smallGrids("JNS-01")).hasSize(66).containsKeys(code + "-2", code + "-3");
        assertThat(geometryProblems()).isEmpty();

        // A grid worker linked to one of the grids stays linked to it under its new code.
        String workerGrid = code + "-2";
        mvc.perform(post("/api/users").contentType(MediaType.APPLICATION_JSON).content("{\"username\":\"renumber.worker\","
                + "\"password\":\"worker-password\",\"roles\":[\"grid_worker\"],\"gridCodes\":[\"" + workerGrid + "\"]}"))
                .andExpect(status().isCreated());

        // Renumber: 15-digit codes in reading order, the old codes recorded.
        JsonNode renumbered = send(mvc.perform(post("/api/grids/renumber").param("parent", "JNS-01").param("prefix", "440304001001")
                .param("apply", "true")).andExpect(status().isOk()));
        assertThat(renumbered.get("features")).hasSize(66);
        Map<String, Geometry> after = smallGrids("JNS-01");
        assertThat(after.keySet()).allMatch(c -> c.matches("440304001001\\d{3}"));
        assertThat(after).containsKeys("440304001001001", "440304001001066");
        // 001 is the north-westernmost: no grid's interior point lies both further north by a row and further west.
        Geometry first = after.get("440304001001001");
        Geometry last = after.get("440304001001066");
        assertThat(first.getInteriorPoint().getY()).isGreaterThan(last.getInteriorPoint().getY());
        assertThat(first.getInteriorPoint().getX()).isLessThan(last.getInteriorPoint().getX());
        JsonNode history = send(mvc.perform(get("/api/grids/440304001001001/history")).andExpect(status().isOk()));
        assertThat(history).hasSize(1);
        assertThat(history.at("/0/reason").asString()).isEqualTo("renumber");
        assertThat(history.at("/0/oldCode").asString()).startsWith("JNS-01-");
        assertThat(count("SELECT COUNT(*) FROM grid_code_history WHERE reason = 'renumber' AND parent_code = 'JNS-01'")).isEqualTo(66);
        String workerGridNow = jdbc.queryForObject("SELECT new_code FROM grid_code_history WHERE old_code = ? AND reason = 'renumber'",
                String.class, workerGrid);
        JsonNode worker = send(mvc.perform(get("/api/users/renumber.worker")).andExpect(status().isOk()));
        assertThat(worker.get("gridCodes")).extracting(JsonNode::asString).containsExactly(workerGridNow);
        // Features follow their grid's new code.
        assertThat(count("SELECT COUNT(*) FROM feature WHERE grid_code LIKE 'JNS-01-%'")).isZero();
        assertThat(geometryProblems()).isEmpty();
    }

    @Test
    void mergingTwoAdjacentGridsKeepsTheFirstCodeAndRecordsTheOther() throws Exception {
        Map<String, Geometry> grids = smallGrids("JNS-02");
        List<String> codes = new ArrayList<>(grids.keySet());
        String a = codes.get(0), b = null, apart = null;
        for (String c : codes.subList(1, codes.size())) {
            double shared = grids.get(a).buffer(1e-7).intersection(grids.get(c).buffer(1e-7)).getArea();
            if (b == null && shared > 1e-10 && grids.get(a).getBoundary().buffer(1e-7).intersection(grids.get(c).getBoundary()).getLength() > 1e-4) b = c;
            if (apart == null && grids.get(a).distance(grids.get(c)) > 1e-3) apart = c;
        }
        assertThat(b).isNotNull();
        double area = MetricProjection.areaM2Of(grids.get(a)) + MetricProjection.areaM2Of(grids.get(b));

        // Grids that do not touch are refused, in English on request, and nothing changes.
        send(mvc.perform(post("/api/grids/merge").header("Accept-Language", "en").contentType(MediaType.APPLICATION_JSON)
                        .content("[\"" + a + "\",\"" + apart + "\"]").param("apply", "true"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("planning.merge.notAdjacent"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("only grids sharing a border"))));
        assertThat(smallGrids("JNS-02")).hasSize(64);

        JsonNode merged = send(mvc.perform(post("/api/grids/merge").param("apply", "true").contentType(MediaType.APPLICATION_JSON)
                .content("{\"codes\":[\"" + a + "\",\"" + b + "\"]}")).andExpect(status().isOk()));
        assertThat(merged.get("features")).hasSize(1);
        assertThat(merged.at("/features/0/properties/code").asString()).isEqualTo(a);
        assertThat(merged.at("/features/0/properties/areaM2").asDouble()).isCloseTo(area, within(area * 0.001));
        assertThat(merged.at("/removedCodes/0").asString()).isEqualTo(b);
        assertThat(smallGrids("JNS-02")).hasSize(63).doesNotContainKey(b);
        assertThat(send(mvc.perform(get("/api/grids/" + b + "/history"))).at("/0/newCode").asString()).isEqualTo(a);
        assertThat(geometryProblems()).isEmpty();
    }

    @Test
    void dividingALargeGridByStreetsGivesBlocksNoSmallerThanTheMinimumAndAKeepsTheTopologyClean() throws Exception {
        double parentArea = MetricProjection.areaM2Of(grid("JNS-03"));
        JsonNode proposal = send(mvc.perform(post("/api/grids/JNS-03/divide").param("method", "streets")
                .param("minAreaM2", "2000")).andExpect(status().isOk()));
        int n = proposal.get("features").size();
        assertThat(n).isGreaterThan(4);
        assertThat(proposal.get("removedCodes")).hasSize(64);
        double total = 0;
        for (JsonNode f : proposal.get("features")) {
            double a = f.at("/properties/areaM2").asDouble();
            total += a;
            assertThat(a).isGreaterThanOrEqualTo(2000);
            assertThat(f.at("/properties/code").asString()).matches("JNS-03-\\d{3}");
            assertThat(f.at("/properties/flags").isArray()).isTrue();
        }
        assertThat(total).isCloseTo(parentArea, within(parentArea * 0.001));
        assertThat(proposal.at("/medians/JNS-03/streetLengthM").asDouble()).isGreaterThan(0);

        send(mvc.perform(post("/api/grids/JNS-03/divide").param("method", "streets").param("minAreaM2", "2000").param("apply", "true"))
                .andExpect(status().isOk()));
        assertThat(smallGrids("JNS-03")).hasSize(n);
        // Every new grid has a responsible person: the one of the old grid covering most of it.
        assertThat(count("SELECT COUNT(*) FROM grid WHERE parent_code = 'JNS-03' AND responsible_person IS NULL")).isZero();
        assertThat(geometryProblems()).isEmpty();
    }

    @Test
    void dividingByTargetAreaGivesCellsNearTheTarget() throws Exception {
        JsonNode proposal = ok(mvc.perform(post("/api/grids/JNS-04/divide").param("method", "area")
                .param("targetAreaM2", "10000").param("apply", "true")));
        for (JsonNode f : proposal.get("features")) {
            assertThat(f.at("/properties/areaM2").asDouble()).isBetween(10000 * 0.45, 10000 * 1.55);
        }
        assertThat(smallGrids("JNS-04")).hasSize(proposal.get("features").size());
        assertThat(geometryProblems()).isEmpty();
    }

    @Test
    void aProposalThatBreaksAGridRuleWhenAppliedStoresNothing() throws Exception {
        // A grid elsewhere (tiling its own large grid) already holds one of the codes the division would give.
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON).content(feature(
                "{\"type\":\"Polygon\",\"coordinates\":[[[100,30],[100.01,30],[100.01,30.01],[100,30.01],[100,30]]]}", "FAR-L", "large", null)))
                .andExpect(status().isCreated());
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON).content(feature(
                "{\"type\":\"Polygon\",\"coordinates\":[[[100,30],[100.01,30],[100.01,30.01],[100,30.01],[100,30]]]}", "JNS-05-100", "small", "FAR-L")))
                .andExpect(status().isCreated());
        Map<String, Geometry> before = smallGrids("JNS-05");
        assertThat(before).hasSize(64).doesNotContainKey("JNS-05-100");
        long history = count("SELECT COUNT(*) FROM grid_code_history");
        // About 134 cells of 5,000 m²: JNS-05-100 is among the codes, after the 64 old grids were deleted.
        send(mvc.perform(post("/api/grids/JNS-05/divide").param("method", "area").param("targetAreaM2", "5000").param("apply", "true"))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("grid.code.taken")));
        Map<String, Geometry> after = smallGrids("JNS-05");
        assertThat(after.keySet()).isEqualTo(before.keySet());
        for (String c : before.keySet()) assertThat(after.get(c).equalsExact(before.get(c))).as(c).isTrue();
        assertThat(count("SELECT COUNT(*) FROM grid_code_history")).isEqualTo(history);
    }

    @Test
    void cleaningRemovesSliversAGridStoredAroundTheRulesLeft() throws Exception {
        Map<String, Geometry> grids = smallGrids("JNS-06");
        List<String> codes = new ArrayList<>(grids.keySet());
        // Stored straight into the table, past the service's rules and snapping: one grid shrunk by
        // about 5 mm all round (a thin ring of gap), another grown by about 5 mm (thin overlaps).
        String shrunk = codes.get(10), grown = codes.get(40);
        double mm5 = 0.005 / 111_320;
        jdbc.update("UPDATE grid SET geom = ST_GeomFromText(?, 4326) WHERE code = ?", grids.get(shrunk).buffer(-mm5).toText(), shrunk);
        jdbc.update("UPDATE grid SET geom = ST_GeomFromText(?, 4326) WHERE code = ?", grids.get(grown).buffer(mm5, 1).toText(), grown);
        assertThat(geometryProblems()).isNotEmpty();

        JsonNode proposal = send(mvc.perform(post("/api/grids/clean").param("maxSliverM2", "10")).andExpect(status().isOk()));
        List<String> kinds = new ArrayList<>();
        for (JsonNode c : proposal.get("changes")) kinds.add(c.get("kind").asString());
        assertThat(kinds).as(proposal.get("changes").toString()).contains("gapFilled", "overlapRemoved");
        assertThat(kinds).doesNotContain("gapKept", "overlapKept");
        assertThat(geometryProblems()).as("a proposal stores nothing").isNotEmpty();

        send(mvc.perform(post("/api/grids/clean").param("maxSliverM2", "10").param("apply", "true")).andExpect(status().isOk()));
        assertThat(geometryProblems()).isEmpty();
        // Grids far from the two changed ones were not touched.
        Map<String, Geometry> after = smallGrids("JNS-06");
        int untouched = 0;
        for (String c : codes) if (after.get(c).equalsExact(grids.get(c))) untouched++;
        assertThat(untouched).isGreaterThan(50);
    }

    @Test
    void balanceFlagsGridsFarFromTheMedian() throws Exception {
        JsonNode b = send(mvc.perform(get("/api/grids/balance").param("parent", "JNS-02")).andExpect(status().isOk()));
        assertThat(b.get("features").size()).isGreaterThanOrEqualTo(63);
        double median = b.at("/medians/JNS-02/streetLengthM").asDouble();
        assertThat(median).isGreaterThan(0);
        for (JsonNode f : b.get("features")) {
            double length = f.at("/properties/streetLengthM").asDouble();
            List<String> flags = new ArrayList<>();
            f.at("/properties/flags").forEach(x -> flags.add(x.asString()));
            assertThat(flags.contains("streetLengthHigh")).as(f.at("/properties/code").asString())
                    .isEqualTo(length >= median * 1.5 - 0.1 && !(length < median * 1.5 + 0.1 && !flags.contains("streetLengthHigh")));
        }
    }

    @Test
    void badRequestsAreRefusedWithTheirReasonAndChangeNothing() throws Exception {
        long grids = count("SELECT COUNT(*) FROM grid");
        Map<String, String> expectations = new HashMap<>();
        mvc.perform(post("/api/grids/JNS-01/split").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\":\"LineString\",\"coordinates\":[[0,0],[1,1]]}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("planning.grid.notSmall"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("大网格")));
        mvc.perform(post("/api/grids/JNS-02-005/split").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\":\"Point\",\"coordinates\":[114,22]}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("planning.line.invalid"));
        mvc.perform(post("/api/grids/JNS-02-005/split").header("Accept-Language", "en").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\":\"LineString\",\"coordinates\":[[10,10],[10.001,10.001]]}"))
                .andExpect(status().isUnprocessableEntity()).andExpect(jsonPath("$.code").value("planning.split.noCut"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("does not cut grid JNS-02-005")));
        mvc.perform(post("/api/grids/NOPE/split").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\":\"LineString\",\"coordinates\":[[0,0],[1,1]]}"))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("grid.notFound"));
        mvc.perform(post("/api/grids/merge").contentType(MediaType.APPLICATION_JSON).content("[\"JNS-02-005\"]"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("planning.merge.tooFew"));
        mvc.perform(post("/api/grids/merge").contentType(MediaType.APPLICATION_JSON).content("{\"codes\":\"JNS-02-005\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("planning.merge.body"));
        mvc.perform(post("/api/grids/merge").contentType(MediaType.APPLICATION_JSON).content("[\"JNS-02-005\",\"JNS-01-005\"]"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("planning.merge.parents"));
        mvc.perform(post("/api/grids/JNS-02/divide").param("method", "hexagons").param("apply", "true"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("planning.divide.method"));
        mvc.perform(post("/api/grids/JNS-02/divide").param("method", "area").param("targetAreaM2", "5").param("apply", "true"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("planning.divide.targetArea"));
        mvc.perform(post("/api/grids/JNS-02-005/divide").param("apply", "true"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("planning.grid.notLarge"));
        mvc.perform(post("/api/grids/clean").param("maxSliverM2", "0").param("apply", "true"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("planning.clean.maxSliver"));
        mvc.perform(post("/api/grids/renumber").param("parent", "JNS-02").param("prefix", "4403").param("apply", "true"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("planning.renumber.prefix"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("12 位数字")));
        mvc.perform(post("/api/grids/renumber").param("apply", "true"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("request.parameter"));
        assertThat(expectations).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM grid")).isEqualTo(grids);
    }

    @Test
    void onSaveAGridDrawnThirtyCentimetresShortOfItsNeighbourSnapsOntoTheSharedEdge() throws Exception {
        double lon = 101, lat = 31;
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON).content(feature(
                org.gridwatch.support.Shapes.rectangle(lon, lat, 0, 0, 400, 200), "SNAP-L", "large", null)))
                .andExpect(status().isCreated());
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON).content(feature(
                org.gridwatch.support.Shapes.rectangle(lon, lat, 0, 0, 200, 200), "SNAP-1", "small", "SNAP-L")))
                .andExpect(status().isCreated());
        // 0.3 m east of SNAP-1's east edge, and 0.2 m short of the large grid's east edge: both close on save.
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON).content(feature(
                org.gridwatch.support.Shapes.rectangle(lon, lat, 200.3, 0, 399.8, 200), "SNAP-2", "small", "SNAP-L")))
                .andExpect(status().isCreated());
        Geometry one = grid("SNAP-1"), two = grid("SNAP-2");
        assertThat(two.distance(one)).isZero();
        // The shared border is one line: the union has no gap left.
        Geometry rest = grid("SNAP-L").difference(one.union(two));
        assertThat(rest.isEmpty() ? 0 : MetricProjection.areaM2Of(rest)).isLessThan(0.01);
        assertThat(geometryProblems()).noneMatch(problem -> problem.contains("SNAP"));
    }

    private static String feature(String geometry, String code, String level, String parent) {
        return "{\"type\":\"Feature\",\"geometry\":" + geometry + ",\"properties\":{\"code\":\"" + code
                + "\",\"name\":\"远处\",\"level\":\"" + level + "\""
                + (parent == null ? "" : ",\"parentCode\":\"" + parent + "\"") + ",\"responsiblePerson\":\"张伟\"}}";
    }

    @SuppressWarnings("unused")
    private static String geoJson(Geometry g) {
        return GeoJsonWriter.toJson(g);
    }
}
