package org.gridwatch.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;

import org.gridwatch.support.PostgisTestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.json.JsonMapper;

/**
 * A PostGIS store started from the sample district (as a production install might) gets the grids and
 * features but no generated patrols or inspections: those are a demo of the embedded store only
 * ({@code gridwatch.sample.activity=auto}), so no report of a real store carries invented work.
 */
@SpringBootTest(properties = "gridwatch.sample.enabled=true")
@AutoConfigureMockMvc
@ActiveProfiles("postgis")
class SampleOnPostgisTest {

    @BeforeAll
    static void needsPostgis() {
        PostgisTestDatabase.assumeAvailable();
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgisTestDatabase.register(registry);
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theSampleDistrictOnPostgisHasNoGeneratedActivityAndNoSampleNotice() throws Exception {
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM grid", Long.class)).isGreaterThan(0);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM patrol", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inspection", Long.class)).isZero();
        JsonMapper json = JsonMapper.builder().build();
        String config = mvc.perform(get("/api/map/config")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(json.readTree(config).path("sampleData").booleanValue()).isFalse();
        String summary = mvc.perform(get("/api/summary")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(json.readTree(summary).path("sampleData").booleanValue()).isFalse();
    }
}
