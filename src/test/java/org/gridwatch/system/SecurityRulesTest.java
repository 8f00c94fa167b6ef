package org.gridwatch.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.support.Shapes.gridFeature;
import static org.gridwatch.support.Shapes.lat;
import static org.gridwatch.support.Shapes.lon;
import static org.gridwatch.support.Shapes.pointFeature;
import static org.gridwatch.support.Shapes.rectangle;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.anonymous;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.gridwatch.support.H2TestDatabase;
import org.gridwatch.support.TestIdentity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every rule of SecurityConfig against the running application (MockMvc, embedded store), with the
 * identities built explicitly on each request: no identity, HTTP Basic for accounts created through the
 * account API, and sessions. Fixtures: a large grid T-L with two small grids T-A (linked to the grid
 * worker) and T-B (not), and a feature in each.
 */
@SpringBootTest(properties = "gridwatch.sample.enabled=false")
@AutoConfigureMockMvc
@TestIdentity.NoDefaultIdentity
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityRulesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "secret-password-1";
    private static final double LON = 121.0, LAT = 31.0;

    /** Reached without identity on purpose: the login page's own needs. */
    private static final Set<String> PUBLIC_MAPPINGS = Set.of("/api/session", "/error");

    /** Open to everyone by design (issue 21): residents' reports and Open311, each guarded by itself. */
    private static final List<String> PUBLIC_PREFIXES = List.of("/api/public/", "/open311/");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PasswordEncoder encoder;

    private long featureInA;
    private long featureInB;

    @BeforeAll
    void accountsAndGrids() throws Exception {
        asAdmin(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(gridFeature(rectangle(LON, LAT, 0, 0, 400, 200), "T-L", "测试大网格", "large", null)), 201);
        asAdmin(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(gridFeature(rectangle(LON, LAT, 0, 0, 200, 200), "T-A", "甲", "small", "T-L")), 201);
        asAdmin(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(gridFeature(rectangle(LON, LAT, 200, 0, 400, 200), "T-B", "乙", "small", "T-L")), 201);
        createAccount("planner1", List.of("planner"), List.of());
        createAccount("vc1", List.of("vector_control"), List.of());
        createAccount("worker1", List.of("grid_worker"), List.of("T-A"));
        createAccount("viewer1", List.of("viewer"), List.of());
        featureInA = createFeature(admin(), 100, 100);
        featureInB = createFeature(admin(), 300, 100);
    }

    // --- no identity -------------------------------------------------------------------------------

    @Test
    void everyRequestMappingRefusesAnonymousCallersWith401() throws Exception {
        List<String> checked = new ArrayList<>();
        for (RequestMappingHandlerMapping mapping : context.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    if (PUBLIC_MAPPINGS.contains(pattern) || PUBLIC_PREFIXES.stream().anyMatch(pattern::startsWith)) continue;
                    String path = pattern.replaceAll("\\{[^}]*}", "1");
                    for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                        // With a CSRF token, so that a write is refused for its missing identity and nothing else.
                        MvcResult r = mvc.perform(request(HttpMethod.valueOf(method.name()), path)
                                .with(anonymous()).with(csrf())).andReturn();
                        assertThat(r.getResponse().getStatus()).as(method + " " + pattern).isEqualTo(401);
                        assertThat(r.getResponse().getContentType()).as(method + " " + pattern)
                                .startsWith("application/problem+json");
                        checked.add(method + " " + pattern);
                    }
                }
            }
        }
        // The mappings of this branch's controllers, so the walk cannot pass by walking nothing.
        assertThat(checked).contains("POST /api/features", "DELETE /api/grids/{code}", "GET /api/export/{layer}",
                "POST /api/users", "GET /ogcapi/collections/{collectionId}/items", "POST /api/routes");
        assertThat(checked.size()).isGreaterThan(40);
    }

    @Test
    void anonymousRefusalIsProblemJsonInChineseOrEnglishWithABasicChallengeForScriptsOnly() throws Exception {
        JsonNode zh = problem(mvc.perform(get("/api/grids").with(anonymous())).andReturn(), 401, "auth.required");
        assertThat(zh.path("detail").asString()).contains("请先登录");
        MvcResult en = mvc.perform(get("/api/grids").with(anonymous()).header("Accept-Language", "en")).andReturn();
        assertThat(problem(en, 401, "auth.required").path("detail").asString()).contains("Sign in first");
        assertThat(en.getResponse().getHeader("WWW-Authenticate")).startsWith("Basic realm=\"gridwatch\"");
        // The page's own requests get no challenge, or the browser would show its password dialog.
        MvcResult fromPage = mvc.perform(get("/api/grids").with(anonymous()).header("X-Requested-With", "XMLHttpRequest"))
                .andReturn();
        assertThat(fromPage.getResponse().getStatus()).isEqualTo(401);
        assertThat(fromPage.getResponse().getHeader("WWW-Authenticate")).isNull();
    }

    @Test
    void theMapPageSendsABrowserWithoutSessionToTheLoginPage() throws Exception {
        mvc.perform(get("/").with(anonymous()).accept(MediaType.TEXT_HTML)).andExpect(status().isFound())
                .andExpect(redirectedUrl("/login.html"));
        mvc.perform(get("/login.html").with(anonymous())).andExpect(status().isOk());
        mvc.perform(get("/js/api.js").with(anonymous())).andExpect(status().isOk());
        mvc.perform(get("/actuator/health").with(anonymous())).andExpect(status().isOk());
    }

    @Test
    void anonymousWriteWithoutCsrfTokenIsToldToSignIn() throws Exception {
        long before = count("feature");
        problem(mvc.perform(post("/api/features").with(anonymous()).contentType(MediaType.APPLICATION_JSON)
                .content(pointFeature("trash_bin", lon(LON, LAT, 50), lat(LAT, 50), "x"))).andReturn(), 401, "auth.required");
        assertThat(count("feature")).isEqualTo(before);
    }

    // --- roles -------------------------------------------------------------------------------------

    @Test
    void everySignedInRoleReadsAndComputes() throws Exception {
        for (String who : List.of("planner1", "vc1", "worker1", "viewer1")) {
            mvc.perform(get("/api/grids").with(basic(who))).andExpect(status().isOk());
            mvc.perform(get("/api/features/" + featureInB).with(basic(who))).andExpect(status().isOk());
            mvc.perform(get("/ogcapi/collections").with(basic(who))).andExpect(status().isOk());
            // Compute-only POSTs pass the security rules: the empty body is refused by the controller (400).
            mvc.perform(post("/api/routes").with(basic(who)).contentType(MediaType.APPLICATION_JSON).content("{}"))
                    .andExpect(status().isBadRequest());
        }
    }

    @Test
    void aViewerChangesNothingAndIsToldWhyInItsLanguage() throws Exception {
        long before = count("feature");
        MvcResult r = mvc.perform(post("/api/features").with(basic("viewer1")).contentType(MediaType.APPLICATION_JSON)
                .content(pointFeature("trash_bin", lon(LON, LAT, 50), lat(LAT, 50), "x"))).andReturn();
        assertThat(problem(r, 403, "access.role").path("detail").asString()).contains("无权");
        MvcResult en = mvc.perform(delete("/api/features/" + featureInA).with(basic("viewer1"))
                .header("Accept-Language", "en")).andReturn();
        assertThat(problem(en, 403, "access.role").path("detail").asString()).contains("Your role may not");
        forbidden(post("/api/grids").contentType(MediaType.APPLICATION_JSON).content("{}"), "viewer1");
        forbidden(get("/api/export/large_grids?format=geojson"), "viewer1");
        forbidden(get("/api/users"), "viewer1");
        assertThat(count("feature")).isEqualTo(before);
    }

    @Test
    void plannersChangeGridsTypesStreetsAndImportsButNotFeatures() throws Exception {
        reached(post("/api/grids").contentType(MediaType.APPLICATION_JSON).content("{}"), "planner1");
        reached(post("/api/feature-types").contentType(MediaType.APPLICATION_JSON).content("{}"), "planner1");
        reached(post("/api/grids/T-A/split"), "planner1");
        reached(post("/api/grids/merge"), "planner1");
        reached(post("/api/grids/renumber"), "planner1");
        reached(post("/api/grids/proposals/apply").contentType(MediaType.APPLICATION_JSON).content("{}"), "planner1");
        reached(post("/api/exchange/jobs"), "planner1");
        mvc.perform(get("/api/export/large_grids?format=geojson").with(basic("planner1"))).andExpect(status().isOk());
        forbidden(post("/api/features").contentType(MediaType.APPLICATION_JSON).content("{}"), "planner1");
        forbidden(post("/api/inspections"), "planner1");
        forbidden(delete("/api/features/" + featureInA), "planner1");
        forbidden(post("/api/users").contentType(MediaType.APPLICATION_JSON).content("{}"), "planner1");
        forbidden(put("/api/density/thresholds"), "planner1");
        forbidden(post("/api/history/1/restore"), "planner1");
        reached(get("/api/history?entity=grid&id=1"), "planner1");
    }

    @Test
    void vectorControlChangesFeaturesEverywhereAndExportsButNotGrids() throws Exception {
        long id = createFeature(basic("vc1"), 350, 150);
        mvc.perform(delete("/api/features/" + id).with(basic("vc1"))).andExpect(status().isNoContent());
        mvc.perform(get("/api/export/large_grids?format=geojson").with(basic("vc1"))).andExpect(status().isOk());
        reached(post("/api/inspections"), "vc1");
        reached(put("/api/patrol-log"), "vc1");
        reached(get("/api/history"), "vc1");
        forbidden(post("/api/grids").contentType(MediaType.APPLICATION_JSON).content("{}"), "vc1");
        forbidden(post("/api/import/streets"), "vc1");
        forbidden(post("/api/feature-types").contentType(MediaType.APPLICATION_JSON).content("{}"), "vc1");
        forbidden(post("/api/grids/clean"), "vc1");
        forbidden(post("/api/grids/proposals/apply").contentType(MediaType.APPLICATION_JSON).content("{}"), "vc1");
    }

    @Test
    void unknownEndpointsAreReadableBySignedInRolesAndWritableByAdminsOnly() throws Exception {
        reached(get("/api/not-yet-written"), "viewer1");
        forbidden(post("/api/not-yet-written"), "planner1");
        forbidden(post("/api/not-yet-written"), "vc1");
        forbidden(get("/api/admin/backup"), "planner1");
        mvc.perform(post("/api/not-yet-written").with(admin())).andExpect(status().isNotFound());
        // The admin gets through to the endpoint, which refuses the empty body itself.
        mvc.perform(put("/api/density/thresholds").with(admin())).andExpect(status().isBadRequest());
    }

    // --- grid workers ------------------------------------------------------------------------------

    @Test
    void aGridWorkerWritesFeaturesOnlyInsideItsOwnSmallGrids() throws Exception {
        long own = createFeature(basic("worker1"), 50, 50);
        JsonNode stored = json(mvc.perform(get("/api/features/" + own).with(basic("worker1"))).andReturn());
        assertThat(stored.at("/properties/gridCode").asString()).isEqualTo("T-A");

        long before = count("feature");
        MvcResult outside = mvc.perform(post("/api/features").with(basic("worker1")).contentType(MediaType.APPLICATION_JSON)
                .content(pointFeature("trash_bin", lon(LON, LAT, 250), lat(LAT, 50), "外"))).andReturn();
        JsonNode refusal = problem(outside, 403, "access.grid.outside");
        assertThat(refusal.path("detail").asString()).contains("T-B");
        assertThat(refusal.path("gridCode").asString()).isEqualTo("T-B");
        // Nowhere: outside every small grid.
        problem(mvc.perform(post("/api/features").with(basic("worker1")).contentType(MediaType.APPLICATION_JSON)
                .content(pointFeature("trash_bin", lon(LON, LAT, 900), lat(LAT, 900), "无"))).andReturn(), 403,
                "access.grid.none");
        assertThat(count("feature")).isEqualTo(before);

        // Someone else's feature: neither edited nor deleted.
        String other = mvc.perform(get("/api/features/" + featureInB).with(basic("worker1"))).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        problem(mvc.perform(put("/api/features/" + featureInB).with(basic("worker1")).contentType(MediaType.APPLICATION_JSON)
                .content(other)).andReturn(), 403, "access.grid.outside");
        problem(mvc.perform(delete("/api/features/" + featureInB).with(basic("worker1"))).andReturn(), 403,
                "access.grid.outside");
        // Its own feature moved into someone else's grid: refused, stays where it was.
        long version = json(mvc.perform(get("/api/features/" + own).with(basic("worker1"))).andReturn())
                .at("/properties/version").asLong();
        String moved = pointFeature("trash_bin", lon(LON, LAT, 250), lat(LAT, 50), "移")
                .replace("\"properties\":{", "\"properties\":{\"version\":" + version + ",");
        problem(mvc.perform(put("/api/features/" + own).with(basic("worker1")).contentType(MediaType.APPLICATION_JSON)
                .content(moved)).andReturn(), 403, "access.grid.outside");
        assertThat(json(mvc.perform(get("/api/features/" + own).with(basic("worker1"))).andReturn())
                .at("/properties/gridCode").asString()).isEqualTo("T-A");
        // A bulk with one record outside stores none of them.
        String bulk = "{\"type\":\"FeatureCollection\",\"features\":["
                + pointFeature("trash_bin", lon(LON, LAT, 20), lat(LAT, 20), "b1") + ","
                + pointFeature("trash_bin", lon(LON, LAT, 220), lat(LAT, 20), "b2") + "]}";
        problem(mvc.perform(post("/api/features/bulk").with(basic("worker1")).contentType(MediaType.APPLICATION_JSON)
                .content(bulk)).andReturn(), 403, "access.grid.outside");
        assertThat(count("feature")).isEqualTo(before);
        // Inside: deleted.
        mvc.perform(delete("/api/features/" + own).with(basic("worker1"))).andExpect(status().isNoContent());
        // And never grids.
        forbidden(put("/api/grids/T-A").contentType(MediaType.APPLICATION_JSON).content("{}"), "worker1");
        reached(post("/api/inspections"), "worker1");
        forbidden(get("/api/export/large_grids?format=geojson"), "worker1");
    }

    // --- sessions, CSRF, Basic ---------------------------------------------------------------------

    @Test
    void sessionWritesNeedTheCsrfTokenBasicWritesDoNot() throws Exception {
        long before = count("feature");
        String body = pointFeature("trash_bin", lon(LON, LAT, 320), lat(LAT, 60), "csrf");
        problem(mvc.perform(post("/api/features").with(user("vc1").roles("VECTOR_CONTROL"))
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn(), 403, "auth.csrf");
        problem(mvc.perform(post("/api/features").with(user("vc1").roles("VECTOR_CONTROL")).with(csrf().useInvalidToken())
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn(), 403, "auth.csrf");
        assertThat(count("feature")).isEqualTo(before);
        mvc.perform(post("/api/features").with(user("vc1").roles("VECTOR_CONTROL")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(body)).andExpect(status().isCreated());
        mvc.perform(post("/api/features").with(basic("vc1")).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated());
        assertThat(count("feature")).isEqualTo(before + 2);
    }

    @Test
    void theLoginPageOpensASessionWhoseTokenTheApiAccepts() throws Exception {
        MockHttpSession session = new MockHttpSession();
        JsonNode anonymousSession = json(mvc.perform(get("/api/session").session(session)).andReturn());
        assertThat(anonymousSession.path("authenticated").asBoolean()).isFalse();
        String loginToken = anonymousSession.at("/csrf/token").asString();
        assertThat(loginToken).isNotBlank();

        MvcResult login = mvc.perform(post("/login").session(session).param("username", "vc1").param("password", PASSWORD)
                .param("_csrf", loginToken)).andExpect(status().isFound()).andExpect(redirectedUrl("/"))
                .andExpect(authenticated().withUsername("vc1")).andReturn();
        MockHttpSession signedIn = (MockHttpSession) login.getRequest().getSession(false);
        JsonNode me = json(mvc.perform(get("/api/session").session(signedIn)).andReturn());
        assertThat(me.path("username").asString()).isEqualTo("vc1");
        assertThat(me.path("roles").toString()).isEqualTo("[\"vector_control\"]");
        String header = me.at("/csrf/headerName").asString();
        String token = me.at("/csrf/token").asString();

        String body = pointFeature("trash_bin", lon(LON, LAT, 330), lat(LAT, 70), "session");
        mvc.perform(post("/api/features").session(signedIn).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/features").session(signedIn).header(header, token).contentType(MediaType.APPLICATION_JSON)
                .content(body)).andExpect(status().isCreated());

        // 302 to the login page for a form, 204 for the page's fetch.
        assertThat(mvc.perform(post("/logout").session(signedIn).header(header, token)).andReturn().getResponse()
                .getStatus()).isIn(204, 302);
        mvc.perform(get("/api/grids").session(signedIn)).andExpect(status().isUnauthorized());
    }

    @Test
    void wrongPasswordsAndDisabledAccountsAreRefused() throws Exception {
        MvcResult wrong = mvc.perform(get("/api/grids").with(httpBasic("vc1", "not-the-password"))).andReturn();
        problem(wrong, 401, "auth.badCredentials");
        problem(mvc.perform(get("/api/grids").with(httpBasic("nobody", PASSWORD))).andReturn(), 401, "auth.badCredentials");
        mvc.perform(post("/login").with(csrf()).param("username", "vc1").param("password", "wrong-one"))
                .andExpect(redirectedUrl("/login.html?error=credentials")).andExpect(unauthenticated());

        createAccount("leaver", List.of("vector_control"), List.of());
        mvc.perform(get("/api/grids").with(basic("leaver"))).andExpect(status().isOk());
        asAdmin(put("/api/users/leaver").contentType(MediaType.APPLICATION_JSON).content("{\"enabled\":false}"), 200);
        // Disabled reads exactly like a wrong password (issue 16): a stranger learns nothing from it.
        problem(mvc.perform(get("/api/grids").with(basic("leaver"))).andReturn(), 401, "auth.badCredentials");
        mvc.perform(post("/login").with(csrf()).param("username", "leaver").param("password", PASSWORD))
                .andExpect(redirectedUrl("/login.html?error=credentials")).andExpect(unauthenticated());
        // A session opened before the account was disabled ends with it.
        mvc.perform(get("/api/grids").with(user("leaver").roles("VECTOR_CONTROL"))).andExpect(status().isUnauthorized());
        // Re-enabled, demoted to viewer: the old session's roles no longer count.
        asAdmin(put("/api/users/leaver").contentType(MediaType.APPLICATION_JSON)
                .content("{\"enabled\":true,\"roles\":[\"viewer\"]}"), 200);
        forbidden(delete("/api/features/" + featureInB).with(csrf()), user("leaver").roles("VECTOR_CONTROL"));
    }

    // --- accounts ----------------------------------------------------------------------------------

    @Test
    void passwordsAreStoredHashedWithTheDelegatingEncoder() {
        String hash = jdbc.queryForObject("SELECT password_hash FROM app_user WHERE username = 'vc1'", String.class);
        assertThat(hash).startsWith("{bcrypt}$2").doesNotContain(PASSWORD);
        assertThat(encoder.matches(PASSWORD, hash)).isTrue();
        String admin = jdbc.queryForObject("SELECT password_hash FROM app_user WHERE username = 'admin'", String.class);
        assertThat(encoder.matches(TestIdentity.ADMIN_PASSWORD, admin)).isTrue();
    }

    @Test
    void adminsManageAccountsOverTheApi() throws Exception {
        MvcResult created = mvc.perform(post("/api/users").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"王芳\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"grid_worker\"],"
                        + "\"gridCodes\":[\"T-A\",\"T-B\"]}")).andExpect(status().isCreated()).andReturn();
        JsonNode account = json(created);
        assertThat(account.path("username").asString()).isEqualTo("王芳");
        assertThat(account.path("gridCodes").toString()).isEqualTo("[\"T-A\",\"T-B\"]");
        assertThat(account.has("password")).isFalse();
        assertThat(created.getResponse().getContentAsString(StandardCharsets.UTF_8)).doesNotContain("bcrypt");

        JsonNode read = json(mvc.perform(get("/api/users/王芳").with(admin())).andExpect(status().isOk()).andReturn());
        assertThat(read.path("roles").toString()).isEqualTo("[\"grid_worker\"]");
        assertThat(read.path("enabled").asBoolean()).isTrue();
        JsonNode list = json(mvc.perform(get("/api/users").with(admin())).andExpect(status().isOk()).andReturn());
        List<String> names = new ArrayList<>();
        list.forEach(a -> names.add(a.path("username").asString()));
        assertThat(names).contains("admin", "vc1", "王芳");

        JsonNode changed = json(mvc.perform(put("/api/users/王芳").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"gridCodes\":[\"T-B\"],\"password\":\"another-password\"}")).andExpect(status().isOk()).andReturn());
        assertThat(changed.path("gridCodes").toString()).isEqualTo("[\"T-B\"]");
        mvc.perform(get("/api/grids").with(httpBasic("王芳", "another-password"))).andExpect(status().isOk());
        mvc.perform(get("/api/grids").with(httpBasic("王芳", PASSWORD))).andExpect(status().isUnauthorized());

        mvc.perform(delete("/api/users/王芳").with(admin())).andExpect(status().isNoContent());
        problem(mvc.perform(get("/api/users/王芳").with(admin())).andReturn(), 404, "account.notFound");
        assertThat(count("app_user_grid WHERE username = '王芳'")).isZero();
    }

    @Test
    void badAccountRequestsAreRefusedAndChangeNothing() throws Exception {
        long before = count("app_user");
        refusedAccount("{\"username\":\"x\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"viewer\"]}", 400,
                "account.username.invalid", "用户名");
        refusedAccount("{\"username\":\"shorty\",\"password\":\"1234567\",\"roles\":[\"viewer\"]}", 400,
                "account.password.invalid", "10");
        refusedAccount("{\"username\":\"norole\",\"password\":\"" + PASSWORD + "\",\"roles\":[]}", 400,
                "account.roles.required", "角色");
        refusedAccount("{\"username\":\"boss\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"root\"]}", 400,
                "account.role.unknown", "root");
        refusedAccount("{\"username\":\"w2\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"grid_worker\"],"
                + "\"gridCodes\":[\"T-A\",\"T-L\",\"NOPE\"]}", 400, "account.gridCodes.unknown", "T-L, NOPE");
        refusedAccount("{\"username\":\"v2\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"viewer\"],"
                + "\"gridCodes\":[\"T-A\"]}", 400, "account.gridCodes.notWorker", "网格员");
        refusedAccount("{\"username\":\"vc1\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"viewer\"]}", 409,
                "account.username.taken", "vc1");
        assertThat(count("app_user")).isEqualTo(before);

        // The admin cannot lock itself out, and the last admin stays.
        problem(mvc.perform(delete("/api/users/admin").with(admin())).andReturn(), 409, "account.self");
        problem(mvc.perform(put("/api/users/admin").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"roles\":[\"viewer\"]}")).andReturn(), 409, "account.self");
        createAccount("admin2", List.of("admin"), List.of());
        problem(mvc.perform(put("/api/users/admin2").with(basic("admin2")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"enabled\":false}")).andReturn(), 409, "account.self");
        asAdmin(put("/api/users/admin2").contentType(MediaType.APPLICATION_JSON).content("{\"roles\":[\"viewer\"]}"), 200);
        forbidden(get("/api/users"), "admin2");
        problem(mvc.perform(put("/api/users/nobody").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"enabled\":false}")).andReturn(), 404, "account.notFound");
    }

    // --- helpers -----------------------------------------------------------------------------------

    private void refusedAccount(String body, int status, String code, String detailPart) throws Exception {
        JsonNode p = problem(mvc.perform(post("/api/users").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content(body)).andReturn(), status, code);
        assertThat(p.path("detail").asString()).contains(detailPart);
    }

    private void createAccount(String username, List<String> roles, List<String> gridCodes) throws Exception {
        asAdmin(post("/api/users").contentType(MediaType.APPLICATION_JSON).content(JSON.writeValueAsString(Map.of(
                "username", username, "password", PASSWORD, "roles", roles, "gridCodes", gridCodes))), 201);
    }

    private long createFeature(RequestPostProcessor who, double eastMeters, double northMeters) throws Exception {
        MvcResult r = mvc.perform(post("/api/features").with(who).contentType(MediaType.APPLICATION_JSON)
                .content(pointFeature("trash_bin", lon(LON, LAT, eastMeters), lat(LAT, northMeters), "测试")))
                .andExpect(status().isCreated()).andReturn();
        return json(r).path("id").asLong();
    }

    private void asAdmin(MockHttpServletRequestBuilder request, int status) throws Exception {
        MvcResult r = mvc.perform(request.with(admin())).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .isEqualTo(status);
    }

    private static RequestPostProcessor admin() {
        return httpBasic(TestIdentity.ADMIN_USERNAME, TestIdentity.ADMIN_PASSWORD);
    }

    private static RequestPostProcessor basic(String username) {
        return httpBasic(username, PASSWORD);
    }

    /** The rules let the request through: whatever the endpoint answers, it is not a refusal of identity or role. */
    private void reached(MockHttpServletRequestBuilder request, String username) throws Exception {
        int status = mvc.perform(request.with(basic(username))).andReturn().getResponse().getStatus();
        assertThat(status).as(username).isNotIn(401, 403);
    }

    private void forbidden(MockHttpServletRequestBuilder request, String username) throws Exception {
        forbidden(request, basic(username));
    }

    private void forbidden(MockHttpServletRequestBuilder request, RequestPostProcessor who) throws Exception {
        problem(mvc.perform(request.with(who)).andReturn(), 403, "access.role");
    }

    private static JsonNode problem(MvcResult r, int status, String code) throws Exception {
        String body = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(r.getResponse().getStatus()).as(body).isEqualTo(status);
        assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.path("code").asString()).isEqualTo(code);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        return problem;
    }

    private static JsonNode json(MvcResult r) throws Exception {
        return JSON.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    private long count(String tableAndWhere) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + tableAndWhere, Long.class);
    }
}
