package org.gridwatch.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.regex.Pattern;

import org.gridwatch.support.H2TestDatabase;
import org.gridwatch.support.HeadlessChromium;
import org.gridwatch.support.ServiceBrowserTest;
import org.gridwatch.support.Shapes;
import org.gridwatch.support.TestIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Case times are the district's, wherever the browser is (issue 21: deadlines count in the district's
 * zone). The district here is in São Paulo (UTC−3, neither the browser's zone nor the service's default
 * Asia/Shanghai), the browser in Tokyo (UTC+9): twelve hours apart, so every hour differs. A resident's
 * report is opened with a real click on its symbol on the map (1366×768): its report time and the
 * timeline's step show São Paulo's clock and the zone is named; the residents' tracking page shows that
 * clock too, and the evaluation page's period ends on São Paulo's today.
 */
@ServiceBrowserTest
@TestPropertySource(properties = {"gridwatch.sample.enabled=false", "gridwatch.inspection.zone=" + CaseTimeZoneBrowserTest.DISTRICT})
class CaseTimeZoneBrowserTest {

    static final String DISTRICT = "America/Sao_Paulo";
    private static final String BROWSER = "Asia/Tokyo";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final double LON = 118.95, LAT = 32.15;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = TestIdentity.adminHttpClient();
    private ChromeDriver driver;
    private String tracking;
    private double caseLon, caseLat;

    @BeforeAll
    void start() throws Exception {
        assertThat(TestIdentity.send(http, port, "POST", "/api/grids", Shapes.gridFeature(
                Shapes.rectangle(LON, LAT, 0, 0, 400, 400), "TZ-L", "时区大网格", "large", null)).statusCode()).isEqualTo(201);
        assertThat(TestIdentity.send(http, port, "POST", "/api/grids", Shapes.gridFeature(
                Shapes.rectangle(LON, LAT, 0, 0, 400, 400), "TZ-S", "时区小网格", "small", "TZ-L")).statusCode()).isEqualTo(201);
        caseLon = Shapes.lon(LON, LAT, 200);
        caseLat = Shapes.lat(LAT, 200);
        String report = JSON.writeValueAsString(Map.of("clientId", "tz-1", "submitterToken", "Z".repeat(24),
                "lon", caseLon, "lat", caseLat, "classCode", "exposed_garbage", "description", "路边暴露垃圾"));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/public/reports")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(report)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        tracking = JSON.readTree(r.body()).get("trackingNumber").asString();

        driver = HeadlessChromium.start(null);
        driver.manage().window().setSize(new Dimension(1366, 768));
        driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", BROWSER));
    }

    @AfterAll
    void stop() {
        if (driver != null) driver.quit();
    }

    private String base() {
        return "http://localhost:" + port + "/";
    }

    /** The clock of instant {@code iso} in the district as the pages write it: y/M/d … H:mm (hour with or without a leading zero). */
    private static Pattern districtClock(String iso, String dateFormat) {
        ZonedDateTime t = OffsetDateTime.parse(iso).atZoneSameInstant(ZoneId.of(DISTRICT));
        String date = dateFormat.replace("y", String.valueOf(t.getYear())).replace("M", String.valueOf(t.getMonthValue()))
                .replace("d", String.valueOf(t.getDayOfMonth()));
        return Pattern.compile(Pattern.quote(date) + "\\s*0?" + t.getHour() + ":" + String.format("%02d", t.getMinute()) + "(?!\\d)");
    }

    @Test
    void caseTimesAreTheDistrictsClockInABrowserElsewhere() throws Exception {
        // the browser really is elsewhere: its own clock is not the district's
        assertThat(driver.executeScript("return Intl.DateTimeFormat().resolvedOptions().timeZone")).isEqualTo(BROWSER);

        HeadlessChromium.signIn(driver, base());
        HeadlessChromium.openMap(driver, HeadlessChromium.waiting(driver, Duration.ofSeconds(30)), base());
        WebDriverWait wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(30));
        HeadlessChromium.openWorkspace(driver, wait, "cases");
        HeadlessChromium.clickMapAt(driver, caseLon, caseLat);
        WebElement detail = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("case-detail")));
        wait.until(d -> !d.findElements(By.cssSelector("#case-detail .case-step-when")).isEmpty());
        long caseId = Long.parseLong(detail.getDomAttribute("data-case-id"));
        JsonNode c = JSON.readTree(TestIdentity.send(http, port, "GET", "/api/cases/" + caseId, null).body());
        String reportedAt = c.path("reportedAt").asString();
        // The service writes the instant with the district's offset; the page shows the district's wall clock.
        assertThat(reportedAt).endsWith("-03:00");
        Pattern clock = districtClock(reportedAt, "y/M/d");
        assertThat(driver.findElement(By.xpath("//*[@id='case-detail']//tr[th='上报时间']/td")).getText()).containsPattern(clock);
        assertThat(driver.findElement(By.cssSelector("#case-detail .case-step-when")).getText()).containsPattern(clock);
        assertThat(detail.getText()).contains(DISTRICT);

        // the residents' tracking page: the report's stage at the district's clock
        driver.get(base() + "track.html?n=" + tracking);
        WebElement reported = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#track-result li[data-stage=reported] .when")));
        assertThat(reported.getText()).containsPattern(districtClock(reportedAt, "y年M月d日"));

        // the evaluation page's period ends on the district's today (asked on both sides of the page's load)
        LocalDate before = LocalDate.now(ZoneId.of(DISTRICT));
        driver.get(base() + "evaluation.html");
        HeadlessChromium.waitReady(wait);
        LocalDate after = LocalDate.now(ZoneId.of(DISTRICT));
        assertThat(driver.findElement(By.name("to")).getDomProperty("value")).isIn(before.toString(), after.toString());
    }
}
