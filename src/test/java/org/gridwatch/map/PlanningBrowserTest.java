package org.gridwatch.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The planning panel in a real browser (headless Debian Chromium through Selenium) against the service
 * with a fresh copy of the sample district: a large grid is divided by its streets through the panel,
 * the proposal drawn and tabled is compared with the same request sent to the API, accepting it stores
 * exactly that many grids with a clean topology; and a vertex placed a few pixels from a grid corner
 * while drawing lands on the corner.
 *
 * <p>Skipped when chromium or chromedriver is missing locally; in CI (CI=true) it runs and fails instead.
 */
@ServiceBrowserTest
class PlanningBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = TestIdentity.adminHttpClient();
    private ChromeDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    void startBrowser() {
        driver = HeadlessChromium.start(Map.of());
        HeadlessChromium.signIn(driver, "http://localhost:" + port + "/");
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        HeadlessChromium.openMap(driver, wait, "http://localhost:" + port + "/");
    }

    @AfterAll
    void stopBrowser() {
        if (driver != null) driver.quit();
    }

    @Test
    @Order(1)
    void aDivisionByStreetsIsProposedOnTheMapAndStoredWhenAccepted() throws Exception {
        JsonNode expected = JSON.readTree(send("POST", "/api/grids/JNS-03/divide?method=streets&minAreaM2=2000", null).body());
        int count = expected.get("features").size();
        assertThat(count).isGreaterThan(4);
        long flagged = 0;
        for (JsonNode f : expected.get("features")) if (!f.at("/properties/flags").isEmpty()) flagged++;

        WebElement panel = driver.findElement(By.id("planning-panel"));
        assertThat(panel.findElement(By.tagName("h2")).getText()).isEqualTo("网格规划");
        Select parent = new Select(panel.findElement(By.name("planningParent")));
        wait.until(d -> parent.getOptions().size() == 6);
        parent.selectByValue("JNS-03");
        new Select(panel.findElement(By.name("planningTool"))).selectByValue("divideStreets");
        assertThat(panel.findElement(By.name("planningMinArea")).isDisplayed()).isTrue();
        assertThat(panel.findElement(By.name("planningTargetArea")).isDisplayed()).isFalse();
        WebElement minArea = panel.findElement(By.name("planningMinArea"));
        minArea.clear();
        minArea.sendKeys("2000");
        panel.findElement(By.cssSelector("[data-action=planning-propose]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#planning-panel .planning-table")));
        waitIdle();

        // The map and the table show the API's proposal, flags included; nothing is stored yet.
        assertThat(((Number) stats().get("planningGrids")).intValue()).isEqualTo(count);
        List<WebElement> rows = driver.findElements(By.cssSelector("#planning-panel .planning-table tr[data-code]"));
        assertThat(rows).hasSize(count);
        assertThat(rows.get(0).getAttribute("data-code")).isEqualTo(expected.at("/features/0/properties/code").asString());
        assertThat(rows.get(0).getAttribute("data-change")).isEqualTo("new");
        assertThat(driver.findElements(By.cssSelector("#planning-panel .planning-table tr.flagged"))).hasSize((int) flagged);
        assertThat(driver.findElement(By.cssSelector("#planning-panel .planning-summary")).getText())
                .startsWith("方案含 " + count + " 个网格，删除 64 个");
        assertThat(smallGridCount("JNS-03")).isEqualTo(64);
        HeadlessChromium.screenshot(driver, "planning-browser-proposal.png");

        panel.findElement(By.cssSelector("[data-action=planning-accept]")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#planning-panel .planning-table")));
        waitIdle();
        assertThat(smallGridCount("JNS-03")).isEqualTo(count);
        assertThat(((Number) stats().get("planningGrids")).intValue()).isZero();
        JsonNode topology = JSON.readTree(send("GET", "/api/topology", null).body());
        for (JsonNode p : topology.get("features")) {
            assertThat(p.at("/properties/kind").asString()).isNotIn("gap", "overlap", "outsideParent");
        }
    }

    @Test
    @Order(2)
    void aVertexDrawnAFewPixelsFromAGridCornerLandsOnIt() throws Exception {
        JsonNode large = JSON.readTree(send("GET", "/api/grids/JNS-01", null).body());
        JsonNode corner = large.at("/geometry/coordinates/0/5");
        double lon = corner.get(0).asDouble(), lat = corner.get(1).asDouble();
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) driver.executeScript("""
                const map = window.gridwatch.map;
                map.setView([arguments[1], arguments[0]], 18, { animate: false });
                const p = map.latLngToContainerPoint([arguments[1], arguments[0]]);
                const near = map.containerPointToLatLng(L.point(p.x + 4, p.y + 3));
                const far = map.containerPointToLatLng(L.point(p.x + 40, p.y + 35));
                // Drawing: the patched Leaflet.draw handler places the first vertex.
                const handler = new L.Draw.Polygon(map, {});
                handler.enable();
                handler.addVertex(near);
                const placed = handler._markers[0].getLatLng();
                handler.disable();
                const snapFar = window.gridwatch.ctx.layers.draw.snapLatLng(far);
                return { lon: placed.lng, lat: placed.lat, farSnapped: snapFar !== null
                    && Math.hypot(map.latLngToContainerPoint(snapFar).x - p.x, map.latLngToContainerPoint(snapFar).y - p.y) < 1 };""",
                lon, lat);
        // It lands exactly on a vertex of the grids there (the large grid's corner or a small grid's
        // corner at the same place), not somewhere between pixels.
        double placedLon = ((Number) result.get("lon")).doubleValue(), placedLat = ((Number) result.get("lat")).doubleValue();
        boolean onAVertex = false;
        for (String path : List.of("/api/grids/JNS-01", "/api/grids?level=small&parent=JNS-01")) {
            String text = send("GET", path, null).body();
            onAVertex |= text.contains("[" + placedLon + "," + placedLat + "]");
        }
        assertThat(onAVertex).as("%s,%s is a grid vertex", placedLon, placedLat).isTrue();
        assertThat(Math.hypot((placedLon - lon) * 111_320 * Math.cos(Math.toRadians(lat)), (placedLat - lat) * 110_574))
                .as("metres from the corner").isLessThan(0.5);
        assertThat(result.get("farSnapped")).isEqualTo(false);
    }

    private int smallGridCount(String parent) throws Exception {
        return JSON.readTree(send("GET", "/api/grids?level=small&parent=" + parent, null).body()).get("features").size();
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
