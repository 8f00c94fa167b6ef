package org.gridwatch.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gridwatch.geo.GeoJsonReader;
import org.gridwatch.geo.GeoJsonWriter;
import org.gridwatch.geo.MetricProjection;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Storing an edited proposal ({@code POST /api/grids/proposals/apply}) over a fresh copy of the
 * sample district, run against each store: refusals (gap, invalid polygon, taken code) change nothing and
 * name the proposed grid in the caller's language; an edited division (a shared vertex moved, two
 * cells merged, a code changed) and an edited split (reshaping a grid in place) are stored whole,
 * with a clean topology and the code history.
 */
abstract class EditedProposalApiContract {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> GEOMETRY_KINDS = List.of("gap", "overlap", "outsideParent");

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    /** A proposed grid as the planner holds it: its properties and lon/lat geometry. */
    record Cell(Map<String, Object> properties, Geometry geometry) {
        String code() {
            return (String) properties.get("code");
        }
    }

    @Test
    void refusedEditsChangeNothingAndAnAcceptedEditedDivisionIsStoredWhole() throws Exception {
        JsonNode proposal = json(mvc.perform(post("/api/grids/JNS-03/divide").param("method", "streets")
                .param("minAreaM2", "2000")).andReturn());
        List<Cell> cells = cells(proposal);
        List<String> replaces = new ArrayList<>();
        proposal.get("removedCodes").forEach(c -> replaces.add(c.asString()));
        assertThat(replaces).hasSize(64);
        assertThat(cells.size()).isGreaterThan(4);
        String before = storeState();

        // A vertex shared by exactly two proposed grids, well inside the large grid.
        Geometry parentOutline = grid("JNS-03").getBoundary();
        MetricProjection m = MetricProjection.centredOn(grid("JNS-03").getEnvelopeInternal());
        Coordinate shared = null;
        List<Integer> owners = null;
        search:
        for (Cell c : cells) {
            for (Coordinate v : c.geometry().getCoordinates()) {
                if (m.project(parentOutline).distance(m.project(c.geometry().getFactory().createPoint(v))) < 20) continue;
                List<Integer> having = new ArrayList<>();
                for (int i = 0; i < cells.size(); i++) {
                    for (Coordinate w : cells.get(i).geometry().getCoordinates()) {
                        if (w.equals2D(v)) {
                            having.add(i);
                            break;
                        }
                    }
                }
                if (having.size() == 2) {
                    shared = v;
                    owners = having;
                    break search;
                }
            }
        }
        assertThat(shared).as("a vertex shared by two proposed grids").isNotNull();
        Coordinate sharedMetric = m.project(shared.x, shared.y);
        Coordinate moved = m.unproject(sharedMetric.x + 4, sharedMetric.y + 3);

        // Moved in one grid only, 5 m: a gap (or overlap) the service names, in Chinese by default.
        List<Cell> oneSided = new ArrayList<>(cells);
        oneSided.set(owners.get(0), moveVertex(cells.get(owners.get(0)), shared, moved));
        MvcResult refused = mvc.perform(post("/api/grids/proposals/apply").contentType(MediaType.APPLICATION_JSON)
                .content(body(oneSided, replaces, "divide"))).andReturn();
        assertThat(refused.getResponse().getStatus()).isEqualTo(422);
        JsonNode problem = json(refused);
        assertThat(problem.get("code").asString()).isIn("planning.edit.gap", "planning.edit.overlap");
        String named = cells.get(owners.get(0)).code();
        assertThat(problem.toString()).contains(named);
        assertThat(problem.get("detail").asString()).containsAnyOf("缝隙", "重叠");
        assertThat(storeState()).isEqualTo(before);

        // A bow-tie: refused in English on request, naming the grid and the place.
        List<Cell> bowTie = new ArrayList<>(cells);
        Geometry g = cells.get(1).geometry();
        org.locationtech.jts.geom.Envelope e = g.getEnvelopeInternal();
        bowTie.set(1, new Cell(cells.get(1).properties(), GeoJsonReader.geometry(JSON.readTree("{\"type\":\"Polygon\",\"coordinates\":[[["
                + e.getMinX() + "," + e.getMinY() + "],[" + e.getMaxX() + "," + e.getMaxY() + "],[" + e.getMaxX() + "," + e.getMinY()
                + "],[" + e.getMinX() + "," + e.getMaxY() + "],[" + e.getMinX() + "," + e.getMinY() + "]]]}"))));
        MvcResult invalid = mvc.perform(post("/api/grids/proposals/apply").header("Accept-Language", "en")
                .contentType(MediaType.APPLICATION_JSON).content(body(bowTie, replaces, "divide"))).andReturn();
        assertThat(invalid.getResponse().getStatus()).isEqualTo(400);
        problem = json(invalid);
        assertThat(problem.get("code").asString()).isEqualTo("planning.edit.geometry");
        assertThat(problem.get("proposedGrid").asString()).isEqualTo(cells.get(1).code());
        assertThat(problem.get("detail").asString()).startsWith("Proposed grid " + cells.get(1).code() + " has an invalid geometry: Self-intersection at");
        assertThat(storeState()).isEqualTo(before);

        // A code held by a grid elsewhere.
        List<Cell> taken = new ArrayList<>(cells);
        Map<String, Object> props = new LinkedHashMap<>(cells.get(2).properties());
        props.put("code", "JNS-01-001");
        taken.set(2, new Cell(props, cells.get(2).geometry()));
        MvcResult conflict = mvc.perform(post("/api/grids/proposals/apply").contentType(MediaType.APPLICATION_JSON)
                .content(body(taken, replaces, "divide"))).andReturn();
        assertThat(conflict.getResponse().getStatus()).isEqualTo(409);
        assertThat(json(conflict).get("detail").asString()).isEqualTo("方案网格 JNS-01-001 的编码已被方案之外的网格使用");
        assertThat(storeState()).isEqualTo(before);

        // Accepted: the shared vertex moved in both grids, two other adjacent cells merged into one,
        // and a cell given a code and name of the planner's choosing.
        List<Cell> edited = new ArrayList<>(cells);
        for (int i : owners) edited.set(i, moveVertex(cells.get(i), shared, moved));
        int keep = -1, drop = -1;
        for (int i = 0; i < cells.size() && keep < 0; i++) {
            for (int j = i + 1; j < cells.size(); j++) {
                if (owners.contains(i) || owners.contains(j)) continue;
                Geometry a = m.project(cells.get(i).geometry()), b = m.project(cells.get(j).geometry());
                if (a.intersection(b).getLength() > 10) {
                    keep = i;
                    drop = j;
                    break;
                }
            }
        }
        assertThat(keep).as("two adjacent cells").isNotNegative();
        Geometry mergedGeometry = GridMerger.merge(List.of(m.project(cells.get(keep).geometry()),
                m.project(cells.get(drop).geometry()))).map(m::unproject).orElseThrow();
        edited.set(keep, new Cell(cells.get(keep).properties(), mergedGeometry));
        String droppedCode = cells.get(drop).code();
        edited.remove(drop);
        int renamed = owners.get(1) > drop ? owners.get(1) - 1 : owners.get(1);
        Map<String, Object> renamedProps = new LinkedHashMap<>(edited.get(renamed).properties());
        renamedProps.put("code", "JNS-03-PLANNED");
        renamedProps.put("name", "规划网格");
        edited.set(renamed, new Cell(renamedProps, edited.get(renamed).geometry()));

        MvcResult accepted = mvc.perform(post("/api/grids/proposals/apply").contentType(MediaType.APPLICATION_JSON)
                .content(body(edited, replaces, "divide"))).andReturn();
        assertThat(accepted.getResponse().getStatus()).as(accepted.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .isEqualTo(200);
        JsonNode stored = json(accepted);
        assertThat(stored.get("applied").asBoolean()).isTrue();
        assertThat(stored.get("features")).hasSize(cells.size() - 1);

        Map<String, Geometry> now = smallGrids("JNS-03");
        assertThat(now).hasSize(cells.size() - 1).containsKey("JNS-03-PLANNED").doesNotContainKey(droppedCode);
        assertThat(json(mvc.perform(get("/api/grids/JNS-03-PLANNED")).andReturn()).at("/properties/name").asString())
                .isEqualTo("规划网格");
        Coordinate movedCoordinate = moved, sharedBefore = shared;
        // The store keeps 7 decimals (about 1 cm): the moved vertex is where it was put, within that.
        for (int i : owners) {
            String code = edited.get(i > drop ? i - 1 : i).code();
            assertThat(now.get(code).getCoordinates()).as(code).anyMatch(c -> c.distance(movedCoordinate) < 1e-6);
            assertThat(now.get(code).getCoordinates()).as(code).noneMatch(c -> c.distance(sharedBefore) < 1e-6);
        }
        double mergedArea = MetricProjection.areaM2Of(now.get(cells.get(keep).code()));
        assertThat(mergedArea).isCloseTo(MetricProjection.areaM2Of(cells.get(keep).geometry())
                + MetricProjection.areaM2Of(cells.get(drop).geometry()), org.assertj.core.api.Assertions.within(1.0));
        assertThat(geometryProblems()).isEmpty();
        // Old codes not reused point to the grid that took most of their ground, as apply=true records them.
        long reused = replaces.stream().filter(now::containsKey).count();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM grid_code_history WHERE reason = 'divide' AND parent_code = 'JNS-03'",
                Long.class)).isEqualTo(64 - reused);
    }

    @Test
    void anEditedSplitReshapesTheGridInPlaceAndAddsTheNewOne() throws Exception {
        String code = "JNS-05-020";
        Geometry original = grid(code);
        org.locationtech.jts.geom.Envelope e = original.getEnvelopeInternal();
        double x = e.getMinX() + e.getWidth() / 2, d = e.getHeight() * 0.2;
        String line = "{\"type\":\"LineString\",\"coordinates\":[[" + x + "," + (e.getMinY() - d) + "],[" + x + ","
                + (e.getMaxY() + d) + "]]}";
        JsonNode proposal = json(mvc.perform(post("/api/grids/" + code + "/split").contentType(MediaType.APPLICATION_JSON)
                .content(line)).andReturn());
        List<Cell> cells = cells(proposal);
        assertThat(cells).hasSize(2);
        long version = json(mvc.perform(get("/api/grids/" + code)).andReturn()).at("/properties/version").asLong();
        // The planner renames the new half; "replaces" is left out: the proposal's previousCode says it.
        Map<String, Object> props = new LinkedHashMap<>(cells.get(1).properties());
        props.put("code", code + "-EAST");
        List<Cell> edited = List.of(cells.get(0), new Cell(props, cells.get(1).geometry()));
        MvcResult r = mvc.perform(post("/api/grids/proposals/apply").contentType(MediaType.APPLICATION_JSON)
                .content(body(edited, null, "split"))).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString(StandardCharsets.UTF_8)).isEqualTo(200);
        Map<String, Geometry> now = smallGrids("JNS-05");
        assertThat(now).hasSize(65).containsKeys(code, code + "-EAST");
        assertThat(json(mvc.perform(get("/api/grids/" + code)).andReturn()).at("/properties/version").asLong())
                .as("updated in place").isEqualTo(version + 1);
        assertThat(MetricProjection.areaM2Of(now.get(code)) + MetricProjection.areaM2Of(now.get(code + "-EAST")))
                .isCloseTo(MetricProjection.areaM2Of(original), org.assertj.core.api.Assertions.within(1.0));
        assertThat(geometryProblems()).isEmpty();
    }

    @Test
    void twoGridsThatTakeGroundFromEachOtherAreStoredThoughNoUpdateOrderAvoidsAnOverlap() throws Exception {
        // Two adjacent grids; their shared border is turned about its middle, so each takes a
        // triangle of the other: updating either first would overlap the other as stored.
        Map<String, Geometry> grids = smallGrids("JNS-06");
        List<String> codes = new ArrayList<>(grids.keySet());
        MetricProjection m = MetricProjection.centredOn(grid("JNS-06").getEnvelopeInternal());
        String a = null, b = null;
        Geometry border = null;
        search:
        for (int i = 0; i < codes.size(); i++) {
            for (int j = i + 1; j < codes.size(); j++) {
                Geometry common = m.project(grids.get(codes.get(i))).intersection(m.project(grids.get(codes.get(j))));
                if (common.getLength() > 30) {
                    a = codes.get(i);
                    b = codes.get(j);
                    border = common;
                    break search;
                }
            }
        }
        assertThat(a).as("two grids sharing a border").isNotNull();
        Geometry union = GridMerger.merge(List.of(m.project(grids.get(a)), m.project(grids.get(b)))).orElseThrow();
        Coordinate[] ends = border.getCoordinates();
        Coordinate p = ends[0], q = ends[ends.length - 1];
        double dx = q.x - p.x, dy = q.y - p.y, k = 0.25;
        org.locationtech.jts.geom.LineString turned = union.getFactory().createLineString(new Coordinate[]{
                new Coordinate(p.x - dx * 0.5 - dy * k, p.y - dy * 0.5 + dx * k),
                new Coordinate(q.x + dx * 0.5 + dy * k, q.y + dy * 0.5 - dx * k)});
        List<org.locationtech.jts.geom.Polygon> parts = GridSplitter.split(union, turned);
        assertThat(parts).hasSize(2);
        Geometry aMetric = m.project(grids.get(a));
        boolean firstIsA = parts.get(0).intersection(aMetric).getArea() > parts.get(1).intersection(aMetric).getArea();
        Geometry newA = m.unproject(parts.get(firstIsA ? 0 : 1)), newB = m.unproject(parts.get(firstIsA ? 1 : 0));
        assertThat(newA.intersection(grids.get(b)).getArea()).as("A takes from B").isPositive();
        assertThat(newB.intersection(grids.get(a)).getArea()).as("B takes from A").isPositive();

        JsonNode stored = json(mvc.perform(get("/api/grids/" + a)).andReturn());
        Map<String, Object> propsA = new LinkedHashMap<>(Map.of("code", a, "name", stored.at("/properties/name").asString(),
                "parentCode", "JNS-06"));
        Map<String, Object> propsB = new LinkedHashMap<>(Map.of("code", b, "name", "turned " + b, "parentCode", "JNS-06"));
        MvcResult r = mvc.perform(post("/api/grids/proposals/apply").contentType(MediaType.APPLICATION_JSON)
                .content(body(List.of(new Cell(propsA, newA), new Cell(propsB, newB)), List.of(a, b), "edit"))).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString(StandardCharsets.UTF_8)).isEqualTo(200);
        Map<String, Geometry> now = smallGrids("JNS-06");
        assertThat(now).hasSize(64);
        for (String code : List.of(a, b)) {
            Geometry expected = code.equals(a) ? newA : newB;
            // Within the store's 7 decimals (about 1 cm) along a border of 100 m or more.
            assertThat(m.project(now.get(code)).symDifference(m.project(expected)).getArea()).as(code).isLessThan(3.0);
        }
        assertThat(json(mvc.perform(get("/api/grids/" + b)).andReturn()).at("/properties/name").asString()).isEqualTo("turned " + b);
        assertThat(geometryProblems()).isEmpty();
    }

    @Test
    void anEditedRenumberingRenamesTheGridsItKeepsAndStoresThePlannersCode() throws Exception {
        JsonNode proposal = json(mvc.perform(post("/api/grids/renumber").param("parent", "JNS-02")
                .param("prefix", "440304002001")).andReturn());
        List<Cell> cells = cells(proposal);
        assertThat(cells).hasSize(64);
        String first = (String) cells.get(0).properties().get("previousCode");
        String createdAt = json(mvc.perform(get("/api/grids/" + first)).andReturn()).at("/properties/createdAt").asString();
        Map<String, Object> props = new LinkedHashMap<>(cells.get(5).properties());
        String planned = "440304002001900";
        String replacedByPlanned = (String) props.get("previousCode");
        props.put("code", planned);
        List<Cell> edited = new ArrayList<>(cells);
        edited.set(5, new Cell(props, cells.get(5).geometry()));
        MvcResult r = mvc.perform(post("/api/grids/proposals/apply").contentType(MediaType.APPLICATION_JSON)
                .content(body(edited, null, "renumber"))).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString(StandardCharsets.UTF_8)).isEqualTo(200);
        Map<String, Geometry> now = smallGrids("JNS-02");
        assertThat(now).hasSize(64).containsKey(planned).containsKey(cells.get(0).code());
        assertThat(now.keySet()).allMatch(c -> c.matches("440304002001\\d{3}"));
        // Renamed, not re-created: the grid keeps its creation time.
        assertThat(json(mvc.perform(get("/api/grids/" + cells.get(0).code())).andReturn()).at("/properties/createdAt").asString())
                .isEqualTo(createdAt);
        assertThat(jdbc.queryForObject("SELECT new_code FROM grid_code_history WHERE old_code = ? AND reason = 'renumber'",
                String.class, replacedByPlanned)).isEqualTo(planned);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM grid_code_history WHERE reason = 'renumber' AND parent_code = 'JNS-02'",
                Long.class)).isEqualTo(64);
        assertThat(geometryProblems()).isEmpty();
    }

    private static Cell moveVertex(Cell cell, Coordinate from, Coordinate to) {
        Geometry g = cell.geometry().copy();
        g.apply((org.locationtech.jts.geom.CoordinateFilter) c -> {
            if (c.equals2D(from)) {
                c.x = to.x;
                c.y = to.y;
            }
        });
        g.geometryChanged();
        return new Cell(cell.properties(), g);
    }

    private static List<Cell> cells(JsonNode proposal) {
        List<Cell> out = new ArrayList<>();
        for (JsonNode f : proposal.get("features")) {
            Map<String, Object> props = new LinkedHashMap<>();
            for (String key : List.of("code", "name", "parentCode", "responsiblePerson", "phone", "previousCode", "level")) {
                JsonNode v = f.at("/properties/" + key);
                if (v.isString()) props.put(key, v.asString());
            }
            out.add(new Cell(props, GeoJsonReader.geometry(f.get("geometry"))));
        }
        return out;
    }

    private static String body(List<Cell> cells, List<String> replaces, String tool) {
        StringBuilder out = new StringBuilder();
        GeoJsonWriter.FeatureCollectionWriter w = new GeoJsonWriter.FeatureCollectionWriter(out).begin();
        for (Cell c : cells) w.feature(c.code(), c.geometry(), c.properties());
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("tool", tool);
        if (replaces != null) members.put("replaces", replaces);
        w.end(members);
        return out.toString();
    }

    /** Everything a refused request must leave alone: the grids (with versions) and both histories. */
    private String storeState() {
        return jdbc.queryForList("SELECT code, version, parent_code FROM grid ORDER BY code").toString()
                + jdbc.queryForObject("SELECT COUNT(*) FROM change_history", Long.class)
                + "/" + jdbc.queryForObject("SELECT COUNT(*) FROM grid_code_history", Long.class);
    }

    private JsonNode json(MvcResult r) throws Exception {
        return JSON.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    private Geometry grid(String code) throws Exception {
        return GeoJsonReader.geometry(json(mvc.perform(get("/api/grids/" + code)).andReturn()).get("geometry"));
    }

    private Map<String, Geometry> smallGrids(String parent) throws Exception {
        Map<String, Geometry> out = new LinkedHashMap<>();
        for (JsonNode f : json(mvc.perform(get("/api/grids").param("level", "small").param("parent", parent)).andReturn())
                .get("features")) {
            out.put(f.at("/properties/code").asString(), GeoJsonReader.geometry(f.get("geometry")));
        }
        return out;
    }

    private List<String> geometryProblems() throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode f : json(mvc.perform(get("/api/topology")).andReturn()).get("features")) {
            String kind = f.at("/properties/kind").asString();
            if (GEOMETRY_KINDS.contains(kind)) out.add(kind + " " + f.at("/properties/gridCode").asString());
        }
        return out;
    }
}
