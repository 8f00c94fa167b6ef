package org.gridwatch.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The coverage and topology views in a real browser (headless Debian Chromium through Selenium)
 * against the service on a random port with a fresh store holding the sample district: the
 * coverage legend and figures against GET /api/coverage, a click on a grid hatching its gaps, and
 * a gap made by deleting a small grid listed by the topology panel and zoomed to on click.
 *
 * <p>Skipped when chromium or chromedriver is missing locally; in CI (CI=true) it runs and fails instead.
 */
@ServiceBrowserTest
class CoverageMapBrowserTest {

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
    private String selectedCode;

    @BeforeAll
    void startBrowser() throws Exception {
        driver = HeadlessChromium.start(null);
        HeadlessChromium.signIn(driver, "http://localhost:" + port + "/");
        wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(15));
        HeadlessChromium.openMap(driver, wait, "http://localhost:" + port + "/");
        // Coverage is in the vector-control workspace, topology in the planner's (issue 18).
        HeadlessChromium.openWorkspace(driver, wait, "vector");
    }

    @AfterAll
    void stopBrowser() {
        if (driver != null) driver.quit();
    }

    @Test
    @Order(1)
    void coverageViewColoursTheGridsAndItsLegendCountsThemByClass() throws Exception {
        JsonNode table = getJson("/api/coverage?type=rat_bait_station&radius=20");
        List<Double> shares = new ArrayList<>();
        for (JsonNode row : table.path("rows")) shares.add(row.path("coveredShare").asDouble());

        WebElement panel = driver.findElement(By.id("coverage-panel"));
        assertThat(panel.findElement(By.name("coverageType")).getAttribute("value")).isEqualTo("rat_bait_station");
        assertThat(panel.findElement(By.name("coverageRadius")).getAttribute("value")).isEqualTo("20");
        panel.findElement(By.cssSelector("[data-action=coverage-show]")).click();
        Map<String, Object> stats = stats();
        assertThat(((Number) stats.get("coverageGrids")).intValue()).isEqualTo(apiCount("/api/grids?level=small"));

        // The legend's class breaks: ascending, the last one the largest share, and the grid counts
        // it shows per class are those of the API's shares; quantile classes hold 10-30 % each.
        List<WebElement> rows = panel.findElements(By.cssSelector(".coverage-legend li"));
        assertThat(rows).hasSizeBetween(3, 5);
        double[] uppers = rows.stream().mapToDouble(r -> Double.parseDouble(r.getAttribute("data-to"))).toArray();
        for (int i = 1; i < uppers.length; i++) assertThat(uppers[i]).isGreaterThan(uppers[i - 1]);
        assertThat(uppers[uppers.length - 1]).isEqualTo(shares.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        int[] expected = new int[uppers.length];
        for (double share : shares) expected[classOf(uppers, share)]++;
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).findElement(By.className("coverage-count")).getText()).isEqualTo(expected[i] + " 个网格");
            assertThat(rows.get(i).findElement(By.className("coverage-range")).getText()).endsWith(percent(uppers[i]));
            assertThat(expected[i]).isGreaterThan(shares.size() / 10);
        }
        assertThat(rows.get(0).findElement(By.className("coverage-range")).getText())
                .startsWith(percent(shares.stream().mapToDouble(Double::doubleValue).min().orElseThrow()));
        String districtShare = percent(table.path("district").path("coveredShare").asDouble());
        assertThat(panel.findElement(By.className("coverage-district")).getText())
                .contains("毒饵站", "20 米", districtShare, table.path("rows").size() + " 个小网格");
        assertThat(driver.findElement(By.cssSelector(".leaflet-control-layers")).getText()).contains("覆盖率", "拓扑问题");

        // Each drawn grid is filled with the legend colour of its class.
        List<String> colours = rows.stream().map(r -> r.getAttribute("data-color")).toList();
        assertThat(colours).doesNotHaveDuplicates();
        Number wrong = (Number) driver.executeScript("""
                const shares = arguments[0], uppers = arguments[1], colours = arguments[2];
                let wrong = 0, seen = 0;
                window.gridwatch.map.eachLayer((l) => {
                  if (!l.feature || l.feature.properties.level !== 'small' || l.options.fillOpacity !== 0.7) return;
                  seen++;
                  const s = shares[l.feature.properties.code];
                  const i = uppers.findIndex((u) => s <= u);
                  if (l.options.fillColor !== colours[i]) wrong++;
                });
                return seen === 0 ? -1 : wrong;""", sharesByCode(table), java.util.Arrays.stream(uppers).boxed().toList(), colours);
        assertThat(wrong.intValue()).isZero();
        HeadlessChromium.screenshot(driver, "coverage-browser-grids.png");

        // Clicking a partly covered grid hatches its uncovered parts and shows its figures.
        List<String> partly = new ArrayList<>();
        for (JsonNode row : table.path("rows")) {
            double share = row.path("coveredShare").asDouble();
            if (share > 0 && share < 1) partly.add(row.path("code").asString());
        }
        @SuppressWarnings("unchecked")
        List<Object> target = (List<Object>) driver.executeScript("""
                const map = window.gridwatch.map, codes = arguments[0];
                const points = [];
                map.eachLayer((l) => { if (l instanceof L.CircleMarker || l instanceof L.Marker) points.push(map.latLngToContainerPoint(l.getLatLng())); });
                const size = map.getSize();
                for (const code of codes) {
                  let grid = null;
                  map.eachLayer((l) => { if (l.feature && l.feature.properties.code === code && l.getCenter) grid = l; });
                  if (!grid) continue;
                  const c = map.latLngToContainerPoint(grid.getCenter());
                  if (c.x < 40 || c.y < 40 || c.x > size.x - 300 || c.y > size.y - 200) continue;
                  // The sample district is dense with markers: try a few spots around the centre too.
                  for (const [dx, dy] of [[0, 0], [10, 0], [-10, 0], [0, 10], [0, -10], [10, 10], [-10, -10], [10, -10], [-10, 10]]) {
                    const p = L.point(c.x + dx, c.y + dy);
                    if (!points.some((q) => q.distanceTo(p) < 16)) return [code, p.x, p.y];
                  }
                }
                return null;""", partly);
        assertThat(target).as("a partly covered grid with no marker at its centre").isNotNull();
        selectedCode = (String) target.get(0);
        clickAtContainerPoint(((Number) target.get(1)).doubleValue(), ((Number) target.get(2)).doubleValue());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.className("coverage-selected")));
        JsonNode gaps = getJson("/api/coverage/" + selectedCode + "/gaps?type=rat_bait_station&radius=20");
        assertThat(gaps.path("features").size()).isPositive();
        assertThat(((Number) stats().get("coverageGaps")).intValue()).isEqualTo(gaps.path("features").size());
        assertThat(driver.findElements(By.cssSelector("path[fill='url(#gridwatch-coverage-hatch)']")))
                .hasSize(gaps.path("features").size());
        assertThat(panel.findElement(By.className("coverage-selected")).getText())
                .contains("网格 " + selectedCode, "覆盖 " + percent(gaps.path("coveredShare").asDouble()),
                        gaps.path("features").size() + " 块未覆盖区域");
        // Up close, for the screenshot: the mouse wheel over the grid where it was clicked, until the grid would
        // fill the map (the zoom is read from the page, the zooming is pointer input); the grid's figures in the panel.
        double[] spot = HeadlessChromium.numbers(driver, """
                const map = window.gridwatch.map, at = map.containerPointToLatLng([arguments[1], arguments[2]]);
                let zoom = null;
                map.eachLayer((l) => { if (l.feature && l.feature.properties.code === arguments[0] && l.getBounds) zoom = map.getBoundsZoom(l.getBounds()); });
                return [at.lng, at.lat, Math.min(zoom, 18)];""", selectedCode, target.get(1), target.get(2));
        HeadlessChromium.zoomMapInAt(driver, wait, spot[0], spot[1], spot[2]);
        driver.executeScript("document.querySelector('.coverage-selected').scrollIntoView()");
        waitIdle();
        assertThat(driver.findElements(By.cssSelector("path[fill='url(#gridwatch-coverage-hatch)']")))
                .hasSize(gaps.path("features").size());
        HeadlessChromium.screenshot(driver, "coverage-browser-gaps.png");

        // A radius the service refuses: its message shows and the view stays as it was.
        String legendBefore = panel.findElement(By.className("coverage-legend")).getText();
        WebElement radius = panel.findElement(By.name("coverageRadius"));
        radius.clear();
        radius.sendKeys("-5");
        panel.findElement(By.cssSelector("[data-action=coverage-show]")).click();
        WebElement toast = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("toast")));
        assertThat(toast.getAttribute("class")).isEqualTo("error");
        assertThat(toast.getText()).isNotBlank();
        assertThat(panel.findElement(By.className("coverage-legend")).getText()).isEqualTo(legendBefore);
        assertThat(panel.findElement(By.className("coverage-district")).getText()).contains("20 米");
        assertThat(((Number) stats().get("coverageGaps")).intValue()).isEqualTo(gaps.path("features").size());
        System.out.println("refused radius: " + toast.getText());
    }

    @Test
    @Order(2)
    void topologyPanelListsAGapLeftByADeletedSmallGridAndZoomsToIt() throws Exception {
        HeadlessChromium.openWorkspace(driver, wait, "planner");
        WebElement panel = driver.findElement(By.id("topology-panel"));
        panel.findElement(By.cssSelector("[data-action=topology-check]")).click();
        waitIdle();
        assertThat(panel.findElement(By.className("topology-summary")).getText()).isEqualTo("未发现拓扑问题");
        assertThat(((Number) stats().get("topologyProblems")).intValue()).isZero();

        // Deleting a small grid leaves a hole in its large grid.
        JsonNode victim = null;
        for (JsonNode grid : getJson("/api/grids?level=small").path("features")) {
            if (!grid.path("properties").path("code").asString().equals(selectedCode)) victim = grid;
        }
        String victimCode = victim.path("properties").path("code").asString();
        String parentCode = victim.path("properties").path("parentCode").asString();
        assertThat(send("DELETE", "/api/grids/" + victimCode).statusCode()).isEqualTo(204);
        JsonNode topology = getJson("/api/topology");
        assertThat(topology.path("summary").path("gap").asInt()).isEqualTo(1);

        panel.findElement(By.cssSelector("[data-action=topology-check]")).click();
        waitIdle();
        List<WebElement> rows = panel.findElements(By.cssSelector(".topology-list li"));
        assertThat(rows).hasSize(topology.path("features").size());
        assertThat(panel.findElement(By.className("topology-summary")).getText())
                .isEqualTo("发现 " + topology.path("features").size() + " 个问题，点击定位");
        assertThat(((Number) stats().get("topologyProblems")).intValue()).isEqualTo(topology.path("features").size());
        int gapIndex = -1;
        for (int i = 0; i < topology.path("features").size(); i++) {
            if (topology.path("features").get(i).path("properties").path("kind").asString().equals("gap")) gapIndex = i;
        }
        WebElement gapRow = rows.get(gapIndex);
        assertThat(gapRow.getAttribute("data-kind")).isEqualTo("gap");
        assertThat(gapRow.getText()).contains("大网格内空隙", parentCode);

        // From far out, a click on the row brings the gap into view, filling the map.
        // Zoomed out with the map's − button, as a person would, until the whole city and more is in view.
        WebElement zoomOut = driver.findElement(By.cssSelector(".leaflet-control-zoom-out"));
        for (int i = 0; i < 12 && ((Number) driver.executeScript("return window.gridwatch.map.getZoom()")).doubleValue() > 11; i++) {
            new org.openqa.selenium.interactions.Actions(driver).moveToElement(zoomOut).pause(java.time.Duration.ofMillis(30))
                    .click().perform();
            waitIdle();
        }
        assertThat(((Number) driver.executeScript("return window.gridwatch.map.getZoom()")).doubleValue()).isLessThanOrEqualTo(11);
        double[] gap = bbox(topology.path("features").get(gapIndex).path("geometry"));
        gapRow.click();
        waitIdle();
        @SuppressWarnings("unchecked")
        List<Number> view = (List<Number>) driver.executeScript("""
                const m = window.gridwatch.map, b = m.getBounds();
                return [m.getZoom(), b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];""");
        assertThat(view.get(0).intValue()).isGreaterThanOrEqualTo(15);
        assertThat(view.get(1).doubleValue()).isLessThanOrEqualTo(gap[0]);
        assertThat(view.get(2).doubleValue()).isLessThanOrEqualTo(gap[1]);
        assertThat(view.get(3).doubleValue()).isGreaterThanOrEqualTo(gap[2]);
        assertThat(view.get(4).doubleValue()).isGreaterThanOrEqualTo(gap[3]);
        // The gap fills a good part of the view, not a speck in a city-wide one.
        double viewArea = (view.get(3).doubleValue() - view.get(1).doubleValue()) * (view.get(4).doubleValue() - view.get(2).doubleValue());
        assertThat((gap[2] - gap[0]) * (gap[3] - gap[1]) / viewArea).isGreaterThan(0.02);
        double centreLon = (view.get(1).doubleValue() + view.get(3).doubleValue()) / 2;
        double centreLat = (view.get(2).doubleValue() + view.get(4).doubleValue()) / 2;
        assertThat(centreLon).isBetween(gap[0], gap[2]);
        assertThat(centreLat).isBetween(gap[1], gap[3]);
        HeadlessChromium.screenshot(driver, "coverage-browser-topology.png");
    }

    /** The first class whose upper bound (inclusive) holds the share. */
    private static int classOf(double[] uppers, double share) {
        int i = 0;
        while (i < uppers.length - 1 && share > uppers[i]) i++;
        return i;
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static Map<String, Double> sharesByCode(JsonNode table) {
        Map<String, Double> shares = new java.util.HashMap<>();
        for (JsonNode row : table.path("rows")) shares.put(row.path("code").asString(), row.path("coveredShare").asDouble());
        return shares;
    }

    /** [minLon, minLat, maxLon, maxLat] of a GeoJSON geometry's coordinates. */
    private static double[] bbox(JsonNode geometry) {
        double[] box = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        visit(geometry.path("coordinates"), box);
        return box;
    }

    private static void visit(JsonNode coordinates, double[] box) {
        if (coordinates.get(0).isNumber()) {
            box[0] = Math.min(box[0], coordinates.get(0).asDouble());
            box[1] = Math.min(box[1], coordinates.get(1).asDouble());
            box[2] = Math.max(box[2], coordinates.get(0).asDouble());
            box[3] = Math.max(box[3], coordinates.get(1).asDouble());
        } else {
            for (JsonNode c : coordinates) visit(c, box);
        }
    }

    private void clickAtContainerPoint(double x, double y) {
        HeadlessChromium.clickMapAtContainerPoint(driver, x, y);
    }

    private void waitIdle() {
        HeadlessChromium.waitMapIdle(wait);
    }

    private Map<String, Object> stats() {
        return HeadlessChromium.mapStats(driver, wait);
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = send("GET", path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private int apiCount(String url) throws Exception {
        return getJson(url).path("features").size();
    }

    private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return TestIdentity.send(http, port, method, path, null);
    }
}
