package org.gridwatch.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.support.HeadlessChromium.waitFor;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The patrol-route panel in a real browser (headless Debian Chromium through Selenium) against the
 * service on a random port with a fresh store holding the sample district: a small grid is picked
 * in the panel, the route is planned through the UI, and what the map and the card show is compared
 * with the answer of the same request sent to the API directly (the solver is seeded, so both agree).
 *
 * <p>Skipped when chromium or chromedriver is missing locally; in CI (CI=true) it runs and fails instead.
 */
@ServiceBrowserTest
class RouteBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A route with this many stops is small enough to read on the screenshot and still turns corners. */
    private static final int MIN_STOPS = 3, MAX_STOPS = 8;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerSampleDistrict(registry);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = TestIdentity.adminHttpClient();
    private ChromeDriver driver;
    private WebDriverWait wait;
    private Path downloads;
    /** The small grid the test plans for, and the feature types of the sample district. */
    private String gridCode;
    private final List<String> typeKeys = new ArrayList<>();

    @BeforeAll
    void startBrowser() throws Exception {
        for (JsonNode type : JSON.readTree(send("GET", "/api/feature-types", null).body())) typeKeys.add(type.get("key").asString());
        gridCode = smallGridWithAFewFeatures();

        downloads = Path.of("target", "route-browser-downloads");
        driver = HeadlessChromium.start(HeadlessChromium.downloadingInto(downloads));
        HeadlessChromium.signIn(driver, "http://localhost:" + port + "/");
        wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(20));
        HeadlessChromium.openMap(driver, wait, "http://localhost:" + port + "/");
    }

    @AfterAll
    void stopBrowser() {
        if (driver != null) driver.quit();
    }

    /** The first small grid (by code) holding between MIN_STOPS and MAX_STOPS active features. */
    private String smallGridWithAFewFeatures() throws Exception {
        Map<String, Integer> counts = featuresPerGrid();
        for (String code : counts.keySet().stream().sorted().toList()) {
            int count = counts.get(code);
            if (count < MIN_STOPS || count > MAX_STOPS) continue;
            // The grid filter of the feature API agrees with the grid codes the features carry.
            int byFilter = JSON.readTree(send("GET", "/api/features?limit=100&grid=" + URLEncoder.encode(code, StandardCharsets.UTF_8),
                    null).body()).get("features").size();
            assertThat(byFilter).isEqualTo(count);
            return code;
        }
        throw new AssertionError("no small grid of the sample district holds " + MIN_STOPS + "-" + MAX_STOPS + " features");
    }

    /** Active features per small-grid code, from one request for all of them. */
    private Map<String, Integer> featuresPerGrid() throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode f : JSON.readTree(send("GET", "/api/features?limit=5000", null).body()).get("features")) {
            JsonNode code = f.at("/properties/gridCode");
            if (!code.isMissingNode() && !code.isNull()) counts.merge(code.asString(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    @Order(1)
    void aGridsRouteIsDrawnWithNumberedStopsAndItsLengthAndDownloadsAsGpx() throws Exception {
        JsonNode expected = JSON.readTree(send("POST", "/api/routes",
                "{\"grids\":[\"" + gridCode + "\"],\"types\":" + JSON.writeValueAsString(typeKeys) + ",\"closed\":true}").body());
        JsonNode props = expected.get("properties");
        int stopCount = props.get("stops").size();
        assertThat(stopCount).isBetween(MIN_STOPS, MAX_STOPS);

        WebElement panel = driver.findElement(By.id("route-panel"));
        assertThat(panel.findElement(By.tagName("h2")).getText()).isEqualTo("巡查路线");
        // The card fetches its list of small grids when the pointer first comes near it.
        WebElement gridSelect = panel.findElement(By.name("routeGrid"));
        new Actions(driver).moveToElement(gridSelect).perform();
        wait.until(d -> new Select(gridSelect).getOptions().size() > 1);
        new Select(gridSelect).selectByValue(gridCode);
        assertThat(driver.findElement(By.cssSelector("[data-action=route-gpx]")).isDisplayed()).isFalse();
        // Every stop type is ticked at the start.
        assertThat(panel.findElements(By.cssSelector("input[name=routeType]:checked"))).hasSize(typeKeys.size());
        panel.findElement(By.cssSelector("[data-action=route-plan]")).click();
        WebElement length = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#route-panel .route-summary tr[data-key=length] td")));
        waitIdle();

        Map<String, Object> stats = stats();
        assertThat(((Number) stats.get("routeLines")).intValue()).isEqualTo(1);
        assertThat(((Number) stats.get("routeStops")).intValue()).isEqualTo(stopCount);
        // The numbered markers are on the map, numbered 1..n in visiting order.
        List<String> numbers = driver.findElements(By.cssSelector("#map .leaflet-marker-pane .route-stop")).stream().map(WebElement::getText).toList();
        List<String> oneToN = new ArrayList<>();
        for (int i = 1; i <= stopCount; i++) oneToN.add(String.valueOf(i));
        assertThat(numbers).containsExactlyElementsOf(oneToN);
        // Each marker stands where the API puts that stop.
        for (int i = 0; i < stopCount; i++) {
            JsonNode c = props.get("stops").get(i).get("coordinates");
            Number off = (Number) driver.executeScript("""
                    const m = window.gridwatch.map;
                    const el = [...document.querySelectorAll('#map .leaflet-marker-pane .route-stop')].find((e) => e.textContent === arguments[0]);
                    const r = el.getBoundingClientRect(), box = m.getContainer().getBoundingClientRect();
                    const p = m.latLngToContainerPoint([arguments[2], arguments[1]]);
                    return Math.hypot(r.left + r.width / 2 - box.left - p.x, r.top + r.height / 2 - box.top - p.y);""",
                    String.valueOf(i + 1), c.get(0).asDouble(), c.get(1).asDouble());
            assertThat(off.doubleValue()).as("stop %d marker offset in px", i + 1).isLessThan(2);
        }
        // The walk drawn is the API's walk, and it is in view.
        Number drawnVertices = (Number) driver.executeScript("""
                let n = 0, inView = true; const m = window.gridwatch.map;
                m.eachLayer((l) => { if (l instanceof L.Polyline && !(l instanceof L.Polygon) && l.options.color === '#6a1b9a') {
                  const pts = l.getLatLngs().flat(); n += pts.length; pts.forEach((p) => { inView = inView && m.getBounds().contains(p); });
                } });
                return inView ? n : -1;""");
        assertThat(drawnVertices.intValue()).isEqualTo(expected.at("/geometry/coordinates").size());

        // The summary shows the API's length in metres, the stop count and the street network.
        assertThat(length.getText()).endsWith("米");
        assertThat(Long.parseLong(length.getText().replaceAll("[^0-9]", ""))).isEqualTo(Math.round(props.get("lengthM").asDouble()));
        assertThat(text("#route-panel tr[data-key=stops] td")).isEqualTo(String.valueOf(stopCount));
        assertThat(text("#route-panel tr[data-key=network] td")).isEqualTo("沿街道步行");
        assertThat(text("#route-panel tr[data-key=duration] td")).startsWith("约").contains("分钟");
        HeadlessChromium.screenshot(driver, "route-browser-visit.png");

        // GPX: the button fetches it and saves it through a Blob link; the browser stores the file.
        driver.findElement(By.cssSelector("[data-action=route-gpx]")).click();
        Path gpxFile = downloads.resolve("route-" + gridCode + ".gpx");
        waitFor(() -> Files.exists(gpxFile) && Files.size(gpxFile) > 0);
        String gpx = Files.readString(gpxFile, StandardCharsets.UTF_8);
        assertThat(gpx).startsWith("<?xml").contains("<gpx version=\"1.1\"").contains("<trkseg>");
        assertThat(gpx.split("<wpt ").length - 1).isEqualTo(stopCount);
        String linked = (String) driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + " fetch(document.getElementById('route-download').href).then((r) => r.text()).then(done);");
        assertThat(linked).isEqualTo(gpx);

        // GeoJSON: the route as drawn.
        driver.findElement(By.cssSelector("[data-action=route-geojson]")).click();
        Path geojsonFile = downloads.resolve("route-" + gridCode + ".geojson");
        waitFor(() -> Files.exists(geojsonFile) && Files.size(geojsonFile) > 0);
        JsonNode saved = JSON.readTree(Files.readString(geojsonFile, StandardCharsets.UTF_8));
        assertThat(saved.at("/properties/lengthM").asDouble()).isEqualTo(props.get("lengthM").asDouble());
        assertThat(saved.at("/properties/stops").size()).isEqualTo(stopCount);
    }

    @Test
    @Order(2)
    void theStreetCoverageRouteOfTheGridReplacesTheVisitRoute() throws Exception {
        JsonNode expected = JSON.readTree(send("POST", "/api/routes/coverage", "{\"grid\":\"" + gridCode + "\"}").body());
        assertThat(expected.has("properties")).as("coverage answer %s", expected).isTrue();
        JsonNode props = expected.get("properties");

        driver.findElement(By.cssSelector("[data-action=route-coverage]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#route-panel tr[data-key=street-length] td")));
        waitIdle();
        Map<String, Object> stats = stats();
        assertThat(((Number) stats.get("routeStops")).intValue()).isZero();
        assertThat(((Number) stats.get("routeLines")).intValue()).isEqualTo(1); // one Leaflet polyline, in as many parts as components
        assertThat(digits("#route-panel tr[data-key=length] td")).isEqualTo(Math.round(props.get("lengthM").asDouble()));
        assertThat(digits("#route-panel tr[data-key=street-length] td")).isEqualTo(Math.round(props.get("streetLengthM").asDouble()));
        assertThat(digits("#route-panel tr[data-key=repeated] td")).isEqualTo(Math.round(props.get("repeatedM").asDouble()));
        HeadlessChromium.screenshot(driver, "route-browser-coverage.png");
    }

    @Test
    @Order(3)
    void aPersonsRouteVisitsTheFeaturesOfAllTheirGrids() throws Exception {
        // A person with several small grids and a route short enough to read on the screenshot.
        Map<String, Integer> features = featuresPerGrid();
        Map<String, List<String>> gridsByPerson = new java.util.TreeMap<>();
        for (JsonNode g : JSON.readTree(send("GET", "/api/grids?level=small", null).body()).get("features")) {
            gridsByPerson.computeIfAbsent(g.at("/properties/responsiblePerson").asString(), k -> new ArrayList<>())
                    .add(g.at("/properties/code").asString());
        }
        Map.Entry<String, List<String>> chosen = gridsByPerson.entrySet().stream()
                .filter(e -> e.getValue().size() >= 2)
                .filter(e -> e.getValue().stream().mapToInt(c -> features.getOrDefault(c, 0)).sum() <= 40)
                .filter(e -> e.getValue().stream().mapToInt(c -> features.getOrDefault(c, 0)).sum() >= MIN_STOPS)
                .findFirst().orElseThrow(() -> new AssertionError("no person with 2+ small grids and 3-40 features"));
        String person = chosen.getKey();
        List<String> theirGrids = new ArrayList<>(chosen.getValue());
        theirGrids.sort(null);
        JsonNode expected = JSON.readTree(send("POST", "/api/routes", "{\"grids\":" + JSON.writeValueAsString(theirGrids)
                + ",\"types\":" + JSON.writeValueAsString(typeKeys) + ",\"closed\":true}").body()).get("properties");

        // With no person chosen the card says so and asks nothing of the service.
        new Select(driver.findElement(By.name("routeBy"))).selectByValue("person");
        assertThat(driver.findElement(By.cssSelector("[data-action=route-coverage]")).isEnabled()).isFalse();
        assertThat(driver.findElement(By.name("routeGrid")).isDisplayed()).isFalse();
        driver.findElement(By.cssSelector("[data-action=route-plan]")).click();
        assertThat(text("#route-panel .form-error")).isEqualTo("请先选择一位网格员");

        new Select(driver.findElement(By.name("routePerson"))).selectByValue(person);
        driver.findElement(By.cssSelector("[data-action=route-plan]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#route-panel tr[data-key=stops] td")));
        waitIdle();
        assertThat(driver.findElement(By.cssSelector("#route-panel .form-error")).isDisplayed()).isFalse();
        int stopCount = expected.get("stops").size();
        assertThat(((Number) stats().get("routeStops")).intValue()).isEqualTo(stopCount);
        assertThat(driver.findElements(By.cssSelector("#map .leaflet-marker-pane .route-stop"))).hasSize(stopCount);
        assertThat(text("#route-panel tr[data-key=stops] td")).isEqualTo(String.valueOf(stopCount));
        assertThat(digits("#route-panel tr[data-key=length] td")).isEqualTo(Math.round(expected.get("lengthM").asDouble()));
        HeadlessChromium.screenshot(driver, "route-browser-person.png");

        driver.findElement(By.cssSelector("[data-action=route-clear]")).click();
        Map<String, Object> cleared = stats();
        assertThat(((Number) cleared.get("routeLines")).intValue()).isZero();
        assertThat(((Number) cleared.get("routeStops")).intValue()).isZero();
        assertThat(driver.findElement(By.cssSelector("#route-panel .route-summary")).isDisplayed()).isFalse();
    }

    @Test
    @Order(4)
    void aGridWithoutTheChosenTypesShowsTheServicesRefusalAndDrawsNothing() throws Exception {
        java.util.Set<String> present = new java.util.HashSet<>();
        for (JsonNode f : JSON.readTree(send("GET", "/api/features?limit=100&grid=" + gridCode, null).body()).get("features")) {
            present.add(f.at("/properties/type").asString());
        }
        List<String> absent = typeKeys.stream().filter(k -> !present.contains(k)).toList();
        assertThat(absent).as("types missing from %s", gridCode).isNotEmpty();
        HttpResponse<String> refusal = send("POST", "/api/routes",
                "{\"grids\":[\"" + gridCode + "\"],\"types\":" + JSON.writeValueAsString(absent) + ",\"closed\":true}");
        assertThat(refusal.statusCode()).isEqualTo(400);
        String detail = JSON.readTree(refusal.body()).get("detail").asString();

        new Select(driver.findElement(By.name("routeBy"))).selectByValue("grid");
        new Select(driver.findElement(By.name("routeGrid"))).selectByValue(gridCode);
        for (WebElement box : driver.findElements(By.cssSelector("#route-panel input[name=routeType]"))) {
            if (box.isSelected()) box.click();
        }
        driver.findElement(By.cssSelector("[data-action=route-plan]")).click();
        assertThat(text("#route-panel .form-error")).isEqualTo("请至少选择一种巡查点类型");

        for (String key : absent) driver.findElement(By.cssSelector("#route-panel input[name=routeType][value=" + key + "]")).click();
        driver.findElement(By.cssSelector("[data-action=route-plan]")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#route-panel .form-error"), detail));
        Map<String, Object> stats = stats();
        assertThat(((Number) stats.get("routeLines")).intValue()).isZero();
        assertThat(((Number) stats.get("routeStops")).intValue()).isZero();
        assertThat(driver.findElement(By.cssSelector("#route-panel .route-summary")).isDisplayed()).isFalse();
    }

    @Test
    @Order(99)
    void aVehicleRouteWithStraightLinesAllowedIsChosenByClicksAt1366x768() throws Exception {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 768));
        new Select(driver.findElement(By.name("routeBy"))).selectByValue("grid");
        WebElement gridSelect = driver.findElement(By.name("routeGrid"));
        wait.until(d -> new Select(gridSelect).getOptions().size() > 1);
        new Select(gridSelect).selectByValue(gridCode);
        for (WebElement box : driver.findElements(By.cssSelector("#route-panel input[name=routeType]"))) {
            if (!box.isSelected()) box.click();
        }
        JsonNode expected = JSON.readTree(send("POST", "/api/routes", "{\"grids\":[\"" + gridCode + "\"],\"types\":"
                + JSON.writeValueAsString(typeKeys) + ",\"closed\":true,\"profile\":\"vehicle\",\"straight\":true}").body());
        assertThat(expected.has("properties")).as("vehicle answer %s", expected).isTrue();
        // The profile choice by pointer and keyboard: click the list, step down to 车辆, confirm.
        WebElement profile = driver.findElement(By.name("routeProfile"));
        new Actions(driver).scrollToElement(profile).perform();
        new Actions(driver).click(profile).sendKeys(org.openqa.selenium.Keys.ARROW_DOWN, org.openqa.selenium.Keys.ENTER).perform();
        wait.until(d -> new Select(profile).getFirstSelectedOption().getAttribute("value").equals("vehicle"));
        WebElement straight = driver.findElement(By.name("routeStraight"));
        new Actions(driver).scrollToElement(straight).click(straight).perform();
        assertThat(straight.isSelected()).isTrue();
        WebElement plan = driver.findElement(By.cssSelector("[data-action=route-plan]"));
        new Actions(driver).scrollToElement(plan).click(plan).perform();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#route-panel tr[data-key=profile] td"), "车辆"));
        assertThat(digits("#route-panel tr[data-key=length] td"))
                .isEqualTo(Math.round(expected.get("properties").get("lengthM").asDouble()));
        assertThat(text("#route-panel tr[data-key=network] td")).isEqualTo("沿道路行驶");
        HeadlessChromium.screenshot(driver, "route-browser-vehicle-1366.png");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    private long digits(String css) {
        return Long.parseLong(text(css).replaceAll("[^0-9]", ""));
    }

    private void waitIdle() {
        HeadlessChromium.waitMapIdle(wait);
    }

    private Map<String, Object> stats() {
        return HeadlessChromium.mapStats(driver, wait);
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return TestIdentity.send(http, port, method, path, body);
    }
}
