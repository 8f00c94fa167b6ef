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

import org.gridwatch.support.H2TestDatabase;
import org.gridwatch.support.HeadlessChromium;
import org.gridwatch.support.ServiceBrowserTest;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.json.JsonMapper;

/**
 * An upload the service refuses before any job starts (over the upload limit: 413) on a 1366×768
 * laptop, with real clicks: the import panel says why in the user's language, leaves no progress bar
 * or cancel button of a job that never existed, and takes the next, smaller file.
 */
@ServiceBrowserTest
class ImportRefusalBrowserTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerSampleDistrict(registry);
        registry.add("spring.servlet.multipart.max-file-size", () -> "64KB");
        registry.add("spring.servlet.multipart.max-request-size", () -> "64KB");
    }

    @LocalServerPort
    int port;

    private ChromeDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    void startBrowser() {
        driver = HeadlessChromium.start(null);
        driver.manage().window().setSize(new Dimension(1366, 768));
        HeadlessChromium.signIn(driver, "http://localhost:" + port + "/");
        wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(60));
        driver.get("http://localhost:" + port + "/");
        HeadlessChromium.waitReady(wait);
    }

    @AfterAll
    void stopBrowser() {
        if (driver != null) driver.quit();
    }

    private WebElement panel() {
        return driver.findElement(By.id("exchange-panel"));
    }

    /** A person's click: the pointer moves to the button's centre (scrolling it into view) and clicks. */
    private void press(String action) {
        WebElement b = panel().findElement(By.cssSelector("[data-action=" + action + "]"));
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", b);
        Object top = driver.executeScript(
                "const r = arguments[0].getBoundingClientRect();"
                        + "return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === arguments[0];", b);
        assertThat(top).as("nothing covers the %s button", action).isEqualTo(true);
        new Actions(driver).moveToElement(b).pause(Duration.ofMillis(30)).click().perform();
    }

    private long features(String type) throws Exception {
        HttpClient http = TestIdentity.adminHttpClient();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/features?limit=1&type=" + type)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return JsonMapper.builder().build().readTree(r.body()).get("numberMatched").asLong();
    }

    private static Path csv(int rows) throws Exception {
        StringBuilder text = new StringBuilder("name,type,lon,lat\n");
        for (int i = 0; i < rows; i++) {
            text.append("超限积水点").append(i).append(",stagnant_water,")
                    .append(114.30 + i * 1e-7).append(',').append(30.58).append('\n');
        }
        Path p = Files.createTempFile("import-refusal-", ".csv");
        Files.writeString(p, text.toString(), StandardCharsets.UTF_8);
        return p;
    }

    @Test
    @Order(1)
    void aFileOverTheLimitIsRefusedWithAReasonAndThePanelStaysUsable() throws Exception {
        long before = features("stagnant_water");
        Path big = csv(3000);
        assertThat(Files.size(big)).isGreaterThan(64 * 1024);
        panel().findElement(By.name("import-file")).sendKeys(big.toAbsolutePath().toString());
        new Select(panel().findElement(By.name("import-layer"))).selectByValue("features");
        press("import-preview");

        WebElement job = panel().findElement(By.cssSelector("[data-job=import]"));
        wait.until(d -> "failed".equals(job.getDomAttribute("data-state")));
        WebElement state = job.findElement(By.cssSelector(".exchange-job-state"));
        assertThat(state.getText()).as("the refusal in Chinese").startsWith("失败：").contains("超过允许的大小");
        assertThat(state.getText()).doesNotContain("HTTP 413").doesNotContain("Failed to fetch");
        assertThat(job.findElement(By.cssSelector("[data-action=import-cancel]")).isDisplayed())
                .as("no cancel button for a job that never started").isFalse();
        WebElement bar = job.findElement(By.cssSelector("progress"));
        assertThat(bar.getDomAttribute("value")).as("an empty bar, not one still working").isEqualTo("0");
        assertThat(panel().findElement(By.cssSelector("[data-action=import-preview]")).isEnabled()).isTrue();
        assertThat(features("stagnant_water")).isEqualTo(before);
        HeadlessChromium.screenshot(driver, "import-refusal-413.png");
    }

    @Test
    @Order(2)
    void theNextSmallerFileIsPreviewedAsUsual() throws Exception {
        Path small = csv(3);
        panel().findElement(By.name("import-file")).sendKeys(small.toAbsolutePath().toString());
        press("import-preview");
        WebElement job = panel().findElement(By.cssSelector("[data-job=import]"));
        wait.until(d -> "done".equals(job.getDomAttribute("data-state")));
        WebElement summary = panel().findElement(By.cssSelector(".exchange-summary"));
        wait.until(d -> summary.isDisplayed() && summary.getText().contains("3 条记录"));
    }
}
