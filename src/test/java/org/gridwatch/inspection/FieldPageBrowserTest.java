package org.gridwatch.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.gridwatch.support.H2TestDatabase;
import org.gridwatch.support.HeadlessChromium;
import org.gridwatch.support.ServiceBrowserTest;
import org.gridwatch.support.TestIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The field page (frontend/field.html) on a phone-sized headless Chromium against the real service
 * with the sample district: pick grid and name, see the features still to check (the patrol log's
 * "missed"), inspect one through the form built from the type's inspectionFields, inspect another
 * while offline (queued, then sent once when back online), record a GPS track from emulated
 * positions, report a new site at the phone's position, and end the patrol. A photo taken with the
 * form is stored shrunk to 1600 px. Every step is checked
 * against the inspection API.
 *
 * <p>Skipped without chromium locally.
 */
@ServiceBrowserTest
class FieldPageBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String INSPECTOR = "测试员";
    private static final ZoneId DISTRICT = ZoneId.of("Asia/Shanghai");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerSampleDistrict(registry);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = TestIdentity.adminHttpClient();
    private ChromeDriver driver;
    private WebDriverWait wait;
    private String gridCode;
    private String today;
    /** Where the emulated phone stands: a feature of the grid. */
    private double lon, lat;

    @BeforeAll
    void start() throws Exception {
        today = LocalDate.now(DISTRICT).toString();
        gridCode = gridWithAFewUncheckedFeatures();
        JsonNode missed = patrolLog().get("missed");
        lon = missed.get(0).get("lon").asDouble();
        lat = missed.get(0).get("lat").asDouble();

        driver = HeadlessChromium.start(null);
        HeadlessChromium.signIn(driver, "http://localhost:" + port + "/");
        wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(20));
        // A phone: narrow and touch; geolocation allowed and placed in the grid.
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844,
                "deviceScaleFactor", 1, "mobile", true));
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", base(), "permissions", List.of("geolocation")));
        position(lat, lon);
        driver.get(base() + "/field.html");
        waitReady();
    }

    /** A test that failed while offline must not leave the next one offline. */
    @AfterEach
    void online() {
        network(false);
    }

    @AfterAll
    void stop() {
        if (driver != null) driver.quit();
    }

    @Test
    @Order(1)
    void theWorkerPicksGridAndNameAndSeesTheFeaturesStillToCheck() throws Exception {
        assertThat(driver.findElement(By.id("setup")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.cssSelector("#setup h2")).getText()).isEqualTo("开始巡查");
        driver.findElement(By.id("setup-start")).click();
        assertThat(driver.findElement(By.id("setup-error")).getText()).isEqualTo("请选择您负责的小网格");

        new Select(driver.findElement(By.id("setup-grid"))).selectByValue(gridCode);
        WebElement name = driver.findElement(By.id("setup-inspector"));
        name.clear();
        name.sendKeys(INSPECTOR);
        driver.findElement(By.id("setup-start")).click();
        waitIdle();

        JsonNode missed = patrolLog().get("missed");
        List<String> expected = new ArrayList<>();
        for (JsonNode m : missed) expected.add(m.get("featureId").asString());
        assertThat(toCheckIds()).containsExactlyElementsOf(expected);
        assertThat(number("return window.gridwatchField.state().map.toCheckMarkers")).isEqualTo(missed.size());
        // Every list entry is a big touch target.
        for (WebElement item : driver.findElements(By.cssSelector(".to-check-item"))) {
            assertThat(item.getSize().getHeight()).isGreaterThanOrEqualTo(48);
        }
        // The choice is remembered: a reload goes straight to the work screen.
        driver.navigate().refresh();
        waitReady();
        assertThat(driver.findElement(By.id("work")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("work-who")).getText()).contains(gridCode).contains(INSPECTOR);
        HeadlessChromium.screenshot(driver, "field-browser-work.png");
    }

    @Test
    @Order(2)
    void anInspectionFromTheFormIsStoredWithItsOutcomeAndLeavesTheList() throws Exception {
        String featureId = toCheckIds().get(0);
        String typeKey = featureType(featureId);
        JsonNode fields = inspectionFields(typeKey);
        assertThat(fields.size()).as("inspectionFields of %s", typeKey).isPositive();

        driver.findElement(By.cssSelector(".to-check-item[data-feature-id='" + featureId + "']")).click();
        List<String> shown = driver.findElements(By.cssSelector("#sheet .outcome-field")).stream().map(e -> e.getAttribute("data-key")).toList();
        List<String> keys = new ArrayList<>();
        for (JsonNode f : fields) keys.add(f.get("key").asString());
        assertThat(shown).containsExactlyElementsOf(keys);
        Map<String, Object> answered = answerFirstField(fields);
        // A camera photo of 2400 × 1800 px; the page sends it at most 1600 px wide, after the inspection.
        Path photo = Files.createDirectories(Path.of("target")).resolve("field-browser-photo.png");
        ImageIO.write(new BufferedImage(2400, 1800, BufferedImage.TYPE_INT_RGB), "png", photo.toFile());
        driver.findElement(By.cssSelector("#sheet input[name=photo]")).sendKeys(photo.toAbsolutePath().toString());
        HeadlessChromium.screenshot(driver, "field-browser-form.png");
        driver.findElement(By.cssSelector("[data-action=inspection-save]")).click();
        wait.until(d -> number("return window.gridwatchField.state().sent") == 2); // the inspection, then its photo
        waitIdle();

        JsonNode stored = inspections();
        assertThat(stored.size()).isEqualTo(1);
        JsonNode props = stored.get(0).get("properties");
        assertThat(props.get("featureId").asString()).isEqualTo(featureId);
        assertThat(props.get("inspector").asString()).isEqualTo(INSPECTOR);
        String key = answered.keySet().iterator().next();
        assertThat(props.at("/outcome/" + key).toString()).isEqualTo(JSON.writeValueAsString(answered.get(key)));
        assertThat(toCheckIds()).doesNotContain(featureId);
        assertThat(driver.findElement(By.id("outbox-status")).getAttribute("data-state")).isEqualTo("empty");
        HttpResponse<byte[]> image = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/inspections/"
                + props.get("id").asLong() + "/photo")).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type").orElse("")).isEqualTo("image/jpeg");
        BufferedImage kept = ImageIO.read(new ByteArrayInputStream(image.body()));
        assertThat(kept.getWidth()).isEqualTo(1600);
        assertThat(kept.getHeight()).isEqualTo(1200);
    }

    @Test
    @Order(3)
    void anInspectionMadeOfflineIsQueuedAndSentOnceWhenTheConnectionReturns() throws Exception {
        String featureId = toCheckIds().get(0);
        JsonNode fields = inspectionFields(featureType(featureId));
        network(true);
        driver.findElement(By.cssSelector(".to-check-item[data-feature-id='" + featureId + "']")).click();
        answerFirstField(fields);
        driver.findElement(By.cssSelector("[data-action=inspection-save]")).click();
        WebElement badge = driver.findElement(By.id("outbox-status"));
        wait.until(d -> "queued".equals(badge.getAttribute("data-state")));
        assertThat(badge.getText()).isEqualTo("离线，待上报 1 条");
        assertThat(toCheckIds()).doesNotContain(featureId); // the phone knows it is done, the service does not yet
        assertThat(inspections().size()).isEqualTo(1);
        HeadlessChromium.screenshot(driver, "field-browser-offline.png");

        network(false);
        wait.until(d -> "empty".equals(badge.getAttribute("data-state")));
        waitIdle();
        JsonNode stored = inspections();
        assertThat(stored.size()).isEqualTo(2);

        // The same record again (a retry whose answer was lost) is answered from the store, not added.
        Object again = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const body = window.gridwatchField.sentBodies().find((b) => String(b.featureId) === arguments[0]);
                fetch('api/session').then((r) => r.json()).then((session) => fetch('api/inspections', {
                    method: 'POST', body: JSON.stringify(body),
                    headers: { 'Content-Type': 'application/json', [session.csrf.headerName]: session.csrf.token } }))
                  .then((r) => done(r.status)).catch((e) => done(String(e)));""", featureId);
        assertThat(again).isEqualTo(200L);
        assertThat(inspections().size()).isEqualTo(2);
    }

    @Test
    @Order(4)
    void theTrackIsRecordedANewSiteIsPlacedAtThePhoneAndTheEndedPatrolOwnsTheInspections() throws Exception {
        int featuresBefore = features().size();
        // Walk to the grid's middle, then three sides of a 16 m square there (so the new site stays in the grid).
        double[] c = gridMiddle();
        double dLat = 8 / 111_195.0, dLon = 8 / (111_195.0 * Math.cos(Math.toRadians(c[1])));
        double[][] walk = {{c[1] - dLat, c[0] - dLon}, {c[1] + dLat, c[0] - dLon}, {c[1] + dLat, c[0] + dLon}, {c[1] - dLat, c[0] + dLon}};
        for (double[] p : walk) {
            position(p[0], p[1]);
            double plat = p[0], plon = p[1];
            wait.until(d -> Boolean.TRUE.equals(driver.executeScript(
                    "const s = window.gridwatchField.state().patrol.segments.flat(); const l = s[s.length - 1];"
                            + " return !!l && Math.abs(l[0] - arguments[0]) < 1e-7 && Math.abs(l[1] - arguments[1]) < 1e-7", plon, plat)));
        }
        String status = driver.findElement(By.id("patrol-status")).getText();
        assertThat(status).startsWith("巡查中").contains("GPS ±");

        driver.findElement(By.id("new-site")).click();
        assertThat(driver.findElement(By.cssSelector("#sheet .form-where")).getText()).startsWith("位置：当前 GPS 定位");
        driver.findElement(By.cssSelector("#sheet .choice-item[data-value=stagnant_water]")).click();
        answerFirstField(inspectionFields("stagnant_water"));
        driver.findElement(By.cssSelector("[data-action=inspection-save]")).click();
        wait.withMessage(() -> "outbox: " + driver.executeScript("return JSON.stringify(window.gridwatchField.outbox.records())"))
                .until(d -> inspectionsUnchecked().size() == 3);
        waitIdle();
        List<JsonNode> now = features();
        assertThat(now).hasSize(featuresBefore + 1);
        JsonNode site = null;
        for (JsonNode i : inspections()) if (i.at("/properties/typeKey").asString().equals("stagnant_water")
                && Math.abs(i.at("/geometry/coordinates/0").asDouble() - walk[3][1]) < 1e-6) site = i;
        assertThat(site).as("new-site inspection at the last position").isNotNull();
        assertThat(site.at("/geometry/coordinates/1").asDouble()).isCloseTo(walk[3][0], within(1e-6));

        driver.findElement(By.cssSelector("#patrol-toggle[data-action=patrol-end]")).click();
        // The phone asks before ending the patrol; the worker answers OK.
        org.openqa.selenium.Alert confirm = wait.until(ExpectedConditions.alertIsPresent());
        assertThat(confirm.getText()).isEqualTo("结束本次巡查并上报轨迹？");
        confirm.accept();
        wait.until(d -> number("return window.gridwatchField.outbox.records().length") == 0);
        waitIdle();
        JsonNode patrols = JSON.readTree(get("/api/patrols?grid=" + enc(gridCode) + "&inspector=" + enc(INSPECTOR)).body()).get("patrols");
        assertThat(patrols.size()).isEqualTo(1);
        JsonNode patrol = patrols.get(0);
        assertThat(patrol.get("trackSource").asString()).isEqualTo("gps");
        assertThat(patrol.get("inspector").asString()).isEqualTo(INSPECTOR);
        // From the first fix (the feature) to the square's first corner, then three 16 m sides.
        double walkedKm = (metres(lon, lat, walk[0][1], walk[0][0]) + 3 * 16) / 1000;
        assertThat(patrol.get("lengthKm").asDouble()).isCloseTo(walkedKm, within(0.005));
        // The inspections sent before the patrol name it by its clientId and now belong to it.
        for (JsonNode i : inspections()) {
            assertThat(i.at("/properties/patrolId").asLong()).as("patrolId of %s", i.at("/properties/id")).isEqualTo(patrol.get("id").asLong());
        }
        assertThat(driver.findElement(By.id("patrol-toggle")).getAttribute("data-action")).isEqualTo("patrol-start");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private String base() {
        return "http://localhost:" + port;
    }

    /** The first small grid (by code) with 2 to 8 features none of which was inspected today. */
    private String gridWithAFewUncheckedFeatures() throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode f : JSON.readTree(get("/api/features?limit=5000").body()).get("features")) {
            JsonNode code = f.at("/properties/gridCode");
            if (!code.isMissingNode() && !code.isNull()) counts.merge(code.asString(), 1, Integer::sum);
        }
        for (String code : counts.keySet().stream().sorted().toList()) {
            if (counts.get(code) < 2 || counts.get(code) > 8) continue;
            gridCode = code;
            JsonNode log = patrolLog();
            if (log.get("missed").size() == counts.get(code) && log.get("patrols").isEmpty()) return code;
        }
        throw new AssertionError("no small grid with 2-8 features unchecked today");
    }

    /** The mean of the grid's outline vertices [lon, lat]: inside the small, nearly square grids of the sample. */
    private double[] gridMiddle() throws Exception {
        for (JsonNode g : JSON.readTree(get("/api/grids?level=small").body()).get("features")) {
            if (!g.at("/properties/code").asString().equals(gridCode)) continue;
            JsonNode ring = g.at("/geometry/type").asString().equals("Polygon") ? g.at("/geometry/coordinates/0") : g.at("/geometry/coordinates/0/0");
            double x = 0, y = 0;
            int n = ring.size() - 1; // the ring repeats its first vertex
            for (int i = 0; i < n; i++) {
                x += ring.get(i).get(0).asDouble();
                y += ring.get(i).get(1).asDouble();
            }
            return new double[] {x / n, y / n};
        }
        throw new AssertionError("no grid " + gridCode);
    }

    /** Great-circle metres, on the sphere the page uses. */
    private static double metres(double lon1, double lat1, double lon2, double lat2) {
        double r = Math.PI / 180, h = Math.pow(Math.sin((lat2 - lat1) * r / 2), 2)
                + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.pow(Math.sin((lon2 - lon1) * r / 2), 2);
        return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
    }

    private JsonNode patrolLog() throws Exception {
        HttpResponse<String> r = get("/api/patrol-log?grid=" + enc(gridCode) + "&date=" + today);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /**
     * A key unit's room check on the phone: a count above its whole is refused on the page before anything
     * is sent (the service would refuse it too); the rates show as the counts are typed; the corrected
     * check is stored.
     */
    @Test
    @Order(5)
    void aRoomCheckOfAKeyUnitRefusesMoreRoomsWithFliesThanRoomsChecked() throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/key-units"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + lon + "," + lat
                                + "]},\"properties\":{\"name\":\"测试饭店\"}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String unit = JSON.readTree(created.body()).path("id").asString();
        driver.findElement(By.id("to-check-refresh")).click();
        waitIdle();
        wait.until(d -> toCheckIds().contains(unit));
        long before = inspections().size();
        driver.findElement(By.cssSelector(".to-check-item[data-feature-id='" + unit + "']")).click();
        WebElement rooms = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#sheet input[name=roomsChecked]")));
        rooms.sendKeys("10");
        WebElement flies = driver.findElement(By.cssSelector("#sheet input[name=roomsWithFlies]"));
        flies.sendKeys("11");
        driver.findElement(By.cssSelector("[data-action=inspection-save]")).click();
        WebElement error = driver.findElement(By.cssSelector("#sheet .form-error"));
        assertThat(error.isDisplayed()).isTrue();
        assertThat(error.getText()).isEqualTo("有蝇房间数不能大于检查房间数");
        waitIdle();
        assertThat(inspections().size()).isEqualTo(before);
        // as a person corrects it: select the figure and type over it
        flies.sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"), "2");
        assertThat(driver.findElement(By.cssSelector("#sheet .room-check-rates")).getText()).contains("有蝇房间率 20.0%");
        HeadlessChromium.screenshot(driver, "field-browser-room-check.png");
        driver.findElement(By.cssSelector("[data-action=inspection-save]")).click();
        wait.until(d -> inspectionsUnchecked().size() == before + 1);
        JsonNode stored = null;
        for (JsonNode i : inspections()) if (i.at("/properties/featureId").asString().equals(unit)) stored = i;
        assertThat(stored).isNotNull();
        assertThat(stored.at("/properties/outcome/roomsChecked").asLong()).isEqualTo(10);
        assertThat(stored.at("/properties/outcome/roomsWithFlies").asLong()).isEqualTo(2);
    }

    private JsonNode inspections() {
        return inspectionsUnchecked();
    }

    private JsonNode inspectionsUnchecked() {
        try {
            // The sample district has generated inspections of its own: only this test's inspector counts.
            return JSON.readTree(get("/api/inspections?grid=" + enc(gridCode) + "&inspector=" + enc(INSPECTOR) + "&size=100").body()).get("features");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<JsonNode> features() throws Exception {
        List<JsonNode> list = new ArrayList<>();
        JSON.readTree(get("/api/features?limit=100&grid=" + enc(gridCode)).body()).get("features").forEach(list::add);
        return list;
    }

    private String featureType(String featureId) throws Exception {
        return JSON.readTree(get("/api/features/" + featureId).body()).at("/properties/type").asString();
    }

    private JsonNode inspectionFields(String typeKey) throws Exception {
        for (JsonNode type : JSON.readTree(get("/api/feature-types").body())) {
            if (type.get("key").asString().equals(typeKey)) return type.get("inspectionFields");
        }
        throw new AssertionError("no feature type " + typeKey);
    }

    /** Answers the form's first field the way a finger would; returns { key: value sent }. */
    private Map<String, Object> answerFirstField(JsonNode fields) {
        // Every button of the form lies within the phone's width (the steppers' "+" once lay off-screen).
        Object offScreen = driver.executeScript("return [...document.querySelectorAll('#sheet button')].filter((b) => {"
                + " const r = b.getBoundingClientRect(); return r.width > 0 && (r.left < 0 || r.right > innerWidth); })"
                + ".map((b) => (b.closest('[data-key]') || b).dataset.key + ' ' + b.textContent.trim());");
        assertThat((List<?>) offScreen).as("form buttons outside the 390 px wide screen").isEmpty();
        JsonNode f = fields.get(0);
        String key = f.get("key").asString();
        String css = "#sheet .outcome-field[data-key='" + key + "'] ";
        switch (f.get("kind").asString()) {
            case "boolean" -> {
                driver.findElement(By.cssSelector(css + ".toggle[data-value=false]")).click();
                assertThat(driver.findElement(By.cssSelector(css + ".toggle[data-value=false]")).getAttribute("aria-pressed")).isEqualTo("true");
                return Map.of(key, false);
            }
            case "integer" -> {
                WebElement plus = driver.findElement(By.cssSelector(css + ".step[data-step='1']"));
                plus.click();
                plus.click();
                int min = f.has("min") ? f.get("min").asInt() : 0;
                return Map.of(key, min + 2);
            }
            case "enum" -> {
                String value = f.get("options").get(0).get("value").asString();
                driver.findElement(By.cssSelector(css + ".choice[data-value='" + value + "']")).click();
                return Map.of(key, value);
            }
            default -> throw new AssertionError("first field of kind " + f.get("kind"));
        }
    }

    private List<String> toCheckIds() {
        return driver.findElements(By.cssSelector("#to-check-list .to-check-item")).stream().map(e -> e.getAttribute("data-feature-id")).toList();
    }

    private void position(double latitude, double longitude) {
        driver.executeCdpCommand("Emulation.setGeolocationOverride", Map.of("latitude", latitude, "longitude", longitude, "accuracy", 6));
    }

    private void network(boolean offline) {
        HeadlessChromium.network(driver, offline);
    }

    private long number(String script) {
        return ((Number) driver.executeScript(script)).longValue();
    }

    private void waitReady() {
        HeadlessChromium.waitReady(wait);
        waitIdle();
    }

    private void waitIdle() {
        HeadlessChromium.waitIdle(wait, "!!window.gridwatchField && window.gridwatchField.idle()", 150);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
