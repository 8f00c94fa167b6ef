package org.gridwatch.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.support.Shapes.gridFeature;
import static org.gridwatch.support.Shapes.lat;
import static org.gridwatch.support.Shapes.lon;
import static org.gridwatch.support.Shapes.rectangle;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.gridwatch.account.GridAccess;
import org.gridwatch.support.H2TestDatabase;
import org.gridwatch.support.TestIdentity;
import org.gridwatch.system.ApiProblem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exchange jobs are authorized like the direct request, run as their submitter and belong to them
 * (security issue 16, part 2), and speak the submitter's language with 1-based rows (issue 18).
 * Identities are explicit on every request: accounts made through the account API, HTTP Basic.
 */
@SpringBootTest(properties = "gridwatch.sample.enabled=false")
@AutoConfigureMockMvc
@TestIdentity.NoDefaultIdentity
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExchangeJobAccessTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "secret-password-1";
    private static final double LON = 116.0, LAT = 39.0;

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    GridAccess gridAccess;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @BeforeAll
    void accountsAndGrids() throws Exception {
        asAdmin(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(gridFeature(rectangle(LON, LAT, 0, 0, 400, 200), "Q-L", "任务大网格", "large", null)));
        asAdmin(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(gridFeature(rectangle(LON, LAT, 0, 0, 200, 200), "Q-A", "甲", "small", "Q-L")));
        asAdmin(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(gridFeature(rectangle(LON, LAT, 200, 0, 400, 200), "Q-B", "乙", "small", "Q-L")));
        account("planner1", "planner", List.of());
        account("planner2", "planner", List.of());
        account("vc1", "vector_control", List.of());
        account("worker1", "grid_worker", List.of("Q-A"));
    }

    @Test
    void vectorControlCannotImportThroughAJobWhatTheDirectImportRefuses() throws Exception {
        byte[] grid = ("{\"type\":\"FeatureCollection\",\"features\":[" + gridFeature(rectangle(LON, LAT, 1000, 1000, 1200, 1200),
                "VC-1", "偷偷导入", "large", null) + "]}").getBytes(StandardCharsets.UTF_8);
        long grids = count("SELECT COUNT(*) FROM grid");
        assertThat(status(mvc.perform(multipart("/api/import/large_grids").file(file("g.geojson", grid)).with(basic("vc1")))
                .andReturn())).isEqualTo(403);
        for (String layer : List.of("large_grids", "small_grids", "streets", "features")) {
            MvcResult r = mvc.perform(multipart("/api/exchange/jobs").file(file("g.geojson", grid)).param("kind", "import")
                    .param("layer", layer).with(basic("vc1"))).andReturn();
            assertThat(status(r)).as(layer).isEqualTo(403);
            assertThat(json(r).path("code").asString()).isEqualTo("access.role");
        }
        // What vector control may do directly, it may do as a job.
        MvcResult export = mvc.perform(post("/api/exchange/jobs").param("kind", "export").param("layer", "large_grids")
                .param("format", "geojson").with(basic("vc1"))).andReturn();
        assertThat(status(export)).isEqualTo(202);
        Thread.sleep(500);
        assertThat(count("SELECT COUNT(*) FROM grid")).isEqualTo(grids);
    }

    @Test
    void aGridWorkerGetsNoJobAndAJobRunsWithinItsSubmittersGridScope() throws Exception {
        byte[] csv = ("name,type,lon,lat\nw," + "trash_bin," + lon(LON, LAT, 300) + "," + lat(LAT, 100) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(status(mvc.perform(multipart("/api/exchange/jobs").file(file("w.csv", csv)).param("kind", "import")
                .param("layer", "features").with(basic("worker1"))).andReturn())).isEqualTo(403);
        // The identity a job is run with is the submitter's, so GridAccess scopes its writes on the worker thread.
        JobOwner worker = new JobOwner(UsernamePasswordAuthenticationToken.authenticated("worker1", null,
                List.of(new SimpleGrantedAuthority("ROLE_GRID_WORKER"))), Locale.CHINA);
        AtomicReference<Throwable> outside = new AtomicReference<>();
        AtomicReference<Throwable> inside = new AtomicReference<>();
        CompletableFuture.runAsync(() -> worker.runAs(() -> {
            try {
                gridAccess.checkWritable("Q-B");
            } catch (Throwable t) {
                outside.set(t);
            }
            try {
                gridAccess.checkWritable("Q-A");
            } catch (Throwable t) {
                inside.set(t);
            }
        })).get();
        assertThat(outside.get()).isInstanceOf(ApiProblem.class);
        assertThat(((ApiProblem) outside.get()).messageKey()).isEqualTo("access.grid.outside");
        assertThat(inside.get()).isNull();
    }

    @Test
    void theHistoryOfAJobImportNamesItsSubmitter() throws Exception {
        byte[] grid = ("{\"type\":\"FeatureCollection\",\"features\":[" + gridFeature(rectangle(LON, LAT, 2000, 2000, 2200, 2200),
                "JOB-H", "任务导入", "large", null) + "]}").getBytes(StandardCharsets.UTF_8);
        String id = start("planner1", "large_grids", "h.geojson", grid, null);
        JsonNode done = poll(id, "planner1");
        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("done");
        List<String> actors = jdbc.queryForList("SELECT actor FROM change_history WHERE entity_id = 'JOB-H'", String.class);
        assertThat(actors).containsExactly("planner1");
    }

    @Test
    void anotherUsersJobIsNotFoundButAnAdminSeesEveryJob() throws Exception {
        MvcResult started = mvc.perform(post("/api/exchange/jobs").param("kind", "export").param("layer", "large_grids")
                .param("format", "geojson").with(basic("planner1"))).andReturn();
        assertThat(status(started)).isEqualTo(202);
        String id = json(started).path("id").asString();
        poll(id, "planner1");
        for (MockHttpServletRequestBuilder r : List.of(get("/api/exchange/jobs/" + id),
                get("/api/exchange/jobs/" + id + "/result"), delete("/api/exchange/jobs/" + id))) {
            MvcResult other = mvc.perform(r.with(basic("planner2"))).andReturn();
            assertThat(status(other)).as(r.toString()).isEqualTo(404);
            assertThat(json(other).path("code").asString()).isEqualTo("exchange.job.unknown");
        }
        JsonNode otherList = json(mvc.perform(get("/api/exchange/jobs").with(basic("planner2"))).andReturn());
        assertThat(otherList.path("jobs").findValuesAsString("id")).doesNotContain(id);
        JsonNode ownList = json(mvc.perform(get("/api/exchange/jobs").with(basic("planner1"))).andReturn());
        assertThat(ownList.path("jobs").findValuesAsString("id")).contains(id);
        assertThat(status(mvc.perform(get("/api/exchange/jobs/" + id + "/result").with(basic("planner1"))).andReturn()))
                .isEqualTo(200);
        assertThat(status(mvc.perform(get("/api/exchange/jobs/" + id).with(admin())).andReturn())).isEqualTo(200);
        // Still there for its owner: the other user's cancel changed nothing.
        assertThat(json(mvc.perform(get("/api/exchange/jobs/" + id).with(basic("planner1"))).andReturn())
                .path("state").asString()).isEqualTo("done");
    }

    @Test
    void aJobsRowErrorsAreInTheSubmittersLanguageWithRowsCountedFromOne() throws Exception {
        String csv = "name,type,lon,lat\n"
                + "a,trash_bin," + lon(LON, LAT, 10) + "," + lat(LAT, 10) + "\n"
                + "b,trash_bin," + lon(LON, LAT, 20) + "," + lat(LAT, 20) + "\n"
                + "c,trash_bin,500," + lat(LAT, 30) + "\n";
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        JsonNode zh = poll(start("planner1", "features", "r.csv", bytes, null), "planner1");
        assertThat(zh.path("state").asString()).isEqualTo("failed");
        JsonNode row = zh.path("error").path("errors").get(0);
        assertThat(row.path("index").asInt()).isEqualTo(2);
        assertThat(row.path("row").asInt()).isEqualTo(3);
        assertThat(row.path("detail").asString()).as(row.toString()).contains("超出范围").doesNotContain("out of range");
        assertThat(zh.path("error").path("detail").asString()).contains("第 3 条").contains("超出范围");

        JsonNode en = poll(start("planner1", "features", "r.csv", bytes, "en"), "planner1");
        JsonNode enRow = en.path("error").path("errors").get(0);
        assertThat(enRow.path("row").asInt()).isEqualTo(3);
        assertThat(enRow.path("detail").asString()).contains("out of range");
    }

    // ------------------------------------------------------------------------------------------ helpers

    private String start(String who, String layer, String name, byte[] content, String language) throws Exception {
        var request = multipart("/api/exchange/jobs").file(file(name, content)).param("kind", "import")
                .param("layer", layer).with(basic(who));
        if (language != null) request.header("Accept-Language", language);
        MvcResult r = mvc.perform(request).andReturn();
        assertThat(status(r)).as(r.getResponse().getContentAsString(StandardCharsets.UTF_8)).isEqualTo(202);
        return json(r).path("id").asString();
    }

    private JsonNode poll(String id, String who) throws Exception {
        long end = System.currentTimeMillis() + 60_000;
        JsonNode s;
        do {
            s = json(mvc.perform(get("/api/exchange/jobs/" + id).with(basic(who))).andReturn());
            String state = s.path("state").asString();
            if (!state.equals("queued") && !state.equals("running")) return s;
            Thread.sleep(50);
        } while (System.currentTimeMillis() < end);
        return s;
    }

    private void account(String username, String role, List<String> grids) throws Exception {
        asAdmin(post("/api/users").contentType(MediaType.APPLICATION_JSON).content(JSON.writeValueAsString(Map.of(
                "username", username, "password", PASSWORD, "roles", List.of(role), "gridCodes", grids))));
    }

    private void asAdmin(MockHttpServletRequestBuilder request) throws Exception {
        MvcResult r = mvc.perform(request.with(admin())).andReturn();
        assertThat(status(r)).as(r.getResponse().getContentAsString(StandardCharsets.UTF_8)).isEqualTo(201);
    }

    private static MockMultipartFile file(String name, byte[] content) {
        return new MockMultipartFile("file", name, "application/octet-stream", content);
    }

    private static RequestPostProcessor admin() {
        return httpBasic(TestIdentity.ADMIN_USERNAME, TestIdentity.ADMIN_PASSWORD);
    }

    private static RequestPostProcessor basic(String username) {
        return httpBasic(username, PASSWORD);
    }

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }

    private static int status(MvcResult r) {
        return r.getResponse().getStatus();
    }

    private static JsonNode json(MvcResult r) throws Exception {
        return JSON.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }
}
