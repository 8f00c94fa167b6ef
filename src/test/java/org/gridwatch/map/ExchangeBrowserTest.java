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
import org.gridwatch.geo.GeoJsonReader;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The data-exchange panel in a real browser against the service with the sample district: an export
 * through the dialog downloads the file the API would give, and an import through the dialog shows
 * the preview (detected system, encoding, count), takes an edited field mapping, lists the problems
 * of a bad file before anything is stored, and stores a good one — checked against the API. Last, on a
 * 1366×768 laptop by pointer clicks, a street file replaces the streets within the district outline.
 */
@ServiceBrowserTest
class ExchangeBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerSampleDistrict(registry);
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
        wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(60));
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

    /** A person's click: the pointer moves to the element's centre (scrolled into view), nothing covering it. */
    private void pointAndClick(WebElement target) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", target);
        Object top = ((JavascriptExecutor) driver).executeScript(
                "const r = arguments[0].getBoundingClientRect();"
                        + "const e = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
                        + "return e === arguments[0] || arguments[0].contains(e);", target);
        assertThat(top).as("nothing covers %s", target).isEqualTo(true);
        new Actions(driver).moveToElement(target).pause(Duration.ofMillis(30)).click().perform();
    }

    @Test
    @Order(4)
    void streetsReplaceThoseWithinTheDistrictOutlineChosenByClicksAt1366x768() throws Exception {
        driver.manage().window().setSize(new Dimension(1366, 768));
        // What the import must do, worked out here from the API: the streets lying wholly within the outline.
        Geometry outline = GeoJsonReader.geometry(getJson("/api/district-outline").get("features").get(0).get("geometry"));
        PreparedGeometry within = PreparedGeometryFactory.prepare(outline);
        JsonNode streets = getJson("/api/streets").get("features");
        JsonNode kept = null;
        int inside = 0;
        for (JsonNode street : streets) {
            if (within.covers(GeoJsonReader.geometry(street.get("geometry")))) {
                inside++;
                if (kept == null) kept = street;
            }
        }
        assertThat(kept).as("a sample street within the outline").isNotNull();
        // The file: one stored street again (recognised, kept) and a new one 20 m long inside the outline.
        Coordinate c = outline.getInteriorPoint().getCoordinate();
        ObjectNode again = JSON.createObjectNode().put("type", "Feature");
        again.putObject("properties").put("name", kept.at("/properties/name").asString())
                .put("class", kept.at("/properties/class").asString(null));
        again.set("geometry", kept.get("geometry"));
        String added = "{\"type\":\"Feature\",\"properties\":{\"name\":\"新修小街\",\"class\":\"residential\"},"
                + "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[" + c.x + "," + c.y + "],[" + (c.x + 0.0002) + "," + c.y + "]]}}";
        Path file = Files.createTempFile("streets-", ".geojson");
        Files.writeString(file, "{\"type\":\"FeatureCollection\",\"features\":[" + again + "," + added + "]}");
        String expected = "新增 1 条、更新 0 条、保持不变 1 条、删除 " + (inside - 1) + " 条";

        panel().findElement(By.name("import-file")).sendKeys(file.toAbsolutePath().toString());
        // The layer by pointer and keyboard: open the list, one up from 点位 to 街道, confirm.
        WebElement layer = panel().findElement(By.name("import-layer"));
        pointAndClick(layer);
        new Actions(driver).sendKeys(org.openqa.selenium.Keys.ARROW_UP, org.openqa.selenium.Keys.ENTER).perform();
        wait.until(d -> "streets".equals(new Select(layer).getFirstSelectedOption().getDomAttribute("value")));
        WebElement append = panel().findElement(By.cssSelector("input[name=import-mode][value=append]"));
        WebElement replace = panel().findElement(By.cssSelector("input[name=import-mode][value=replace-district]"));
        wait.until(d -> replace.isDisplayed());
        assertThat(append.isSelected()).as("adding is the default").isTrue();
        pointAndClick(replace);
        assertThat(replace.isSelected()).isTrue();
        WebElement hint = panel().findElement(By.cssSelector(".exchange-mode-hint"));
        assertThat(hint.isDisplayed()).isTrue();
        assertThat(hint.getText()).contains("辖区边界内").contains("跨越边界");

        pointAndClick(panel().findElement(By.cssSelector("[data-action=import-preview]")));
        waitForJob("import", "done");
        WebElement counts = panel().findElement(By.cssSelector(".exchange-street-counts"));
        wait.until(d -> counts.isDisplayed());
        assertThat(counts.getText()).isEqualTo("道路：将" + expected);
        assertThat(getJson("/api/streets").get("features").size()).as("a preview deletes nothing").isEqualTo(streets.size());

        WebElement start = panel().findElement(By.cssSelector("[data-action=import-start]"));
        wait.until(d -> start.isEnabled());
        pointAndClick(start);
        WebElement result = panel().findElement(By.cssSelector(".exchange-result"));
        wait.until(d -> result.isDisplayed());
        assertThat(result.getText()).isEqualTo("道路已导入：" + expected);
        JsonNode after = getJson("/api/streets").get("features");
        assertThat(after.size()).isEqualTo(streets.size() - (inside - 1) + 1);
        long keptId = kept.get("id").asLong();
        assertThat(after.valueStream().map(f -> f.get("id").asLong())).contains(keptId);
        assertThat(after.valueStream().map(f -> f.at("/properties/name").asString(""))).contains("新修小街");
        HeadlessChromium.screenshot(driver, "exchange-browser-street-replace-1366.png");
    }
}
