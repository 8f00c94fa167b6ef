package org.gridwatch.cases.publicreport;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.gridwatch.support.H2TestDatabase;
import org.gridwatch.support.Shapes;
import org.gridwatch.support.TestIdentity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.anonymous;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The residents' endpoints as a stranger calls them: anonymous, without CSRF token, each test from its own
 * client address (the rate limit counts per address). A large grid with a small grid in its west half:
 * the east half is inside the district but in no small grid.
 */
@SpringBootTest(properties = {"gridwatch.sample.enabled=false", "gridwatch.public-report.max-photo-bytes=2000",
        "gridwatch.public-report.per-window=3", "gridwatch.public-report.per-day=100"})
@AutoConfigureMockMvc
@TestIdentity.NoDefaultIdentity
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublicReportH2Test {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    private static final AtomicInteger ADDRESS = new AtomicInteger(10);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    final double lon = 121.0, lat = 31.0;

    @BeforeAll
    void grids() throws Exception {
        admin(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(Shapes.gridFeature(Shapes.rectangle(lon, lat, 0, 0, 400, 200), "PR-L", "社区", "large", null)), 201);
        admin(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(Shapes.gridFeature(Shapes.rectangle(lon, lat, 0, 0, 200, 200), "PR-A", "甲网格", "small", "PR-L")), 201);
        jdbc.update("UPDATE grid SET responsible_person = '王五', phone = '13700000000' WHERE code = 'PR-A'");
    }

    private MvcResult admin(MockHttpServletRequestBuilder r, int expected) throws Exception {
        MvcResult result = mvc.perform(r.with(httpBasic(TestIdentity.ADMIN_USERNAME, TestIdentity.ADMIN_PASSWORD))
                .with(csrf())).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(expected);
        return result;
    }

    static JsonNode json(MvcResult r) throws Exception {
        return JSON.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    /** A new client address for each test, so one test's reports do not count against another's. */
    static String newAddress() {
        return "10.1.0." + ADDRESS.incrementAndGet();
    }

    MvcResult send(String address, String body, String language) throws Exception {
        MockHttpServletRequestBuilder r = post("/api/public/reports").with(anonymous()).contentType(MediaType.APPLICATION_JSON)
                .content(body).with(req -> {
                    req.setRemoteAddr(address);
                    return req;
                });
        if (language != null) r.header("Accept-Language", language);
        return mvc.perform(r).andReturn();
    }

    String report(double eastMeters, String classCode, String photo, String clientId) {
        return "{\"clientId\":" + (clientId == null ? "null" : "\"" + clientId + "\"") + ",\"lon\":"
                + Shapes.lon(lon, lat, eastMeters) + ",\"lat\":" + Shapes.lat(lat, 100) + ",\"classCode\":\"" + classCode
                + "\",\"description\":\"楼下垃圾堆了三天\",\"name\":\"赵六\",\"phone\":\"13600000000\",\"photo\":"
                + (photo == null ? "null" : "\"" + photo + "\"") + "}";
    }

    /** {@link #report} sent with the page's per-browser token. */
    String reportFrom(String token, String clientId) {
        String body = report(100, "exposed_garbage", null, clientId);
        return "{\"submitterToken\":" + (token == null ? "null" : "\"" + token + "\"") + "," + body.substring(1);
    }

    long cases() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM cases", Long.class);
    }

    @Test
    void aResidentReportsWithAPhotoAndFollowsItByTrackingNumberSeeingNothingPersonal() throws Exception {
        String address = newAddress();
        MvcResult r = send(address, report(100, "exposed_garbage", Base64.getEncoder().encodeToString(PNG), "r1"), null);
        assertThat(r.getResponse().getStatus()).isEqualTo(201);
        String tracking = json(r).get("trackingNumber").asString();
        assertThat(TrackingNumbers.normalise(tracking)).isEqualTo(tracking);
        var c = jdbc.queryForMap("SELECT c.id, c.source, c.status, c.small_grid_code, c.reporter_name, c.reporter_phone, "
                + "c.reported_by FROM cases c JOIN public_report p ON p.case_id = c.id WHERE p.tracking_code = ?", tracking);
        assertThat(c.values()).contains("resident", "reported", "PR-A", "赵六", "13600000000", "public");
        long id = ((Number) c.get("ID")).longValue();
        assertThat(jdbc.queryForObject("SELECT content_type FROM case_photos WHERE case_id = ? AND kind = 'before'",
                String.class, id)).isEqualTo("image/png");

        // the same clientId again (a retry after a lost answer): the same case and number
        MvcResult again = send(address, report(100, "exposed_garbage", null, "r1"), null);
        assertThat(json(again).get("trackingNumber").asString()).isEqualTo(tracking);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM case_photos WHERE case_id = ?", Long.class, id)).isEqualTo(1);

        MvcResult p = mvc.perform(get("/api/public/reports/" + tracking.toLowerCase().replace("-", " ")).with(anonymous()))
                .andExpect(status().isOk()).andReturn();
        String body = p.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(body).doesNotContain("赵六", "13600000000", "public\"", "PR-A", "楼下垃圾");
        JsonNode progress = json(p);
        assertThat(progress.get("trackingNumber").asString()).isEqualTo(tracking);
        assertThat(progress.get("status").asString()).isEqualTo("reported");
        assertThat(progress.get("className").asString()).isEqualTo("暴露垃圾");
        assertThat(progress.get("steps")).hasSize(1);
        assertThat(progress.get("steps").get(0).get("stage").asString()).isEqualTo("reported");
        mvc.perform(get("/api/public/reports/ABCD-EFGH-JK").with(anonymous())).andExpect(status().isNotFound());
        MvcResult bad = mvc.perform(get("/api/public/reports/<script>").with(anonymous()).header("Accept-Language", "en"))
                .andReturn();
        assertThat(bad.getResponse().getStatus()).isEqualTo(404);
        assertThat(json(bad).get("detail").asString()).startsWith("No report has the tracking number");
    }

    @Test
    void aRetryFromTheSameBrowserFindsItsReportButAnotherBrowserReusingTheClientIdGetsItsOwn() throws Exception {
        String browserA = "A".repeat(20) + "-token_1", browserB = "B".repeat(20) + "-token_2";
        String address = newAddress();
        long before = cases();
        MvcResult first = send(address, reportFrom(browserA, "shared-client-id"), null);
        assertThat(first.getResponse().getStatus()).isEqualTo(201);
        String trackingA = json(first).get("trackingNumber").asString();
        // the same browser retries (an answer lost on the way): the same report, nothing new
        MvcResult retry = send(address, reportFrom(browserA, "shared-client-id"), null);
        assertThat(retry.getResponse().getStatus()).isEqualTo(201);
        assertThat(json(retry).get("trackingNumber").asString()).isEqualTo(trackingA);
        assertThat(cases()).isEqualTo(before + 1);
        // another browser (even behind the same address) sends the same clientId: its own report, never A's number
        MvcResult other = send(address, reportFrom(browserB, "shared-client-id"), null);
        assertThat(other.getResponse().getStatus()).isEqualTo(201);
        String trackingB = json(other).get("trackingNumber").asString();
        assertThat(trackingB).isNotEqualTo(trackingA);
        assertThat(other.getResponse().getContentAsString(StandardCharsets.UTF_8)).doesNotContain(trackingA);
        assertThat(cases()).isEqualTo(before + 2);
        // what is stored names neither the token nor the bare clientId
        assertThat(jdbc.queryForList("SELECT c.client_id FROM cases c JOIN public_report p ON p.case_id = c.id "
                + "WHERE p.tracking_code IN (?, ?)", String.class, trackingA, trackingB))
                .hasSize(2).allSatisfy(id -> assertThat(id).startsWith("public-").doesNotContain("shared", "AAAA", "BBBB"));

        // a caller without token is scoped to its address: its retry finds the report, another address does not
        String noTokenAddress = newAddress();
        String byAddress = json(send(noTokenAddress, reportFrom(null, "no-token-id"), null)).get("trackingNumber").asString();
        assertThat(json(send(noTokenAddress, reportFrom(null, "no-token-id"), null)).get("trackingNumber").asString())
                .isEqualTo(byAddress);
        assertThat(json(send(newAddress(), reportFrom(null, "no-token-id"), null)).get("trackingNumber").asString())
                .isNotEqualTo(byAddress);
    }

    @Test
    void aMalformedBrowserTokenOrClientIdIsRefusedInTheCallersLanguageAndStoresNothing() throws Exception {
        long before = cases();
        MvcResult shortToken = send(newAddress(), reportFrom("short", "c1"), "en");
        assertThat(shortToken.getResponse().getStatus()).isEqualTo(400);
        assertThat(json(shortToken).get("code").asString()).isEqualTo("publicReport.submitter.invalid");
        assertThat(json(shortToken).get("detail").asString())
                .isEqualTo("The browser token is not valid (16 to 128 letters, digits, - or _)");
        MvcResult markup = send(newAddress(), reportFrom("<script>alert(1)</script>-long-enough", "c1"), null);
        assertThat(markup.getResponse().getStatus()).isEqualTo(400);
        assertThat(json(markup).get("detail").asString()).startsWith("浏览器标识无效");
        MvcResult badId = send(newAddress(), reportFrom("C".repeat(32), "two words"), null);
        assertThat(badId.getResponse().getStatus()).isEqualTo(400);
        assertThat(json(badId).get("detail").asString()).startsWith("clientId 无效");
        assertThat(cases()).isEqualTo(before);
    }

    @Test
    void aPointBetweenGridsInsideTheDistrictMakesACaseWithoutGridAndOneOutsideIsRefused() throws Exception {
        String address = newAddress();
        MvcResult between = send(address, report(300, "dirty_road", null, null), null);
        assertThat(between.getResponse().getStatus()).isEqualTo(201);
        String tracking = json(between).get("trackingNumber").asString();
        assertThat(jdbc.queryForObject("SELECT c.small_grid_code FROM cases c JOIN public_report p ON p.case_id = c.id "
                + "WHERE p.tracking_code = ?", String.class, tracking)).isNull();
        long before = cases();
        MvcResult outside = send(address, report(50_000, "dirty_road", null, null), null);
        assertThat(outside.getResponse().getStatus()).isEqualTo(400);
        assertThat(json(outside).get("code").asString()).isEqualTo("case.point.outsideGrids");
        assertThat(cases()).isEqualTo(before);
    }

    @Test
    void badInputIsRefusedInTheResidentsLanguageAndStoresNothing() throws Exception {
        long before = cases();
        String address = newAddress();
        MvcResult notImage = send(address, report(100, "exposed_garbage",
                Base64.getEncoder().encodeToString("<svg onload=alert(1)>".getBytes()), null), null);
        assertThat(notImage.getResponse().getStatus()).isEqualTo(415);
        assertThat(json(notImage).get("detail").asString()).isEqualTo("照片须为 JPEG、PNG 或 WebP 图片");
        address = newAddress();
        byte[] big = new byte[2001];
        System.arraycopy(PNG, 0, big, 0, PNG.length);
        MvcResult tooLarge = send(address, report(100, "exposed_garbage", Base64.getEncoder().encodeToString(big), null), "en");
        assertThat(tooLarge.getResponse().getStatus()).isEqualTo(413);
        assertThat(json(tooLarge).get("detail").asString()).isEqualTo("The photo is too large: at most 2,000 bytes");
        address = newAddress();
        MvcResult hugeBody = send(address, "{\"description\":\"" + "x".repeat(100_000) + "\"}", null);
        assertThat(hugeBody.getResponse().getStatus()).isEqualTo(413);
        address = newAddress();
        MvcResult unknownClass = send(address, report(100, "nope", null, null), "en");
        assertThat(unknownClass.getResponse().getStatus()).isEqualTo(400);
        assertThat(json(unknownClass).get("detail").asString()).isEqualTo("There is no problem class nope");
        address = newAddress();
        MvcResult noText = send(address, report(100, "exposed_garbage", null, null).replace("楼下垃圾堆了三天", " "), null);
        assertThat(json(noText).get("code").asString()).isEqualTo("publicReport.field.missing");
        address = newAddress();
        MvcResult unreadable = send(address, "{not json", null);
        assertThat(unreadable.getResponse().getStatus()).isEqualTo(400);
        assertThat(cases()).isEqualTo(before);
    }

    @Test
    void aFloodFromOneAddressGets429WithRetryAfterAndStoresNothingMore() throws Exception {
        String address = newAddress();
        for (int i = 0; i < 3; i++) {
            assertThat(send(address, report(100, "bin_overflow", null, null), null).getResponse().getStatus()).isEqualTo(201);
        }
        long before = cases();
        MvcResult flood = send(address, report(100, "bin_overflow", null, null), null);
        assertThat(flood.getResponse().getStatus()).isEqualTo(429);
        long retry = Long.parseLong(flood.getResponse().getHeader("Retry-After"));
        assertThat(retry).isBetween(500L, 600L);
        assertThat(json(flood).get("detail").asString()).isEqualTo("提交过于频繁，请 " + retry + " 秒后再试");
        MvcResult en = send(address, report(100, "bin_overflow", null, null), "en");
        assertThat(json(en).get("detail").asString()).startsWith("Too many reports; try again in ");
        assertThat(cases()).isEqualTo(before);
        // another address is not held back
        assertThat(send(newAddress(), report(100, "bin_overflow", null, null), null).getResponse().getStatus()).isEqualTo(201);
    }

    @Test
    void thePagesConfigAndGridNeedNoSignInAndNameNobody() throws Exception {
        JsonNode config = json(mvc.perform(get("/api/public/config").with(anonymous())).andExpect(status().isOk()).andReturn());
        assertThat(config.get("classes").findValuesAsString("code")).contains("exposed_garbage", "well_cover");
        assertThat(config.get("maxPhotoBytes").asInt()).isEqualTo(2000);
        assertThat(config.get("map").get("osmUrl").asString()).contains("openstreetmap");
        assertThat(config.get("timeZone").asString()).isEqualTo("Asia/Shanghai");
        String grid = mvc.perform(get("/api/public/grids/PR-A").with(anonymous())).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(grid).contains("甲网格").doesNotContain("王五", "13700000000");
        mvc.perform(get("/api/public/grids/PR-L").with(anonymous())).andExpect(status().isNotFound());
        mvc.perform(get("/report.html").with(anonymous())).andExpect(status().isOk());
        mvc.perform(get("/track.html").with(anonymous())).andExpect(status().isOk());
    }

    @Test
    void eachSmallGridHasAQrCodeForStaffThatOpensThePageAtIt() throws Exception {
        mvc.perform(get("/api/grids/PR-A/qr.png").with(anonymous())).andExpect(status().isUnauthorized());
        MvcResult png = admin(get("/api/grids/PR-A/qr.png").param("size", "300"), 200);
        assertThat(png.getResponse().getContentType()).isEqualTo("image/png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.getResponse().getContentAsByteArray()));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        String url = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(image.getWidth(),
                image.getHeight(), pixels)))).getText();
        assertThat(url).endsWith("/report.html?grid=PR-A");
        admin(get("/api/grids/PR-L/qr.png"), 400);
        admin(get("/api/grids/NOPE/qr.png"), 404);
        admin(get("/api/grids/PR-A/qr.png").param("size", "5000"), 400);
        String sheet = admin(get("/qr-codes.html"), 200).getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(sheet).contains("data-code=\"PR-A\"", "api/grids/PR-A/qr.png", "甲网格").doesNotContain("PR-L/qr.png");
    }
}
