package org.gridwatch.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
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
 * The patrol's start time on the phone page is the district's clock, not the phone's: a grid worker whose
 * phone (390×844) is set to New York signs in, picks grid and name, ends the patrol the page opened and
 * starts a new one with pointer taps, and reads its start time at Asia/Shanghai's clock (the zone named,
 * as the phone's reads otherwise), in Chinese and after the language switch in English. The case list's
 * times are checked the same way in {@code CasePathsBrowserTest} (h).
 *
 * <p>Skipped without chromium locally.
 */
@ServiceBrowserTest
@TestPropertySource(properties = "gridwatch.sample.activity=never")
class FieldPatrolTimeBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String WORKER = "patrol-time-worker", PASSWORD = "patrol-time-password-1", INSPECTOR = "网格员小周";
    /** The district's zone (gridwatch.inspection.zone's default) and the phone's, twelve or thirteen hours apart. */
    private static final ZoneId DISTRICT_ZONE = ZoneId.of("Asia/Shanghai"), PHONE_ZONE = ZoneId.of("America/New_York");
    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = TestIdentity.adminHttpClient();
    private ChromeDriver driver;
    private WebDriverWait wait;
    private String gridCode;

    @BeforeAll
    void start() throws Exception {
        JsonNode feature = null;
        for (JsonNode f : json("GET", "/api/features?limit=200").get("features")) {
            if (f.at("/properties/gridCode").isString()) {
                feature = f;
                break;
            }
        }
        assertThat(feature).as("a sample feature in a small grid").isNotNull();
        gridCode = feature.at("/properties/gridCode").asString();
        HttpResponse<String> r = TestIdentity.send(http, port, "POST", "/api/users", JSON.writeValueAsString(Map.of(
                "username", WORKER, "password", PASSWORD, "roles", List.of("grid_worker"), "gridCodes", List.of(gridCode))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);

        driver = HeadlessChromium.start(null);
        wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(20));
        HeadlessChromium.phone(driver, PHONE_ZONE.getId());
        // A GPS fix in the grid, as on the street.
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", base(), "permissions", List.of("geolocation")));
        driver.executeCdpCommand("Emulation.setGeolocationOverride", Map.of("latitude", feature.at("/geometry/coordinates/1").asDouble(),
                "longitude", feature.at("/geometry/coordinates/0").asDouble(), "accuracy", 5));
    }

    @AfterAll
    void stop() {
        if (driver != null) driver.quit();
    }

    @Test
    @Order(1)
    void theGridWorkerStartsAPatrolOnAPhoneInAnotherZoneAndReadsItsStartAtTheDistrictsClock() throws Exception {
        // The page sends a worker who is not signed in to the login page, and back after it.
        driver.get(base() + "/field.html");
        WebElement submit = wait.until(d -> d.findElements(By.cssSelector("#login-form button[type=submit]")).stream()
                .filter(WebElement::isEnabled).findFirst().orElse(null));
        type(By.name("username"), WORKER);
        type(By.name("password"), PASSWORD);
        HeadlessChromium.tap(driver, submit);
        wait.until(d -> d.getCurrentUrl().startsWith(base() + "/field.html"));
        waitReady();
        assertThat(driver.executeScript("return Intl.DateTimeFormat().resolvedOptions().timeZone")).isEqualTo(PHONE_ZONE.getId());

        new Select(driver.findElement(By.id("setup-grid"))).selectByValue(gridCode);
        driver.findElement(By.id("setup-inspector")).clear();
        type(By.id("setup-inspector"), INSPECTOR);
        HeadlessChromium.tap(driver, driver.findElement(By.id("setup-start")));
        wait.until(d -> d.findElement(By.id("work")).isDisplayed());
        waitIdle();

        // Opening the work screen opened a patrol; the worker ends it and starts a new one.
        tapPatrolToggle("patrol-end");
        org.openqa.selenium.Alert confirm = wait.until(ExpectedConditions.alertIsPresent());
        assertThat(confirm.getText()).isEqualTo("结束本次巡查并上报轨迹？");
        confirm.accept();
        wait.until(d -> "patrol-start".equals(d.findElement(By.id("patrol-toggle")).getDomAttribute("data-action")));
        Instant before = Instant.now();
        tapPatrolToggle("patrol-start");
        wait.until(d -> "patrol-end".equals(d.findElement(By.id("patrol-toggle")).getDomAttribute("data-action")));
        Instant after = Instant.now();

        Instant started = startedAt();
        assertThat(started).isBetween(before.minusSeconds(1), after.plusSeconds(1));
        String district = started.atZone(DISTRICT_ZONE).format(HOUR_MINUTE), phone = started.atZone(PHONE_ZONE).format(HOUR_MINUTE);
        assertThat(district).isNotEqualTo(phone);
        // The district's hour, its zone named because the phone's clock reads otherwise; never the phone's hour.
        assertThat(status()).startsWith("巡查中 · " + district + " (Asia/Shanghai) 开始 · ").doesNotContain(phone);
        HeadlessChromium.screenshot(driver, "field-patrol-time-phone.png");

        // The same patrol in English, after the page's language switch (the page loads again and resumes it).
        HeadlessChromium.tap(driver, driver.findElement(By.id("lang-switch")));
        wait.until(d -> "en".equals(d.findElement(By.tagName("html")).getDomAttribute("lang")));
        waitReady();
        wait.until(d -> d.findElement(By.id("patrol-status")).getText().startsWith("On patrol"));
        assertThat(startedAt()).isEqualTo(started);
        assertThat(status()).startsWith("On patrol · since " + district + " (Asia/Shanghai) · ").doesNotContain(phone);
        HeadlessChromium.screenshot(driver, "field-patrol-time-phone-en.png");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private void tapPatrolToggle(String action) {
        HeadlessChromium.tap(driver, wait.until(d -> d.findElements(By.cssSelector("#patrol-toggle[data-action=" + action + "]"))
                .stream().filter(WebElement::isDisplayed).findFirst().orElse(null)));
    }

    /** Taps into a field and types, key by key. */
    private void type(By by, String text) {
        WebElement e = driver.findElement(by);
        HeadlessChromium.tap(driver, e);
        e.sendKeys(text);
    }

    /** The open patrol's start as the phone stored it (ISO-8601 with the phone's offset). */
    private Instant startedAt() {
        Object iso = driver.executeScript("const p = window.gridwatchField.state().patrol; return p && p.startedAt");
        assertThat(iso).as("the open patrol's startedAt").isNotNull();
        return OffsetDateTime.parse(String.valueOf(iso)).toInstant();
    }

    private String status() {
        return driver.findElement(By.id("patrol-status")).getText();
    }

    private void waitReady() {
        HeadlessChromium.waitReady(wait);
        waitIdle();
    }

    private void waitIdle() {
        HeadlessChromium.waitIdle(wait, "!!window.gridwatchField && window.gridwatchField.idle()", 150);
    }

    private JsonNode json(String method, String path) throws Exception {
        HttpResponse<String> r = TestIdentity.send(http, port, method, path, null);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
        return JSON.readTree(r.body());
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
