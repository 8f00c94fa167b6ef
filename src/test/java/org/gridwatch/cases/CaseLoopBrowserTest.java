package org.gridwatch.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.gridwatch.support.H2TestDatabase;
import org.gridwatch.support.HeadlessChromium;
import org.gridwatch.support.ServiceBrowserTest;
import org.gridwatch.support.TestIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole case loop in a real browser, each person on their own page and screen, clicking and
 * typing as they would: a grid worker reports a problem on the phone page (390×844, camera photo, GPS
 * point, class, text), a dispatcher registers and dispatches it on the map (1366×768, the queue, a
 * click on the case's symbol, the department picker), the department's handler records it handled
 * with an after-photo, the grid worker verifies it on the phone with a photo, and the dispatcher
 * closes it. The case's detail on the map then says it was handled and closed on time, and the API
 * agrees (handledAt ≤ handleDeadline, closedAt ≤ closeDeadline). Every step is checked against the
 * case API; the test handles of the pages are only read.
 *
 * <p>Skipped without chromium locally.
 */
@ServiceBrowserTest
class CaseLoopBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "loop-test-password-1";
    private static final String WORKER = "loop-worker", DISPATCHER = "loop-dispatcher", HANDLER = "loop-handler";
    /** Not dispatched automatically on registration, so the dispatcher picks the department. */
    private static final String CLASS = "accumulated_debris";
    private static final String DEPARTMENT = "sanitation";
    private static final String TEXT = "路口东侧堆放装修渣土约 3 立方米";

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
    private double lon, lat;
    private long caseId;
    private Path photo;

    @BeforeAll
    void start() throws Exception {
        // The place: a feature's point inside a small grid of the sample district.
        JsonNode feature = null;
        for (JsonNode f : json("GET", "/api/features?limit=2000", null).get("features")) {
            if (f.at("/properties/gridCode").isString()) { feature = f; break; }
        }
        assertThat(feature).as("a feature inside a small grid").isNotNull();
        gridCode = feature.at("/properties/gridCode").asString();
        lon = feature.at("/geometry/coordinates/0").asDouble();
        lat = feature.at("/geometry/coordinates/1").asDouble();
        account(WORKER, "grid_worker", List.of(gridCode), null);
        account(DISPATCHER, "dispatcher", List.of(), null);
        account(HANDLER, "handler", List.of(), DEPARTMENT);

        photo = Files.createDirectories(Path.of("target")).resolve("case-loop-photo.png");
        BufferedImage image = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 800; x++) for (int y = 0; y < 600; y++) image.setRGB(x, y, (x * 7 + y * 3) & 0xffffff);
        ImageIO.write(image, "png", photo.toFile());

        driver = HeadlessChromium.start(null);
        wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(30));
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", base(), "permissions", List.of("geolocation")));
        driver.executeCdpCommand("Emulation.setGeolocationOverride", Map.of("latitude", lat, "longitude", lon, "accuracy", 5));
    }

    @AfterAll
    void stop() {
        if (driver != null) driver.quit();
    }

    @Test
    @Order(1)
    void theGridWorkerReportsAProblemOnThePhone() throws Exception {
        phone();
        signIn(WORKER);
        driver.get(base() + "/field.html");
        HeadlessChromium.waitReady(wait);
        if (driver.findElement(By.id("setup")).isDisplayed()) {
            new Select(driver.findElement(By.id("setup-grid"))).selectByValue(gridCode);
            WebElement name = driver.findElement(By.id("setup-inspector"));
            name.clear();
            name.sendKeys("网格员老王");
            driver.findElement(By.id("setup-start")).click();
        }
        wait.until(d -> d.findElement(By.id("report-problem")).isDisplayed());
        // The GPS fix has arrived before the report uses it.
        wait.until(d -> d.findElement(By.id("patrol-status")).getText().contains("GPS ±"));
        driver.findElement(By.id("report-problem")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#sheet .choice-item[data-value='" + CLASS + "']")).isEmpty());
        assertThat(driver.findElement(By.cssSelector("#sheet .form-where")).getText()).contains("GPS");
        driver.findElement(By.cssSelector("#sheet .choice-item[data-value='" + CLASS + "']")).click();
        // Saving without a photo is refused on the phone.
        driver.findElement(By.cssSelector("[data-action=case-report-save]")).click();
        assertThat(driver.findElement(By.cssSelector("#sheet .form-error")).getText()).isEqualTo("请拍一张照片");
        driver.findElement(By.cssSelector("#sheet input[name=case-photo]")).sendKeys(photo.toAbsolutePath().toString());
        driver.findElement(By.cssSelector("#sheet textarea[name=case-text]")).sendKeys(TEXT);
        HeadlessChromium.screenshot(driver, "case-loop-report.png");
        // In a dead spot: the report waits in the phone's outbox ...
        HeadlessChromium.network(driver, true);
        driver.findElement(By.cssSelector("[data-action=case-report-save]")).click();
        wait.until(d -> "queued".equals(d.findElement(By.id("outbox-status")).getAttribute("data-state")));
        assertThat(json("GET", "/api/cases?grid=" + gridCode, null).get("features").size()).isZero();
        // ... and leaves once, with its photo, when the connection is back.
        HeadlessChromium.network(driver, false);
        wait.until(d -> number("return window.gridwatchField.state().sent") >= 2); // the case, then its photo
        wait.until(d -> "empty".equals(d.findElement(By.id("outbox-status")).getAttribute("data-state")));

        JsonNode cases = json("GET", "/api/cases?grid=" + gridCode, null).get("features");
        assertThat(cases.size()).isEqualTo(1);
        caseId = cases.get(0).path("id").asLong();
        JsonNode c = caseJson();
        assertThat(c.path("status").asString()).isEqualTo("reported");
        assertThat(c.path("source").asString()).isEqualTo("field");
        assertThat(c.path("classCode").asString()).isEqualTo(CLASS);
        assertThat(c.path("description").asString()).isEqualTo(TEXT);
        assertThat(c.path("smallGridCode").asString()).isEqualTo(gridCode);
        assertThat(c.path("lon").asDouble()).isCloseTo(lon, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(c.path("photos").size()).isEqualTo(1);
        assertThat(c.at("/photos/0/kind").asString()).isEqualTo("before");
    }

    @Test
    @Order(2)
    void theDispatcherRegistersAndDispatchesItOnTheMap() throws Exception {
        openMapAs(DISPATCHER);
        // The queue holds it; a click on its row brings the map there.
        WebElement row = wait.until(d -> d.findElements(By.cssSelector("#case-list .case-row[data-case-id='" + caseId + "']"))
                .stream().findFirst().orElse(null));
        row.click();
        HeadlessChromium.waitMapIdle(wait);
        // A person's click on the case's symbol opens it.
        clickCaseSymbol();
        waitStatus("reported");
        assertThat(driver.findElement(By.cssSelector("#case-detail .case-status")).getText()).isEqualTo("待立案");
        assertThat(driver.findElement(By.cssSelector("#case-detail")).getText()).contains(TEXT);
        // The reporter's photo is in the timeline.
        assertThat(driver.findElements(By.cssSelector("#case-detail .case-step[data-action=report] img.case-photo"))).hasSize(1);

        act("register");
        waitStatus("registered");
        driver.findElement(By.cssSelector("[data-action=case-dispatch]")).click();
        // Without a department the form says so and nothing is sent.
        new Select(driver.findElement(By.cssSelector(".case-action-form select[name=department]"))).selectByValue("");
        driver.findElement(By.cssSelector("[data-action=case-confirm]")).click();
        assertThat(driver.findElement(By.cssSelector(".case-action-form .form-error")).getText()).isEqualTo("请选择派遣部门");
        assertThat(caseJson().path("status").asString()).isEqualTo("registered");
        new Select(driver.findElement(By.cssSelector(".case-action-form select[name=department]"))).selectByValue(DEPARTMENT);
        driver.findElement(By.cssSelector("[data-action=case-confirm]")).click();
        waitStatus("dispatched");
        HeadlessChromium.screenshot(driver, "case-loop-dispatched.png");
        JsonNode c = caseJson();
        assertThat(c.path("department").asString()).isEqualTo(DEPARTMENT);
        assertThat(c.path("registeredAt").isString()).isTrue();
        // The handler's action is not the dispatcher's: no handle button here.
        assertThat(driver.findElements(By.cssSelector("[data-action=case-handle]"))).isEmpty();
    }

    @Test
    @Order(3)
    void theHandlerRecordsItHandledWithAnAfterPhoto() throws Exception {
        openMapAs(HANDLER);
        assertThat(driver.findElement(By.cssSelector(".case-list-title")).getText()).isEqualTo("本部门案件");
        WebElement row = wait.until(d -> d.findElements(By.cssSelector("#case-list .case-row[data-case-id='" + caseId + "']"))
                .stream().findFirst().orElse(null));
        row.click();
        waitStatus("dispatched");
        driver.findElement(By.cssSelector("[data-action=case-handle]")).click();
        // "Handled" without the after-photo is refused on the page.
        driver.findElement(By.cssSelector("[data-action=case-confirm]")).click();
        assertThat(driver.findElement(By.cssSelector(".case-action-form .form-error")).getText()).isEqualTo("请附上处置后照片");
        driver.findElement(By.cssSelector(".case-action-form input[name=afterPhoto]")).sendKeys(photo.toAbsolutePath().toString());
        driver.findElement(By.cssSelector(".case-action-form textarea[name=note]")).sendKeys("已清运");
        driver.findElement(By.cssSelector("[data-action=case-confirm]")).click();
        waitStatus("handled");
        JsonNode c = caseJson();
        assertThat(c.path("status").asString()).isEqualTo("handled");
        assertThat(c.path("photos").size()).isEqualTo(2);
    }

    @Test
    @Order(4)
    void theGridWorkerVerifiesItOnThePhoneWithAPhoto() throws Exception {
        phone();
        signIn(WORKER);
        driver.get(base() + "/field.html");
        HeadlessChromium.waitReady(wait);
        WebElement item = wait.until(d -> d.findElements(By.cssSelector("#to-verify-list .to-verify-item[data-case-id='" + caseId + "']"))
                .stream().findFirst().orElse(null));
        assertThat(item.getSize().getHeight()).isGreaterThanOrEqualTo(48);
        item.click();
        wait.until(d -> d.findElement(By.cssSelector("[data-action=case-verify]")).isDisplayed());
        // The handler's after-photo is shown to compare with the place.
        assertThat(driver.findElements(By.cssSelector("#sheet img.case-photo[data-kind=after]"))).hasSize(1);
        driver.findElement(By.cssSelector("#sheet input[name=verify-photo]")).sendKeys(photo.toAbsolutePath().toString());
        HeadlessChromium.screenshot(driver, "case-loop-verify.png");
        driver.findElement(By.cssSelector("[data-action=case-verify]")).click();
        wait.until(d -> d.findElements(By.cssSelector("#to-verify-list .to-verify-item")).isEmpty());
        assertThat(caseJson().path("status").asString()).isEqualTo("verified");
    }

    @Test
    @Order(5)
    void theDispatcherClosesItAndItCountsOnTime() throws Exception {
        openMapAs(DISPATCHER);
        WebElement row = wait.until(d -> d.findElements(By.cssSelector("#case-list .case-row[data-case-id='" + caseId + "']"))
                .stream().findFirst().orElse(null));
        row.click();
        waitStatus("verified");
        act("close");
        waitStatus("closed");
        HeadlessChromium.screenshot(driver, "case-loop-closed.png");
        // What the screen says ...
        assertThat(driver.findElement(By.cssSelector("#case-detail .case-on-time[data-stage=handled]")).getAttribute("data-on-time")).isEqualTo("true");
        assertThat(driver.findElement(By.cssSelector("#case-detail .case-on-time[data-stage=closed]")).getText()).isEqualTo("按期结案");
        List<String> steps = driver.findElements(By.cssSelector("#case-detail .case-step")).stream().map(e -> e.getAttribute("data-action")).toList();
        assertThat(steps).containsSubsequence("report", "register", "dispatch", "handle", "verify", "close");
        // ... is what the case holds.
        JsonNode c = caseJson();
        assertThat(c.path("status").asString()).isEqualTo("closed");
        assertThat(Instant.parse(c.path("handledAt").asString())).isBeforeOrEqualTo(Instant.parse(c.path("handleDeadline").asString()));
        assertThat(Instant.parse(c.path("closedAt").asString())).isBeforeOrEqualTo(Instant.parse(c.path("closeDeadline").asString()));
        assertThat(c.path("reworkCount").asInt()).isZero();
        // Nothing changes a closed case: the page offers no action.
        assertThat(driver.findElements(By.cssSelector("#case-detail .case-action-buttons button"))).isEmpty();
    }

    @Test
    @Order(6)
    void theHeatmapCountsTheCaseByClass() throws Exception {
        WebElement show = driver.findElement(By.cssSelector("input[name=heatmap-show]"));
        driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", show);
        show.click();
        WebElement cases = driver.findElement(By.cssSelector("input[name=heatmap-source][value=cases]"));
        driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", cases);
        cases.click();
        // The case classes replace the feature types; one class unticked, the rest stay.
        wait.until(d -> !d.findElements(By.cssSelector("input[name=heatmap-case-class][value=well_cover]")).isEmpty());
        assertThat(driver.findElement(By.cssSelector(".heatmap-types:not(.heatmap-case-types)")).isDisplayed()).isFalse();
        WebElement wells = driver.findElement(By.cssSelector("input[name=heatmap-case-class][value=well_cover]"));
        driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", wells);
        wells.click();
        try {
            // Read in one script: the legend is redrawn while the layer loads.
            wait.until(d -> "案件密度（件/km²）".equals(driver.executeScript(
                    "const h = document.querySelector('.heatmap-legend h4'); return h && h.textContent")));
        } catch (org.openqa.selenium.TimeoutException e) {
            HeadlessChromium.screenshot(driver, "case-loop-heatmap-failed.png");
            throw new AssertionError("the heatmap legend says: " + driver.executeScript(
                    "const h = document.querySelector('.heatmap-legend'); return h && h.textContent"), e);
        }
        try {
            wait.until(d -> Boolean.TRUE.equals(driver.executeScript(
                    "const img = document.querySelector('.heatmap-tiles img'); return !!img && img.src.includes('source=cases')"
                            + " && img.src.includes('" + CLASS + "') && !img.src.includes('well_cover')")));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("heatmap tiles: " + driver.executeScript(
                    "return [...document.querySelectorAll('.leaflet-heatmap-pane img')].map((i) => i.src).slice(0, 2).join(' | ')"), e);
        }
        // The densest place is where the case was reported.
        JsonNode hot = json("GET", "/api/heatmap/hotspots?source=cases&type=" + CLASS + "&radius=200&limit=1", null);
        assertThat(hot.get(0).path("lon").asDouble()).isCloseTo(lon, org.assertj.core.data.Offset.offset(0.003));
        HeadlessChromium.screenshot(driver, "case-loop-heatmap.png");
    }

    // --- steps ------------------------------------------------------------------------------------------

    private void phone() {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844,
                "deviceScaleFactor", 1, "mobile", true));
    }

    private void laptop() {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 1366, "height", 768,
                "deviceScaleFactor", 1, "mobile", false));
    }

    /** Another person at the same browser: the session cookie goes, the phone's stored settings stay. */
    private void signIn(String username) {
        driver.manage().deleteAllCookies();
        HeadlessChromium.signIn(driver, base() + "/", username, PASSWORD);
    }

    private void openMapAs(String username) {
        laptop();
        signIn(username);
        HeadlessChromium.openMap(driver, wait, base() + "/");
    }

    /** A real click where the map draws the case now. */
    private void clickCaseSymbol() {
        HeadlessChromium.clickMapAt(driver, lon, lat);
        wait.until(d -> String.valueOf(caseId).equals(d.findElement(By.id("case-detail")).getAttribute("data-case-id")));
    }

    /** Clicks an action's button and confirms its form. */
    private void act(String action) {
        driver.findElement(By.cssSelector("[data-action=case-" + action + "]")).click();
        driver.findElement(By.cssSelector("[data-action=case-confirm]")).click();
    }

    private void waitStatus(String status) {
        wait.until(d -> {
            WebElement detail = d.findElement(By.id("case-detail"));
            return String.valueOf(caseId).equals(detail.getAttribute("data-case-id")) && status.equals(detail.getAttribute("data-status"));
        });
    }

    private double number(String script) {
        return ((Number) driver.executeScript(script)).doubleValue();
    }

    private JsonNode caseJson() throws Exception {
        return json("GET", "/api/cases/" + caseId, null);
    }

    private void account(String username, String role, List<String> grids, String department) throws Exception {
        Map<String, Object> body = new java.util.LinkedHashMap<>(Map.of("username", username, "password", PASSWORD,
                "roles", List.of(role), "gridCodes", grids));
        if (department != null) body.put("department", department);
        HttpResponse<String> r = TestIdentity.send(http, port, "POST", "/api/users", JSON.writeValueAsString(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private JsonNode json(String method, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = TestIdentity.send(http, port, method, path, body);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isBetween(200, 299);
        return JSON.readTree(r.body());
    }

    private String base() {
        return "http://localhost:" + port;
    }

}
