package org.gridwatch.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.support.Shapes.gridFeature;
import static org.gridwatch.support.Shapes.lat;
import static org.gridwatch.support.Shapes.lon;
import static org.gridwatch.support.Shapes.pointFeature;
import static org.gridwatch.support.Shapes.rectangle;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.gridwatch.support.H2TestDatabase;
import org.gridwatch.support.TestIdentity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Security issue 16, parts 4, 5, 7 and 8 against the running application (MockMvc, embedded store):
 * CSRF only skipped for Basic without a session, the Basic challenge only for non-browsers, throttled
 * and logged sign-ins, the password policy, sessions ended by a password reset, formula-safe CSV
 * exports and OGC API links under the configured public address. Each throttling test signs in from
 * its own client address, so their counts never meet.
 */
@SpringBootTest(properties = {"gridwatch.sample.enabled=false", "gridwatch.public-base-url=https://gis.example.org/gw/"})
@AutoConfigureMockMvc
@TestIdentity.NoDefaultIdentity
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class SecurityHardeningTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "secret-password-1";
    private static final double LON = 118.0, LAT = 24.0;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeAll
    void fixtures() throws Exception {
        asAdmin(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(gridFeature(rectangle(LON, LAT, 0, 0, 400, 200), "H-L", "大网格", "large", null)), 201);
        asAdmin(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(gridFeature(rectangle(LON, LAT, 0, 0, 200, 200), "H-A", "@SUM(1+1)", "small", "H-L")), 201);
        for (String name : List.of("vc1", "thr-basic", "thr-form", "leaver", "resetme")) {
            asAdmin(post("/api/users").contentType(MediaType.APPLICATION_JSON).content(JSON.writeValueAsString(Map.of(
                    "username", name, "password", PASSWORD, "roles", List.of("vector_control")))), 201);
        }
    }

    // --- part 4: CSRF and the Basic challenge ---------------------------------------------------------

    @Test
    void csrfIsSkippedOnlyForBasicThatIsTheRequestsOnlyIdentity() throws Exception {
        MockHttpSession session = signIn("vc1", "10.4.0.1");
        long before = count("feature");
        String body = pointFeature("trash_bin", lon(LON, LAT, 50), lat(LAT, 50), "csrf");
        // A junk Authorization header next to the session cookie used to switch CSRF off.
        problem(mvc.perform(post("/api/features").session(session).header("Authorization", "x")
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn(), 403, "auth.csrf");
        // Real Basic credentials (a browser's cached ones) next to the session: still the token.
        problem(mvc.perform(post("/api/features").session(session).with(basic("vc1"))
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn(), 403, "auth.csrf");
        // A cross-site form carrying cached Basic credentials and no cookie.
        problem(mvc.perform(post("/api/features").with(basic("vc1")).header("Sec-Fetch-Site", "cross-site")
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn(), 403, "auth.csrf");
        assertThat(count("feature")).isEqualTo(before);
        // A script with Basic only: no token needed.
        assertThat(mvc.perform(post("/api/features").with(basic("vc1")).contentType(MediaType.APPLICATION_JSON)
                .content(body)).andReturn().getResponse().getStatus()).isEqualTo(201);
    }

    @Test
    void theBasicChallengeGoesOnlyToClientsThatAreNotBrowsers() throws Exception {
        for (String accept : List.of("image/png", "image/avif,image/webp,*/*", "*/*", "text/html,application/xhtml+xml")) {
            MvcResult r = mvc.perform(get("/api/grids").header("Accept", accept)).andReturn();
            assertThat(r.getResponse().getStatus()).as(accept).isEqualTo(401);
            assertThat(r.getResponse().getHeader("WWW-Authenticate")).as(accept).isNull();
        }
        MvcResult fetch = mvc.perform(get("/api/grids").accept(MediaType.APPLICATION_JSON)
                .header("Sec-Fetch-Mode", "cors")).andReturn();
        assertThat(fetch.getResponse().getHeader("WWW-Authenticate")).isNull();
        // QGIS / GDAL ask for GeoJSON; Java's HttpClient sends no Accept; a script that sent wrong credentials.
        assertThat(mvc.perform(get("/api/grids").header("Accept", "application/geo+json, application/json"))
                .andReturn().getResponse().getHeader("WWW-Authenticate")).startsWith("Basic ");
        assertThat(mvc.perform(get("/api/grids")).andReturn().getResponse().getHeader("WWW-Authenticate"))
                .startsWith("Basic ");
        assertThat(mvc.perform(get("/api/grids").header("Accept", "*/*").with(httpBasic("vc1", "not-it"))
                .with(from("10.4.0.2"))).andReturn().getResponse().getHeader("WWW-Authenticate")).startsWith("Basic ");
    }

    // --- part 7: passwords ----------------------------------------------------------------------------

    @Test
    void failedBasicSignInsBackOffWith429AndAreLogged(CapturedOutput log) throws Exception {
        RequestPostProcessor attacker = from("10.7.0.1");
        for (int i = 0; i < 5; i++) {
            problem(mvc.perform(get("/api/grids").with(httpBasic("thr-basic", "guess-" + i)).with(attacker)).andReturn(),
                    401, "auth.badCredentials");
        }
        MvcResult throttled = mvc.perform(get("/api/grids").with(httpBasic("thr-basic", "guess-5")).with(attacker)
                .header("Accept-Language", "en")).andReturn();
        JsonNode p = problem(throttled, 429, "auth.throttled");
        assertThat(p.path("detail").asString()).startsWith("Too many failed sign-ins");
        assertThat(Long.parseLong(throttled.getResponse().getHeader("Retry-After"))).isBetween(1L, 900L);
        assertThat(throttled.getResponse().getHeader("WWW-Authenticate")).isNull();
        // While it waits, even the right password is not looked at, from any address.
        problem(mvc.perform(get("/api/grids").with(basic("thr-basic")).with(from("10.7.0.2"))).andReturn(), 429,
                "auth.throttled");
        // Other accounts from other addresses go on.
        assertThat(mvc.perform(get("/api/grids").with(basic("vc1")).with(from("10.7.0.3"))).andReturn().getResponse()
                .getStatus()).isEqualTo(200);
        assertThat(log.getOut()).contains("failed sign-in for 'thr-basic' from 10.7.0.1 (5 in a row");
    }

    @Test
    void oneAddressGuessingManyNamesBacksOffToo() throws Exception {
        RequestPostProcessor sprayer = from("10.7.1.1");
        for (int i = 0; i < 20; i++) {
            problem(mvc.perform(get("/api/grids").with(httpBasic("nobody-" + i, PASSWORD)).with(sprayer)).andReturn(),
                    401, "auth.badCredentials");
        }
        problem(mvc.perform(get("/api/grids").with(basic("vc1")).with(sprayer)).andReturn(), 429, "auth.throttled");
        assertThat(mvc.perform(get("/api/grids").with(basic("vc1")).with(from("10.7.1.2"))).andReturn().getResponse()
                .getStatus()).isEqualTo(200);
    }

    @Test
    void failedFormSignInsBackOffToo() throws Exception {
        RequestPostProcessor attacker = from("10.7.2.1");
        for (int i = 0; i < 5; i++) {
            MvcResult r = mvc.perform(post("/login").with(csrf()).with(attacker).param("username", "thr-form")
                    .param("password", "guess-" + i)).andReturn();
            assertThat(r.getResponse().getRedirectedUrl()).isEqualTo("/login.html?error=credentials");
        }
        // The browser's form goes back to the login page, which says how long to wait ...
        MvcResult page = mvc.perform(post("/login").with(csrf()).with(attacker).header("Accept", "text/html")
                .param("username", "thr-form").param("password", PASSWORD)).andReturn();
        assertThat(page.getResponse().getRedirectedUrl()).startsWith("/login.html?error=throttled&retry=");
        assertThat(page.getRequest().getSession(false) == null
                || page.getRequest().getSession(false).getAttribute("SPRING_SECURITY_CONTEXT") == null).isTrue();
        // ... a script posting the form gets the 429 itself.
        MvcResult script = mvc.perform(post("/login").with(csrf()).with(attacker).param("username", "thr-form")
                .param("password", PASSWORD)).andReturn();
        problem(script, 429, "auth.throttled");
        assertThat(script.getResponse().getHeader("Retry-After")).isNotBlank();
    }

    @Test
    void aDisabledAccountAnswersExactlyLikeAWrongPassword() throws Exception {
        asAdmin(put("/api/users/leaver").contentType(MediaType.APPLICATION_JSON).content("{\"enabled\":false}"), 200);
        MvcResult disabled = mvc.perform(get("/api/grids").with(basic("leaver")).with(from("10.7.3.1"))).andReturn();
        MvcResult wrong = mvc.perform(get("/api/grids").with(httpBasic("vc1", "not-the-password")).with(from("10.7.3.2")))
                .andReturn();
        assertThat(disabled.getResponse().getStatus()).isEqualTo(wrong.getResponse().getStatus()).isEqualTo(401);
        assertThat(disabled.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .isEqualTo(wrong.getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(mvc.perform(post("/login").with(csrf()).with(from("10.7.3.1")).param("username", "leaver")
                .param("password", PASSWORD)).andReturn().getResponse().getRedirectedUrl())
                .isEqualTo("/login.html?error=credentials");
    }

    @Test
    void weakPasswordsAreRefusedOnCreationAndChange() throws Exception {
        long before = count("app_user");
        refused("{\"username\":\"weak1\",\"password\":\"12345678\",\"roles\":[\"viewer\"]}", "account.password.invalid", "10");
        refused("{\"username\":\"weak2\",\"password\":\"password\",\"roles\":[\"viewer\"]}", "account.password.invalid", "10");
        refused("{\"username\":\"weak3\",\"password\":\"1234567890\",\"roles\":[\"viewer\"]}", "account.password.common",
                "常见");
        refused("{\"username\":\"zhang.wei.2024\",\"password\":\"Zhang.Wei.2024\",\"roles\":[\"viewer\"]}",
                "account.password.username", "用户名");
        assertThat(count("app_user")).isEqualTo(before);
        MvcResult change = mvc.perform(put("/api/users/vc1").with(admin()).header("Accept-Language", "en")
                .contentType(MediaType.APPLICATION_JSON).content("{\"password\":\"qwertyuiop\"}")).andReturn();
        assertThat(problem(change, 400, "account.password.common").path("detail").asString()).contains("most common");
        assertThat(mvc.perform(get("/api/grids").with(basic("vc1")).with(from("10.7.4.1"))).andReturn().getResponse()
                .getStatus()).as("the old password still works").isEqualTo(200);
    }

    @Test
    void anAdminsPasswordResetEndsTheAccountsSessions() throws Exception {
        MockHttpSession session = signIn("resetme", "10.7.5.1");
        assertThat(mvc.perform(get("/api/grids").session(session)).andReturn().getResponse().getStatus()).isEqualTo(200);
        asAdmin(put("/api/users/resetme").contentType(MediaType.APPLICATION_JSON)
                .content("{\"password\":\"a-brand-new-passphrase\"}"), 200);
        assertThat(mvc.perform(get("/api/grids").session(session)).andReturn().getResponse().getStatus()).isEqualTo(401);
        // A change of roles only (no password) leaves a new session alone.
        MockHttpSession again = signIn("resetme", "a-brand-new-passphrase", "10.7.5.1");
        asAdmin(put("/api/users/resetme").contentType(MediaType.APPLICATION_JSON)
                .content("{\"roles\":[\"viewer\"]}"), 200);
        assertThat(mvc.perform(get("/api/grids").session(again)).andReturn().getResponse().getStatus()).isEqualTo(200);
    }

    // --- part 5: CSV exports --------------------------------------------------------------------------

    @Test
    void csvExportsNeutraliseFormulas() throws Exception {
        asAdmin(post("/api/features").contentType(MediaType.APPLICATION_JSON).content(pointFeature("trash_bin",
                lon(LON, LAT, 120), lat(LAT, 120), "=HYPERLINK(\\\"http://x\\\")")), 201);
        asAdmin(post("/api/features").contentType(MediaType.APPLICATION_JSON).content(pointFeature("trash_bin",
                lon(LON, LAT, 130), lat(LAT, 120), "+1+cmd|' /C calc'!A0")), 201);
        String features = export("/api/export/features?format=csv&type=trash_bin");
        assertThat(features).contains("\"'=HYPERLINK(\"\"http://x\"\")\"", ",'+1+cmd|' /C calc'!A0,")
                .doesNotContain(",=HYPERLINK", ",+1+cmd", ",\"=HYPERLINK");
        String grids = export("/api/export/small_grids?format=csv");
        assertThat(grids).contains(",'@SUM(1+1),").doesNotContain(",@SUM");
    }

    // --- part 8: OGC API links ------------------------------------------------------------------------

    @Test
    void ogcApiLinksUseTheConfiguredAddressNotTheHostHeader() throws Exception {
        for (String path : List.of("/ogcapi?f=json", "/ogcapi/collections?f=json",
                "/ogcapi/collections/small_grids/items?f=json&limit=1", "/ogcapi/api?f=json")) {
            MvcResult r = mvc.perform(get(path).with(admin()).header("Host", "evil.example.com")
                    .header("X-Forwarded-Host", "evil.example.com")).andReturn();
            String body = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(r.getResponse().getStatus()).as(path + ": " + body).isEqualTo(200);
            assertThat(body).as(path).contains("https://gis.example.org/gw/ogcapi").doesNotContain("evil.example.com")
                    .doesNotContain("gw//ogcapi");
        }
    }

    // --- helpers --------------------------------------------------------------------------------------

    private String export(String url) throws Exception {
        MvcResult r = mvc.perform(get(url).with(admin())).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(200);
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private MockHttpSession signIn(String username, String address) throws Exception {
        return signIn(username, PASSWORD, address);
    }

    /** Signs in on the login form as a browser does: session, token from /api/session, form post. */
    private MockHttpSession signIn(String username, String password, String address) throws Exception {
        MockHttpSession session = new MockHttpSession();
        String token = json(mvc.perform(get("/api/session").session(session)).andReturn()).at("/csrf/token").asString();
        MvcResult login = mvc.perform(post("/login").session(session).with(from(address)).param("username", username)
                .param("password", password).param("_csrf", token)).andReturn();
        assertThat(login.getResponse().getRedirectedUrl()).isEqualTo("/");
        return (MockHttpSession) login.getRequest().getSession(false);
    }

    private void refused(String body, String code, String detailPart) throws Exception {
        JsonNode p = problem(mvc.perform(post("/api/users").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content(body)).andReturn(), 400, code);
        assertThat(p.path("detail").asString()).contains(detailPart);
    }

    private static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    private static RequestPostProcessor admin() {
        return httpBasic(TestIdentity.ADMIN_USERNAME, TestIdentity.ADMIN_PASSWORD);
    }

    private static RequestPostProcessor basic(String username) {
        return httpBasic(username, PASSWORD);
    }

    private void asAdmin(MockHttpServletRequestBuilder request, int status) throws Exception {
        MvcResult r = mvc.perform(request.with(admin())).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .isEqualTo(status);
    }

    private static JsonNode problem(MvcResult r, int status, String code) throws Exception {
        String body = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(r.getResponse().getStatus()).as(body).isEqualTo(status);
        assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.path("code").asString()).isEqualTo(code);
        return problem;
    }

    private static JsonNode json(MvcResult r) throws Exception {
        return JSON.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    private long count(String tableAndWhere) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + tableAndWhere, Long.class);
    }
}
