package org.gridwatch.basemap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base maps (issue 18): the admin types the Tianditu key into the admin workspace (a malformed one is
 * refused in the user's language and changes nothing); the map then asks Tianditu first, with the key in
 * its Web Mercator tile URL templates. This machine reaches nothing beyond localhost, so the tiles fail:
 * the page must fall back by itself to the offline base drawn from the district's streets and outline,
 * say so, and stop after one failed request instead of a screenful. A base chosen by hand that cannot be
 * reached (OpenStreetMap) falls back the same way.
 */
@ServiceBrowserTest
class BaseMapBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEY = "5c1f0e2d3b4a69788796a5b4c3d2e1f0";

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
    void start() throws Exception {
        HttpResponse<String> viewer = TestIdentity.send(http, port, "POST", "/api/users",
                "{\"username\": \"bm-viewer\", \"password\": \"base-map-viewer-pw-1\", \"roles\": [\"viewer\"], \"gridCodes\": []}");
        assertThat(viewer.statusCode()).as(viewer.body()).isEqualTo(201);
        driver = HeadlessChromium.start(null);
        HeadlessChromium.signIn(driver, base());
        wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() {
        if (driver != null) driver.quit();
    }

    @Test
    @Order(1)
    void theKeyIsRefusedWhenMalformedOrNotTheAdminsAndChangesNothing() throws Exception {
        HttpResponse<String> zh = put(http, "{\"key\": \"abc\"}", "zh-CN");
        assertThat(zh.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(zh.body()).path("detail").asString()).contains("天地图密钥");
        HttpResponse<String> en = put(http, "{\"key\": \"" + KEY + "&x=1\"}", "en");
        assertThat(en.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(en.body()).path("detail").asString()).contains("Tianditu key");
        assertThat(put(http, "{}", "en").statusCode()).isEqualTo(400);
        HttpClient viewer = HttpClient.newHttpClient();
        HttpResponse<String> refused = viewer.send(HttpRequest.newBuilder(URI.create(base() + "api/base-maps/tianditu-key"))
                .header("Authorization", TestIdentity.basicHeader("bm-viewer", "base-map-viewer-pw-1"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"key\": \"" + KEY + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        JsonNode config = JSON.readTree(TestIdentity.send(http, port, "GET", "/api/map/config", null).body());
        assertThat(config.path("tianditu").isNull()).isTrue();
        assertThat(config.path("defaultBaseMap").asString()).isEqualTo("none");
    }

    @Test
    @Order(2)
    void theAdminEntersTheKeyAndTheMapFallsBackToTheOfflineBaseWhenTianditusTilesFail() throws Exception {
        driver.manage().window().setSize(new Dimension(1366, 768));
        HeadlessChromium.openMap(driver, wait, base());
        HeadlessChromium.openWorkspace(driver, wait, "admin");
        WebElement input = driver.findElement(By.name("tiandituKey"));
        WebElement save = driver.findElement(By.cssSelector("[data-action=tianditu-save]"));
        // A typo first: the card says what is wrong, in Chinese, and nothing is stored.
        click(input);
        input.sendKeys("5c1f0e2d3b4a6978");
        click(save);
        WebElement message = driver.findElement(By.cssSelector("#basemap-panel .admin-message"));
        wait.until(d -> message.isDisplayed() && message.getText().contains("32 位"));
        assertThat(JSON.readTree(TestIdentity.send(http, port, "GET", "/api/base-maps/tianditu-key", null).body())
                .path("set").asBoolean()).isFalse();
        input.clear();
        click(input);
        input.sendKeys(KEY);
        click(save);
        wait.until(d -> message.getText().contains("已保存"));
        assertThat(driver.findElement(By.cssSelector("#basemap-panel .basemap-state")).getText()).isEqualTo("已设置天地图密钥");
        WebElement reload = driver.findElement(By.cssSelector("[data-action=tianditu-reload]"));
        click(reload);

        // The reloaded map asks Tianditu first, which cannot be reached from here.
        Map<String, Object> state = waitForFallback();
        assertThat(state.get("fallbackFrom")).isEqualTo("tianditu-vector");
        @SuppressWarnings("unchecked")
        Map<String, List<String>> templates = (Map<String, List<String>>) state.get("templates");
        assertThat(templates.get("tianditu-vector")).containsExactly(
                "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default"
                        + "&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=" + KEY,
                "https://t{s}.tianditu.gov.cn/cva_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=cva&STYLE=default"
                        + "&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=" + KEY);
        assertThat(templates.get("tianditu-imagery").get(0)).contains("/img_w/wmts").endsWith("&tk=" + KEY);
        assertThat(templates.get("tianditu-imagery").get(1)).contains("/cia_w/wmts");
        // One failed tile, not a screenful.
        assertThat(((Number) state.get("tileRequests")).intValue()).isEqualTo(1);
        assertNoticeAndOfflineBase("天地图矢量");
        HeadlessChromium.screenshot(driver, "base-map-tianditu-fallback.png");

        // The layer switcher offers both Tianditu bases, OpenStreetMap and the offline base, which is chosen.
        String switcher = driver.findElement(By.cssSelector(".leaflet-control-layers-base")).getAttribute("textContent");
        assertThat(switcher).contains("天地图矢量").contains("天地图影像").contains("OpenStreetMap").contains("离线底图");
    }

    @Test
    @Order(3)
    void aBaseChosenByHandThatCannotBeReachedFallsBackToo() throws Exception {
        driver.manage().window().setSize(new Dimension(1366, 768));
        int before = ((Number) baseMap().get("tileRequests")).intValue();
        WebElement osm = driver.findElements(By.cssSelector(".leaflet-control-layers-base label")).stream()
                .filter(l -> l.getText().contains("OpenStreetMap")).findFirst().orElseThrow();
        driver.executeScript("arguments[0].scrollIntoView({block: 'nearest'})", osm);
        click(osm);
        wait.until(d -> "offline".equals(baseMap().get("active")) && "osm".equals(baseMap().get("fallbackFrom")));
        assertThat(((Number) baseMap().get("tileRequests")).intValue() - before).isEqualTo(1);
        assertNoticeAndOfflineBase("OpenStreetMap");
    }

    @ParameterizedTest(name = "{0}×{1}")
    @CsvSource({"1920,1080", "390,844"})
    @Order(4)
    void theFallbackAppearsAtEveryWindowSize(int width, int height) throws Exception {
        driver.manage().window().setSize(new Dimension(width, height));
        HeadlessChromium.openMap(driver, wait, base());
        Map<String, Object> state = waitForFallback();
        assertThat(state.get("fallbackFrom")).isEqualTo("tianditu-vector");
        assertNoticeAndOfflineBase("天地图矢量");
        HeadlessChromium.screenshot(driver, "base-map-fallback-" + width + "x" + height + ".png");
    }

    // --- steps -------------------------------------------------------------------------------------

    private Map<String, Object> waitForFallback() {
        wait.until(d -> "true".equals(driver.executeScript("return document.body.dataset.ready")));
        wait.until(d -> "offline".equals(baseMap().get("active")));
        HeadlessChromium.waitMapIdle(wait);
        return baseMap();
    }

    private void assertNoticeAndOfflineBase(String failedName) {
        WebElement notice = driver.findElement(By.cssSelector(".map-notice"));
        assertThat(notice.isDisplayed()).isTrue();
        assertThat(notice.getText()).contains(failedName).contains("离线底图");
        Map<String, Object> state = baseMap();
        assertThat(((Number) state.get("offlineBaseLand")).intValue()).as("the district outline drawn as land").isEqualTo(1);
        // Streets where the view is small enough for them (the street layer's own limit), else the outline alone.
        boolean streetsInView = Boolean.TRUE.equals(driver.executeScript(
                "var b = window.gridwatch.map.getBounds(); var w = b.getEast() - b.getWest(), h = b.getNorth() - b.getSouth();"
                        + "return w * h * 111.32 * 111.32 * Math.cos(b.getCenter().lat * Math.PI / 180) <= 25;"));
        if (streetsInView) {
            assertThat(((Number) state.get("offlineBaseStreets")).intValue()).as("streets of the offline base").isPositive();
        }
        WebElement chosen = driver.findElements(By.cssSelector(".leaflet-control-layers-base label")).stream()
                .filter(l -> l.findElement(By.tagName("input")).isSelected()).findFirst().orElseThrow();
        assertThat(chosen.getAttribute("textContent")).contains("离线底图");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> baseMap() {
        return (Map<String, Object>) driver.executeScript("return window.gridwatch.baseMap()");
    }

    private void click(WebElement element) {
        new Actions(driver).moveToElement(element).pause(Duration.ofMillis(30)).click().perform();
    }

    private HttpResponse<String> put(HttpClient client, String body, String language) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base() + "api/base-maps/tianditu-key"))
                .header("Content-Type", "application/json").header("Accept-Language", language)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String base() {
        return "http://localhost:" + port + "/";
    }
}
