package org.gridwatch.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.support.Shapes.gridFeature;
import static org.gridwatch.support.Shapes.rectangle;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;

import org.gridwatch.support.PostgisTestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Accounts on the production store: stored, signed in with, changed and removed on PostGIS (SecurityRulesTest covers H2GIS). */
@SpringBootTest(properties = "gridwatch.sample.enabled=false")
@AutoConfigureMockMvc
@ActiveProfiles("postgis")
class AccountsPostgisTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

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
    void anAccountIsStoredSignedInWithChangedAndRemoved() throws Exception {
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(gridFeature(rectangle(123.0, 30.0, 0, 0, 200, 200), "P-L", "大", "large", null)))
                .andExpect(status().isCreated());
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(gridFeature(rectangle(123.0, 30.0, 0, 0, 100, 100), "P-S", "小", "small", "P-L")))
                .andExpect(status().isCreated());
        mvc.perform(post("/api/users").contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"pg-worker\",\"password\":\"pg-password-1\",\"roles\":[\"grid_worker\",\"viewer\"],"
                        + "\"gridCodes\":[\"P-S\"]}")).andExpect(status().isCreated());

        JsonNode session = JSON.readTree(mvc.perform(get("/api/session").with(httpBasic("pg-worker", "pg-password-1")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(session.path("roles").toString()).isEqualTo("[\"grid_worker\",\"viewer\"]");
        assertThat(session.path("gridCodes").toString()).isEqualTo("[\"P-S\"]");
        assertThat(jdbc.queryForObject("SELECT password_hash FROM app_user WHERE username = 'pg-worker'", String.class))
                .startsWith("{bcrypt}");

        mvc.perform(put("/api/users/pg-worker").contentType(MediaType.APPLICATION_JSON).content("{\"enabled\":false}"))
                .andExpect(status().isOk());
        mvc.perform(get("/api/grids").with(httpBasic("pg-worker", "pg-password-1"))).andExpect(status().isUnauthorized());
        mvc.perform(delete("/api/users/pg-worker")).andExpect(status().isNoContent());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM app_user_role WHERE username = 'pg-worker'", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM app_user_grid WHERE username = 'pg-worker'", Long.class)).isZero();
    }
}
