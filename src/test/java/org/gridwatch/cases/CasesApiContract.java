package org.gridwatch.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
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
 * The case loop over the API, run against each store (H2GIS and PostGIS subclasses). Each test works
 * in its own patch of ground and its own accounts, so tests sharing one database never collide.
 */
abstract class CasesApiContract {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    static int next() {
        return SEQUENCE.incrementAndGet();
    }

    static JsonNode json(MvcResult r) throws Exception {
        return JSON.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    @Test
    void theSchemaIsSeeded() {
        assertThat(count("case_classes")).isEqualTo(8);
        assertThat(jdbc.queryForObject("SELECT part_code FROM case_classes WHERE code = 'well_cover'", String.class))
                .isEqualTo("0102");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM work_calendar_days WHERE kind = 'workday'", Long.class))
                .isEqualTo(6);
        assertThat(count("departments")).isEqualTo(4);
    }

    @Test
    void aHandlerAccountNeedsAnExistingDepartment() throws Exception {
        String name = "handler" + next();
        mvc.perform(post("/api/users").contentType(MediaType.APPLICATION_JSON).header("Accept-Language", "en")
                        .content("{\"username\":\"" + name + "\",\"password\":\"a-long-password-1\",\"roles\":[\"handler\"]}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("account.department.required"))
                .andExpect(jsonPath("$.detail").value("A handler account needs a department"));
        mvc.perform(post("/api/users").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + name + "\",\"password\":\"a-long-password-1\",\"roles\":[\"handler\"],"
                                + "\"department\":\"nowhere\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("account.department.unknown"))
                .andExpect(jsonPath("$.detail").value("没有编码为 nowhere 的处置部门"));
        mvc.perform(post("/api/users").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + name + "\",\"password\":\"a-long-password-1\",\"roles\":[\"dispatcher\"],"
                                + "\"department\":\"sanitation\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("account.department.notHandler"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM app_user WHERE username = ?", Long.class, name)).isZero();
        mvc.perform(post("/api/users").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + name + "\",\"password\":\"a-long-password-1\",\"roles\":[\"handler\"],"
                                + "\"department\":\"sanitation\"}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.department").value("sanitation"))
                .andExpect(jsonPath("$.roles[0]").value("handler"));
        mvc.perform(get("/api/users/" + name)).andExpect(jsonPath("$.department").value("sanitation"));
    }
}
