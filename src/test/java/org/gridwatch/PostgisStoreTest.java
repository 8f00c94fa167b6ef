package org.gridwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.gridwatch.support.Shapes.gridFeature;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.gridwatch.support.PostgisTestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same rules on the production store, a real PostGIS. */
@SpringBootTest(properties = "gridwatch.sample.enabled=false")
@AutoConfigureMockMvc
@ActiveProfiles("postgis")
class PostgisStoreTest extends StoreContractTest {

    @BeforeAll
    static void needsPostgis() {
        PostgisTestDatabase.assumeAvailable();
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgisTestDatabase.register(registry);
    }

    @Test
    void gridAreaAgreesWithPostgisGeographyWithinATenthOfAPercent() throws Exception {
        Patch p = patch();
        // An irregular, larger polygon, so the comparison is not about rectangles only.
        String polygon = "{\"type\":\"Polygon\",\"coordinates\":[[[" + p.lon() + "," + p.lat() + "],[" + (p.lon() + 0.031)
                + "," + (p.lat() + 0.004) + "],[" + (p.lon() + 0.027) + "," + (p.lat() + 0.029) + "],[" + (p.lon() + 0.006)
                + "," + (p.lat() + 0.021) + "],[" + p.lon() + "," + p.lat() + "]]]}";
        String code = p.prefix() + "-AREA";
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(gridFeature(polygon, code, "面积", "large", null))).andExpect(status().isCreated());
        double service = jdbc.queryForObject("SELECT area_m2 FROM grid WHERE code = ?", Double.class, code);
        double geography = jdbc.queryForObject("SELECT ST_Area(geom::geography) FROM grid WHERE code = ?", Double.class, code);
        assertThat(service).isCloseTo(geography, within(geography * 0.001));
    }

    @Test
    void everyConnectionPlansForItsOwnValuesAndSkipsTheJit() {
        // Pages of features in a box took 758 ms on a generic plan (73 ms custom): the pool sets both on each connection.
        assertThat(jdbc.queryForObject("SHOW plan_cache_mode", String.class)).isEqualTo("force_custom_plan");
        assertThat(jdbc.queryForObject("SHOW jit", String.class)).isEqualTo("off");
    }
}
