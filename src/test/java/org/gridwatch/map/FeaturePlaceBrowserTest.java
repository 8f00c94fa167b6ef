package org.gridwatch.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.gridwatch.support.H2TestDatabase;
import org.gridwatch.support.HeadlessChromium;
import org.gridwatch.support.ServiceBrowserTest;
import org.gridwatch.support.TestIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Adding a feature the way a person does on a laptop: type and name typed into the panel, 在地图上点击放置
 * pressed, then a click inside a small grid (where grids cover the whole district, so inside a grid is
 * the only place a person clicks). The feature is stored there and belongs to that grid; the grid's
 * popup does not open over it.
 */
@ServiceBrowserTest
class FeaturePlaceBrowserTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerSampleDistrict(registry);
    }

    @LocalServerPort
    int port;

    private ChromeDriver driver;
    private WebDriverWait wait;
    private final HttpClient http = TestIdentity.adminHttpClient();

    @BeforeAll
    void startBrowser() {
        driver = HeadlessChromium.start(null);
        driver.manage().window().setSize(new Dimension(1366, 768));
        HeadlessChromium.signIn(driver, "http://localhost:" + port + "/");
        wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(60));
        driver.get("http://localhost:" + port + "/");
        HeadlessChromium.waitReady(wait);
        HeadlessChromium.waitMapIdle(wait);
    }

    @AfterAll
    void stopBrowser() {
        if (driver != null) driver.quit();
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return JsonMapper.builder().build().readTree(r.body());
    }

    private void press(WebElement control) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", control);
        new Actions(driver).moveToElement(control).pause(Duration.ofMillis(30)).click().perform();
    }

    @Test
    void aClickInsideASmallGridPlacesTheFeatureInThatGrid() throws Exception {
        // A small grid in the middle of the view, and a point well inside it (its bounding box's centre
        // lies inside the generated, nearly square grids).
        double[] view = HeadlessChromium.numbers(driver,
                "const c = window.gridwatch.map.getCenter(); return [c.lng, c.lat];");
        JsonNode grids = getJson("/api/grids?level=small&bbox=" + (view[0] - 0.0005) + "," + (view[1] - 0.0005) + ","
                + (view[0] + 0.0005) + "," + (view[1] + 0.0005));
        JsonNode grid = grids.path("features").get(0);
        String gridCode = grid.path("properties").path("code").asString();
        double minLon = 180, maxLon = -180, minLat = 90, maxLat = -90;
        for (JsonNode p : grid.path("geometry").path("coordinates").get(0)) {
            minLon = Math.min(minLon, p.get(0).asDouble());
            maxLon = Math.max(maxLon, p.get(0).asDouble());
            minLat = Math.min(minLat, p.get(1).asDouble());
            maxLat = Math.max(maxLat, p.get(1).asDouble());
        }
        double lon = (minLon + maxLon) / 2, lat = (minLat + maxLat) / 2;

        WebElement panel = driver.findElement(By.id("feature-panel"));
        new Select(panel.findElement(By.name("type"))).selectByValue("stagnant_water");
        WebElement name = panel.findElement(By.name("name"));
        press(name);
        name.sendKeys("网格内新积水点");
        press(panel.findElement(By.cssSelector("[data-action=feature-place]")));
        wait.until(d -> d.findElement(By.id("map")).getDomAttribute("class").contains("picking"));
        HeadlessChromium.clickMapAt(driver, lon, lat);

        String q = URLEncoder.encode("网格内新积水点", StandardCharsets.UTF_8);
        HeadlessChromium.waitFor(() -> getJson("/api/map/search?q=" + q).toString().contains("网格内新积水点"));
        JsonNode stored = getJson("/api/features?type=stagnant_water&bbox=" + (lon - 0.0001) + "," + (lat - 0.0001) + ","
                + (lon + 0.0001) + "," + (lat + 0.0001));
        JsonNode feature = null;
        for (JsonNode f : stored.path("features")) {
            if ("网格内新积水点".equals(f.path("properties").path("name").asString())) feature = f;
        }
        assertThat(feature).as("the feature is stored where the person clicked").isNotNull();
        assertThat(feature.path("properties").path("gridCode").asString()).isEqualTo(gridCode);
        assertThat(feature.path("geometry").path("coordinates").get(0).asDouble()).isCloseTo(lon, org.assertj.core.data.Offset.offset(5e-5));
        assertThat(driver.findElements(By.cssSelector(".leaflet-popup"))).as("no grid popup over the new feature").isEmpty();
        assertThat(driver.findElement(By.id("map")).getDomAttribute("class")).doesNotContain("picking");
        HeadlessChromium.screenshot(driver, "feature-place-inside-grid.png");
    }
}
