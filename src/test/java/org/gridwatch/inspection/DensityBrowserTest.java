package org.gridwatch.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
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
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.Keys;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The density layer and panel of the main map in headless Chromium against the real service: a
 * patrol and rodent-sign inspections are recorded for one small grid through the API, then the
 * panel's grade counts, the colour drawn for that grid, its indicators (value, sample size, grade),
 * verdict, weekly trend and summary link are compared with the API's answers for the same period.
 * A refused period shows the service's message and leaves the map as it was. The heatmap card's
 * source switch asks for positive inspections.
 *
 * <p>Skipped without chromium locally.
 */
@ServiceBrowserTest
class DensityBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ZoneId DISTRICT = ZoneId.of("Asia/Shanghai");
    private static final Map<String, Integer> RANK = Map.of("A", 0, "B", 1, "C", 2, "FAIL", 3);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerSampleDistrict(registry);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = TestIdentity.adminHttpClient();
    private ChromeDriver driver;
    private WebDriverWait wait;
    private String gridCode;
    private String from, to;

    @BeforeAll
    void start() throws Exception {
        LocalDate today = LocalDate.now(DISTRICT);
        to = today.toString();
        from = today.minusDays(27).toString(); // the panel's default period: four weeks up to today
        gridCode = recordAPatrolWithRodentSigns();
        driver = HeadlessChromium.start(null);
        HeadlessChromium.signIn(driver, "http://localhost:" + port + "/");
        wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(20));
        HeadlessChromium.openMap(driver, wait, "http://localhost:" + port + "/");
        // Density levels are in the vector-control workspace (issue 18).
        HeadlessChromium.openWorkspace(driver, wait, "vector");
    }

    @AfterAll
    void stop() {
        if (driver != null) driver.quit();
    }

    @Test
    @Order(1)
    void smallGridsAreColouredByTheirGradeAndTheCountsMatchTheService() throws Exception {
        WebElement panel = driver.findElement(By.id("density-panel"));
        assertThat(panel.findElement(By.tagName("h2")).getText()).isEqualTo("病媒密度控制水平");
        assertThat(panel.findElement(By.name("densityFrom")).getAttribute("value")).isEqualTo(from);
        assertThat(panel.findElement(By.name("densityTo")).getAttribute("value")).isEqualTo(to);
        panel.findElement(By.cssSelector("[data-action=density-show]")).click();
        waitIdle();

        JsonNode expected = density("small");
        int grids = expected.get("features").size();
        assertThat(((Number) stats().get("densityGrids")).intValue()).isEqualTo(grids);
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode f : expected.get("features")) counts.merge(overall(f.get("properties")), 1, Integer::sum);
        for (String grade : List.of("A", "B", "C", "FAIL", "INSUFFICIENT")) {
            assertThat(driver.findElement(By.cssSelector("#density-panel .density-counts li[data-grade=" + grade + "]")).getAttribute("data-count"))
                    .as("grids of grade %s", grade).isEqualTo(String.valueOf(counts.getOrDefault(grade, 0)));
            assertThat(driver.findElement(By.cssSelector(".density-legend .density-grade[data-grade=" + grade + "] .density-count")).getText())
                    .isEqualTo(String.valueOf(counts.getOrDefault(grade, 0)));
        }
        JsonNode ours = gridOf(expected, gridCode);
        assertThat(js("return window.gridwatch.ctx.layers.density.fillOf(arguments[0])", gridCode))
                .isEqualTo(Map.of("A", "#1a9850", "B", "#a6d96a", "C", "#fdae61", "FAIL", "#d73027", "INSUFFICIENT", "#bdbdbd")
                        .get(overall(ours)));

        // Coloured by rodents only, the grid takes its rodent grade.
        new Select(driver.findElement(By.name("densityBy"))).selectByValue("rodent");
        String rodent = ours.at("/vectors/rodent").asString();
        assertThat(js("return window.gridwatch.ctx.layers.density.fillOf(arguments[0])", gridCode))
                .isEqualTo(Map.of("A", "#1a9850", "B", "#a6d96a", "C", "#fdae61", "FAIL", "#d73027", "INSUFFICIENT", "#bdbdbd").get(rodent));
        HeadlessChromium.screenshot(driver, "density-browser-grids.png");
    }

    @Test
    @Order(2)
    void aClickedGridShowsItsIndicatorsVerdictTrendAndSummaryLink() throws Exception {
        clickGrid(gridCode);
        WebElement selected = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#density-panel .density-selected")));
        assertThat(selected.findElement(By.tagName("h3")).getText()).contains(gridCode);
        JsonNode grid = gridOf(density("small"), gridCode);
        assertThat(selected.findElement(By.cssSelector(".density-verdict")).getAttribute("data-verdict")).isEqualTo(grid.get("verdict").asString());
        WebElement paths = selected.findElement(By.cssSelector(".density-paths"));
        assertThat(paths.getAttribute("data-trackless")).isEqualTo(String.valueOf(grid.get("tracklessPatrols").asLong()));
        assertThat(paths.getText()).contains("无轨迹巡查 " + grid.get("tracklessPatrols").asLong() + " 次");
        for (JsonNode ind : grid.get("indicators")) {
            String key = ind.get("key").asString();
            WebElement row = selected.findElement(By.cssSelector("tr[data-indicator=" + key + "]"));
            if ("local".equals(ind.get("kind").asString())) {
                // a management figure: its local-target status, never an A/B/C badge
                assertThat(row.getAttribute("data-target-status")).as(key).isEqualTo(ind.get("targetStatus").asString());
                assertThat(row.findElements(By.cssSelector(".grade"))).as(key).isEmpty();
                assertThat(row.findElement(By.cssSelector(".local-target")).getText()).as(key).containsAnyOf("样本不足", "本地目标");
            } else {
                assertThat(row.getAttribute("data-grade")).as(key).isEqualTo(ind.get("grade").asString());
            }
            if (ind.get("sampleSize").asDouble() == Math.rint(ind.get("sampleSize").asDouble())) {
                assertThat(row.findElement(By.cssSelector(".density-sample")).getText())
                        .startsWith(String.valueOf((long) ind.get("sampleSize").asDouble()));
            }
        }
        // The rodent path index: 6 signs over the patrol's length, as the service computes it.
        JsonNode path = null;
        for (JsonNode ind : grid.get("indicators")) if (ind.get("key").asString().equals("rodent_path_index")) path = ind;
        assertThat(path).isNotNull();
        String shown = selected.findElement(By.cssSelector("tr[data-indicator=rodent_path_index] .density-value")).getText();
        assertThat(shown).endsWith(" 处/公里");
        assertThat(Double.parseDouble(shown.replace(" 处/公里", "").replace(",", ""))).isEqualTo(Math.round(path.get("value").asDouble() * 100) / 100.0);

        // The trend: one dot per week with a value of the chosen indicator.
        new Select(selected.findElement(By.name("densityTrendIndicator"))).selectByValue("rodent_path_index");
        wait.until(d -> js("return document.querySelector('#density-panel .density-trend svg')") != null);
        JsonNode trend = JSON.readTree(get("/api/density/trend?grid=" + enc(gridCode) + "&from=" + from + "&to=" + to).body());
        int withValue = 0;
        for (JsonNode w : trend.get("weeks")) {
            boolean value = !w.at("/indicators/rodent_path_index").isNull() && !w.at("/indicators/rodent_path_index").isMissingNode();
            if (value) withValue++;
            // a week whose sample is below the minimum is a gap (null), never a point
            assertThat(value).isEqualTo(!w.at("/grades/rodent_path_index").asString().equals("INSUFFICIENT"));
        }
        assertThat(selected.findElements(By.cssSelector(".density-trend .trend-dot"))).hasSize(withValue);

        String href = driver.findElement(By.cssSelector("[data-action=density-summary]")).getAttribute("href");
        assertThat(href).endsWith("summary.html?from=" + from + "&to=" + to + "&grid=" + enc(gridCode) + "&lang=zh");
        HttpResponse<String> page = get(URI.create(href).getRawPath() + "?" + URI.create(href).getRawQuery());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        HeadlessChromium.screenshot(driver, "density-browser-selected.png");
    }

    @Test
    @Order(3)
    void theDistrictLevelIsOneGridSelectedAtOnceWithTheDistrictsTrend() throws Exception {
        new Select(driver.findElement(By.name("densityLevel"))).selectByValue("district");
        driver.findElement(By.cssSelector("[data-action=density-show]")).click();
        waitIdle();
        JsonNode district = density("district");
        assertThat(((Number) stats().get("densityGrids")).intValue()).isEqualTo(district.get("features").size()).isEqualTo(1);
        wait.until(d -> js("return document.querySelector('#density-panel .density-trend svg')") != null);
        assertThat(driver.findElement(By.cssSelector("#density-panel .density-verdict")).getAttribute("data-verdict"))
                .isEqualTo(district.at("/features/0/properties/verdict").asString());
        assertThat(driver.findElement(By.cssSelector("[data-action=density-summary]")).getAttribute("href")).doesNotContain("grid=");
    }

    @Test
    @Order(4)
    void aRefusedPeriodShowsTheReasonAndLeavesTheMapAsItWas() throws Exception {
        Object before = stats().get("densityGrids");
        setDate("densityFrom", to);
        setDate("densityTo", from);
        driver.findElement(By.cssSelector("[data-action=density-show]")).click();
        assertThat(driver.findElement(By.cssSelector("#density-panel .form-error")).getText()).isEqualTo("请选择起止日期，起始日期不能晚于截止日期");

        // A period the service refuses (too long): its own message, in Chinese.
        setDate("densityFrom", "1990-01-01");
        setDate("densityTo", to);
        HttpResponse<String> refusal = get("/api/density?level=district&from=1990-01-01&to=" + to + "&format=geojson");
        assertThat(refusal.statusCode()).isEqualTo(400);
        String detail = JSON.readTree(refusal.body()).get("detail").asString();
        driver.findElement(By.cssSelector("[data-action=density-show]")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#density-panel .form-error"), detail));
        assertThat(stats().get("densityGrids")).isEqualTo(before);
    }

    @Test
    @Order(5)
    void theHeatmapCanCountPositiveInspections() {
        driver.findElement(By.name("heatmap-show")).click();
        waitIdle();
        driver.findElement(By.cssSelector("input[name=heatmap-source][value=inspections]")).click();
        wait.until(d -> "阳性检查密度（处/平方公里）".equals(js(
                "const h = document.querySelector('.heatmap-legend h4'); return h && h.textContent")));
        waitIdle();
        assertThat((String) js("const img = document.querySelector('.heatmap-tiles img'); return img ? img.src : ''")).contains("source=inspections");
    }

    // --- data and helpers --------------------------------------------------------------------------

    /** A patrol with a 500 m track through a grid with bait stations, and an inspection of each with rodent signs. */
    private String recordAPatrolWithRodentSigns() throws Exception {
        Map<String, JsonNode> firstStation = new HashMap<>();
        for (JsonNode f : JSON.readTree(get("/api/features?limit=5000&type=rat_bait_station").body()).get("features")) {
            JsonNode code = f.at("/properties/gridCode");
            if (!code.isMissingNode() && !code.isNull()) firstStation.putIfAbsent(code.asString(), f);
        }
        String code = firstStation.keySet().stream().sorted().findFirst().orElseThrow();
        JsonNode station = firstStation.get(code);
        double lon = station.at("/geometry/coordinates/0").asDouble(), lat = station.at("/geometry/coordinates/1").asDouble();
        ZonedDateTime now = ZonedDateTime.now(DISTRICT).withNano(0);
        String patrolId = UUID.randomUUID().toString();
        String patrol = JSON.writeValueAsString(Map.of("clientId", patrolId, "inspector", "测试员", "gridCode", code,
                "startedAt", now.minusHours(1).toOffsetDateTime().toString(), "endedAt", now.toOffsetDateTime().toString(),
                "track", Map.of("type", "LineString", "coordinates", List.of(List.of(lon, lat), List.of(lon, lat + 0.0045)))));
        HttpResponse<String> created = post("/api/patrols", patrol);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String inspection = JSON.writeValueAsString(Map.of("clientId", UUID.randomUUID().toString(), "featureId", station.get("id").asLong(),
                "patrolClientId", patrolId, "inspector", "测试员", "inspectedAt", now.minusMinutes(30).toOffsetDateTime().toString(),
                "outcome", Map.of("baitPresent", true, "rodentSigns", 6)));
        HttpResponse<String> inspected = post("/api/inspections", inspection);
        assertThat(inspected.statusCode()).as(inspected.body()).isEqualTo(201);
        return code;
    }

    private JsonNode density(String level) throws Exception {
        HttpResponse<String> r = get("/api/density?level=" + level + "&from=" + from + "&to=" + to + "&format=geojson");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static JsonNode gridOf(JsonNode collection, String code) {
        for (JsonNode f : collection.get("features")) if (f.at("/properties/code").asString().equals(code)) return f.get("properties");
        throw new AssertionError("no grid " + code);
    }

    /** The colouring rule of the "overall" choice: the verdict's FAIL/INSUFFICIENT, else the worst vector grade. */
    private static String overall(JsonNode grid) {
        String verdict = grid.get("verdict").asString();
        if (verdict.equals("FAIL")) return "FAIL";
        if (!verdict.equals("PASS")) return "INSUFFICIENT";
        String worst = null;
        for (JsonNode g : grid.get("vectors")) {
            String grade = g.asString();
            if (RANK.containsKey(grade) && (worst == null || RANK.get(grade) > RANK.get(worst))) worst = grade;
        }
        return worst == null ? "INSUFFICIENT" : worst;
    }

    /**
     * A real mouse click inside the grid's polygon, at a spot at least 24 px from every feature of
     * the grid (features are drawn above the grades on purpose and would take the click).
     */
    private void clickGrid(String code) throws Exception {
        // As a person finds a grid: its code typed into the search box, the answer clicked (the map zooms to it).
        WebElement search = driver.findElement(By.id("search"));
        search.clear();
        search.sendKeys(code);
        wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#search-results li[data-kind=grid][data-id='" + code + "']"))).click();
        waitIdle();
        List<List<Double>> features = new java.util.ArrayList<>();
        for (JsonNode f : JSON.readTree(get("/api/features?limit=1000&grid=" + enc(code)).body()).get("features")) {
            features.add(List.of(f.at("/geometry/coordinates/0").asDouble(), f.at("/geometry/coordinates/1").asDouble()));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> at = (Map<String, Object>) js("""
                const m = window.gridwatch.map; let target = null;
                m.eachLayer((l) => { if (l.feature && l.options.densityGrid && l.feature.properties.code === arguments[0]) target = l; });
                const ring = target.getLatLngs().flat(3).map((p) => m.latLngToContainerPoint(p));
                const inside = (x, y) => { let c = false;
                  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
                    const a = ring[i], b = ring[j];
                    if ((a.y > y) !== (b.y > y) && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) c = !c; }
                  return c; };
                const marks = arguments[1].map(([lon, lat]) => m.latLngToContainerPoint([lat, lon]));
                const size = m.getSize(); let best = null;
                for (let i = 1; i < 24; i++) for (let j = 1; j < 24; j++) {
                  const x = (size.x * i) / 24, y = (size.y * j) / 24;
                  if (!inside(x, y)) continue;
                  const box = m.getContainer().getBoundingClientRect();
                  const under = document.elementFromPoint(box.left + x, box.top + y);
                  if (!under || under.closest('.leaflet-control')) continue; // a legend or the layer switch is there
                  const clear = Math.min(Infinity, ...marks.map((p) => Math.hypot(p.x - x, p.y - y)));
                  // Far from the outline too: a click near an edge may land in the neighbour.
                  let edge = Infinity;
                  for (let k = 0, j = ring.length - 1; k < ring.length; j = k++) {
                    const a = ring[j], b = ring[k], dx = b.x - a.x, dy = b.y - a.y;
                    const t = Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / (dx * dx + dy * dy || 1)));
                    edge = Math.min(edge, Math.hypot(a.x + t * dx - x, a.y + t * dy - y));
                  }
                  const score = Math.min(clear, edge);
                  if (clear >= 24 && edge >= 24 && (!best || score > best.score)) best = { x, y, score };
                }
                return best;""", code, features);
        assertThat(at).as("a clear spot inside grid %s", code).isNotNull();
        HeadlessChromium.clickMapAtContainerPoint(driver, ((Number) at.get("x")).doubleValue(), ((Number) at.get("y")).doubleValue());
    }

    /**
     * Types a date into a date field as a person does: click it, then the digits of each part in the order
     * the browser's locale shows them (month and day move on by themselves; the year, up to six digits, is
     * left with the arrow key).
     */
    private void setDate(String name, String value) {
        WebElement input = driver.findElement(By.name(name));
        @SuppressWarnings("unchecked")
        List<String> order = (List<String>) js("""
                return new Intl.DateTimeFormat(navigator.language, { year: 'numeric', month: '2-digit', day: '2-digit' })
                  .formatToParts(new Date(2000, 10, 22)).filter((p) => p.type !== 'literal').map((p) => p.type)""");
        LocalDate date = LocalDate.parse(value);
        Actions typing = new Actions(driver).click(input).sendKeys(Keys.ARROW_LEFT, Keys.ARROW_LEFT);
        for (int i = 0; i < order.size(); i++) {
            switch (order.get(i)) {
                case "year" -> {
                    typing.sendKeys(String.format("%04d", date.getYear()));
                    if (i < order.size() - 1) typing.sendKeys(Keys.ARROW_RIGHT);
                }
                case "month" -> typing.sendKeys(String.format("%02d", date.getMonthValue()));
                default -> typing.sendKeys(String.format("%02d", date.getDayOfMonth()));
            }
        }
        typing.perform();
        assertThat(input.getAttribute("value")).as("the date typed into %s", name).isEqualTo(value);
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private Map<String, Object> stats() {
        return HeadlessChromium.mapStats(driver, wait);
    }

    private void waitIdle() {
        HeadlessChromium.waitMapIdle(wait);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
