package org.gridwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import org.gridwatch.support.H2TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The service as a user first meets it: started on an empty embedded store, sample district loaded. */
@SpringBootTest
@AutoConfigureMockMvc
class SampleDistrictTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.register(registry);
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    private static JsonNode bundled(String file) throws Exception {
        return JSON.readTree(new ClassPathResource("geodata/sample/" + file).getContentAsString(StandardCharsets.UTF_8));
    }

    private JsonNode api(String url) throws Exception {
        return JSON.readTree(mvc.perform(get(url)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
    }

    @Test
    void everyBundledGridStreetAndFeatureIsServed() throws Exception {
        assertThat(api("/api/grids?level=large").path("features").size())
                .isEqualTo(bundled("large_grids.geojson").path("features").size()).isBetween(4, 8);
        JsonNode small = api("/api/grids?level=small");
        assertThat(small.path("features").size()).isEqualTo(bundled("small_grids.geojson").path("features").size());
        assertThat(api("/api/streets").path("features").size())
                .isEqualTo(bundled("streets.geojson").path("features").size());
        int activeInFile = 0;
        for (JsonNode f : bundled("features.geojson").path("features")) {
            if ("active".equals(f.at("/properties/status").asString())) activeInFile++;
        }
        // The four bundled types: the generated sample inspections add rodent signs and garbage points found on patrol.
        JsonNode features = api("/api/features?type=trash_bin,sewer_well,rat_bait_station,stagnant_water");
        assertThat(features.path("numberMatched").intValue()).isEqualTo(activeInFile).isGreaterThan(100);
        assertThat(features.at("/features/0/properties/name").asString()).matches(".*\\p{IsHan}.*");
    }

    @Test
    void smallGridsTileEachLargeGridAndAreasAreComputedInSquareMetres() throws Exception {
        for (JsonNode large : api("/api/grids?level=large").path("features")) {
            String code = large.at("/properties/code").asString();
            double sum = 0;
            int n = 0;
            for (JsonNode s : api("/api/grids?parent=" + code).path("features")) {
                sum += s.at("/properties/areaM2").doubleValue();
                n++;
            }
            assertThat(n).as("small grids of %s", code).isBetween(40, 100);
            assertThat(sum).as("small grid areas of %s", code)
                    .isCloseTo(large.at("/properties/areaM2").doubleValue(), org.assertj.core.data.Percentage.withPercentage(0.01));
        }
    }

    @Test
    void everyActiveFeatureKnowsItsSmallGridAsTheServiceComputedIt() throws Exception {
        Set<String> smallCodes = new HashSet<>(jdbc.queryForList("SELECT code FROM grid WHERE level = 'small'", String.class));
        long withoutGrid = jdbc.queryForObject("SELECT COUNT(*) FROM feature WHERE grid_code IS NULL", Long.class);
        assertThat(withoutGrid).isZero();
        for (String code : jdbc.queryForList("SELECT DISTINCT grid_code FROM feature", String.class)) {
            assertThat(smallCodes).contains(code);
        }
        // The database agrees with the in-memory locator used at import.
        Long disagreeing = jdbc.queryForObject("""
                SELECT COUNT(*) FROM feature f JOIN grid g ON g.code = f.grid_code
                 WHERE NOT ST_Intersects(g.geom, f.geom)""", Long.class);
        assertThat(disagreeing).isZero();
    }

    @Test
    void healthAndApiDescriptionAreServed() throws Exception {
        assertThat(api("/actuator/health").path("status").asString()).isEqualTo("UP");
        JsonNode openApi = api("/v3/api-docs");
        assertThat(openApi.path("paths").has("/api/grids")).isTrue();
        assertThat(openApi.path("paths").has("/api/features/bulk")).isTrue();
    }

    /**
     * The heatmap's grid download equals its definition on the sample's stagnant-water sites: at every
     * cell centre of a 60 × 50 grid, radius 200 m, the quartic kernel summed by brute force over every
     * site with great-circle distances (haversine, mean Earth radius), features per km², within 1% at
     * the 95th percentile of the cells above 5% of the peak (the binned estimator gave 2.1%, max 6.7%).
     */
    @Test
    void heatmapGridEqualsTheKernelSummedByBruteForce() throws Exception {
        JsonNode sites = api("/api/features?type=stagnant_water&limit=10000");
        int n = sites.path("features").size();
        assertThat(n).as("the sample has stagnant-water sites").isGreaterThan(10);
        double[] lon = new double[n];
        double[] lat = new double[n];
        for (int i = 0; i < n; i++) {
            JsonNode c = sites.path("features").get(i).at("/geometry/coordinates");
            lon[i] = c.get(0).asDouble();
            lat[i] = c.get(1).asDouble();
        }
        JsonNode grid = api("/api/heatmap/grid?type=stagnant_water&radius=200&width=60&height=50");
        JsonNode box = grid.path("bbox");
        double west = box.get(0).asDouble(), south = box.get(1).asDouble(), east = box.get(2).asDouble(),
                north = box.get(3).asDouble();
        double r = 200;
        double earth = 6_371_008.8;
        java.util.List<Double> errors = new java.util.ArrayList<>();
        double[][] expected = new double[50][60];
        double peak = 0;
        for (int y = 0; y < 50; y++) {
            for (int x = 0; x < 60; x++) {
                double cLon = west + (x + 0.5) * (east - west) / 60;
                double cLat = north - (y + 0.5) * (north - south) / 50;
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    double dPhi = Math.toRadians(lat[i] - cLat);
                    double dLam = Math.toRadians(lon[i] - cLon);
                    double a = Math.pow(Math.sin(dPhi / 2), 2)
                            + Math.cos(Math.toRadians(cLat)) * Math.cos(Math.toRadians(lat[i])) * Math.pow(Math.sin(dLam / 2), 2);
                    double d = 2 * earth * Math.asin(Math.sqrt(a));
                    if (d < r) sum += 3 / (Math.PI * r * r) * Math.pow(1 - d * d / (r * r), 2);
                }
                expected[y][x] = sum * 1e6;
                peak = Math.max(peak, expected[y][x]);
            }
        }
        assertThat(peak).isGreaterThan(0);
        for (int y = 0; y < 50; y++) {
            for (int x = 0; x < 60; x++) {
                if (expected[y][x] <= 0.05 * peak) continue;
                double got = grid.path("values").get(y).get(x).asDouble();
                errors.add(Math.abs(got - expected[y][x]) / expected[y][x]);
            }
        }
        assertThat(errors).hasSizeGreaterThan(20);
        java.util.Collections.sort(errors);
        double p95 = errors.get((int) Math.ceil(0.95 * errors.size()) - 1);
        assertThat(p95).as("95th percentile of the relative error over " + errors.size() + " cells").isLessThan(0.01);
    }

    /** The embedded store's demo district has generated activity, and every report built on it says so. */
    @Test
    void generatedActivityIsMarkedAsSampleDataOnTheMapAndInEveryReport() throws Exception {
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM patrol WHERE client_id LIKE 'sample-p-%'", Long.class))
                .isGreaterThan(0);
        assertThat(api("/api/map/config").path("sampleData").booleanValue()).isTrue();
        assertThat(api("/api/summary").path("sampleData").booleanValue()).isTrue();
        String csv = mvc.perform(get("/api/summary?format=csv")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(csv).contains("sampleData,含示例数据（非实际工作）,true");
        String page = mvc.perform(get("/summary.html")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("data-sample-data=\"true\"").contains("示例数据");
    }

    @Test
    void theSampleDistrictHasAnOutlineItsLargeGridsTileExactly() throws Exception {
        JsonNode outline = api("/api/district-outline").at("/features/0/properties");
        assertThat(outline.get("source").asString()).isEqualTo("generated");
        double largeArea = 0;
        for (JsonNode large : api("/api/grids?level=large").path("features")) {
            largeArea += large.at("/properties/areaM2").doubleValue();
        }
        assertThat(outline.get("areaM2").doubleValue()).isCloseTo(largeArea, org.assertj.core.data.Percentage.withPercentage(0.01));
        JsonNode summary = api("/api/topology").get("summary");
        assertThat(summary.get("districtUncovered").intValue()).isZero();
        assertThat(summary.get("largeGap").intValue()).isZero();
        assertThat(summary.get("outsideDistrict").intValue()).isZero();
    }
}
