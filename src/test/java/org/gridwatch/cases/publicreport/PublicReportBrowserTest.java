package org.gridwatch.cases.publicreport;

import java.awt.image.BufferedImage;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import javax.imageio.ImageIO;

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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A resident on a 390×844 phone, not signed in: opens the page from a grid's QR link, taps the place on
 * the map, picks a class, writes, attaches a photo, sends, gets a tracking number and follows it on the
 * tracking page. Then a staff member scores a spot check on the phone page. Real clicks; every step
 * checked against the API. Skipped without chromium locally.
 */
@ServiceBrowserTest
@TestPropertySource(properties = "gridwatch.sample.enabled=false")
class PublicReportBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final double LON = 121.2, LAT = 31.1;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = TestIdentity.adminHttpClient();
    private ChromeDriver driver;
    private WebDriverWait wait;
    private String tracking;

    @BeforeAll
    void start() throws Exception {
        api("POST", "/api/grids", Shapes.gridFeature(Shapes.rectangle(LON, LAT, 0, 0, 600, 400), "BR-L", "测试社区", "large", null), 201);
        api("POST", "/api/grids", Shapes.gridFeature(Shapes.rectangle(LON, LAT, 0, 0, 600, 400), "BR-1", "一号网格", "small", "BR-L"), 201);
        driver = HeadlessChromium.start(null);
        wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(20));
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844,
                "deviceScaleFactor", 1, "mobile", true));
    }

    @AfterAll
    void stop() {
        if (driver != null) driver.quit();
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private JsonNode api(String method, String path, String body, int expected) throws Exception {
        var r = TestIdentity.send(http, port, method, path, body);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    private void waitIdle(String handle) {
        HeadlessChromium.waitReady(wait);
        HeadlessChromium.waitIdle(wait, "!!window." + handle + " && window." + handle + ".idle()", 150);
    }

    @Test
    @Order(1)
    void aResidentReportsFromTheGridsQrLinkWithRealTaps() throws Exception {
        driver.get(base() + "/report.html?grid=BR-1");
        waitIdle("gridwatchReport");
        assertThat(driver.findElement(By.id("report-grid")).getText()).isEqualTo("网格：一号网格（BR-1）");
        // Sending without a place says so and sends nothing.
        driver.findElement(By.id("report-submit")).click();
        assertThat(driver.findElement(By.id("report-error")).getText()).isEqualTo("请先在地图上选定位置");

        // Tap the map where the grid's point 300 m east, 200 m north is shown.
        double lon = Shapes.lon(LON, LAT, 300), lat = Shapes.lat(LAT, 200);
        WebElement map = driver.findElement(By.id("report-map"));
        // Scroll the whole map into view (a person swipes up): Selenium's offsets count from the centre of
        // the element's visible part, which is the map's centre only when all of it is visible.
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", map);
        Thread.sleep(300);
        @SuppressWarnings("unchecked")
        var p = (java.util.List<Number>) ((JavascriptExecutor) driver).executeScript(
                "var p = window.gridwatchReport.map.latLngToContainerPoint([arguments[1], arguments[0]]); return [p.x, p.y];",
                lon, lat);
        int dx = (int) Math.round(p.get(0).doubleValue() - map.getSize().getWidth() / 2.0);
        int dy = (int) Math.round(p.get(1).doubleValue() - map.getSize().getHeight() / 2.0);
        new Actions(driver).moveToElement(map, dx, dy).pause(Duration.ofMillis(30)).click().perform();
        WebElement point = driver.findElement(By.id("report-point"));
        assertThat(Double.parseDouble(point.getAttribute("data-lon"))).isCloseTo(lon, within(2e-5));
        assertThat(Double.parseDouble(point.getAttribute("data-lat"))).isCloseTo(lat, within(2e-5));

        new Select(driver.findElement(By.id("report-class"))).selectByValue("exposed_garbage");
        driver.findElement(By.id("report-description")).sendKeys("小区门口垃圾<img src=x onerror=alert(1)>");
        driver.findElement(By.id("report-name")).sendKeys("钱七");
        driver.findElement(By.id("report-phone")).sendKeys("13500000000");
        Path photo = Files.createTempFile("report-", ".png");
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, 0xFF0000);
        ImageIO.write(image, "png", photo.toFile());
        driver.findElement(By.id("report-photo")).sendKeys(photo.toString());
        driver.findElement(By.id("report-submit")).click();
        wait.until(d -> d.findElement(By.id("report-done")).isDisplayed());
        tracking = driver.findElement(By.id("report-number")).getText();
        assertThat(tracking).matches("[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{2}");

        // What staff see: the case of source resident at the tapped place, with the contact and the photo.
        JsonNode cases = api("GET", "/api/cases?source=resident", null, 200);
        JsonNode c = cases.get("features").get(0);
        long id = c.get("properties").get("id").asLong();
        JsonNode full = api("GET", "/api/cases/" + id, null, 200);
        assertThat(full.get("classCode").asString()).isEqualTo("exposed_garbage");
        assertThat(full.get("smallGridCode").asString()).isEqualTo("BR-1");
        assertThat(full.get("lon").asDouble()).isCloseTo(lon, within(2e-5));
        assertThat(full.get("reporterName").asString()).isEqualTo("钱七");
        assertThat(full.get("description").asString()).isEqualTo("小区门口垃圾<img src=x onerror=alert(1)>");
        assertThat(full.get("photos")).hasSize(1);
        assertThat(full.get("photos").get(0).get("kind").asString()).isEqualTo("before");
    }

    @Test
    @Order(2)
    void theTrackingPageShowsTheStageAndNothingPersonal() throws Exception {
        driver.findElement(By.id("report-track")).click();
        wait.until(d -> d.getCurrentUrl().contains("track.html"));
        waitIdle("gridwatchTrack");
        wait.until(d -> d.findElement(By.id("track-result")).isDisplayed());
        WebElement result = driver.findElement(By.id("track-result"));
        assertThat(result.findElement(By.cssSelector(".status")).getText()).isEqualTo("已受理，待立案");
        assertThat(result.findElement(By.cssSelector("li.done[data-stage=reported]")).isDisplayed()).isTrue();
        assertThat(result.findElements(By.cssSelector("li.done"))).hasSize(1);
        assertThat(result.getText()).contains(tracking, "暴露垃圾").doesNotContain("钱七", "13500000000", "小区门口");
        // A mistyped number: a clear message.
        WebElement input = driver.findElement(By.id("track-number"));
        input.clear();
        input.sendKeys("2222-2222-22");
        driver.findElement(By.id("track-submit")).click();
        wait.until(d -> d.findElement(By.id("track-error")).isDisplayed());
        assertThat(driver.findElement(By.id("track-error")).getText()).isEqualTo("查无此查询号：2222-2222-22");
    }

    @Test
    @Order(3)
    void staffScoreASpotCheckOnThePhonePage() throws Exception {
        HeadlessChromium.signIn(driver, base() + "/");
        driver.get(base() + "/field.html");
        HeadlessChromium.waitReady(wait);
        WebElement open = wait.until(d -> d.findElement(By.id("spot-check-open")));
        open.click();
        wait.until(d -> d.findElement(By.id("spot-sheet")).isDisplayed());
        new Select(driver.findElement(By.id("spot-grid"))).selectByValue("BR-L");
        driver.findElement(By.id("spot-inspector")).sendKeys("考评员甲");
        WebElement env1 = driver.findElement(By.cssSelector("#spot-sheet input[data-item='ENV-1']"));
        new Actions(driver).scrollToElement(env1).perform();
        env1.clear();
        env1.sendKeys("6.5");
        assertThat(driver.findElement(By.cssSelector(".spot-total")).getAttribute("data-points")).isEqualTo("96.5");
        WebElement save = driver.findElement(By.cssSelector("[data-action=spot-save]"));
        new Actions(driver).scrollToElement(save).perform();
        save.click();
        wait.until(d -> !d.findElement(By.id("spot-sheet")).isDisplayed());
        JsonNode checks = api("GET", "/api/ranking/spot-checks?grid=BR-L", null, 200);
        assertThat(checks).hasSize(1);
        assertThat(checks.get(0).get("score").asDouble()).isEqualTo(96.5);
        assertThat(checks.get(0).get("inspector").asString()).isEqualTo("考评员甲");
        JsonNode ranking = api("GET", "/api/ranking", null, 200);
        assertThat(ranking.get("rows").get(0).get("spot").asDouble()).isEqualTo(96.5);
    }
}
