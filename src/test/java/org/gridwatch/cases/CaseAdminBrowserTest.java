package org.gridwatch.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

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
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The district tables an admin keeps, used at 1366×768 with real clicks and typing: from the map, the
 * reports panel opens the evaluation page and the ranking bulletin and the session bar the admin page;
 * there the admin issues an Open311 key (shown once, and it works for a partner's POST), revokes it (then
 * refused), changes a checklist item's points (a bad value is refused in Chinese and changes nothing), and
 * enters a year's holiday and make-up working day (a bad date refused), after which the "holidays missing"
 * notice goes. A viewer's map has the reports panel too. Each step is checked against the API.
 */
@ServiceBrowserTest
@TestPropertySource(properties = "gridwatch.sample.enabled=false")
class CaseAdminBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final double LON = 118.80, LAT = 32.05;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = TestIdentity.adminHttpClient();
    private ChromeDriver driver;
    private WebDriverWait wait;
    private String issuedKey;

    @BeforeAll
    void start() throws Exception {
        assertThat(api("POST", "/api/grids", Shapes.gridFeature(Shapes.rectangle(LON, LAT, 0, 0, 400, 400), "AD-L", "社区",
                "large", null)).statusCode()).isEqualTo(201);
        assertThat(api("POST", "/api/grids", Shapes.gridFeature(Shapes.rectangle(LON, LAT, 0, 0, 400, 400), "AD-S", "小网格",
                "small", "AD-L")).statusCode()).isEqualTo(201);
        assertThat(api("POST", "/api/users", "{\"username\":\"ad-viewer\",\"password\":\"viewer-password-1\","
                + "\"roles\":[\"viewer\"],\"gridCodes\":[]}").statusCode()).isEqualTo(201);
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

    private HttpResponse<String> api(String method, String path, String json) throws Exception {
        return TestIdentity.send(http, port, method, path, json);
    }

    private JsonNode apiJson(String path) throws Exception {
        HttpResponse<String> r = api("GET", path, null);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** A partner's GeoReport POST with {@code key}; answers the HTTP status. */
    private int open311Post(String key) throws Exception {
        String form = "api_key=" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "&service_code=exposed_garbage&lat="
                + Shapes.lat(LAT, 200) + "&long=" + Shapes.lon(LON, LAT, 200) + "&description=test";
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + "open311/v2/requests.json"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private void click(WebElement e) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
        new Actions(driver).moveToElement(e).pause(Duration.ofMillis(30)).click().perform();
    }

    private void type(WebElement input, String text) {
        click(input);
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys(text);
    }

    private WebElement find(String css) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    private List<Integer> missingHolidayYears() throws Exception {
        List<Integer> years = new ArrayList<>();
        apiJson("/api/work-calendar?year=2026").get("missingHolidayYears").forEach(y -> years.add(y.asInt()));
        return years;
    }

    @Test
    @Order(1)
    void theMapLeadsToTheEvaluationTheBulletinAndTheAdminPage() throws Exception {
        HeadlessChromium.signIn(driver, base());
        HeadlessChromium.waitReady(wait);
        HeadlessChromium.openWorkspace(driver, wait, "cases");
        List<Integer> missing = missingHolidayYears();
        WebElement panel = find("#reports-panel");
        assertThat(panel.getText()).contains("报表", "案件综合评价", "月度考评通报");
        if (!missing.isEmpty()) {
            wait.until(d -> d.findElement(By.id("map-holiday-notice")).isDisplayed());
            assertThat(driver.findElement(By.id("map-holiday-notice")).getText()).contains(String.valueOf(missing.get(0)));
        }

        click(find("[data-action=open-evaluation]"));
        wait.until(d -> d.getCurrentUrl().endsWith("/evaluation.html"));
        HeadlessChromium.waitReady(wait);
        assertThat(driver.findElement(By.cssSelector("#evaluation-table thead")).getText()).contains("按期处置率");
        click(find("a.session-link"));
        HeadlessChromium.waitReady(wait);

        // The bulletin opens in a tab of its own, for printing.
        String map = driver.getWindowHandle();
        WebElement bulletin = find("[data-action=open-bulletin]");
        String month = new Select(driver.findElement(By.name("bulletin-month"))).getFirstSelectedOption().getAttribute("value");
        click(bulletin);
        wait.until(d -> d.getWindowHandles().size() == 2);
        for (String handle : driver.getWindowHandles()) if (!handle.equals(map)) driver.switchTo().window(handle);
        wait.until(d -> d.getCurrentUrl().contains("ranking-bulletin.html?month=" + month));
        assertThat(find("body.ranking-bulletin table").isDisplayed()).isTrue();
        driver.close();
        driver.switchTo().window(map);

        click(find("#session-bar [data-action=accounts]"));
        wait.until(d -> d.getCurrentUrl().endsWith("/admin.html"));
        HeadlessChromium.waitReady(wait);
        if (!missing.isEmpty()) {
            assertThat(driver.findElement(By.id("holiday-notice")).isDisplayed()).isTrue();
        }
    }

    @Test
    @Order(2)
    void anAdminIssuesAnOpen311KeyThatWorksOnceAndRevokesIt() throws Exception {
        type(find("#open311-key-form input[name=partner]"), "12345 热线平台");
        click(find("[data-action=issue-key]"));
        wait.until(d -> d.findElement(By.id("issued-key")).isDisplayed());
        issuedKey = driver.findElement(By.cssSelector("#issued-key .issued-key-value")).getDomProperty("value");
        assertThat(issuedKey).startsWith("gw311_").hasSizeGreaterThan(30);
        assertThat(driver.findElement(By.id("issued-key")).getText()).contains("只显示这一次");
        WebElement row = find("#open311-key-table tr[data-revoked=false]");
        assertThat(row.getText()).contains("12345 热线平台", issuedKey.substring(0, 10), "有效").doesNotContain(issuedKey);
        assertThat(open311Post(issuedKey)).isEqualTo(201);

        // an empty name is refused in Chinese, nothing issued
        int keys = apiJson("/api/admin/open311-keys").size();
        click(find("[data-action=issue-key]"));
        wait.until(d -> d.findElement(By.cssSelector("#open311 .form-error")).isDisplayed());
        assertThat(driver.findElement(By.cssSelector("#open311 .form-error")).getText()).isEqualTo("请填写该密钥所属的合作方名称");
        assertThat(apiJson("/api/admin/open311-keys").size()).isEqualTo(keys);

        click(row.findElement(By.cssSelector("[data-action=revoke-key]")));
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(d -> !d.findElements(By.cssSelector("#open311-key-table tr[data-revoked=true]")).isEmpty());
        assertThat(find("#open311-key-table tr[data-revoked=true]").getText()).contains("已吊销");
        assertThat(open311Post(issuedKey)).isEqualTo(403);

        // once the page is reloaded the key is nowhere on it
        driver.navigate().refresh();
        HeadlessChromium.waitReady(wait);
        assertThat(driver.getPageSource()).doesNotContain(issuedKey);
    }

    @Test
    @Order(3)
    void anAdminChangesTheChecklistPoints() throws Exception {
        JsonNode before = apiJson("/api/ranking/checklist");
        String code = before.get(0).get("code").asString();
        WebElement points = find("#checklist-table input[name='points-" + code + "']");
        type(points, "0");
        click(find("[data-action=save-checklist]"));
        wait.until(d -> d.findElement(By.cssSelector("#checklist .form-error")).isDisplayed());
        assertThat(driver.findElement(By.cssSelector("#checklist .form-error")).getText()).contains(code);
        assertThat(apiJson("/api/ranking/checklist")).isEqualTo(before);

        type(points, "12.5");
        click(find("[data-action=save-checklist]"));
        HeadlessChromium.waitFor(() -> apiJson("/api/ranking/checklist").get(0).get("maxPoints").asDouble() == 12.5);
        assertThat(apiJson("/api/ranking/checklist").size()).isEqualTo(before.size());
        assertThat(driver.findElement(By.cssSelector("#checklist .form-error")).isDisplayed()).isFalse();
    }

    @Test
    @Order(4)
    void anAdminEntersAHolidayAndAMakeUpWorkingDay() throws Exception {
        List<Integer> missing = missingHolidayYears();
        int year = missing.isEmpty() ? LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear() + 1 : missing.get(0);
        WebElement day = find("#calendar-day-form input[name=day]");
        // a date that does not exist: refused by the service in Chinese, nothing stored
        type(day, year + "-02-30");
        type(find("#calendar-day-form input[name=nameZh]"), "春节");
        type(find("#calendar-day-form input[name=nameEn]"), "Spring Festival");
        click(find("[data-action=save-day]"));
        wait.until(d -> d.findElement(By.cssSelector("#calendar .form-error")).isDisplayed());
        assertThat(driver.findElement(By.cssSelector("#calendar .form-error")).getText()).contains(year + "-02-30");
        assertThat(apiJson("/api/work-calendar?year=" + year).get("days").size()).isZero();

        type(day, year + "-01-01");
        type(find("#calendar-day-form input[name=nameZh]"), "元旦");
        type(find("#calendar-day-form input[name=nameEn]"), "New Year's Day");
        click(find("[data-action=save-day]"));
        WebElement holiday = find("#calendar-table tr[data-day='" + year + "-01-01']");
        assertThat(holiday.getDomAttribute("data-kind")).isEqualTo("holiday");
        assertThat(holiday.getText()).contains("放假", "元旦", "New Year's Day");
        JsonNode days = apiJson("/api/work-calendar?year=" + year).get("days");
        assertThat(days.size()).isEqualTo(1);
        assertThat(days.get(0).get("kind").asString()).isEqualTo("holiday");
        if (!missing.isEmpty() && missing.size() == 1) {
            wait.until(d -> !d.findElement(By.id("holiday-notice")).isDisplayed());
            assertThat(missingHolidayYears()).isEmpty();
        }

        // a make-up working day (调休): pick the kind from the list
        type(day, year + "-02-07");
        WebElement kind = find("#calendar-day-form select[name=kind]");
        click(kind);
        new Select(kind).selectByValue("workday");
        type(find("#calendar-day-form input[name=nameZh]"), "春节调休上班");
        type(find("#calendar-day-form input[name=nameEn]"), "Spring Festival make-up working day");
        click(find("[data-action=save-day]"));
        WebElement workday = find("#calendar-table tr[data-day='" + year + "-02-07']");
        assertThat(workday.getText()).contains("调休上班");
        HeadlessChromium.waitFor(() -> apiJson("/api/work-calendar?year=" + year).get("days").size() == 2);

        // and removed again
        click(workday.findElement(By.cssSelector("[data-action=delete-day]")));
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(d -> d.findElements(By.cssSelector("#calendar-table tr[data-day='" + year + "-02-07']")).isEmpty());
        assertThat(apiJson("/api/work-calendar?year=" + year).get("days").size()).isEqualTo(1);

        // the same page in English
        click(find("#lang-switch"));
        wait.until(d -> d.findElement(By.cssSelector("#open311 h2")).getText().equals("Open311 API keys"));
        HeadlessChromium.waitReady(wait);
        // (the page opens on this year again: its seeded or entered holidays read in English)
        WebElement yearSelect = find("#calendar select[name=calendar-year]");
        click(yearSelect);
        new Select(yearSelect).selectByValue(String.valueOf(year));
        assertThat(find("#calendar-table tr[data-day='" + year + "-01-01']").getText()).contains("Holiday", "New Year's Day");
        click(find("#lang-switch"));
        wait.until(d -> d.findElement(By.cssSelector("#open311 h2")).getText().equals("Open311 API 密钥"));
    }

    @Test
    @Order(5)
    void aViewerHasTheReportsPanelToo() throws Exception {
        driver.manage().deleteAllCookies();
        HeadlessChromium.signIn(driver, base(), "ad-viewer", "viewer-password-1");
        HeadlessChromium.waitReady(wait);
        click(find("[data-action=open-evaluation]"));
        wait.until(d -> d.getCurrentUrl().endsWith("/evaluation.html"));
        HeadlessChromium.waitReady(wait);
        assertThat(driver.findElement(By.cssSelector("#evaluation-table thead")).getText()).contains("返工率");
        driver.get(base());
        HeadlessChromium.waitReady(wait);
        assertThat(driver.findElements(By.id("map-holiday-notice"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector("#session-bar [data-action=accounts]"))).isEmpty();
    }
}
