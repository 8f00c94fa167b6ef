package org.gridwatch.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.gridwatch.support.Shapes.gridFeature;
import static org.gridwatch.support.Shapes.lat;
import static org.gridwatch.support.Shapes.lon;
import static org.gridwatch.support.Shapes.point;
import static org.gridwatch.support.Shapes.rectangle;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.gridwatch.support.H2TestDatabase;
import org.gridwatch.support.Shapes;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The map's endpoints on the embedded store: settings, feature counts per cell and per small grid,
 * search, and their refusals. Each test works in its own patch of ground so they share one store.
 */
@SpringBootTest(properties = {"gridwatch.sample.enabled=false",
        "gridwatch.map.tile-url=https://tiles.example.org/{z}/{x}/{y}.png",
        "gridwatch.map.tile-attribution=© Example District"})
@AutoConfigureMockMvc
class MapApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger PATCH = new AtomicInteger();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MapService service;

    /** South-west corner of a fresh 2 km patch and a code prefix for it. */
    record Patch(double lon, double lat, String prefix) {
        /** The bbox parameter for the rectangle (x0,y0)-(x1,y1) metres east/north of the corner. */
        String bbox(double x0, double y0, double x1, double y1) {
            // Qualified: inside the record, lat(...) would mean the accessor lat().
            return Shapes.lon(lon, lat, x0) + "," + Shapes.lat(lat, y0) + "," + Shapes.lon(lon, lat, x1) + ","
                    + Shapes.lat(lat, y1);
        }
    }

    Patch patch() {
        int n = PATCH.incrementAndGet();
        return new Patch(120.0 + n * 0.1, 30.0, "M" + n);
    }

    /** A 1 km large grid with two 500 m × 1 km small grids side by side (west "-W", east "-E"). */
    void grids(Patch p) throws Exception {
        create("/api/grids", gridFeature(rectangle(p.lon(), p.lat(), 0, 0, 1000, 1000), p.prefix() + "-L", "大网格", "large", null));
        create("/api/grids", gridFeature(rectangle(p.lon(), p.lat(), 0, 0, 500, 1000), p.prefix() + "-W", "西网格", "small", p.prefix() + "-L"));
        create("/api/grids", gridFeature(rectangle(p.lon(), p.lat(), 500, 0, 1000, 1000), p.prefix() + "-E", "东网格", "small", p.prefix() + "-L"));
    }

    String feature(Patch p, String type, double east, double north, String name, String status) {
        return "{\"type\":\"Feature\",\"geometry\":" + point(lon(p.lon(), p.lat(), east), lat(p.lat(), north))
                + ",\"properties\":{\"type\":\"" + type + "\",\"name\":\"" + name + "\",\"status\":\"" + status + "\"}}";
    }

    void bulk(List<String> features) throws Exception {
        create("/api/features/bulk", "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}");
    }

    @Test
    void configNamesTheBaseMapsAndTheExtentOfTheGrids() throws Exception {
        Patch p = patch();
        grids(p);
        JsonNode config = getJson("/api/map/config");
        assertThat(config.path("osmUrl").asString()).startsWith("https://tile.openstreetmap.org/");
        assertThat(config.path("tileUrl").asString()).isEqualTo("https://tiles.example.org/{z}/{x}/{y}.png");
        assertThat(config.path("tileAttribution").asString()).isEqualTo("© Example District");
        // A configured provider is what the district wants to see first.
        assertThat(config.path("defaultBaseMap").asString()).isEqualTo("custom");
        JsonNode extent = config.path("extent");
        assertThat(extent.get(0).asDouble()).isLessThanOrEqualTo(p.lon());
        assertThat(extent.get(1).asDouble()).isLessThanOrEqualTo(p.lat());
        assertThat(extent.get(2).asDouble()).isGreaterThanOrEqualTo(lon(p.lon(), p.lat(), 1000) - 1e-9);
        // The district's zone (gridwatch.inspection.zone): the page shows case times and period days in it.
        assertThat(config.path("timeZone").asString()).isEqualTo("Asia/Shanghai");
    }

    @Test
    void countsActiveFeaturesPerSmallGridWithTheirMeanPosition() throws Exception {
        Patch p = patch();
        grids(p);
        bulk(List.of(
                feature(p, "trash_bin", 100, 100, "a", "active"), feature(p, "trash_bin", 300, 100, "b", "active"),
                feature(p, "sewer_well", 200, 400, "c", "active"), feature(p, "trash_bin", 700, 700, "d", "active"),
                feature(p, "trash_bin", 800, 800, "gone", "removed"), feature(p, "trash_bin", 1500, 500, "outside", "active")));

        JsonNode counts = getJson("/api/map/feature-counts?by=grid&bbox=" + p.bbox(-10, -10, 2000, 1010));
        assertThat(counts.path("groupedBy").asString()).isEqualTo("grid");
        assertThat(counts.path("total").asLong()).isEqualTo(5); // the removed one is not counted
        assertThat(counts.path("outsideGrids").asLong()).isEqualTo(1);
        JsonNode west = counts.path("groups").get(0);
        assertThat(west.path("key").asString()).isEqualTo(p.prefix() + "-W");
        assertThat(west.path("count").asLong()).isEqualTo(3);
        assertThat(west.path("types").path("trash_bin").asLong()).isEqualTo(2);
        assertThat(west.path("types").path("sewer_well").asLong()).isEqualTo(1);
        assertThat(west.path("lon").asDouble()).isCloseTo(lon(p.lon(), p.lat(), 200), within(1e-7));
        assertThat(west.path("lat").asDouble()).isCloseTo(lat(p.lat(), 200), within(1e-7));
        assertThat(counts.path("groups").get(1).path("key").asString()).isEqualTo(p.prefix() + "-E");

        JsonNode onlyWells = getJson("/api/map/feature-counts?by=grid&type=sewer_well&bbox=" + p.bbox(-10, -10, 2000, 1010));
        assertThat(onlyWells.path("total").asLong()).isEqualTo(1);
        JsonNode eastHalf = getJson("/api/map/feature-counts?by=grid&bbox=" + p.bbox(600, 600, 900, 900));
        assertThat(eastHalf.path("total").asLong()).isEqualTo(1);
    }

    /** Random points counted per cell by the database, against the lattice applied to each point in Java. */
    @Test
    void countsPerCellMatchTheLatticeAppliedToEachPoint() throws Exception {
        Patch p = patch();
        long seed = 42;
        SplittableRandom random = new SplittableRandom(seed);
        List<String> features = new ArrayList<>();
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double east = random.nextDouble(0, 1900), north = random.nextDouble(0, 1900);
            features.add(feature(p, random.nextBoolean() ? "trash_bin" : "rat_bait_station", east, north, "r" + i, "active"));
            points.add(new double[]{lon(p.lon(), p.lat(), east), lat(p.lat(), north)});
        }
        bulk(features);
        String bbox = p.bbox(0, 0, 1950, 1950);
        double cellDeg = 0.003;
        ClusterLattice lattice = ClusterLattice.squareOnScreen(org.gridwatch.geo.BoundingBox.parse(bbox), cellDeg);
        Map<String, Integer> expected = new HashMap<>();
        for (double[] pt : points) {
            expected.merge(lattice.column(pt[0]) + ":" + lattice.row(pt[1]), 1, Integer::sum);
        }

        JsonNode counts = getJson("/api/map/feature-counts?cell=" + cellDeg + "&bbox=" + bbox);
        assertThat(counts.path("groupedBy").asString()).isEqualTo("cell");
        assertThat(counts.path("total").asLong()).as("seed %d", seed).isEqualTo(300);
        Map<String, Integer> actual = new HashMap<>();
        counts.path("groups").forEach(g -> actual.put(g.path("key").asString(), g.path("count").asInt()));
        assertThat(actual).as("seed %d", seed).isEqualTo(expected);
    }

    /** A view of a whole city is answered from the per-grid index: the same numbers, placed at grid label points. */
    @Test
    void largeViewsAreCountedFromThePerGridIndex() throws Exception {
        Patch p = patch();
        grids(p);
        bulk(List.of(feature(p, "trash_bin", 100, 100, "a", "active"), feature(p, "sewer_well", 200, 900, "b", "active"),
                feature(p, "trash_bin", 700, 700, "c", "active"), feature(p, "trash_bin", 800, 800, "gone", "removed"),
                feature(p, "trash_bin", 1500, 500, "outside", "active")));
        service.rebuildIndex();
        String wide = p.bbox(-5000, -5000, 6000, 6000); // about 120 km²
        assertThat(MapService.areaKm2(org.gridwatch.geo.BoundingBox.parse(wide))).isGreaterThan(MapService.EXACT_MAX_AREA_KM2);

        // One cell holding the whole patch: its grids' counts, without the removed feature and the one in no grid.
        JsonNode counts = getJson("/api/map/feature-counts?cell=0.1&bbox=" + wide);
        assertThat(counts.path("approximate").asBoolean()).isTrue();
        assertThat(counts.path("asOf").asString()).isNotBlank();
        assertThat(counts.path("total").asLong()).isEqualTo(3);
        assertThat(counts.path("groups").get(0).path("types").path("trash_bin").asLong()).isEqualTo(2);
        assertThat(counts.path("outsideGrids").asLong()).isGreaterThanOrEqualTo(1);
        // Small cells: each grid's counts sit at its label point, inside the grid.
        JsonNode fine = getJson("/api/map/feature-counts?cell=0.002&type=trash_bin&bbox=" + wide);
        assertThat(fine.path("total").asLong()).isEqualTo(2);
        for (JsonNode g : fine.path("groups")) {
            assertThat(g.path("lon").asDouble()).isBetween(p.lon(), lon(p.lon(), p.lat(), 1000));
            assertThat(g.path("lat").asDouble()).isBetween(p.lat(), lat(p.lat(), 1000));
        }
        // The same view counted exactly, by grid, agrees.
        assertThat(getJson("/api/map/feature-counts?by=grid&bbox=" + wide).path("total").asLong()).isEqualTo(
                counts.path("total").asLong() + getJson("/api/map/feature-counts?by=grid&bbox=" + wide).path("outsideGrids").asLong());
    }

    /**
     * Single edits change the large-view counts at once, without reading the store again: create,
     * move to the other grid, move out of every grid, and delete, each checked against the exact count.
     */
    @Test
    void singleEditsAdjustTheLargeViewCountsAtOnce() throws Exception {
        Patch p = patch();
        grids(p);
        bulk(List.of(feature(p, "trash_bin", 100, 100, "a", "active")));
        service.rebuildIndex();
        String wide = p.bbox(-5000, -5000, 6000, 6000);
        String west = p.bbox(0, 0, 499, 1000);
        assertThat(cellCount(wide, "trash_bin")).isEqualTo(1);

        JsonNode created = postJson("/api/features", feature(p, "trash_bin", 200, 200, "new", "active"));
        long id = created.path("id").asLong();
        assertThat(cellCount(wide, "trash_bin")).isEqualTo(2);
        assertThat(cellCount(west, "trash_bin")).isEqualTo(2);

        JsonNode moved = putJson("/api/features/" + id, feature(p, "trash_bin", 700, 200, "new", "active")
                .replace("\"status\":\"active\"}", "\"status\":\"active\",\"version\":" + created.path("properties").path("version").asLong() + "}"));
        assertThat(cellCount(wide, "trash_bin")).isEqualTo(2);
        JsonNode perGrid = getJson("/api/map/feature-counts?cell=0.002&type=trash_bin&bbox=" + wide);
        assertThat(perGrid.path("groups").size()).as("one group at each grid's label point").isEqualTo(2);

        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/features/" + id))
                .andExpect(status().isNoContent());
        assertThat(cellCount(wide, "trash_bin")).isEqualTo(1);
        assertThat(moved.path("properties").path("gridCode").asString()).isEqualTo(p.prefix() + "-E");

        // After a full read of the store the index holds the same numbers it reached by adjusting.
        service.rebuildIndex();
        assertThat(cellCount(wide, "trash_bin")).isEqualTo(1);
    }

    private long cellCount(String bbox, String type) throws Exception {
        JsonNode counts = getJson("/api/map/feature-counts?cell=0.1&type=" + type + "&bbox=" + bbox);
        return counts.path("total").asLong();
    }

    private JsonNode postJson(String url, String body) throws Exception {
        MvcResult r = mvc.perform(post(url).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated()).andReturn();
        return JSON.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    private JsonNode putJson(String url, String body) throws Exception {
        MvcResult r = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(url)
                .contentType(MediaType.APPLICATION_JSON).content(body)).andExpect(status().isOk()).andReturn();
        return JSON.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    @Test
    void searchFindsGridsByCodeOrNameAndFeaturesByName() throws Exception {
        Patch p = patch();
        grids(p);
        bulk(List.of(feature(p, "rat_bait_station", 100, 100, p.prefix() + "号毒饵站 100%", "active"),
                feature(p, "rat_bait_station", 120, 100, p.prefix() + "号毒饵站 旧", "removed")));

        JsonNode byCode = search(p.prefix() + "-L");
        assertThat(byCode.get(0).path("kind").asString()).isEqualTo("grid");
        assertThat(byCode.get(0).path("id").asString()).isEqualTo(p.prefix() + "-L");
        assertThat(byCode.get(0).path("bbox").get(0).asDouble()).isCloseTo(p.lon(), within(1e-7));

        JsonNode byName = search(p.prefix() + "号毒饵");
        assertThat(byName).hasSize(1); // the removed one is not found
        JsonNode hit = byName.get(0);
        assertThat(hit.path("kind").asString()).isEqualTo("feature");
        assertThat(hit.path("sub").asString()).isEqualTo("rat_bait_station");
        assertThat(hit.path("bbox").get(0).asDouble()).isEqualTo(hit.path("bbox").get(2).asDouble());

        // '%' and '_' are searched for literally, not as wildcards.
        assertThat(search(p.prefix() + "号毒饵站 100%")).hasSize(1);
        assertThat(search(p.prefix() + "_")).isEmpty();
        assertThat(search(p.prefix() + "号%")).isEmpty();
    }

    @Test
    void refusalsExplainThemselvesInTheCallersLanguageAndChangeNothing() throws Exception {
        long features = count("feature"), grids = count("grid");
        String bbox = "120,30,120.1,30.1";
        refused(get("/api/map/feature-counts"), 400, "request.parameter", "bbox");
        refused(get("/api/map/feature-counts?bbox=1,2,3"), 400, "bbox.format", "四个数字");
        refused(get("/api/map/feature-counts?bbox=" + bbox), 400, "request.parameter", "cell");
        refused(get("/api/map/feature-counts?cell=0&bbox=" + bbox), 400, "map.cell.invalid", "大于 0");
        refused(get("/api/map/feature-counts?cell=20&bbox=" + bbox), 400, "map.cell.invalid", "20.0");
        refused(get("/api/map/feature-counts?by=street&bbox=" + bbox), 400, "map.by.invalid", "street");
        refused(get("/api/map/feature-counts?cell=0.00001&bbox=" + bbox).header("Accept-Language", "en"), 400,
                "map.cell.tooMany", "zoom in");
        refused(get("/api/map/search").param("q", " "), 400, "map.search.query", "1 至 100");
        refused(get("/api/map/search?q=x&limit=0").header("Accept-Language", "en"), 400, "map.search.limit", "between 1 and 50");
        assertThat(count("feature")).isEqualTo(features);
        assertThat(count("grid")).isEqualTo(grids);
    }

    private void refused(MockHttpServletRequestBuilder request, int status, String code, String detailPart) throws Exception {
        MvcResult r = mvc.perform(request).andExpect(status().is(status)).andReturn();
        assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(problem.path("code").asString()).isEqualTo(code);
        assertThat(problem.path("detail").asString()).contains(detailPart);
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    private void create(String url, String body) throws Exception {
        mvc.perform(post(url).contentType(MediaType.APPLICATION_JSON).content(body)).andExpect(status().isCreated());
    }

    private JsonNode search(String text) throws Exception {
        MvcResult r = mvc.perform(get("/api/map/search").param("q", text)).andExpect(status().isOk()).andReturn();
        return JSON.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    private JsonNode getJson(String url) throws Exception {
        MvcResult r = mvc.perform(get(url)).andExpect(status().isOk()).andReturn();
        return JSON.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }
}
