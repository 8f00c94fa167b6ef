package org.gridwatch.cases.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.gridwatch.support.H2TestDatabase;
import org.gridwatch.support.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The evaluation page at 1366×768, used as a person would: it opens on this month by small grid; the user
 * picks "处置部门" and clicks 统计; the table and the bars show each department's on-time handling; grouped
 * by person, a name full of markup stays text.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"gridwatch.sample.enabled=false", "gridwatch.map.default-base-map=none"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIf(value = "org.gridwatch.support.HeadlessChromium#presentOrCi",
        disabledReason = "/usr/bin/chromium or /usr/bin/chromedriver not installed (apt-get install chromium chromium-driver)")
class EvaluationBrowserTest {

    private static final String MARKUP = "<img src=x onerror=\"document.body.dataset.xss='1'\">";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    private ChromeDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    void start() {
        // Three cases handled on the first of this month (the page's default period): sanitation one on time and
        // one late, municipal one on time.
        Instant day = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).atTime(10, 0).atZone(ZoneId.of("Asia/Shanghai")).toInstant();
        Object[][] cases = {{"sanitation", "li", 1}, {"sanitation", "wang", -1}, {"municipal", MARKUP, 1}};
        for (int i = 0; i < cases.length; i++) {
            Instant handled = day.plusSeconds(3600);
            Instant deadline = handled.plusSeconds(60L * (Integer) cases[i][2]);
            jdbc.update("INSERT INTO cases (id, case_number, source, class_code, status, lon, lat, geom, small_grid_code, "
                            + "department_code, assignee, reported_at, registered_at, dispatched_at, handled_at, handle_deadline, "
                            + "version, updated_at) VALUES (?, ?, 'field', 'exposed_garbage', 'handled', 118.8, 32.0, "
                            + "ST_SetSRID(ST_MakePoint(118.8, 32.0), 4326), 'S1', ?, ?, ?, ?, ?, ?, ?, 0, ?)",
                    500 + i, "20260101-950" + i, cases[i][0], cases[i][1], odt(day), odt(day), odt(day), odt(handled),
                    odt(deadline), odt(day));
        }
        driver = HeadlessChromium.start(null);
        driver.manage().window().setSize(new Dimension(1366, 768));
        wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(20));
    }

    private static Object odt(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    @AfterAll
    void stop() {
        if (driver != null) driver.quit();
    }

    private String base() {
        return "http://localhost:" + port + "/";
    }

    private void click(WebElement e) {
        new Actions(driver).moveToElement(e).pause(Duration.ofMillis(30)).click().perform();
    }

    private List<String> cells(String key) {
        return driver.findElements(By.cssSelector("#evaluation-table tbody tr[data-key='" + key + "'] td")).stream()
                .map(WebElement::getText).toList();
    }

    @Test
    void departmentsAndPeople() {
        HeadlessChromium.signIn(driver, base());
        driver.get(base() + "evaluation.html");
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        assertThat(driver.findElement(By.cssSelector("#evaluation-table thead")).getText()).contains("按期处置率", "返工率");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#evaluation-table tbody tr[data-key='S1']")));
        assertThat(cells("S1").get(4)).isEqualTo("3");

        // Group by department: open the list, pick the option, click 统计.
        WebElement by = driver.findElement(By.name("by"));
        click(by);
        new Select(by).selectByValue("department");
        click(driver.findElement(By.cssSelector("[data-action=evaluate]")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#evaluation-table tbody tr[data-key='sanitation']")));
        List<String> sanitation = cells("sanitation");
        assertThat(sanitation.get(0)).isEqualTo("sanitation");
        assertThat(sanitation.subList(4, 7)).containsExactly("2", "1", "50.0%");
        assertThat(cells("municipal").get(6)).isEqualTo("100.0%");
        assertThat(driver.findElement(By.cssSelector("#evaluation-table tfoot")).getText()).contains("合计", "66.7%");
        // the bar of a 50 % rate fills half its track, that of 100 % all of it
        WebElement half = driver.findElement(By.cssSelector("#evaluation-chart .bar[data-key=sanitation]"));
        WebElement full = driver.findElement(By.cssSelector("#evaluation-chart .bar[data-key=municipal]"));
        int track = half.findElement(By.xpath("..")).getSize().getWidth();
        assertThat(half.getSize().getWidth()).isBetween(track / 2 - 2, track / 2 + 2);
        assertThat(full.getSize().getWidth()).isEqualTo(track);
        assertThat(half.getDomAttribute("class")).contains("low");
        assertThat(driver.findElement(By.id("evaluation-csv")).getDomAttribute("href")).contains("by=department", "format=csv");

        // Group by person: a name with markup is shown as text and runs nothing.
        click(by);
        new Select(by).selectByValue("person");
        click(driver.findElement(By.cssSelector("[data-action=evaluate]")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#evaluation-table tbody tr[data-key='li']")));
        assertThat(driver.findElement(By.id("evaluation-table")).getText()).contains(MARKUP);
        assertThat(driver.findElements(By.cssSelector("#evaluation-table img"))).isEmpty();
        assertThat(driver.findElement(By.tagName("body")).getDomAttribute("data-xss")).isNull();
    }
}
