package org.gridwatch.outline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.gridwatch.support.H2TestDatabase;
import org.gridwatch.support.HeadlessChromium;
import org.gridwatch.support.ServiceBrowserTest;
import org.gridwatch.support.Shapes;
import org.gridwatch.support.TestIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The district outline and the district level of the topology report in a real browser at 1366×768: a
 * planner imports the outline file through the outline panel, runs the topology check, finds ground
 * outside every large grid, the gap between large grids and the grid reaching outside, each with its
 * area, clicks the gap's row to be taken there and points at it on the map to read its area.
 */
@ServiceBrowserTest
class OutlineBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final double LON = 113.93;
    private static final double LAT = 22.53;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.register(registry);
        registry.add("gridwatch.sample.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    private final HttpClient http = TestIdentity.adminHttpClient();
    private ChromeDriver driver;
    private WebDriverWait wait;

    private static String polygon(double... xy) {
        return OutlineApiContract.polygonAt(LON, LAT, xy);
    }

    @BeforeAll
    void startBrowser() throws Exception {
        // The district of the API test, near the default map centre: four large grids around a 100 m gap.
        large("BA", polygon(0, 0, 300, 0, 300, 500, 0, 500));
        large("BB", polygon(300, 300, 500, 300, 500, 500, 300, 500));
        large("BD", polygon(300, 0, 500, 0, 500, 200, 300, 200));
        large("BC", polygon(500, 0, 1000, 0, 1050, 0, 1050, 500, 1000, 500, 500, 500, 500, 300, 400, 300,
                400, 200, 500, 200));
        driver = HeadlessChromium.start(null);
        driver.manage().window().setSize(new Dimension(1366, 768));
        HeadlessChromium.signIn(driver, "http://localhost:" + port + "/");
        wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(20));
        HeadlessChromium.openMap(driver, wait, "http://localhost:" + port + "/");
    }

    @AfterAll
    void stopBrowser() {
        if (driver != null) driver.quit();
    }

    @Test
    @Order(1)
    void aPlannerImportsTheOutlineFileThroughThePanel() throws Exception {
        WebElement panel = driver.findElement(By.id("outline-panel"));
        wait.until(d -> panel.findElement(By.className("outline-status")).getText().contains("尚未设置"));
        assertThat(HeadlessChromium.mapStats(driver, wait).get("districtOutline")).isEqualTo(0L);

        Path file = Files.createTempDirectory("outline-browser-").resolve("街道边界.geojson");
        Files.writeString(file, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
                + "{\"name\":\"南山测试街道\"},\"geometry\":" + polygon(0, 0, 300, 0, 500, 0, 1000, 0, 1000, 500, 1000, 600,
                0, 600, 0, 500) + "}]}", StandardCharsets.UTF_8);
        WebElement input = panel.findElement(By.name("outlineFile"));
        WebElement importButton = panel.findElement(By.cssSelector("[data-action=outline-import]"));
        assertThat(importButton.isEnabled()).isFalse();
        input.sendKeys(file.toString());
        wait.until(ExpectedConditions.elementToBeClickable(importButton));
        importButton.click();
        wait.until(d -> panel.findElement(By.className("outline-status")).getText().contains("南山测试街道"));
        HeadlessChromium.waitMapIdle(wait);

        JsonNode outline = getJson("/api/district-outline").at("/features/0/properties");
        assertThat(outline.get("source").asString()).isEqualTo("imported");
        String status = panel.findElement(By.className("outline-status")).getText();
        assertThat(status).contains("文件导入", "第 0 版", "m²");
        assertThat(panel.findElement(By.className("outline-message")).getText()).isEqualTo("辖区边界已导入");
        assertThat(HeadlessChromium.mapStats(driver, wait).get("districtOutline")).isEqualTo(1L);
        assertThat(driver.findElement(By.cssSelector(".leaflet-control-layers")).getAttribute("textContent"))
                .contains("辖区边界");
    }

    @Test
    @Order(2)
    void theTopologyPanelListsTheDistrictFindingsWithTheirAreasAndTheMapShowsThem() throws Exception {
        JsonNode report = getJson("/api/topology");
        WebElement panel = driver.findElement(By.id("topology-panel"));
        WebElement check = panel.findElement(By.cssSelector("[data-action=topology-check]"));
        new Actions(driver).scrollToElement(check).perform();
        check.click();
        HeadlessChromium.waitMapIdle(wait);
        List<WebElement> rows = panel.findElements(By.cssSelector(".topology-list li"));
        assertThat(rows).hasSize(report.get("features").size());

        Map<String, String> labels = Map.of("districtUncovered", "辖区内未划入大网格", "largeGap", "大网格之间空隙",
                "outsideDistrict", "大网格超出辖区");
        int gapIndex = -1;
        for (int i = 0; i < rows.size(); i++) {
            JsonNode p = report.get("features").get(i).get("properties");
            String kind = p.get("kind").asString();
            assertThat(rows.get(i).getAttribute("data-kind")).isEqualTo(kind);
            if (!labels.containsKey(kind)) continue;
            assertThat(rows.get(i).getText()).contains(labels.get(kind));
            double shown = Double.parseDouble(rows.get(i).findElement(By.className("kind")).getText()
                    .replace(",", "").replace(" m²", ""));
            assertThat(shown).as(kind).isCloseTo(p.get("areaM2").doubleValue(), org.assertj.core.data.Offset.offset(0.5));
            if (kind.equals("largeGap")) gapIndex = i;
        }
        assertThat(rows.stream().map(r -> r.getAttribute("data-kind")).toList())
                .contains("districtUncovered", "largeGap", "outsideDistrict");

        // A click on the gap's row brings it into view; pointing at it on the map names it with its area.
        WebElement gapRow = rows.get(gapIndex);
        new Actions(driver).scrollToElement(gapRow).perform();
        gapRow.click();
        HeadlessChromium.waitMapIdle(wait);
        JsonNode gap = report.get("features").get(gapIndex);
        double[] centre = centreOf(gap.get("geometry"));
        double[] at = HeadlessChromium.numbers(driver,
                "var p = window.gridwatch.map.latLngToContainerPoint([arguments[1], arguments[0]]); return [p.x, p.y];",
                centre[0], centre[1]);
        WebElement map = driver.findElement(By.id("map"));
        assertThat(at[0]).isBetween(0.0, (double) map.getSize().getWidth());
        assertThat(at[1]).isBetween(0.0, (double) map.getSize().getHeight());
        new Actions(driver).moveToElement(map, (int) Math.round(at[0] - map.getSize().getWidth() / 2.0),
                (int) Math.round(at[1] - map.getSize().getHeight() / 2.0)).pause(Duration.ofMillis(200)).perform();
        // (Grid labels are tooltips too: the one that names the gap is looked for among them.)
        String tooltip = wait.until(d -> d.findElements(By.className("leaflet-tooltip")).stream()
                .map(WebElement::getText).filter(text -> text.contains("大网格之间空隙")).findFirst().orElse(null));
        String area = rows.get(gapIndex).findElement(By.className("kind")).getText();
        assertThat(tooltip).isEqualTo("大网格之间空隙 · BA / BB · " + area);
        HeadlessChromium.screenshot(driver, "outline-browser-topology.png");
    }

    private static double[] centreOf(JsonNode polygon) {
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (JsonNode c : polygon.get("coordinates").get(0)) {
            minX = Math.min(minX, c.get(0).asDouble());
            maxX = Math.max(maxX, c.get(0).asDouble());
            minY = Math.min(minY, c.get(1).asDouble());
            maxY = Math.max(maxY, c.get(1).asDouble());
        }
        return new double[]{(minX + maxX) / 2, (minY + maxY) / 2};
    }

    private void large(String code, String geometry) throws Exception {
        HttpResponse<String> r = TestIdentity.send(http, port, "POST", "/api/grids",
                Shapes.gridFeature(geometry, code, "社区" + code, "large", null));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = TestIdentity.send(http, port, "GET", path, null);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
