package org.gridwatch.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.anonymous;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.gridwatch.support.H2TestDatabase;
import org.gridwatch.support.TestIdentity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** With gridwatch.security.public-read=true anyone reads; writes, accounts and exports still need an account. */
@SpringBootTest(properties = {"gridwatch.sample.enabled=false", "gridwatch.security.public-read=true"})
@AutoConfigureMockMvc
@TestIdentity.NoDefaultIdentity
class PublicReadTest {

    /**
     * Reads that stay closed to anonymous callers even so (path prefixes): accounts, bulk data, and
     * people (inspectors' names, patrol tracks, inspection photos; public read shows map layers only).
     */
    private static final List<String> RESTRICTED = List.of("/api/users", "/api/export/", "/api/history",
            "/api/exchange/jobs", "/api/admin/", "/admin.html", "/api/patrols", "/api/patrol-log", "/api/inspections",
            // cases name their reporters (issue 21)
            "/api/cases");

    /** Closed to anonymous callers too: spot checks name their inspector. */
    private static final List<String> RESTRICTED_RANKING = List.of("/api/ranking/spot-checks");

    /** Open to everyone whatever public-read says (issue 21): residents' reports and Open311, each guarded by itself. */
    private static final List<String> ALWAYS_PUBLIC = List.of("/api/public/", "/open311/");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    ApplicationContext context;

    @Test
    void anonymousCallersReadEveryOpenEndpointButWriteNothing() throws Exception {
        List<String> reads = new ArrayList<>();
        List<String> writes = new ArrayList<>();
        for (RequestMappingHandlerMapping mapping : context.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    String path = pattern.replaceAll("\\{[^}]*}", "1");
                    if (ALWAYS_PUBLIC.stream().anyMatch(pattern::startsWith)) continue;
                    for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                        boolean compute = method == RequestMethod.POST && pattern.startsWith("/api/routes");
                        MvcResult r = mvc.perform(request(HttpMethod.valueOf(method.name()), path).with(anonymous())
                                .with(csrf())).andReturn();
                        int status = r.getResponse().getStatus();
                        boolean restricted = RESTRICTED.stream().anyMatch(pattern::startsWith)
                                || RESTRICTED_RANKING.stream().anyMatch(pattern::startsWith);
                        if ((method == RequestMethod.GET && !restricted) || compute) {
                            assertThat(status).as(method + " " + pattern).isNotIn(401, 403);
                            reads.add(pattern);
                        } else {
                            assertThat(status).as(method + " " + pattern).isEqualTo(401);
                            writes.add(method + " " + pattern);
                        }
                    }
                }
            }
        }
        assertThat(reads).contains("/api/grids", "/api/features", "/ogcapi/collections");
        assertThat(writes).contains("GET /api/patrols/{id}/track", "GET /api/patrol-log", "GET /api/inspections",
                "GET /api/inspections/{id}/photo", "GET /api/cases", "GET /api/cases/{id}/photos/{photoId}");
        assertThat(writes).contains("POST /api/features", "PUT /api/grids/{code}", "GET /api/export/{layer}",
                "POST /api/users", "POST /api/import/{layer}");
    }

    @Test
    void theSessionSaysAnonymousAndThatReadingIsOpen() throws Exception {
        String body = mvc.perform(get("/api/session").with(anonymous())).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(body).contains("\"authenticated\":false", "\"publicRead\":true");
        assertThat(mvc.perform(get("/").accept(MediaType.TEXT_HTML).with(anonymous())).andReturn().getResponse()
                .getStatus()).isEqualTo(200);
        assertThat(mvc.perform(post("/api/features").with(anonymous()).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{}")).andReturn().getResponse().getStatus()).isEqualTo(401);
    }

    @Test
    void anonymousReadersSeeGridsButNotWhoIsResponsibleForThem() throws Exception {
        String grid = org.gridwatch.support.Shapes.gridFeature(org.gridwatch.support.Shapes.rectangle(119.0, 26.0, 0, 0, 300, 300),
                "PR-L", "公开网格", "large", null);
        assertThat(mvc.perform(post("/api/grids").with(httpBasic(TestIdentity.ADMIN_USERNAME, TestIdentity.ADMIN_PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content(grid)).andReturn().getResponse().getStatus()).isEqualTo(201);
        for (String path : List.of("/api/grids/PR-L", "/api/grids?level=large", "/ogcapi/collections/large_grids/items?f=json")) {
            MvcResult anonymous = mvc.perform(get(path).with(anonymous())).andReturn();
            String body = anonymous.getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(anonymous.getResponse().getStatus()).as(path).isEqualTo(200);
            assertThat(body).as(path).contains("PR-L").doesNotContain("张伟").doesNotContain("13800000000")
                    .doesNotContain("responsiblePerson");
            String signedIn = mvc.perform(get(path).with(httpBasic(TestIdentity.ADMIN_USERNAME, TestIdentity.ADMIN_PASSWORD)))
                    .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(signedIn).as(path).contains("张伟", "13800000000");
        }
        MvcResult probe = mvc.perform(get("/ogcapi/collections/large_grids/items?f=json&responsiblePerson=张伟")
                .with(anonymous())).andReturn();
        assertThat(probe.getResponse().getStatus()).isEqualTo(400);
        assertThat(probe.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("publicRead.people");
    }
}
