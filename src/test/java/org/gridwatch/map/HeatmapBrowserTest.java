package org.gridwatch.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
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
import org.openqa.selenium.Keys;

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
 * The density heatmap on the web map in a real browser (headless Debian Chromium through Selenium)
 * against the service on a random port with a fresh store holding the sample district: switching
 * it on in the sidebar, its tiles, its legend, its controls and its peaks. What the page shows is
 * compared with what the heatmap API answers for the same parameters.
 *
 * <p>Skipped when chromium or chromedriver is missing locally; in CI (CI=true) it runs and fails instead.
 */
@ServiceBrowserTest
class HeatmapBrowserTest {

    /** Peak markers on the map (the legend draws a sample ring with the same class). */
    private static final String PEAK_MARKERS = "#map .leaflet-marker-pane .heatmap-peak";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The heatmap tiles on the page: src, whether loaded, naturalWidth, and how many pixels are not transparent. */
    private static final String TILES_SCRIPT = """
            return [...document.querySelectorAll('.leaflet-heatmap-pane img.leaflet-tile')].map((img) => {
              let opaque = -1;
              if (img.complete && img.naturalWidth > 0) {
                const canvas = document.createElement('canvas');
                canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
                const g = canvas.getContext('2d');
                g.drawImage(img, 0, 0);
                const data = g.getImageData(0, 0, canvas.width, canvas.height).data;
                opaque = 0;
                for (let i = 3; i < data.length; i += 4) if (data[i] > 0) opaque++;
              }
              return { src: img.src, loaded: img.classList.contains('leaflet-tile-loaded'), width: img.naturalWidth, opaque };
            });""";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerSampleDistrict(registry);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = TestIdentity.adminHttpClient();
    private ChromeDriver driver;
    private WebDriverWait wait;
    private String allTypes;

    @BeforeAll
    void startBrowser() throws Exception {
        List<String> keys = new ArrayList<>();
        JSON.readTree(get("/api/feature-types")).forEach(ft -> keys.add(ft.path("key").asString()));
        assertThat(keys).contains("stagnant_water", "trash_bin");
        allTypes = String.join(",", keys);

        driver = HeadlessChromium.start(null);
        HeadlessChromium.signIn(driver, "http://localhost:" + port + "/");
        wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(20));
        driver.get("http://localhost:" + port + "/");
        HeadlessChromium.waitReady(wait);
        // The heatmap card is in the vector-control workspace (issue 18).
        HeadlessChromium.openWorkspace(driver, wait, "vector");
        waitIdle();
    }

    @AfterAll
    void stopBrowser() {
        if (driver != null) driver.quit();
    }

    @Test
    @Order(1)
    void switchingTheHeatmapOnDrawsColouredTilesOnOneScaleAndTheLegendsNumbers() throws Exception {
        assertThat(driver.findElements(By.cssSelector(".leaflet-heatmap-pane img"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector(".heatmap-legend"))).isEmpty();
        driver.findElement(By.cssSelector("#heatmap-panel input[name=heatmap-show]")).click();
        List<Map<String, Object>> tiles = waitForTiles("radius=200");

        JsonNode legend = JSON.readTree(get("/api/heatmap/legend?type=" + allTypes + "&radius=200"));
        String max = param(legend.path("tileUrl").asString(), "max");
        for (Map<String, Object> tile : tiles) {
            String src = (String) tile.get("src");
            assertThat(src).contains("/api/heatmap/").contains(".png?");
            // One colour scale: every tile carries the legend's maximum.
            assertThat(param(src, "max")).isEqualTo(max);
            assertThat(param(src, "type").split(",")).containsExactlyInAnyOrder(allTypes.split(","));
            assertThat(((Number) tile.get("width")).intValue()).isEqualTo(256);
        }
        // The sample district's 400 features colour part of the view, and only part of it.
        long coloured = tiles.stream().filter(tile -> ((Number) tile.get("opaque")).intValue() > 0).count();
        assertThat(coloured).isPositive();
        long opaquePixels = tiles.stream().mapToLong(tile -> ((Number) tile.get("opaque")).longValue()).sum();
        assertThat(opaquePixels).isLessThan(tiles.size() * 256L * 256L);

        // A tile fetched from within the page is a PNG.
        @SuppressWarnings("unchecked")
        List<Object> fetched = (List<Object>) driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then(async (r) => done([r.headers.get('Content-Type'),
                  [...new Uint8Array(await r.arrayBuffer()).slice(0, 8)]]));""", tiles.get(0).get("src"));
        assertThat(fetched.get(0)).isEqualTo("image/png");
        assertThat(((List<?>) fetched.get(1)).stream().map(n -> ((Number) n).intValue()).toList())
                .containsExactly(137, 80, 78, 71, 13, 10, 26, 10);

        assertLegendShows(legend);
        assertThat(legendText()).contains("密度", "200 米");
        // The layer control follows the sidebar switch.
        assertThat(driver.findElement(By.cssSelector(".leaflet-control-layers")).getText()).contains("密度热力图");
    }

    @Test
    @Order(2)
    void movingTheRadiusSliderChangesTheTileUrlsAndTheLegend() throws Exception {
        WebElement radius = driver.findElement(By.cssSelector("#heatmap-panel input[name=heatmap-radius]"));
        for (int i = 0; i < 4; i++) radius.sendKeys(Keys.ARROW_RIGHT); // 200 m + 4 steps of 50 m
        assertThat(radius.getAttribute("value")).isEqualTo("400");
        assertThat(driver.findElement(By.cssSelector("#heatmap-panel")).getText()).contains("核半径：400 米");

        List<Map<String, Object>> tiles = waitForTiles("radius=400");
        assertThat(tiles).allSatisfy(tile -> assertThat((String) tile.get("src")).doesNotContain("radius=200"));
        JsonNode legend = JSON.readTree(get("/api/heatmap/legend?type=" + allTypes + "&radius=400"));
        JsonNode before = JSON.readTree(get("/api/heatmap/legend?type=" + allTypes + "&radius=200"));
        // A wider kernel spreads the same features thinner: the scale's top drops.
        assertThat(legend.path("max").asDouble()).isLessThan(before.path("max").asDouble());
        wait.until(d -> legendText().contains("400 米"));
        assertLegendShows(legend);
    }

    @Test
    @Order(3)
    void clickingAPeakOpensItsDensityAndGrid() throws Exception {
        JsonNode spots = JSON.readTree(get("/api/heatmap/hotspots?type=" + allTypes + "&radius=400&limit=10"));
        assertThat(spots.size()).isPositive();
        wait.until(d -> driver.findElements(By.cssSelector(PEAK_MARKERS)).size() == spots.size());
        JsonNode first = spots.get(0);
        WebElement marker = driver.findElements(By.cssSelector(PEAK_MARKERS)).stream()
                .filter(m -> "密度峰值 #1".equals(m.getDomAttribute("title"))).findFirst().orElseThrow();
        // The marker sits where the API puts the peak.
        double[] at = js("var p = window.gridwatch.map.latLngToContainerPoint([arguments[1], arguments[0]]);"
                + " var r = document.getElementById('map').getBoundingClientRect(); return [p.x + r.left, p.y + r.top];",
                first.path("lon").asDouble(), first.path("lat").asDouble());
        var rect = marker.getRect();
        assertThat(rect.getX() + rect.getWidth() / 2.0).isCloseTo(at[0], within(2.0));
        assertThat(rect.getY() + rect.getHeight() / 2.0).isCloseTo(at[1], within(2.0));

        marker.click();
        WebElement popup = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".heatmap-peak-popup")));
        assertThat(popup.getText()).contains("密度峰值 #1", density(first.path("densityPerKm2").asDouble()) + " 个/平方公里");
        if (!first.path("gridCode").isNull()) assertThat(popup.getText()).contains(first.path("gridCode").asString());
        HeadlessChromium.screenshot(driver, "map-heatmap.png");
        HeadlessChromium.closePopup(driver, wait);
    }

    @Test
    @Order(4)
    void typesTimeWindowAndOpacityReachTheTiles() throws Exception {
        // Only stagnant water.
        for (WebElement box : driver.findElements(By.cssSelector("#heatmap-panel input[name=heatmap-type]"))) {
            if (!box.getAttribute("value").equals("stagnant_water")) box.click();
        }
        List<Map<String, Object>> tiles = waitForTiles("type=stagnant_water&");
        assertThat(tiles).allSatisfy(tile -> assertThat(param((String) tile.get("src"), "type")).isEqualTo("stagnant_water"));

        // The last 8 weeks only: the start slider moves to week 44 of 52.
        WebElement from = driver.findElement(By.cssSelector("#heatmap-panel input[name=heatmap-from]"));
        from.sendKeys(Keys.END);
        for (int i = 0; i < 51 - 44; i++) from.sendKeys(Keys.ARROW_LEFT);
        assertThat(from.getAttribute("value")).isEqualTo("44");
        tiles = waitForTiles("from=");
        String fromText = param((String) tiles.get(0).get("src"), "from");
        double weeksBack = Duration.between(java.time.Instant.parse(fromText), java.time.Instant.now()).toHours() / (24.0 * 7);
        assertThat(weeksBack).isBetween(7.0, 8.0);
        assertThat(param((String) tiles.get(0).get("src"), "to")).isNull();
        // The window starts at a midnight of the district (Asia/Shanghai by default), the day the label names.
        java.time.ZonedDateTime start = java.time.Instant.parse(fromText).atZone(java.time.ZoneId.of("Asia/Shanghai"));
        assertThat(start.toLocalTime()).isEqualTo(java.time.LocalTime.MIDNIGHT);
        assertThat(driver.findElement(By.cssSelector("#heatmap-panel")).getText()).contains("起：" + start.toLocalDate(), "止：至今");
        JsonNode legend = JSON.readTree(get("/api/heatmap/legend?type=stagnant_water&radius=400&from=" + fromText));
        assertLegendShows(legend);

        WebElement opacity = driver.findElement(By.cssSelector("#heatmap-panel input[name=heatmap-opacity]"));
        for (int i = 0; i < 5; i++) opacity.sendKeys(Keys.ARROW_LEFT); // 75 % - 5 steps of 5
        assertThat(driver.findElement(By.cssSelector(".heatmap-tiles")).getCssValue("opacity")).isEqualTo("0.5");

        // No type at all: nothing asked, the legend says what is missing.
        driver.findElement(By.cssSelector("#heatmap-panel input[name=heatmap-type][value=stagnant_water]")).click();
        wait.until(d -> legendText().contains("请至少选择一种点位类型"));
        waitIdle();
        assertThat(driver.findElements(By.cssSelector(".leaflet-heatmap-pane img"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector(PEAK_MARKERS))).isEmpty();

        // Off again: tiles, peaks and legend go.
        driver.findElement(By.cssSelector("#heatmap-panel input[name=heatmap-show]")).click();
        waitIdle();
        assertThat(driver.findElements(By.cssSelector(".leaflet-heatmap-pane img"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector(PEAK_MARKERS))).isEmpty();
        assertThat(driver.findElements(By.cssSelector(".heatmap-legend"))).isEmpty();
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** Waits until every heatmap tile on the page has loaded and has {@code urlPart} in its URL; returns them. */
    private List<Map<String, Object>> waitForTiles(String urlPart) {
        wait.withMessage(() -> "heatmap tiles with " + urlPart + " expected; page shows " + tiles()
                + ", toast: " + driver.findElement(By.id("toast")).getText()).until(d -> {
            List<Map<String, Object>> tiles = tiles();
            return !tiles.isEmpty() && tiles.stream().allMatch(tile -> Boolean.TRUE.equals(tile.get("loaded"))
                    && ((String) tile.get("src")).contains(urlPart));
        });
        waitIdle();
        return tiles();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> tiles() {
        return (List<Map<String, Object>>) driver.executeScript(TILES_SCRIPT);
    }

    /** The legend's rows show the API's breaks, highest first, as numbers a user reads. */
    private void assertLegendShows(JsonNode legend) {
        List<Double> values = new ArrayList<>();
        legend.path("breaks").forEach(b -> values.add(b.path("value").asDouble()));
        wait.until(d -> {
            List<WebElement> rows = driver.findElements(By.cssSelector(".heatmap-legend .heatmap-break"));
            return rows.size() == values.size()
                    && Math.abs(Double.parseDouble(rows.get(0).getAttribute("data-value")) - values.get(values.size() - 1)) < 1e-9;
        });
        List<WebElement> rows = driver.findElements(By.cssSelector(".heatmap-legend .heatmap-break"));
        for (int i = 0; i < rows.size(); i++) {
            double expected = values.get(values.size() - 1 - i);
            assertThat(Double.parseDouble(rows.get(i).getAttribute("data-value"))).isCloseTo(expected, within(1e-9));
            assertThat(rows.get(i).getText()).isEqualTo(density(expected));
        }
        assertThat(legend.path("max").asDouble()).isPositive();
    }

    private String legendText() {
        return driver.findElement(By.cssSelector(".heatmap-legend")).getText();
    }

    /** A density as the page writes it: one decimal below 10, whole numbers above, thousands grouped. */
    private static String density(double value) {
        DecimalFormat format = new DecimalFormat(value < 10 ? "#,##0.#" : "#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setRoundingMode(RoundingMode.HALF_UP);
        return format.format(value);
    }

    private static String param(String url, String name) {
        String query = url.substring(url.indexOf('?') + 1);
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (pair.substring(0, eq).equals(name)) return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
        return null;
    }

    /** The map idle, and no heatmap tile still on its way. */
    private void waitIdle() {
        HeadlessChromium.waitIdle(wait, HeadlessChromium.MAP_IDLE + " && !window.gridwatch.stats().heatmapTilesLoading", 150);
    }

    private double[] js(String script, Object... args) {
        return HeadlessChromium.numbers(driver, script, args);
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }
}
