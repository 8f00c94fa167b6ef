package org.gridwatch.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.support.Shapes.lat;
import static org.gridwatch.support.Shapes.lon;
import static org.gridwatch.support.Shapes.point;
import static org.gridwatch.support.Shapes.rectangle;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Security issue 16, part 1: stored script. Every text a user can store (grid name, responsible person
 * and phone; feature name, address and attributes; feature type and inspection field labels; the
 * inspector and note of an inspection; the inspector of a patrol) is planted with markup that would run
 * script if any page parsed it as HTML. Then every page is opened and its panels, labels, tooltips and
 * popups shown with real pointer events, and the test asserts that no script ran (the payloads count in
 * {@code window.__xss}; alert/confirm/prompt count too), that every page answered with the
 * Content-Security-Policy, and that the browser reported no CSP violation while the pages did their work
 * (the map drew its grids, Swagger UI its operations, the OGC pages their maps).
 *
 * <p>Account names cannot carry markup (letters, digits and {@code . _ - @} only) and cases do not exist
 * yet, so neither is planted. The history keeps names only as JSON the pages do not show.
 */
@ServiceBrowserTest
@TestPropertySource(properties = "gridwatch.sample.enabled=false")
class StoredScriptBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final double BASE_LON = 114.2, BASE_LAT = 22.6;

    /** Markup that runs script when parsed as HTML: an image error handler, an SVG onload, a script URL. */
    static final String IMG = "<img src=x onerror=\"window.__xss=1\">";
    static final String SVG = "\"><svg onload=window.__xss=2>";
    static final String URL = "javascript:window.__xss=3";
    static final String ALL = "甲" + IMG + SVG;
    /** Short enough for a phone number (32 characters). Every payload fits the shortest column it goes to. */
    static final String SHORT = "<svg onload=alert(1)>";

    /**
     * Installed in every document before its own scripts: counts CSP violations and dialogs. Added by
     * the browser's devtools protocol, so the CSP does not apply to it.
     */
    private static final String WATCH = """
            window.__csp = [];
            document.addEventListener('securitypolicyviolation', (e) => {
              window.__csp.push(`${e.violatedDirective} ${e.blockedURI || ''} ${e.sourceFile || ''}:${e.lineNumber}:${e.columnNumber} ${e.sample || ''}`);
            });
            for (const name of ['alert', 'confirm', 'prompt']) {
              window[name] = () => { window.__xss = (window.__xss || 0) + 1; };
            }
            """;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = TestIdentity.adminHttpClient();
    private ChromeDriver driver;
    private WebDriverWait wait;
    private long checkedFeature, uncheckedFeature;

    @BeforeAll
    void plantPayloads() throws Exception {
        // A feature type whose labels, and whose inspection field's labels and options, carry markup.
        send("POST", "/api/feature-types", """
                {"key":"xss_type","labelZh":%s,"labelEn":%s,"symbol":"bin","color":"#123456","sortOrder":60}"""
                .formatted(json(ALL), json(SVG + IMG)), 201);
        send("PUT", "/api/feature-types/xss_type/inspection-fields", """
                [{"key":"state","kind":"enum","labelZh":%s,"labelEn":%s,"options":[{"value":"v1","labelZh":%s,"labelEn":%s}]},
                 {"key":"remark","kind":"text","labelZh":%s,"labelEn":%s}]"""
                .formatted(json(IMG), json(IMG), json(SVG), json(SVG), json(ALL), json(ALL)), 200);
        // A large grid and a small grid with markup in every free text.
        send("POST", "/api/grids", grid(rectangle(BASE_LON, BASE_LAT, 0, 0, 600, 400), "X-L", ALL, "large", null, IMG, SHORT), 201);
        send("POST", "/api/grids", grid(rectangle(BASE_LON, BASE_LAT, 0, 0, 300, 400), "X-S1", SVG + IMG, "small", "X-L", ALL, SHORT), 201);
        checkedFeature = feature(100, 300, ALL, IMG);
        uncheckedFeature = feature(200, 100, IMG + SVG, URL);
        // A patrol and an inspection with markup in the inspector's name and the note.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String patrolClient = UUID.randomUUID().toString();
        send("POST", "/api/patrols", """
                {"clientId":"%s","inspector":%s,"gridCode":"X-S1","startedAt":"%s","endedAt":"%s",
                 "track":{"type":"MultiLineString","coordinates":[[[%s,%s],[%s,%s]]]}}"""
                .formatted(patrolClient, json(ALL), now.minusSeconds(600), now.minusSeconds(60),
                        lon(BASE_LON, BASE_LAT, 50), lat(BASE_LAT, 50), lon(BASE_LON, BASE_LAT, 250), lat(BASE_LAT, 350)), 201);
        send("POST", "/api/inspections", """
                {"clientId":"%s","featureId":%d,"patrolClientId":"%s","inspector":%s,"inspectedAt":"%s",
                 "outcome":{"state":"v1","remark":%s},"note":%s}"""
                .formatted(UUID.randomUUID(), checkedFeature, patrolClient, json(SVG), now.minusSeconds(120), json(IMG),
                        json(ALL)), 201);
        // An account responsible for the small grid (its name itself cannot carry markup).
        send("POST", "/api/users", """
                {"username":"xss.worker","password":"worker-password","roles":["grid_worker"],"gridCodes":["X-S1"]}""", 201);

        driver = HeadlessChromium.start(null);
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", WATCH));
        HeadlessChromium.signIn(driver, base());
        wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(20));
    }

    @AfterAll
    void stop() {
        if (driver != null) driver.quit();
    }

    @Test
    @Order(1)
    void everyPageAndFileIsServedWithTheContentSecurityPolicy() throws Exception {
        for (String path : List.of("", "index.html", "admin.html", "field.html", "login.html", "summary.html",
                "ogcapi?f=html", "ogcapi/collections/xss_type?f=html", "swagger-ui/index.html", "js/main.js",
                "css/app.css", "api/grids?level=large", "api/no-such-thing")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).as("%s (%d)", path, r.statusCode()).contains("script-src 'self'", "object-src 'none'",
                    "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'").doesNotContain("unsafe-inline");
        }
    }

    @Test
    @Order(2)
    void theMapShowsTheNamesAsTextInLabelsTooltipsPopupsAndPanels() throws Exception {
        HeadlessChromium.openMap(driver, wait, base());
        Map<String, Object> stats = HeadlessChromium.mapStats(driver, wait);
        assertThat(((Number) stats.get("largeGrids")).intValue()).isEqualTo(1);
        assertThat(((Number) stats.get("smallGrids")).intValue()).isEqualTo(1);
        assertThat(((Number) stats.get("markers")).intValue()).isEqualTo(2);
        // The large grid's permanent label: the case, the name shown as the text it is.
        WebElement label = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".grid-label-large")));
        assertThat(label.getText()).isEqualTo("X-L " + ALL);
        assertThat(label.findElements(By.cssSelector("img, svg"))).isEmpty();
        assertThat(driver.findElement(By.cssSelector(".leaflet-control-layers")).getText()).contains(ALL);
        assertThat(driver.findElement(By.cssSelector(".legend")).getText()).contains(ALL);
        noScriptRan("map");

        // The small grid's popup, opened with a click where the grid is.
        clickAt(150, 200);
        WebElement popup = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".grid-popup")));
        // The person and phone come with the grid's summary, read when the popup opens; the popup then grows and pans
        // the map to fit, and until that pan ends its heading is beyond the map's edge.
        wait.until(d -> popup.getText().contains(SHORT) && popup.getText().contains(SVG + IMG));
        assertThat(popup.getText()).contains(SVG + IMG, ALL, SHORT);
        // Its edit form holds the same texts as values.
        popup.findElement(By.cssSelector("[data-action=grid-edit]")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#grid-panel input[name=name]")).isEmpty());
        assertThat(driver.findElement(By.cssSelector("#grid-panel input[name=name]")).getDomProperty("value")).isEqualTo(SVG + IMG);
        noScriptRan("grid popup and form");
        closeForm();

        // A feature's popup: its name, address and attributes; the type's label with its symbol.
        clickAt(100, 300);
        // The popup is replaced once the whole feature has been read.
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".feature-popup table"), IMG));
        assertThat(driver.findElement(By.cssSelector(".feature-popup table")).getText()).contains(ALL, IMG, SVG, URL);
        assertThat(driver.findElement(By.cssSelector(".feature-popup h3")).getText()).isEqualTo(ALL);
        noScriptRan("feature popup");

        // The search box lists grids and features by name.
        WebElement search = driver.findElement(By.id("search"));
        search.sendKeys("甲");
        wait.until(d -> d.findElement(By.id("search-results")).isDisplayed());
        assertThat(driver.findElement(By.id("search-results")).getText()).contains(ALL);
        noScriptRan("search");
        search.clear();
        search.sendKeys(org.openqa.selenium.Keys.ESCAPE);

        // Density grades (the vector-control workspace): the grid's tooltip on hover, then its figures in the panel on click.
        HeadlessChromium.openWorkspace(driver, wait, "vector");
        driver.findElement(By.cssSelector("[data-action=density-show]")).click();
        HeadlessChromium.waitMapIdle(wait);
        hoverAt(150, 200);
        WebElement tooltip = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".leaflet-tooltip:not(.grid-label)")));
        assertThat(tooltip.getText()).contains(SVG + IMG);
        clickAt(150, 200);
        WebElement selected = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#density-panel .density-selected")));
        assertThat(selected.getText()).contains("X-S1");
        HeadlessChromium.waitMapIdle(wait);
        noScriptRan("density");

        // Topology (the planner's workspace): the problems list (gaps of the large grid, a feature outside small grids).
        HeadlessChromium.openWorkspace(driver, wait, "planner");
        WebElement check = driver.findElement(By.cssSelector("[data-action=topology-check]"));
        check.click();
        HeadlessChromium.waitMapIdle(wait);
        noScriptRan("topology");
        HeadlessChromium.screenshot(driver, "stored-script-map.png");
    }

    @Test
    @Order(3)
    void theFieldPageShowsGridsFeaturesAndTheFormAsText() throws Exception {
        driver.get(base() + "field.html");
        HeadlessChromium.waitReady(wait);
        new Select(driver.findElement(By.id("setup-grid"))).selectByValue("X-S1");
        assertThat(new Select(driver.findElement(By.id("setup-grid"))).getFirstSelectedOption().getText()).contains(SVG + IMG);
        WebElement name = driver.findElement(By.id("setup-inspector"));
        name.clear();
        name.sendKeys(URL + IMG);
        driver.findElement(By.id("setup-start")).click();
        HeadlessChromium.waitIdle(wait, "!!window.gridwatchField && window.gridwatchField.idle()", 150);
        assertThat(driver.findElement(By.id("work-who")).getText()).contains(SVG + IMG, URL + IMG);
        WebElement item = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector(".to-check-item[data-feature-id='" + uncheckedFeature + "']")));
        assertThat(item.getText()).contains(IMG + SVG);
        noScriptRan("field page");
        item.click();
        WebElement sheet = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sheet")));
        assertThat(sheet.getText()).contains(IMG, SVG, ALL);
        noScriptRan("inspection form");
        HeadlessChromium.screenshot(driver, "stored-script-field.png");
    }

    @Test
    @Order(4)
    void theAccountAndSummaryPagesShowTheTextsAsText() throws Exception {
        driver.get(base() + "admin.html");
        HeadlessChromium.waitReady(wait);
        assertThat(driver.findElement(By.id("account-table")).getText()).contains("xss.worker", "X-S1");
        noScriptRan("account page");

        driver.get(base() + "summary.html?grid=X-S1");
        wait.until(d -> !d.findElements(By.cssSelector("p[data-sentence]")).isEmpty());
        assertThat(driver.findElement(By.cssSelector("p.meta")).getText()).contains(SVG + IMG);
        // The stylesheet applied (a file: the CSP allows no <style>).
        assertThat(driver.findElement(By.cssSelector("h1")).getCssValue("text-align")).isEqualTo("center");
        noScriptRan("summary page");
    }

    @Test
    @Order(5)
    void theOgcApiPagesDrawTheirMapsAndShowNamesAsText() throws Exception {
        for (String path : List.of("ogcapi?f=html", "ogcapi/collections?f=html", "ogcapi/collections/xss_type?f=html",
                "ogcapi/collections/xss_type/items?f=html", "ogcapi/collections/xss_type/queryables?f=html",
                "ogcapi/collections/small_grids/items?f=html", "ogcapi/collections/large_grids?f=html")) {
            driver.get(base() + path);
            wait.until(d -> "complete".equals(driver.executeScript("return document.readyState")));
            if (!driver.findElements(By.id("map")).isEmpty()) {
                // The map script (a file) drew the page's GeoJSON.
                wait.until(d -> d.findElement(By.id("map")).getDomAttribute("data-features") != null);
                assertThat(Integer.parseInt(driver.findElement(By.id("map")).getDomAttribute("data-features"))).as(path).isPositive();
            }
            assertThat(driver.findElement(By.tagName("nav")).getCssValue("color")).as(path).isEqualTo("rgba(85, 85, 85, 1)");
            noScriptRan(path);
        }
        // One item: its popup opened with a click on its marker.
        driver.get(base() + "ogcapi/collections/xss_type/items/" + checkedFeature + "?f=html");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo(ALL + " (" + checkedFeature + ")");
        WebElement marker = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#map path.leaflet-interactive")));
        new Actions(driver).moveToElement(marker).pause(Duration.ofMillis(30)).click().perform();
        WebElement popup = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".leaflet-popup-content")));
        assertThat(popup.getText()).isEqualTo(ALL + " (" + checkedFeature + ")");
        noScriptRan("OGC item page");
    }

    @Test
    @Order(6)
    void swaggerUiWorksUnderThePolicy() throws Exception {
        driver.get(base() + "swagger-ui.html");
        wait.until(d -> d.findElements(By.cssSelector(".opblock")).size() > 10);
        assertThat(driver.findElement(By.cssSelector(".swagger-ui .info .title")).getText()).isNotBlank();
        noScriptRan("Swagger UI");
    }

    @Test
    @Order(7)
    void theLoginPageWorksUnderThePolicy() throws Exception {
        driver.manage().deleteAllCookies();
        driver.get(base() + "login.html");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#login-form button[type=submit]")));
        noScriptRan("login page");
        HeadlessChromium.signIn(driver, base());
        HeadlessChromium.openMap(driver, wait, base());
        noScriptRan("map after signing in again");
    }

    /** No payload ran, no dialog opened, and the page broke no rule of the policy. */
    private void noScriptRan(String where) {
        HeadlessChromium.pause(300); // an image error handler runs once the failed load is reported
        Object xss = driver.executeScript("return window.__xss === undefined ? null : window.__xss");
        assertThat(xss).as("script ran on %s", where).isNull();
        Object csp = driver.executeScript("return window.__csp");
        assertThat(csp).as("CSP violations on %s", where).asList().isEmpty();
    }

    private void closeForm() {
        List<WebElement> cancel = driver.findElements(By.cssSelector("#grid-panel [data-action=grid-cancel]"));
        if (!cancel.isEmpty()) cancel.get(0).click();
        HeadlessChromium.waitMapIdle(wait);
    }

    /** A real click where the map shows the point (east, north) metres from the base point. */
    private void clickAt(double east, double north) {
        HeadlessChromium.clickMapAt(driver, lon(BASE_LON, BASE_LAT, east), lat(BASE_LAT, north));
    }

    /** The mouse moved over that point, without clicking. */
    private void hoverAt(double east, double north) {
        double[] p = HeadlessChromium.numbers(driver,
                "var p = window.gridwatch.map.latLngToContainerPoint([arguments[1], arguments[0]]); return [p.x, p.y];",
                lon(BASE_LON, BASE_LAT, east), lat(BASE_LAT, north));
        WebElement map = driver.findElement(By.id("map"));
        int dx = (int) Math.round(p[0] - map.getSize().getWidth() / 2.0);
        int dy = (int) Math.round(p[1] - map.getSize().getHeight() / 2.0);
        new Actions(driver).moveToElement(map, dx - 5, dy).pause(Duration.ofMillis(50)).moveToElement(map, dx, dy)
                .pause(Duration.ofMillis(100)).perform();
    }

    private long feature(double east, double north, String name, String address) throws Exception {
        ObjectNode attributes = JSON.createObjectNode().put("note", SVG).put(IMG, URL);
        String body = """
                {"type":"Feature","geometry":%s,"properties":{"type":"xss_type","name":%s,"address":%s,"attributes":%s}}"""
                .formatted(point(lon(BASE_LON, BASE_LAT, east), lat(BASE_LAT, north)), json(name), json(address), attributes);
        return JSON.readTree(send("POST", "/api/features", body, 201)).path("id").asLong();
    }

    private static String grid(String geometry, String code, String name, String level, String parent, String person,
                               String phone) {
        return """
                {"type":"Feature","geometry":%s,"properties":{"code":"%s","name":%s,"level":"%s"%s,"responsiblePerson":%s,"phone":%s}}"""
                .formatted(geometry, code, json(name), level, parent == null ? "" : ",\"parentCode\":\"" + parent + "\"",
                        json(person), json(phone));
    }

    private static String json(String text) {
        return JSON.writeValueAsString(text);
    }

    private String send(String method, String path, String body, int expected) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + path.substring(1)))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode() / 100).as("%s %s: %d %s", method, path, r.statusCode(), r.body()).isEqualTo(expected / 100);
        return r.body();
    }

    private String base() {
        return "http://localhost:" + port + "/";
    }
}
