package org.gridwatch.open311;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.gridwatch.support.H2TestDatabase;
import org.gridwatch.system.ApiProblem;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.anonymous;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * Every kind of refusal under /open311/v2, in JSON and in XML, is GeoReport's error list with the HTTP status
 * as its code and a description in the caller's language: the service's own (400, 403, 404), Spring MVC's
 * (404 for a path nothing answers, 405 for a wrong method), the security firewall's (400), the body limit
 * (413, nothing stored), and - through a probe endpoint that only this test mounts under /open311/v2, since
 * no GeoReport call can run into one on purpose - a 409 (an ApiProblem conflict and a stale optimistic
 * lock, which the service answers 409 everywhere) and an unexpected failure (500).
 */
@SpringBootTest(properties = {"gridwatch.sample.enabled=false", "gridwatch.open311.max-body-bytes=2000"})
@AutoConfigureMockMvc
class GeoReportErrorsH2Test {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    /** Mounted only here: lets the test reach the error kinds no GeoReport call can be made to meet. */
    @TestConfiguration
    static class Probe {
        @Bean
        ProbeController probeController() {
            return new ProbeController();
        }
    }

    @RestController
    static class ProbeController {
        @GetMapping("/open311/v2/probe-{kind}.{format}")
        String fail(@PathVariable String kind, @PathVariable String format) {
            switch (kind) {
                case "conflict" -> throw ApiProblem.conflict("case.version.stale", "stale", "20261207-0001");
                case "stale" -> throw new OptimisticLockingFailureException("row changed");
                default -> throw new IllegalStateException("probe failure");
            }
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    /** The single error of a JSON answer: [code, description]; checks the spec's shape on the way. */
    private List<String> jsonError(MvcResult r, int status) throws Exception {
        assertThat(r.getResponse().getStatus()).isEqualTo(status);
        assertThat(r.getResponse().getContentType()).startsWith("application/json");
        JsonNode list = JSON.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(list.isArray()).isTrue();
        assertThat(list).hasSize(1);
        assertThat(GeoReportFormatTest.names(list.get(0))).containsExactly("code", "description");
        assertThat(list.get(0).get("code").isInt()).isTrue();
        assertThat(list.get(0).get("code").asInt()).isEqualTo(status);
        return List.of(String.valueOf(list.get(0).get("code").asInt()), list.get(0).get("description").asString());
    }

    private String xmlError(MvcResult r, int status) throws Exception {
        assertThat(r.getResponse().getStatus()).isEqualTo(status);
        assertThat(r.getResponse().getContentType()).startsWith("text/xml");
        Element root = GeoReportFormatTest.parse(r.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("errors");
        List<Element> errors = GeoReportFormatTest.children(root);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).getTagName()).isEqualTo("error");
        assertThat(GeoReportFormatTest.children(errors.get(0)).stream().map(Element::getTagName).toList())
                .containsExactly("code", "description");
        assertThat(GeoReportFormatTest.text(errors.get(0), "code")).isEqualTo(String.valueOf(status));
        return GeoReportFormatTest.text(errors.get(0), "description");
    }

    private MvcResult anon(MockHttpServletRequestBuilder r) throws Exception {
        return mvc.perform(r.with(anonymous())).andReturn();
    }

    private MvcResult en(MockHttpServletRequestBuilder r) throws Exception {
        return anon(r.header("Accept-Language", "en"));
    }

    @Test
    void aPathNothingAnswersIs404() throws Exception {
        assertThat(jsonError(anon(get("/open311/v2/nothing-here.json")), 404).get(1))
                .isEqualTo("没有这个地址：/open311/v2/nothing-here.json");
        assertThat(xmlError(en(get("/open311/v2/nothing-here.xml")), 404))
                .isEqualTo("There is nothing at /open311/v2/nothing-here.xml");
        // the service's own 404s keep their words
        assertThat(jsonError(anon(get("/open311/v2/requests/NOPE-1.json")), 404).get(1)).isEqualTo("没有服务请求 NOPE-1");
        assertThat(xmlError(en(get("/open311/v2/requests/NOPE-1.xml")), 404)).isEqualTo("There is no service request NOPE-1");
    }

    @Test
    void aWrongMethodIs405() throws Exception {
        assertThat(jsonError(anon(delete("/open311/v2/requests.json")), 405).get(1))
                .isEqualTo("地址 /open311/v2/requests.json 不接受 DELETE 请求");
        assertThat(xmlError(en(put("/open311/v2/services.xml")), 405))
                .isEqualTo("/open311/v2/services.xml does not accept PUT requests");
    }

    @Test
    void badParametersAndAddressesTheFirewallRejectsAre400() throws Exception {
        assertThat(jsonError(anon(get("/open311/v2/requests.json").param("status", "pending")), 400).get(1))
                .isEqualTo("字段 status 的值无效：pending");
        assertThat(xmlError(en(get("/open311/v2/requests.xml").param("page", "0")), 400))
                .startsWith("page must be a positive whole number");
        // a ';' in the path: refused before any controller (by the security firewall), in words, not a bare status
        assertThat(jsonError(anon(get("/open311/v2/requests;jsessionid=x.json")), 400).get(1))
                .isNotBlank().doesNotContain("HTTP 400");
        assertThat(xmlErrorText("/open311/v2/requests;x.xml", "en")).isNotBlank().doesNotContain("HTTP 400")
                .doesNotContain("无效");
    }

    private String xmlErrorText(String path, String language) throws Exception {
        MockHttpServletRequestBuilder r = get(path);
        if (language != null) r.header("Accept-Language", language);
        return xmlError(anon(r), 400);
    }

    @Test
    void aMissingOrBadKeyIs403() throws Exception {
        assertThat(jsonError(anon(post("/open311/v2/requests.json").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("service_code", "exposed_garbage")), 403).get(1)).isEqualTo("缺少 api_key");
        assertThat(xmlError(en(post("/open311/v2/requests.xml").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("api_key", "gw311_guess")), 403)).isEqualTo("Invalid or revoked api_key");
    }

    @Test
    void aConflictIs409AndAnUnexpectedFailure500() throws Exception {
        assertThat(jsonError(anon(get("/open311/v2/probe-conflict.json")), 409).get(1)).contains("20261207-0001");
        assertThat(xmlError(en(get("/open311/v2/probe-conflict.xml")), 409)).contains("20261207-0001");
        // which the rest of the service answers 409 too, not 500
        String stale = jsonError(anon(get("/open311/v2/probe-stale.json")), 409).get(1);
        assertThat(stale).isNotBlank();
        assertThat(xmlError(en(get("/open311/v2/probe-stale.xml")), 409)).isNotBlank().isNotEqualTo(stale);
        assertThat(jsonError(anon(get("/open311/v2/probe-boom.json")), 500).get(1)).isEqualTo("服务器内部错误");
        assertThat(xmlError(en(get("/open311/v2/probe-boom.xml")), 500)).isEqualTo("Internal server error");
    }

    @Test
    void aBodyOverTheLimitIs413AndStoresNothing() throws Exception {
        long before = jdbc.queryForObject("SELECT COUNT(*) FROM cases", Long.class);
        String huge = "api_key=x&service_code=exposed_garbage&lat=31&long=121&description=" + "x".repeat(3000);
        assertThat(jsonError(anon(post("/open311/v2/requests.json").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content(huge)), 413).get(1)).isEqualTo("请求内容过大（上限 2000 字节）");
        assertThat(xmlError(en(post("/open311/v2/requests.xml").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content(huge)), 413)).isEqualTo("The request is too large (at most 2000 bytes)");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cases", Long.class)).isEqualTo(before);
    }

    @Test
    void answersOutsideOpen311KeepProblemJson() throws Exception {
        MvcResult r = anon(get("/api/public/reports/NOPE"));
        assertThat(r.getResponse().getStatus()).isEqualTo(404);
        assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
    }
}
