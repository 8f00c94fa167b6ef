package org.gridwatch.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.gridwatch.support.H2TestDatabase;
import org.gridwatch.support.HeadlessChromium;
import org.gridwatch.support.ServiceBrowserTest;
import org.gridwatch.support.TestIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The data-exchange panel in a real browser against the service with the sample district: an export
 * through the dialog downloads the file the API would give, and an import through the dialog shows
 * the preview (detected system, encoding, count), takes an edited field mapping, lists the problems
 * of a bad file before anything is stored, and stores a good one — checked against the API.
 */
@ServiceBrowserTest
class ExchangeBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = TestIdentity.adminHttpClient();
    private ChromeDriver driver;
    private WebDriverWait wait;
    private Path downloads;

    @BeforeAll
    void startBrowser() throws Exception {
        downloads = Path.of("target", "exchange-browser-downloads");
        driver = HeadlessChromium.start(HeadlessChromium.downloadingInto(downloads));
        HeadlessChromium.signIn(driver, "http://localhost:" + port + "/");
        wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        driver.get("http://localhost:" + port + "/");
        HeadlessChromium.waitReady(wait);
    }

    @AfterAll
    void stopBrowser() {
        if (driver != null) driver.quit();
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private WebElement panel() {
        return driver.findElement(By.id("exchange-panel"));
    }

    private void choose(String name, String value) {
        new Select(panel().findElement(By.name(name))).selectByValue(value);
    }

    private void click(String action) {
        WebElement b = panel().findElement(By.cssSelector("[data-action=" + action + "]"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView(); arguments[0].click();", b);
    }

    private void waitForJob(String prefix, String state) {
        wait.until(d -> state.equals(panel().findElement(By.cssSelector("[data-job=" + prefix + "]")).getDomAttribute("data-state")));
    }

    private long activeFeatures(String type) throws Exception {
        return getJson("/api/features?limit=1&type=" + type).get("numberMatched").asLong();
    }

    @Test
    @Order(1)
    void exportThroughTheDialogDownloadsTheLayer() throws Exception {
        choose("export-layer", "features");
        choose("export-type", "trash_bin");
        choose("export-format", "geojson");
        choose("export-crs", "EPSG:4490");
        click("export-start");
        waitForJob("export", "done");
        WebElement link = panel().findElement(By.cssSelector(".exchange-download"));
        assertThat(link.getText()).contains("features.geojson");
        WebElement bar = panel().findElement(By.cssSelector("[data-job=export] progress"));
        assertThat(bar.getDomProperty("value")).isEqualTo(bar.getDomProperty("max"));
        Path file = downloads.resolve("features.geojson");
        wait.until(d -> Files.exists(file) && file.toFile().length() > 0);
        JsonNode fc = JSON.readTree(Files.readString(file));
        assertThat((long) fc.get("features").size()).isEqualTo(activeFeatures("trash_bin"));
        assertThat(fc.get("features").get(0).at("/properties/type").asString()).isEqualTo("trash_bin");
        HeadlessChromium.screenshot(driver, "exchange-browser-export.png");
    }

    /** Three rows near an existing feature, UTF-8 with BOM, a title column the service does not know. */
    private Path csv(String name, String badSecondLat) throws Exception {
        JsonNode any = getJson("/api/features?limit=1").get("features").get(0).get("geometry").get("coordinates");
        double lon = any.get(0).asDouble(), lat = any.get(1).asDouble();
        StringBuilder text = new StringBuilder("\uFEFF标题,类型,经度,纬度\n");
        for (int i = 0; i < 3; i++) {
            String y = i == 1 && badSecondLat != null ? badSecondLat : String.valueOf(lat + 0.00001 * i);
            text.append(name).append(i).append(",stagnant_water,").append(lon + 0.00001 * i).append(',').append(y).append('\n');
        }
        Path p = Files.createTempFile("exchange-", ".csv");
        Files.writeString(p, text.toString(), StandardCharsets.UTF_8);
        return p;
    }

    @Test
    @Order(2)
    void aBadFileShowsItsProblemsAndStoresNothing() throws Exception {
        long before = activeFeatures("stagnant_water");
        panel().findElement(By.name("import-file")).sendKeys(csv("坏积水点", "北纬").toAbsolutePath().toString());
        choose("import-layer", "features");
        click("import-preview");
        waitForJob("import", "done");
        WebElement title = panel().findElement(By.cssSelector(".exchange-problems-title"));
        wait.until(d -> "1".equals(title.getDomAttribute("data-count")));
        List<WebElement> problems = panel().findElements(By.cssSelector(".exchange-problems li"));
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).getDomAttribute("data-index")).isEqualTo("1");
        assertThat(problems.get(0).getText()).contains("第 1 条");
        assertThat(panel().findElement(By.cssSelector("[data-action=import-start]")).isEnabled()).isFalse();
        assertThat(activeFeatures("stagnant_water")).isEqualTo(before);
    }

    @Test
    @Order(3)
    void importThroughTheDialogPreviewsMapsAndStores() throws Exception {
        long before = activeFeatures("stagnant_water");
        panel().findElement(By.name("import-file")).sendKeys(csv("东湖积水点", null).toAbsolutePath().toString());
        choose("import-layer", "features");
        click("import-preview");
        waitForJob("import", "done");
        WebElement summary = panel().findElement(By.cssSelector(".exchange-summary"));
        wait.until(d -> summary.isDisplayed() && summary.getText().contains("3 条记录"));
        assertThat(summary.getText()).contains("EPSG:4326").contains("UTF-8 (BOM)");
        assertThat(panel().findElement(By.cssSelector(".exchange-problems-title")).getDomAttribute("data-count")).isEqualTo("0");
        // 类型 is known by default; 标题 is not, and is mapped to the name here.
        assertThat(new Select(panel().findElement(By.cssSelector("select[data-field='类型']"))).getFirstSelectedOption()
                .getDomAttribute("value")).isEqualTo("type");
        new Select(panel().findElement(By.cssSelector("select[data-field='标题']"))).selectByValue("name");
        // Changing the mapping asks for a new preview before the import.
        assertThat(panel().findElement(By.cssSelector("[data-action=import-start]")).isEnabled()).isFalse();
        click("import-preview");
        waitForJob("import", "done");
        wait.until(d -> panel().findElement(By.cssSelector("[data-action=import-start]")).isEnabled());
        assertThat(activeFeatures("stagnant_water")).as("a preview stores nothing").isEqualTo(before);
        click("import-start");
        WebElement result = panel().findElement(By.cssSelector(".exchange-result"));
        wait.until(d -> result.isDisplayed());
        assertThat(result.getText()).isEqualTo("已导入 3 条记录");
        assertThat(activeFeatures("stagnant_water")).isEqualTo(before + 3);
        JsonNode found = getJson("/api/map/search?q=" + URLEncoder.encode("东湖积水点1", StandardCharsets.UTF_8));
        assertThat(found.toString()).contains("东湖积水点1");
        HeadlessChromium.screenshot(driver, "exchange-browser-import.png");
    }
}
