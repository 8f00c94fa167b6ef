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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
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
 * The planning panel in a real browser (headless Debian Chromium through Selenium) against the service
 * with a fresh copy of the sample district: a large grid is divided by its streets through the panel,
 * the proposal drawn and tabled is compared with the same request sent to the API, accepting it stores
 * exactly that many grids with a clean topology; and a vertex placed a few pixels from a grid corner
 * while drawing lands on the corner: the planner zooms in with the mouse wheel, draws a polygon with the
 * polygon tool (clicks at screen positions, closed on its first vertex) and saves it with the grid form's
 * button; the stored grid has the corner exactly. The page's test handle is only read.
 *
 * <p>Skipped when chromium or chromedriver is missing locally; in CI (CI=true) it runs and fails instead.
 */
@ServiceBrowserTest
class PlanningBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerSampleDistrict(registry);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = TestIdentity.adminHttpClient();
    private ChromeDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    void startBrowser() {
        driver = HeadlessChromium.start(Map.of());
        driver.manage().window().setSize(new Dimension(1366, 768));
        HeadlessChromium.signIn(driver, "http://localhost:" + port + "/");
        wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(30));
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
        // A corner on the district's west edge: the grid drawn here lies outside every large grid, so it can be stored.
        JsonNode large = JSON.readTree(send("GET", "/api/grids/JNS-01", null).body());
        JsonNode corner = large.at("/geometry/coordinates/0/5");
        double lon = corner.get(0).asDouble(), lat = corner.get(1).asDouble();
        // Zoomed in with the wheel over the corner, then the map dragged so the corner is in the middle (the wheel
        // leaves it near the map's left edge, where the polygon's western vertices would come close to the controls).
        HeadlessChromium.zoomMapInAt(driver, wait, lon, lat, 18);
        HeadlessChromium.dragMapToCentre(driver, lon, lat);
        waitIdle();

        // The polygon tool's button, then three clicks: 4,3 px from the corner, and two far (40 px and more) from
        // any line, to the west; the first vertex's marker closes the polygon, as Leaflet.draw's hint says.
        WebElement polygonTool = driver.findElement(By.cssSelector("#map .leaflet-draw-draw-polygon"));
        new Actions(driver).moveToElement(polygonTool).pause(Duration.ofMillis(30)).click().perform();
        // Drawing has begun when the tool shows its actions (finish, undo, cancel).
        wait.until(d -> d.findElements(By.cssSelector("#map .leaflet-draw-actions")).stream().anyMatch(WebElement::isDisplayed));
        double[] p = HeadlessChromium.mapPoint(driver, lon, lat);
        double[][] clicks = {{p[0] + 4, p[1] + 3}, {p[0] - 40, p[1] + 35}, {p[0] - 60, p[1] - 30}};
        // Where the far clicks are on the map (read before anything moves it), to see they did not snap.
        double[] far = HeadlessChromium.numbers(driver, """
                const map = window.gridwatch.map;
                const a = map.containerPointToLatLng([arguments[0], arguments[1]]), b = map.containerPointToLatLng([arguments[2], arguments[3]]);
                return [a.lng, a.lat, b.lng, b.lat];""", clicks[1][0], clicks[1][1], clicks[2][0], clicks[2][1]);
        for (double[] c : clicks) {
            HeadlessChromium.clickMapAtContainerPoint(driver, c[0], c[1]);
            // Leaflet.draw ignores a click within 50 ms of the last vertex.
            HeadlessChromium.pause(150);
        }
        double[] firstVertex = HeadlessChromium.numbers(driver, """
                const icon = document.querySelector('#map .leaflet-marker-pane .leaflet-editing-icon');
                const box = window.gridwatch.map.getContainer().getBoundingClientRect(), r = icon.getBoundingClientRect();
                return [r.left + r.width / 2 - box.left, r.top + r.height / 2 - box.top];""");
        assertThat(Math.hypot(firstVertex[0] - p[0], firstVertex[1] - p[1])).as("px from the corner to the first vertex").isLessThan(1.5);
        HeadlessChromium.clickMapAtContainerPoint(driver, firstVertex[0], firstVertex[1]);

        // The new-grid form: a large grid (it lies in no large grid), its code and name typed, saved with its button.
        WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#grid-panel .grid-form")));
        new Select(form.findElement(By.name("level"))).selectByValue("large");
        String code = "JNS-W1";
        WebElement codeInput = form.findElement(By.name("code"));
        codeInput.click();
        codeInput.sendKeys(Keys.chord(Keys.CONTROL, "a"), code);
        form.findElement(By.name("name")).sendKeys("西侧吸附测试网格");
        form.findElement(By.cssSelector("[data-action=grid-save]")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#grid-panel .grid-form")));
        HeadlessChromium.screenshot(driver, "planning-browser-snapped.png");

        // The stored grid: its first vertex is exactly the corner (a vertex of the grids there, not somewhere
        // between pixels); the far ones are where the pointer clicked (within a pixel, about 0.6 m), not on a line.
        HttpResponse<String> stored = send("GET", "/api/grids/" + code, null);
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        JsonNode ring = JSON.readTree(stored.body()).at("/geometry/coordinates/0");
        List<double[]> vertices = new java.util.ArrayList<>();
        for (JsonNode v : ring) vertices.add(new double[] {v.get(0).asDouble(), v.get(1).asDouble()});
        assertThat(vertices).as("a closed triangle").hasSize(4);
        double[] placed = vertices.stream().min(java.util.Comparator.comparingDouble(v -> metres(v[0], v[1], lon, lat))).orElseThrow();
        double placedLon = placed[0], placedLat = placed[1];
        boolean onAVertex = false;
        for (String path : List.of("/api/grids/JNS-01", "/api/grids?level=small&parent=JNS-01")) {
            String text = send("GET", path, null).body();
            onAVertex |= text.contains("[" + placedLon + "," + placedLat + "]");
        }
        assertThat(onAVertex).as("%s,%s is a grid vertex", placedLon, placedLat).isTrue();
        assertThat(metres(placedLon, placedLat, lon, lat)).as("metres from the corner").isLessThan(0.5);
        for (int i = 0; i < 2; i++) {
            double farLon = far[2 * i], farLat = far[2 * i + 1];
            double nearest = vertices.stream().mapToDouble(v -> metres(v[0], v[1], farLon, farLat)).min().orElseThrow();
            assertThat(nearest).as("metres from the far click %d to the nearest stored vertex", i + 1).isLessThan(1.0);
        }
    }

    /** Metres between two lon/lat points close together (equirectangular). */
    private static double metres(double lon1, double lat1, double lon2, double lat2) {
        return Math.hypot((lon1 - lon2) * 111_320 * Math.cos(Math.toRadians(lat2)), (lat1 - lat2) * 110_574);
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
