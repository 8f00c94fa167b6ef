package org.gridwatch.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gridwatch.geo.GeoJsonReader;
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
import org.locationtech.jts.geom.Geometry;
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
 * Issue 18, "a map people can read", done the way a person does it: pointer clicks at screen positions
 * and typed text on the sample district, at 1366×768 and a second window size per item, one service and
 * one browser for the class. The map's test handle is only read (where markers are drawn, which grid is
 * outlined). Screenshots go to target/readable-map-*.png.
 */
@ServiceBrowserTest
class ReadableMapBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * A point inside the polygon ring (lon/lat) given as arguments[0], in map-container pixels, where a
     * click reaches the grid: on the map's canvas (no control, marker or bubble there), at least 20 px
     * from every drawn marker and bubble and 6 px inside the outline. Null when none is in view.
     */
    private static final String FREE_POINT_IN = """
            const ring = arguments[0], m = window.gridwatch.map, box = m.getContainer().getBoundingClientRect();
            const pts = ring.map(([lon, lat]) => m.latLngToContainerPoint([lat, lon]));
            const drawn = window.gridwatch.ctx.layers.features.drawn();
            const taken = drawn.markers.map((d) => d.at).concat(drawn.bubbles.map((d) => d.at));
            const inside = (x, y) => { let c = false; for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
              const a = pts[i], b = pts[j];
              if ((a.y > y) !== (b.y > y) && x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x) c = !c; } return c; };
            const edge = (x, y) => { let d = Infinity; for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
              const a = pts[i], b = pts[j], dx = b.x - a.x, dy = b.y - a.y, l = dx * dx + dy * dy;
              const t = l ? Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / l)) : 0;
              d = Math.min(d, Math.hypot(x - a.x - t * dx, y - a.y - t * dy)); } return d; };
            const xs = pts.map((p) => p.x), ys = pts.map((p) => p.y);
            const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
            let best = null, bestScore = -1;
            for (let i = 1; i < 16; i++) for (let j = 1; j < 16; j++) {
              const x = x0 + (x1 - x0) * i / 16, y = y0 + (y1 - y0) * j / 16;
              if (x < 4 || y < 4 || x > box.width - 4 || y > box.height - 4 || !inside(x, y) || edge(x, y) < 6) continue;
              const near = Math.min(Infinity, ...taken.map(([tx, ty]) => Math.hypot(tx - x, ty - y)));
              if (near < 20) continue;
              const hit = document.elementFromPoint(box.left + x, box.top + y);
              if (!hit || hit.tagName !== 'CANVAS') continue;
              const score = Math.min(near, edge(x, y) * 3);
              if (score > bestScore) { bestScore = score; best = [x, y]; }
            }
            return best;""";

    /** A drawn marker of type arguments[0] that a click reaches (on screen, on the canvas), as [x, y]; or null. */
    private static final String VISIBLE_MARKER = """
            const m = window.gridwatch.map, box = m.getContainer().getBoundingClientRect();
            for (const d of window.gridwatch.ctx.layers.features.drawn().markers) {
              if (d.type !== arguments[0]) continue;
              const [x, y] = d.at;
              if (x < 10 || y < 10 || x > box.width - 10 || y > box.height - 10) continue;
              const hit = document.elementFromPoint(box.left + x, box.top + y);
              if (hit && hit.tagName === 'CANVAS') return [x, y];
            }
            return null;""";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerSampleDistrict(registry);
    }

    @LocalServerPort
    int port;

    private ChromeDriver driver;
    private WebDriverWait wait;
    private Path downloads;
    private final HttpClient http = TestIdentity.adminHttpClient();

    @BeforeAll
    void startBrowser() throws Exception {
        downloads = Path.of("target", "readable-map-downloads");
        driver = HeadlessChromium.start(HeadlessChromium.downloadingInto(downloads));
        driver.manage().window().setSize(new Dimension(1366, 768));
        HeadlessChromium.signIn(driver, base());
        wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(60));
    }

    @AfterAll
    void stopBrowser() {
        if (driver != null) driver.quit();
    }

    private String base() {
        return "http://localhost:" + port + "/";
    }

    private JsonNode api(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept-Language", "zh-CN").GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private void open(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        HeadlessChromium.openMap(driver, wait, base());
    }

    private void idle() {
        HeadlessChromium.pause(350); // a zoom or pan animation ends before its loads start
        HeadlessChromium.waitMapIdle(wait);
    }

    private void press(WebElement control) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", control);
        new Actions(driver).moveToElement(control).pause(Duration.ofMillis(30)).click().perform();
    }

    private Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> drawn() {
        return (Map<String, Object>) script("return window.gridwatch.ctx.layers.features.drawn()");
    }

    /** Types the grid's code into the search box and clicks the answer: the map zooms to the grid. */
    private void searchTo(String code) {
        WebElement search = driver.findElement(By.id("search"));
        press(search);
        search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        search.sendKeys(code);
        WebElement hit = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#search-results li[data-kind=grid][data-id='" + code + "']")));
        press(hit);
        idle();
    }

    private JsonNode ringOf(JsonNode grid) {
        JsonNode g = grid.path("geometry");
        return g.path("type").asString().equals("MultiPolygon") ? g.path("coordinates").get(0).get(0) : g.path("coordinates").get(0);
    }

    private double[] freePointIn(JsonNode grid) {
        Object p = script(FREE_POINT_IN, JSON.convertValue(ringOf(grid), List.class));
        assertThat(p).as("a free spot inside grid %s on screen", grid.path("properties").path("code").asString()).isNotNull();
        @SuppressWarnings("unchecked")
        List<Number> xy = (List<Number>) p;
        return new double[]{xy.get(0).doubleValue(), xy.get(1).doubleValue()};
    }

    private void clickGrid(JsonNode grid) {
        double[] p = freePointIn(grid);
        HeadlessChromium.clickMapAtContainerPoint(driver, p[0], p[1]);
    }

    private JsonNode grid(String code) throws Exception {
        return api("/api/grids/" + code);
    }

    /** A small grid holding a sewer well, the one the tests look at. */
    private String gridWithWell() throws Exception {
        JsonNode wells = api("/api/features?type=sewer_well&limit=50");
        for (JsonNode f : wells.path("features")) {
            String code = f.path("properties").path("gridCode").asString();
            if (code != null && !code.isBlank()) return code;
        }
        throw new AssertionError("no sewer well in a grid");
    }

    // --- 7. a normal session leaves the console clean --------------------------------------------------

    @Test
    @Order(1)
    void aNormalSessionLogsNoConsoleError() throws Exception {
        open(1366, 768);
        // pan with the pointer
        WebElement map = driver.findElement(By.id("map"));
        new Actions(driver).moveToElement(map, -100, 40).clickAndHold().moveByOffset(80, -30).moveByOffset(80, -30)
                .release().perform();
        idle();
        // zoom with the + button
        press(driver.findElement(By.cssSelector(".leaflet-control-zoom-in")));
        idle();
        // open a grid's popup
        String code = gridWithWell();
        searchTo(code);
        clickGrid(grid(code));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".grid-popup .grid-summary h4")));
        // switch language and back
        press(driver.findElement(By.id("lang-switch")));
        HeadlessChromium.waitReady(wait);
        idle();
        assertThat(driver.findElement(By.id("lang-switch")).getText()).isEqualTo("中文");
        searchTo(code);
        clickGrid(grid(code));
        WebElement heading = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".grid-popup .grid-summary h4")));
        assertThat(heading.getText()).startsWith("Features");
        press(driver.findElement(By.id("lang-switch")));
        HeadlessChromium.waitReady(wait);
        idle();
        HeadlessChromium.screenshot(driver, "readable-map-console-session.png");
        assertThat(HeadlessChromium.severeConsoleMessages(driver)).as("console errors during the session").isEmpty();
    }

    // --- 1. symbols -----------------------------------------------------------------------------------

    /** sRGB to linear, a 3×3 colour-vision-deficiency matrix (Machado et al. 2009, severity 1), back to sRGB. */
    private static double[] simulate(String hex, double[][] m) {
        double[] lin = new double[3];
        for (int i = 0; i < 3; i++) {
            double c = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            lin[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        }
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = m == null ? lin[i] : m[i][0] * lin[0] + m[i][1] * lin[1] + m[i][2] * lin[2];
            v = Math.max(0, Math.min(1, v));
            out[i] = 255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055);
        }
        return out;
    }

    private static final Map<String, double[][]> VISION = Map.of(
            "protanopia", new double[][]{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}},
            "deuteranopia", new double[][]{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}},
            "tritanopia", new double[][]{{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}});

    @ParameterizedTest(name = "{0}×{1}")
    @Order(2)
    @CsvSource({"1366,768", "390,844"})
    void everyFeatureTypeHasItsOwnShapeAndAColourBlindSafeColour(int width, int height) throws Exception {
        open(width, height);
        WebElement toggle = driver.findElement(By.cssSelector(".legend-toggle"));
        if ("false".equals(toggle.getDomAttribute("aria-expanded"))) press(toggle);
        @SuppressWarnings("unchecked")
        List<Map<String, String>> rows = (List<Map<String, String>>) script("""
                return [...document.querySelectorAll('.legend .legend-row')].filter((r) => r.querySelector('svg'))
                  .map((r) => ({ label: r.textContent.trim(), shape: r.querySelector('svg').dataset.shape,
                    fill: r.querySelector('svg g').getAttribute('fill') }));""");
        int types = api("/api/feature-types").size();
        assertThat(rows).as("one legend row per feature type").hasSize(types);
        Set<String> shapes = new HashSet<>();
        for (Map<String, String> r : rows) assertThat(shapes.add(r.get("shape"))).as("shape of %s is its own", r.get("label")).isTrue();
        for (int i = 0; i < rows.size(); i++) {
            for (int j = i + 1; j < rows.size(); j++) {
                for (String vision : List.of("normal", "protanopia", "deuteranopia", "tritanopia")) {
                    double[][] m = VISION.get(vision);
                    double d = dist(simulate(rows.get(i).get("fill"), m), simulate(rows.get(j).get("fill"), m));
                    assertThat(d).as("%s vs %s in %s vision", rows.get(i).get("label"), rows.get(j).get("label"), vision)
                            .isGreaterThan(25);
                }
            }
        }
        String well = rows.stream().filter(r -> r.get("label").equals("窨井")).findFirst().orElseThrow().get("shape");
        String rodent = rows.stream().filter(r -> r.get("label").startsWith("鼠洞")).findFirst().orElseThrow().get("shape");
        assertThat(well).isNotEqualTo(rodent);
        HeadlessChromium.screenshot(driver, "readable-map-legend-" + width + "x" + height + ".png");

        // On the map: a well clicked with the pointer opens a popup with the legend's symbol.
        List<Number> at = null;
        for (JsonNode f : api("/api/features?type=sewer_well&limit=10").path("features")) {
            String code = f.path("properties").path("gridCode").asString();
            if (code == null || code.isBlank()) continue;
            searchTo(code);
            @SuppressWarnings("unchecked")
            List<Number> found = (List<Number>) script(VISIBLE_MARKER, "sewer_well");
            if (found != null) { at = found; break; }
        }
        assertThat(at).as("a sewer well drawn on its own in view").isNotNull();
        HeadlessChromium.clickMapAtContainerPoint(driver, at.get(0).doubleValue(), at.get(1).doubleValue());
        WebElement header = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".feature-popup h3")));
        assertThat(header.getText()).contains("窨井");
        assertThat(header.findElement(By.tagName("svg")).getDomAttribute("data-shape")).isEqualTo(well);
        HeadlessChromium.screenshot(driver, "readable-map-well-" + width + "x" + height + ".png");
    }

    private static double dist(double[] a, double[] b) {
        return Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
    }

    @ParameterizedTest(name = "{0}×{1}")
    @Order(3)
    @CsvSource({"1366,768"})
    void heatmapPeaksAreRingsNotNumberedStops(int width, int height) throws Exception {
        open(width, height);
        WebElement label = driver.findElements(By.cssSelector(".leaflet-control-layers-overlays label")).stream()
                .filter(l -> l.getText().trim().equals("密度热力图")).findFirst().orElseThrow();
        driver.executeScript("arguments[0].scrollIntoView({block: 'nearest'});", label);
        new Actions(driver).moveToElement(label).pause(Duration.ofMillis(30)).click().perform();
        wait.until(d -> ((Number) HeadlessChromium.mapStats(driver, wait).get("heatmapPeaks")).intValue() > 0);
        List<WebElement> peaks = driver.findElements(By.cssSelector("#map .leaflet-marker-pane .heatmap-peak"));
        assertThat(peaks).isNotEmpty();
        for (WebElement peak : peaks) {
            assertThat(peak.getText()).as("a peak carries no number (route stops do)").isEmpty();
            assertThat(peak.getCssValue("background-color")).isEqualTo("rgba(0, 0, 0, 0)");
        }
        assertThat(driver.findElement(By.cssSelector(".heatmap-legend .heatmap-peak-row")).getText()).contains("密度峰值");
        new Actions(driver).moveToElement(peaks.get(0)).pause(Duration.ofMillis(30)).click().perform();
        WebElement popup = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".heatmap-peak-popup h3")));
        assertThat(popup.getText()).startsWith("密度峰值");
        HeadlessChromium.screenshot(driver, "readable-map-peaks-" + width + "x" + height + ".png");
    }

    // --- 2. clusters until the markers can be told apart -----------------------------------------------

    @ParameterizedTest(name = "{0}×{1}")
    @Order(4)
    @CsvSource({"1366,768"})
    @SuppressWarnings("unchecked")
    void atDistrictZoomNearbyFeaturesAreCountBubblesUntilZoomedApart(int width, int height) throws Exception {
        open(width, height);
        double[] view = HeadlessChromium.numbers(driver,
                "const b = window.gridwatch.map.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth(), window.gridwatch.map.getZoom()];");
        int inView = api("/api/features?limit=5001&properties=type&bbox=" + view[0] + "," + view[1] + "," + view[2] + "," + view[3])
                .path("features").size();
        assertThat(inView).as("the sample district's features in view").isGreaterThan(500);
        Map<String, Object> d = drawn();
        List<Map<String, Object>> markers = (List<Map<String, Object>>) d.get("markers");
        List<Map<String, Object>> bubbles = (List<Map<String, Object>>) d.get("bubbles");
        int inBubbles = bubbles.stream().mapToInt(b -> ((Number) b.get("count")).intValue()).sum();
        assertThat(markers.size() + inBubbles).as("every feature is drawn or counted once").isEqualTo(inView);
        assertThat(bubbles).isNotEmpty();
        assertThat(closestPair(markers)).as("px between the two closest markers").isGreaterThanOrEqualTo(20);
        HeadlessChromium.screenshot(driver, "readable-map-clusters-" + width + "x" + height + ".png");

        // A bubble clicked with the pointer zooms in by two levels around it; there more stand alone.
        Map<String, Object> biggest = bubbles.stream().max((a, b) -> Integer.compare(((Number) a.get("count")).intValue(),
                ((Number) b.get("count")).intValue())).orElseThrow();
        List<Number> at = (List<Number>) biggest.get("at");
        HeadlessChromium.clickMapAtContainerPoint(driver, at.get(0).doubleValue(), at.get(1).doubleValue());
        wait.until(x -> HeadlessChromium.numbers(driver, "return [window.gridwatch.map.getZoom()];")[0] >= view[4] + 2);
        idle();
        Map<String, Object> closer = drawn();
        List<Map<String, Object>> closerMarkers = (List<Map<String, Object>>) closer.get("markers");
        // Below street zoom 18 (from there every feature is drawn, see feature-layer.js) markers stay apart.
        if (HeadlessChromium.numbers(driver, "return [window.gridwatch.map.getZoom()];")[0] < 18) {
            assertThat(closestPair(closerMarkers)).isGreaterThanOrEqualTo(20);
        }
        double share = (double) closerMarkers.size() / Math.max(1, closerMarkers.size()
                + ((List<Map<String, Object>>) closer.get("bubbles")).stream().mapToInt(b -> ((Number) b.get("count")).intValue()).sum());
        assertThat(share).as("share drawn on their own after zooming in").isGreaterThan((double) markers.size() / inView);
        HeadlessChromium.screenshot(driver, "readable-map-clusters-zoomed-" + width + "x" + height + ".png");
    }

    @SuppressWarnings("unchecked")
    private static double closestPair(List<Map<String, Object>> markers) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < markers.size(); i++) {
            List<Number> a = (List<Number>) markers.get(i).get("at");
            for (int j = i + 1; j < markers.size(); j++) {
                List<Number> b = (List<Number>) markers.get(j).get("at");
                best = Math.min(best, Math.hypot(a.get(0).doubleValue() - b.get(0).doubleValue(), a.get(1).doubleValue() - b.get(1).doubleValue()));
            }
        }
        return best;
    }

    // --- 3. a grid's popup ----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}×{1}")
    @Order(5)
    @CsvSource({"1366,768", "390,844"})
    void clickingASmallGridOutlinesItAndSummarisesIt(int width, int height) throws Exception {
        open(width, height);
        String code = gridWithWell();
        JsonNode grid = grid(code);
        JsonNode summary = api("/api/grids/" + code + "/summary");
        searchTo(code);
        clickGrid(grid);
        WebElement popup = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".grid-popup .grid-summary h4")))
                .findElement(By.xpath("ancestor::div[contains(@class, 'grid-popup')]"));
        @SuppressWarnings("unchecked")
        Map<String, Object> outlined = (Map<String, Object>) script("return window.gridwatch.ctx.layers.grids.highlighted()");
        assertThat(outlined.get("code")).isEqualTo(code);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> styles = (List<Map<String, Object>>) outlined.get("style");
        assertThat(styles).allSatisfy(s -> assertThat(s.get("dashArray")).as("a solid outline, not a dashed box").isNull());
        assertThat(((Number) styles.get(styles.size() - 1).get("weight")).intValue()).isGreaterThanOrEqualTo(3);

        // The popup pans the map to fit; until that ends its heading can still lie beyond the map's edge.
        idle();
        wait.until(ExpectedConditions.visibilityOf(popup.findElement(By.tagName("h3"))));
        String text = popup.getText();
        assertThat(text).contains(code);
        for (JsonNode f : summary.path("features")) {
            String key = f.path("type").asString();
            WebElement li = popup.findElement(By.cssSelector(".grid-summary-types li[data-type=" + key + "]"));
            assertThat(li.getDomProperty("textContent").trim()).endsWith(" " + f.path("count").asLong());
        }
        assertThat(summary.path("features").size()).isGreaterThan(0);
        assertThat(text).contains("毒饵站覆盖率").contains(Math.round(summary.at("/baitCoverage/coveredShare").asDouble() * 100) + "%");
        assertThat(text).contains("病媒密度等级").contains("鼠 ");
        assertThat(text).contains("未办结案件");
        assertThat(text).contains(grid.at("/properties/responsiblePerson").asString());
        assertThat(popup.findElement(By.cssSelector(".grid-summary-phone a")).getText()).isEqualTo(grid.at("/properties/phone").asString());
        HeadlessChromium.screenshot(driver, "readable-map-grid-popup-" + width + "x" + height + ".png");
        // Escape (the map has the focus since the click) closes the popup and takes the outline away.
        new Actions(driver).sendKeys(Keys.ESCAPE).perform();
        wait.until(x -> script("return window.gridwatch.ctx.layers.grids.highlighted()") == null);
    }

    @Test
    @Order(6)
    void theSummaryGivesThePhoneToStaffOnly() throws Exception {
        String code = gridWithWell();
        String user = "{\"username\":\"readable.viewer\",\"password\":\"viewer-password-18\",\"roles\":[\"viewer\"]}";
        assertThat(TestIdentity.send(http, port, "POST", "/api/users", user).statusCode()).isEqualTo(201);
        HttpResponse<String> asViewer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/grids/" + code + "/summary"))
                .header("Authorization", TestIdentity.basicHeader("readable.viewer", "viewer-password-18")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(asViewer.statusCode()).isEqualTo(200);
        JsonNode viewer = JSON.readTree(asViewer.body());
        assertThat(viewer.has("phone")).as("a viewer reads no phone number").isFalse();
        assertThat(viewer.path("responsiblePerson").asString()).isNotBlank();
        assertThat(api("/api/grids/" + code + "/summary").path("phone").asString()).isNotBlank();
        HttpResponse<String> unknown = TestIdentity.send(http, port, "GET", "/api/grids/NO-SUCH-GRID/summary", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    // --- 4 and 6. codes suggested, merge and split by clicks, no English or developer words --------------

    @ParameterizedTest(name = "{0}×{1}")
    @Order(7)
    @CsvSource({"1920,1080"})
    void aNewGridIsOfferedTheNextFreeCodeAndAnEmptyCodeIsExplainedPlainly(int width, int height) throws Exception {
        open(width, height);
        String code = gridWithWell();
        searchTo(code);
        // Draw a rectangle with the pointer (its centre decides the parent large grid).
        press(driver.findElement(By.cssSelector(".leaflet-draw-draw-rectangle")));
        double[] p = freePointIn(grid(code));
        WebElement map = driver.findElement(By.id("map"));
        int dx = (int) Math.round(p[0] - map.getSize().getWidth() / 2.0), dy = (int) Math.round(p[1] - map.getSize().getHeight() / 2.0);
        new Actions(driver).moveToElement(map, dx - 15, dy - 15).clickAndHold().moveByOffset(15, 15).moveByOffset(15, 15)
                .release().perform();
        WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#grid-panel form.grid-form")));
        String parent = grid(code).at("/properties/parentCode").asString();
        String expected = api("/api/grid-codes/next?parent=" + parent).path("code").asString();
        WebElement codeInput = form.findElement(By.name("code"));
        wait.until(x -> expected.equals(codeInput.getDomProperty("value")));
        assertThat(expected).matches(Pattern.quote(parent) + "-\\d{3}");
        assertThat(api("/api/grids?level=small&parent=" + parent).toString()).doesNotContain("\"" + expected + "\"");

        // The planner empties the code and saves: the reason reads as Chinese for people, no field names, no "null".
        press(codeInput);
        codeInput.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        form.findElement(By.name("name")).sendKeys("新网格");
        press(form.findElement(By.cssSelector("[data-action=grid-save]")));
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#grid-panel .form-error")));
        assertThat(error.getText()).isEqualTo("请填写网格编码").doesNotContain("null").doesNotContainPattern("[A-Za-z]");
        // A large grid is offered the next large code.
        new Select(form.findElement(By.name("level"))).selectByValue("large");
        String nextLarge = api("/api/grid-codes/next").path("code").asString();
        wait.until(x -> nextLarge.equals(codeInput.getDomProperty("value")));
        HeadlessChromium.screenshot(driver, "readable-map-grid-code-" + width + "x" + height + ".png");
        press(form.findElement(By.cssSelector("[data-action=grid-cancel]")));
    }

    /** Two small grids of one parent that share an edge: the first holds a well. */
    private String[] neighbours() throws Exception {
        String code = gridWithWell();
        JsonNode a = grid(code);
        Geometry ga = GeoJsonReader.geometry(a.get("geometry"));
        for (JsonNode f : api("/api/grids?level=small&parent=" + a.at("/properties/parentCode").asString()).path("features")) {
            String other = f.path("properties").path("code").asString();
            if (other.equals(code)) continue;
            Geometry gb = GeoJsonReader.geometry(f.get("geometry"));
            if (ga.intersection(gb).getLength() > 20 * 1e-5) return new String[]{code, other};
        }
        throw new AssertionError("no neighbour of " + code);
    }

    @ParameterizedTest(name = "{0}×{1}")
    @Order(8)
    @CsvSource({"1366,768"})
    void mergeTakesItsGridsByClicksOnTheMap(int width, int height) throws Exception {
        open(width, height);
        String[] pair = neighbours();
        searchTo(pair[0]);
        WebElement panel = driver.findElement(By.id("planning-panel"));
        new Select(panel.findElement(By.name("planningTool"))).selectByValue("merge");
        assertThat(panel.findElements(By.cssSelector("input[name=planningCodes]"))).as("no codes to type").isEmpty();
        press(panel.findElement(By.cssSelector("[data-action=planning-pick]")));
        clickGrid(grid(pair[0]));
        wait.until(x -> panel.findElements(By.cssSelector(".planning-picked-list li[data-code]")).size() == 1);
        clickGrid(grid(pair[1]));
        wait.until(x -> panel.findElements(By.cssSelector(".planning-picked-list li[data-code]")).size() == 2);
        assertThat(driver.findElements(By.cssSelector(".grid-popup"))).as("picking opens no popup").isEmpty();
        List<String> picked = panel.findElements(By.cssSelector(".planning-picked-list li[data-code]")).stream()
                .map(li -> li.getDomAttribute("data-code")).toList();
        assertThat(picked).containsExactly(pair[0], pair[1]);
        press(panel.findElement(By.cssSelector("[data-action=planning-propose]")));
        wait.until(x -> ((Number) HeadlessChromium.mapStats(driver, wait).get("planningGrids")).intValue() > 0);
        assertThat(panel.findElement(By.cssSelector(".planning-summary")).getText()).isNotBlank();
        HeadlessChromium.screenshot(driver, "readable-map-merge-" + width + "x" + height + ".png");
        press(panel.findElement(By.cssSelector("[data-action=planning-discard]")));
    }

    @ParameterizedTest(name = "{0}×{1}")
    @Order(9)
    @CsvSource({"1366,768", "1920,1080"})
    void splitTakesItsGridByAClickAndTheLineToolSpeaksChinese(int width, int height) throws Exception {
        open(width, height);
        // Nothing Leaflet.draw can show is left in English.
        @SuppressWarnings("unchecked")
        List<String> english = (List<String>) script("""
                const out = []; const walk = (n, p) => { for (const [k, v] of Object.entries(n)) {
                  if (v && typeof v === 'object') walk(v, p + k + '.');
                  else if (typeof v === 'string' && /[A-Za-z]/.test(v.replace(/<\\/?strong>/g, ''))) out.push(p + k + ': ' + v); } };
                walk(L.drawLocal, ''); return out;""");
        assertThat(english).isEmpty();

        String code = gridWithWell();
        JsonNode grid = grid(code);
        searchTo(code);
        WebElement panel = driver.findElement(By.id("planning-panel"));
        new Select(panel.findElement(By.name("planningTool"))).selectByValue("split");
        press(panel.findElement(By.cssSelector("[data-action=planning-pick]")));
        clickGrid(grid);
        wait.until(x -> panel.findElements(By.cssSelector(".planning-picked-list li[data-code]")).size() == 1);
        assertThat(panel.findElement(By.cssSelector(".planning-picked-list li[data-code]")).getDomAttribute("data-code")).isEqualTo(code);
        press(panel.findElement(By.cssSelector("[data-action=planning-propose]")));

        // The line across the grid, left of it to right of it at its middle, with the pointer.
        double[] box = HeadlessChromium.numbers(driver, """
                const m = window.gridwatch.map; const ring = arguments[0];
                const pts = ring.map(([lon, lat]) => m.latLngToContainerPoint([lat, lon]));
                const xs = pts.map((p) => p.x), ys = pts.map((p) => p.y);
                return [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];""",
                JSON.convertValue(ringOf(grid), List.class));
        double y = (box[2] + box[3]) / 2;
        HeadlessChromium.clickMapAtContainerPoint(driver, box[0] - 25, y);
        // Leaflet.draw's hint beside the pointer (hidden again as soon as the pointer stands still).
        WebElement tooltip = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".leaflet-draw-tooltip")));
        assertThat(tooltip.getDomProperty("textContent")).isEqualTo("点击继续画线。");
        HeadlessChromium.screenshot(driver, "readable-map-split-line-" + width + "x" + height + ".png");
        HeadlessChromium.pause(400);
        HeadlessChromium.clickMapAtContainerPoint(driver, box[1] + 25, y);
        HeadlessChromium.pause(400);
        HeadlessChromium.clickMapAtContainerPoint(driver, box[1] + 25, y);
        wait.until(x -> ((Number) HeadlessChromium.mapStats(driver, wait).get("planningGrids")).intValue() == 2);
        HeadlessChromium.screenshot(driver, "readable-map-split-" + width + "x" + height + ".png");
        press(panel.findElement(By.cssSelector("[data-action=planning-discard]")));
    }

    // --- 5. GPX waypoints named by feature and type ----------------------------------------------------

    @ParameterizedTest(name = "{0}×{1}")
    @Order(10)
    @CsvSource({"390,844"})
    void gpxWaypointsAreNamedByTheFeaturesNameAndType(int width, int height) throws Exception {
        open(width, height);
        String code = gridWithWell();
        WebElement panel = driver.findElement(By.id("route-panel"));
        WebElement gridSelect = panel.findElement(By.name("routeGrid"));
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", gridSelect);
        new Actions(driver).moveToElement(gridSelect).perform();
        wait.until(d -> new Select(gridSelect).getOptions().size() > 1);
        new Select(gridSelect).selectByValue(code);
        press(panel.findElement(By.cssSelector("[data-action=route-plan]")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#route-panel .route-summary tr[data-key=length] td")));
        idle();
        Path gpxFile = downloads.resolve("route-" + code + ".gpx");
        Files.deleteIfExists(gpxFile);
        press(driver.findElement(By.cssSelector("[data-action=route-gpx]")));
        HeadlessChromium.waitFor(() -> Files.exists(gpxFile) && Files.size(gpxFile) > 0);
        String gpx = Files.readString(gpxFile, StandardCharsets.UTF_8);
        Set<String> labels = new HashSet<>();
        for (JsonNode t : api("/api/feature-types")) labels.add(t.path("labelZh").asString());
        Matcher names = Pattern.compile("<wpt [^>]*><name>([^<]*)</name>").matcher(gpx);
        List<String> found = new ArrayList<>();
        while (names.find()) found.add(names.group(1));
        assertThat(found).isNotEmpty();
        for (String name : found) {
            assertThat(name).as("waypoint name").doesNotContain("#");
            Matcher m = Pattern.compile("^\\d+\\. (.+)（(.+)）$").matcher(name);
            Matcher typeOnly = Pattern.compile("^\\d+\\. (.+)$").matcher(name);
            assertThat(m.matches() || typeOnly.matches() && labels.contains(typeOnly.group(1)))
                    .as("'%s' is 'n. name（type）' or, without a name, 'n. type'", name).isTrue();
            if (m.matches()) assertThat(labels).contains(m.group(2));
        }
        HeadlessChromium.screenshot(driver, "readable-map-route-" + width + "x" + height + ".png");
    }
}
