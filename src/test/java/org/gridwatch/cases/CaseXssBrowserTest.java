package org.gridwatch.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Markup typed into every free-text field of the case loop never runs in another person's browser: a class
 * and a department whose names an admin set to {@code <img src=x onerror=…>}, a hotline case whose
 * description, address and reporter carry it (and a second one waiting in the queue), transitions whose notes carry it, and a resident's report
 * with it, and a community (large grid) named with it. The map (the queue, a real click on the case's symbol, its detail and timeline, the symbol's
 * tooltip), the residents' tracking page, the evaluation page and the ranking bulletin are opened in chromium at 1366×768:
 * the payload shows as text, no {@code img} element is made from it, and its handler never ran
 * ({@code window.__xss} stays undefined). The Content-Security-Policy would stop the handler anyway; the
 * missing img elements show that the pages do not depend on it.
 */
@ServiceBrowserTest
@TestPropertySource(properties = "gridwatch.sample.enabled=false")
class CaseXssBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PAYLOAD = "<img src=x onerror=window.__xss=1>";
    private static final double LON = 118.90, LAT = 32.10;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = TestIdentity.adminHttpClient();
    private ChromeDriver driver;
    private WebDriverWait wait;
    private long caseId, queuedId;
    private String caseNumber;
    private String tracking;
    private double caseLon, caseLat;

    private JsonNode api(String method, String path, Object body, int expected) throws Exception {
        HttpResponse<String> r = TestIdentity.send(http, port, method, path, body == null ? null : JSON.writeValueAsString(body));
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
        return r.body().isBlank() ? null : JSON.readTree(r.body());
    }

    @BeforeAll
    void start() throws Exception {
        assertThat(TestIdentity.send(http, port, "POST", "/api/grids", Shapes.gridFeature(
                Shapes.rectangle(LON, LAT, 0, 0, 400, 400), "XS-L", PAYLOAD, "large", null)).statusCode()).isEqualTo(201);
        assertThat(TestIdentity.send(http, port, "POST", "/api/grids", Shapes.gridFeature(
                Shapes.rectangle(LON, LAT, 0, 0, 400, 400), "XS-S", "小网格", "small", "XS-L")).statusCode()).isEqualTo(201);
        api("PUT", "/api/departments/xss_dep", Map.of("nameZh", PAYLOAD, "nameEn", PAYLOAD, "active", true, "sortOrder", 90), 200);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("kind", "event");
        c.put("categoryZh", PAYLOAD);
        c.put("categoryEn", PAYLOAD);
        c.put("nameZh", PAYLOAD);
        c.put("nameEn", PAYLOAD);
        c.put("defaultDepartment", "xss_dep");
        c.put("autoDispatch", false);
        for (String stage : List.of("register", "dispatch", "handle", "verify", "close")) c.put(stage + "Minutes", 480);
        c.put("closingConditionZh", PAYLOAD);
        c.put("closingConditionEn", PAYLOAD);
        c.put("active", true);
        c.put("sortOrder", 90);
        api("PUT", "/api/case-classes/xss_class", c, 200);

        caseLon = Shapes.lon(LON, LAT, 200);
        caseLat = Shapes.lat(LAT, 200);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("source", "hotline");
        report.put("classCode", "xss_class");
        report.put("lon", caseLon);
        report.put("lat", caseLat);
        report.put("description", PAYLOAD);
        report.put("address", PAYLOAD);
        report.put("reporterName", PAYLOAD);
        report.put("reporterPhone", "13800000000");
        JsonNode created = api("POST", "/api/cases", report, 201);
        caseId = created.get("id").asLong();
        caseNumber = created.get("number").asString();
        JsonNode registered = api("POST", "/api/cases/" + caseId + "/transitions",
                Map.of("action", "register", "version", created.get("version").asLong(), "note", PAYLOAD), 200);
        api("POST", "/api/cases/" + caseId + "/transitions", Map.of("action", "dispatch", "version",
                registered.get("version").asLong(), "department", "xss_dep", "note", PAYLOAD), 200);
        // a second case, left reported, so that it waits in the dispatcher's queue
        report.put("lon", Shapes.lon(LON, LAT, 320));
        queuedId = api("POST", "/api/cases", report, 201).get("id").asLong();

        String resident = JSON.writeValueAsString(Map.of("clientId", "xss-1", "submitterToken", "T".repeat(24),
                "lon", Shapes.lon(LON, LAT, 100), "lat", Shapes.lat(LAT, 330), "classCode", "xss_class", "description", PAYLOAD, "name", PAYLOAD));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/public/reports")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(resident)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        tracking = JSON.readTree(r.body()).get("trackingNumber").asString();

        driver = HeadlessChromium.start(null);
        driver.manage().window().setSize(new Dimension(1366, 768));
        wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(30));
    }

    @AfterAll
    void stop() {
        if (driver != null) driver.quit();
    }

    private String base() {
        return "http://localhost:" + port + "/";
    }

    private void click(WebElement e) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
        new Actions(driver).moveToElement(e).pause(Duration.ofMillis(30)).click().perform();
    }

    /** Nothing ran and nothing was parsed: no handler set the flag, no img element came from the payload. */
    private void nothingRan() {
        assertThat(driver.executeScript("return typeof window.__xss")).isEqualTo("undefined");
        assertThat(driver.findElements(By.cssSelector("img[src='x']"))).isEmpty();
    }

    @Test
    @Order(1)
    void theMapShowsTheMarkupAsText() throws Exception {
        HeadlessChromium.signIn(driver, base());
        HeadlessChromium.openMap(driver, wait, base());
        HeadlessChromium.openWorkspace(driver, wait, "cases");
        // the dispatcher's queue: the class name as text
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#case-list .case-row[data-case-id='" + queuedId + "']")));
        assertThat(row.getText()).contains(PAYLOAD);
        // the filters (opened by a click on their summary) name the class and the department
        click(driver.findElement(By.cssSelector("#case-panel details.case-filters summary")));
        wait.until(d -> d.findElement(By.name("case-class")).isDisplayed());
        assertThat(new Select(driver.findElement(By.name("case-department"))).getOptions().stream().map(WebElement::getText))
                .anyMatch(text -> text.contains(PAYLOAD));
        assertThat(new Select(driver.findElement(By.name("case-class"))).getOptions().stream().map(WebElement::getText))
                .anyMatch(text -> text.contains(PAYLOAD));
        nothingRan();

        // a real click on the case's symbol on the map opens its detail and timeline
        HeadlessChromium.clickMapAt(driver, caseLon, caseLat);
        WebElement detail = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("case-detail")));
        wait.until(d -> d.findElement(By.id("case-detail")).getText().contains(caseNumber));
        HeadlessChromium.waitMapIdle(wait);
        String text = detail.getText();
        // description, address, reporter, class, department, the two notes
        assertThat(text.split(java.util.regex.Pattern.quote(PAYLOAD), -1).length - 1).isGreaterThanOrEqualTo(5);
        assertThat(detail.findElements(By.tagName("img")).stream().map(i -> i.getDomAttribute("src")))
                .doesNotContain("x");
        nothingRan();

        // the symbol's tooltip on hover
        double[] p = HeadlessChromium.numbers(driver,
                "var p = window.gridwatch.map.latLngToContainerPoint([arguments[1], arguments[0]]); return [p.x, p.y];",
                caseLon, caseLat);
        WebElement map = driver.findElement(By.id("map"));
        new Actions(driver).moveToElement(map, (int) Math.round(p[0] - map.getSize().getWidth() / 2.0),
                (int) Math.round(p[1] - map.getSize().getHeight() / 2.0)).pause(Duration.ofMillis(300)).perform();
        // (the community's label, named with the payload, may be a tooltip too)
        wait.until(d -> d.findElements(By.cssSelector(".leaflet-tooltip")).stream()
                .anyMatch(tip -> tip.getText().contains(caseNumber)));
        nothingRan();
    }

    @Test
    @Order(2)
    void theTrackingPageShowsTheClassNameAsText() {
        driver.get(base() + "track.html?n=" + tracking);
        WebElement result = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("track-result")));
        assertThat(result.getText()).contains(tracking, PAYLOAD);
        // and nothing personal: the resident's name is not on the page
        assertThat(result.getText().split(java.util.regex.Pattern.quote(PAYLOAD), -1).length - 1).isEqualTo(1);
        nothingRan();
    }

    @Test
    @Order(3)
    void theEvaluationPageShowsEveryGroupAsText() {
        driver.get(base() + "evaluation.html");
        HeadlessChromium.waitReady(wait);
        for (String by : List.of("class", "department", "person", "smallGrid")) {
            WebElement select = driver.findElement(By.name("by"));
            click(select);
            new Select(select).selectByValue(by);
            click(driver.findElement(By.cssSelector("[data-action=evaluate]")));
            wait.until(d -> d.findElement(By.cssSelector("#evaluation-table tfoot")).getText().length() > 0);
            HeadlessChromium.pause(300);
            nothingRan();
        }
        assertThat(driver.findElement(By.id("evaluation-table")).getText()).contains("XS-S");
    }

    @Test
    @Order(4)
    void theRankingBulletinShowsTheCommunitysNameAsText() {
        // the large grid (community) is named with the payload: the server-written bulletin escapes it
        driver.get(base() + "ranking-bulletin.html");
        WebElement table = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("body.ranking-bulletin table")));
        assertThat(table.getText()).contains(PAYLOAD);
        nothingRan();
    }
}
