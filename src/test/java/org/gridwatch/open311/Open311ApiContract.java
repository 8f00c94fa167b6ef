package org.gridwatch.open311;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.gridwatch.support.Shapes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.anonymous;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Open311 GeoReport v2 over HTTP, on each store: answers checked against the spec's document shapes
 * ({@link GeoReportFormatTest}'s member lists), filters, paging, keys, and every refusal in the spec's
 * error format. Calls are anonymous, as a partner system's are.
 */
abstract class Open311ApiContract {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    double lon, lat;
    String small;

    @BeforeEach
    void aGrid() throws Exception {
        int n = SEQUENCE.incrementAndGet();
        lon = 100 + n * 0.05;
        lat = 25;
        small = "OS" + n;
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(Shapes.gridFeature(Shapes.rectangle(lon, lat, 0, 0, 400, 200), small + "L", "大", "large", null)))
                .andExpect(status().isCreated());
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(Shapes.gridFeature(Shapes.rectangle(lon, lat, 0, 0, 400, 200), small, "小", "small", small + "L")))
                .andExpect(status().isCreated());
    }

    static JsonNode json(MvcResult r) throws Exception {
        return JSON.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    static String text(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    MvcResult anon(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(anonymous())).andReturn();
    }

    /** A case straight into the table (the case core's service is tested by the core). */
    String insertCase(String status, String classCode, Instant reportedAt, String mergedInto) {
        String number = "O" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime() % 100000;
        Long into = mergedInto == null ? null
                : jdbc.queryForObject("SELECT id FROM cases WHERE case_number = ?", Long.class, mergedInto);
        jdbc.update("INSERT INTO cases (case_number, source, class_code, status, lon, lat, geom, small_grid_code, "
                        + "description, address, reporter_name, reporter_phone, reported_by, department_code, reported_at, "
                        + "handle_deadline, merged_into, updated_at) VALUES (?, 'hotline', ?, ?, ?, ?, ST_GeomFromText(?, 4326), ?, "
                        + "'路口垃圾', '长乐路 12 号', '张三', '13800000000', 'dispatcher1', 'sanitation', ?, ?, ?, ?)",
                number, classCode, status, lon + 0.001, lat + 0.001, "POINT (" + (lon + 0.001) + " " + (lat + 0.001) + ")",
                small, Timestamp.from(reportedAt), Timestamp.from(reportedAt.plusSeconds(86400)), into,
                Timestamp.from(reportedAt.plusSeconds(60)));
        return number;
    }

    String issueKey() throws Exception {
        MvcResult r = mvc.perform(post("/api/admin/open311-keys").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"12345 平台\"}")).andExpect(status().isCreated()).andReturn();
        return json(r).get("key").asString();
    }

    @Test
    void servicesListTheActiveClassesWithTheirTimeLimitInJsonAndXml() throws Exception {
        MvcResult r = anon(get("/open311/v2/services.json"));
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.getResponse().getContentType()).startsWith("application/json");
        JsonNode services = json(r);
        assertThat(services.size()).isEqualTo(jdbc.queryForObject("SELECT COUNT(*) FROM case_classes WHERE active = TRUE",
                Integer.class));
        JsonNode garbage = null;
        for (JsonNode s : services) {
            assertThat(GeoReportFormatTest.names(s)).containsExactlyElementsOf(GeoReportFormatTest.SERVICE_MEMBERS);
            if (s.get("service_code").asString().equals("exposed_garbage")) garbage = s;
        }
        assertThat(garbage.get("service_name").asString()).isEqualTo("暴露垃圾");
        assertThat(garbage.get("description").asString()).startsWith("处置时限：1 个工作日");
        assertThat(garbage.get("group").asString()).isEqualTo("市容环境");
        JsonNode en = json(anon(get("/open311/v2/services.json").header("Accept-Language", "en")));
        assertThat(en.findValuesAsString("service_name")).contains("Exposed garbage");
        assertThat(en.findValuesAsString("description")).anyMatch(d -> d.startsWith("Time limit: 5 working hours"));

        MvcResult xml = anon(get("/open311/v2/services.xml"));
        assertThat(xml.getResponse().getContentType()).startsWith("text/xml");
        Element root = GeoReportFormatTest.parse(text(xml)).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("services");
        assertThat(GeoReportFormatTest.children(GeoReportFormatTest.children(root).get(0)).stream()
                .map(Element::getTagName).toList()).containsExactlyElementsOf(GeoReportFormatTest.SERVICE_MEMBERS);
    }

    @Test
    void requestsArePublishedWithoutAnythingPersonalAndMapStatusesToOpenAndClosed() throws Exception {
        Instant now = Instant.now();
        String open = insertCase("dispatched", "exposed_garbage", now.minusSeconds(3600), null);
        String closed = insertCase("closed", "dirty_road", now.minusSeconds(7200), null);
        String merged = insertCase("merged", "exposed_garbage", now.minusSeconds(1800), open);

        MvcResult r = anon(get("/open311/v2/requests/" + open + ".json"));
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        String body = text(r);
        assertThat(body).doesNotContain("张三", "13800000000", "dispatcher1");
        JsonNode req = json(r).get(0);
        assertThat(GeoReportFormatTest.names(req)).containsExactlyElementsOf(GeoReportFormatTest.REQUEST_MEMBERS);
        assertThat(req.get("service_request_id").asString()).isEqualTo(open);
        assertThat(req.get("status").asString()).isEqualTo("open");
        assertThat(req.get("status_notes").asString()).isEqualTo("处置中");
        assertThat(req.get("agency_responsible").asString()).isEqualTo("环卫所");
        assertThat(req.get("service_notice").asString()).isEqualTo("处置时限：1 个工作日");
        assertThat(req.get("lat").asDouble()).isEqualTo(lat + 0.001);
        assertThat(req.get("long").asDouble()).isEqualTo(lon + 0.001);
        assertThat(OffsetDateTime.parse(req.get("requested_datetime").asString()).toInstant().getEpochSecond())
                .isEqualTo(now.minusSeconds(3600).getEpochSecond());
        assertThat(req.get("requested_datetime").asString()).endsWith("+08:00");
        assertThat(req.get("address").asString()).isEqualTo("长乐路 12 号");

        JsonNode m = json(anon(get("/open311/v2/requests/" + merged + ".json").header("Accept-Language", "en"))).get(0);
        assertThat(m.get("status").asString()).isEqualTo("closed");
        assertThat(m.get("status_notes").asString()).isEqualTo("Merged into " + open);

        JsonNode onlyClosed = json(anon(get("/open311/v2/requests.json").param("status", "closed")
                .param("start_date", OffsetDateTime.now().minusDays(1).toString())));
        assertThat(onlyClosed.findValuesAsString("service_request_id")).contains(closed, merged).doesNotContain(open);
        JsonNode byCode = json(anon(get("/open311/v2/requests.json").param("service_code", "dirty_road")));
        assertThat(byCode.findValuesAsString("service_request_id")).contains(closed).doesNotContain(open, merged);
        JsonNode window = json(anon(get("/open311/v2/requests.json")
                .param("start_date", OffsetDateTime.now().minusMinutes(100).toString())
                .param("end_date", OffsetDateTime.now().minusMinutes(40).toString())));
        assertThat(window.findValuesAsString("service_request_id")).contains(open).doesNotContain(closed, merged);
        JsonNode page1 = json(anon(get("/open311/v2/requests.json").param("page_size", "1").param("page", "1")));
        JsonNode page2 = json(anon(get("/open311/v2/requests.json").param("page_size", "1").param("page", "2")));
        assertThat(page1.size()).isEqualTo(1);
        assertThat(page2.size()).isEqualTo(1);
        assertThat(page1.get(0).get("service_request_id").asString())
                .isNotEqualTo(page2.get(0).get("service_request_id").asString());

        String xml = text(anon(get("/open311/v2/requests.xml").param("status", "open")));
        Element root = GeoReportFormatTest.parse(xml).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("service_requests");
        Element first = GeoReportFormatTest.children(root).get(0);
        assertThat(first.getTagName()).isEqualTo("request");
        assertThat(GeoReportFormatTest.children(first).stream().map(Element::getTagName).toList())
                .containsExactlyElementsOf(GeoReportFormatTest.REQUEST_MEMBERS);
        assertThat(xml).doesNotContain("张三", "13800000000");
    }

    @Test
    void badReadsAnswerTheSpecErrorListInTheRequestedFormat() throws Exception {
        MvcResult unknown = anon(get("/open311/v2/requests/NOPE-1.json"));
        assertThat(unknown.getResponse().getStatus()).isEqualTo(404);
        JsonNode e = json(unknown);
        assertThat(e.isArray()).isTrue();
        assertThat(GeoReportFormatTest.names(e.get(0))).containsExactly("code", "description");
        assertThat(e.get(0).get("code").asInt()).isEqualTo(404);
        assertThat(e.get(0).get("description").asString()).isEqualTo("没有服务请求 NOPE-1");

        MvcResult xml = anon(get("/open311/v2/requests.xml").param("status", "pending").header("Accept-Language", "en"));
        assertThat(xml.getResponse().getStatus()).isEqualTo(400);
        Element root = GeoReportFormatTest.parse(text(xml)).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("errors");
        Element error = GeoReportFormatTest.children(root).get(0);
        assertThat(GeoReportFormatTest.text(error, "code")).isEqualTo("400");
        assertThat(GeoReportFormatTest.text(error, "description")).isEqualTo("Field status has an invalid value: pending");

        assertThat(anon(get("/open311/v2/requests.json").param("start_date", "yesterday")).getResponse().getStatus())
                .isEqualTo(400);
        assertThat(anon(get("/open311/v2/requests.json").param("page_size", "5000")).getResponse().getStatus())
                .isEqualTo(400);
        MvcResult format = anon(get("/open311/v2/services.html"));
        assertThat(format.getResponse().getStatus()).isEqualTo(404);
        assertThat(json(format).get(0).get("description").asString()).contains("html");
    }

    @Test
    void keysAreIssuedShownOnceStoredHashedAndRevoked() throws Exception {
        String key = issueKey();
        assertThat(key).startsWith("gw311_").hasSizeGreaterThan(30);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM open311_api_key WHERE key_hash = ?", Long.class,
                ApiKeyHash.hash(key))).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT key_hash FROM open311_api_key", String.class)).doesNotContain(key);
        JsonNode list = json(mvc.perform(get("/api/admin/open311-keys")).andReturn());
        assertThat(list.toString()).doesNotContain(key);
        long id = list.get(list.size() - 1).get("id").asLong();
        assertThat(list.get(list.size() - 1).get("prefix").asString()).isEqualTo(key.substring(0, 10));
        mvc.perform(delete("/api/admin/open311-keys/" + id)).andExpect(status().isOk());
        MvcResult revoked = anon(post("/open311/v2/requests.json").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("api_key", key).param("service_code", "exposed_garbage").param("lat", String.valueOf(lat + 0.001))
                .param("long", String.valueOf(lon + 0.001)));
        assertThat(revoked.getResponse().getStatus()).isEqualTo(403);
        assertThat(json(revoked).get(0).get("description").asString()).isEqualTo("api_key 无效或已被吊销");
        // only admins
        mvc.perform(get("/api/admin/open311-keys").with(anonymous())).andExpect(status().isUnauthorized());
        mvc.perform(post("/api/admin/open311-keys").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\" \"}"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void badPostsAreRefusedInTheSpecErrorFormatAndStoreNothing() throws Exception {
        String key = issueKey();
        long before = jdbc.queryForObject("SELECT COUNT(*) FROM cases", Long.class);
        long requestsBefore = jdbc.queryForObject("SELECT COUNT(*) FROM open311_request", Long.class);
        String la = String.valueOf(lat + 0.001), lo = String.valueOf(lon + 0.001);
        refused(form().param("service_code", "exposed_garbage").param("lat", la).param("long", lo), 403, "缺少 api_key");
        refused(form().param("api_key", "gw311_wrong").param("service_code", "exposed_garbage").param("lat", la)
                .param("long", lo), 403, "api_key 无效或已被吊销");
        refused(form().param("api_key", key).param("lat", la).param("long", lo), 400, "缺少必填字段：service_code");
        refused(form().param("api_key", key).param("service_code", "nope").param("lat", la).param("long", lo), 400,
                "没有服务（案件类别）nope");
        refused(form().param("api_key", key).param("service_code", "exposed_garbage").param("lat", la), 400,
                "缺少必填字段：long");
        refused(form().param("api_key", key).param("service_code", "exposed_garbage"), 400,
                "须提供 lat 和 long，或可在本辖区查到的 address_string");
        refused(form().param("api_key", key).param("service_code", "exposed_garbage").param("lat", "91").param("long", lo),
                400, "字段 lat 的值无效：91");
        refused(form().param("api_key", key).param("service_code", "exposed_garbage").param("address_string", "不存在的路 1 号"),
                400, "在本辖区找不到地址“不存在的路 1 号”，请提供 lat 和 long");
        refused(form().param("api_key", key).param("service_code", "exposed_garbage").param("lat", la).param("long", lo)
                .param("media_url", "javascript:alert(1)"), 400, "字段 media_url 的值无效：javascript:alert(1)");
        MvcResult xml = anon(post("/open311/v2/requests.xml").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("api_key", "bad").header("Accept-Language", "en"));
        assertThat(xml.getResponse().getStatus()).isEqualTo(403);
        Element root = GeoReportFormatTest.parse(text(xml)).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("errors");
        assertThat(GeoReportFormatTest.text(GeoReportFormatTest.children(root).get(0), "description"))
                .isEqualTo("Invalid or revoked api_key");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cases", Long.class)).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM open311_request", Long.class)).isEqualTo(requestsBefore);
    }

    @Test
    void aPartnerPostMakesAnOpen311CaseWhoseContactStaysWithStaff() throws Exception {
        String key = issueKey();
        String la = String.valueOf(lat + 0.0005), lo = String.valueOf(lon + 0.001);
        MvcResult r = anon(form().param("api_key", key).param("service_code", "exposed_garbage").param("lat", la)
                .param("long", lo).param("description", "垃圾堆在路口").param("first_name", "四").param("last_name", "李")
                .param("phone", "13900000000").param("email", "li@example.cn")
                .param("media_url", "https://partner.example.cn/media/1.jpg"));
        assertThat(r.getResponse().getStatus()).isEqualTo(201);
        JsonNode created = json(r);
        assertThat(created.isArray()).isTrue();
        assertThat(GeoReportFormatTest.names(created.get(0))).containsExactlyElementsOf(GeoReportFormatTest.CREATED_MEMBERS);
        String number = created.get(0).get("service_request_id").asString();
        assertThat(number).matches("\\d{8}-\\d{4}");
        assertThat(created.get(0).get("service_notice").asString()).isEqualTo("处置时限：1 个工作日");
        var row = jdbc.queryForMap("SELECT source, status, small_grid_code, reporter_name, reporter_phone, reported_by "
                + "FROM cases WHERE case_number = ?", number);
        assertThat(row.values()).contains("open311", "reported", small, "李四", "13900000000", "open311:12345 平台");
        String published = text(anon(get("/open311/v2/requests/" + number + ".json")));
        assertThat(published).contains("https://partner.example.cn/media/1.jpg", "垃圾堆在路口")
                .doesNotContain("李四", "13900000000", "li@example.cn");
        // by address: a feature's address in the district
        mvc.perform(post("/api/features").contentType(MediaType.APPLICATION_JSON).content(
                        "{\"type\":\"Feature\",\"geometry\":" + Shapes.point(lon + 0.002, lat + 0.001)
                                + ",\"properties\":{\"type\":\"sewer_well\",\"name\":\"井\",\"address\":\"长乐路 99 号" + small + "\"}}"))
                .andExpect(status().isCreated());
        MvcResult byAddress = anon(form().param("api_key", key).param("service_code", "well_cover")
                .param("address_string", "长乐路 99 号" + small));
        assertThat(byAddress.getResponse().getStatus()).isEqualTo(201);
        String n2 = json(byAddress).get(0).get("service_request_id").asString();
        assertThat(jdbc.queryForObject("SELECT lon FROM cases WHERE case_number = ?", Double.class, n2))
                .isCloseTo(lon + 0.002, org.assertj.core.data.Offset.offset(1e-9));
        // a point in no grid: refused (only residents' reports may lie between grids)
        MvcResult outside = anon(form().param("api_key", key).param("service_code", "exposed_garbage")
                .param("lat", String.valueOf(lat + 1)).param("long", lo));
        assertThat(outside.getResponse().getStatus()).isEqualTo(400);
        assertThat(json(outside).get(0).get("code").asInt()).isEqualTo(400);
    }

    private MockHttpServletRequestBuilder form() {
        return post("/open311/v2/requests.json").contentType(MediaType.APPLICATION_FORM_URLENCODED);
    }

    private void refused(MockHttpServletRequestBuilder request, int status, String description) throws Exception {
        MvcResult r = anon(request);
        assertThat(r.getResponse().getStatus()).as(description).isEqualTo(status);
        JsonNode e = json(r);
        assertThat(e.get(0).get("code").asInt()).isEqualTo(status);
        assertThat(e.get(0).get("description").asString()).isEqualTo(description);
    }

}
