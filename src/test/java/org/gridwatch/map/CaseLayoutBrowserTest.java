package org.gridwatch.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.gridwatch.support.H2TestDatabase;
import org.gridwatch.support.HeadlessChromium;
import org.gridwatch.support.ServiceBrowserTest;
import org.gridwatch.support.TestIdentity;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
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
 * The map page with the case panel at a laptop (1366×768), a desktop (1920×1080) and a phone
 * (390×844): no map control covers another or leaves the map, and every control of the case panel
 * (filters, work list, hotline button, an open case with its action form and timeline) is the element
 * a person's tap at its centre reaches once it is scrolled into view — nothing lies over it. The
 * phone page's case buttons likewise at 390×844. Checked with the browser's own hit test
 * ({@code document.elementFromPoint}), not with class names.
 *
 * <p>Skipped without chromium locally.
 */
@ServiceBrowserTest
class CaseLayoutBrowserTest {

    /**
     * Problems as text: map controls overlapping each other or sticking out of the map, and controls
     * (map controls and every visible button, select, input, summary of the case panel) whose centre a
     * tap does not reach. The case panel's filters are opened first, so their fields are checked too.
     */
    static final String LAYOUT_PROBLEMS = """
            const problems = [];
            const shown = (e) => {
              const r = e.getBoundingClientRect(), s = getComputedStyle(e);
              return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && !e.closest('[hidden]');
            };
            const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
              + (e.name ? '[name=' + e.name + ']' : '') + (e.dataset && e.dataset.action ? '[data-action=' + e.dataset.action + ']' : '');
            const reached = (e) => {
              const r = e.getBoundingClientRect();
              const x = r.left + r.width / 2, y = r.top + r.height / 2;
              if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return 'outside the window at ' + Math.round(x) + ',' + Math.round(y);
              const hit = document.elementFromPoint(x, y);
              return hit && (hit === e || e.contains(hit) || (e.tagName === 'INPUT' && hit.tagName === 'LABEL' && hit.contains(e))) ? null : 'covered by ' + (hit ? name(hit) : 'nothing');
            };
            const details = document.querySelector('#case-panel details.case-filters');
            if (details) details.open = true;
            const map = document.getElementById('map').getBoundingClientRect();
            const controls = [...document.querySelectorAll('.leaflet-control')].filter(shown);
            const rects = controls.map((c) => c.getBoundingClientRect());
            for (let i = 0; i < controls.length; i++) {
              const a = rects[i];
              if (a.left < map.left - 1 || a.top < map.top - 1 || a.right > map.right + 1 || a.bottom > map.bottom + 1) problems.push(name(controls[i]) + ' sticks out of the map');
              for (let j = i + 1; j < controls.length; j++) {
                const b = rects[j];
                const w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
                if (w > 0 && h > 0) problems.push(name(controls[i]) + ' overlaps ' + name(controls[j]));
              }
              const why = reached(controls[i]);
              if (why) problems.push(name(controls[i]) + ' ' + why);
            }
            const panel = document.getElementById('case-panel');
            if (!panel) problems.push('no case panel');
            else for (const e of panel.querySelectorAll('button, select, input, textarea, summary, .case-row')) {
              if (!shown(e)) continue;
              e.scrollIntoView({ block: 'center', inline: 'nearest' });
              const why = reached(e);
              if (why) problems.push(name(e) + ' ' + why);
              const r = e.getBoundingClientRect(), p = panel.getBoundingClientRect();
              if (r.right > p.right + 1 || r.left < p.left - 1) problems.push(name(e) + ' wider than the case panel');
            }
            return problems;""";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerSampleDistrict(registry);
    }

    @LocalServerPort
    int port;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = TestIdentity.adminHttpClient();
    private ChromeDriver driver;
    private WebDriverWait wait;
    private long caseId;
    private String gridCode;

    @BeforeAll
    void start() throws Exception {
        // One case typed in from a hotline call at a feature's place, to open in the panel.
        JsonNode feature = null;
        for (JsonNode f : JSON.readTree(TestIdentity.send(http, port, "GET", "/api/features?limit=2000", null).body()).get("features")) {
            if (f.at("/properties/gridCode").isString()) { feature = f; break; }
        }
        gridCode = feature.at("/properties/gridCode").asString();
        HttpResponse<String> created = TestIdentity.send(http, port, "POST", "/api/cases", JSON.writeValueAsString(Map.of(
                "source", "hotline", "classCode", "breeding_site", "lon", feature.at("/geometry/coordinates/0").asDouble(),
                "lat", feature.at("/geometry/coordinates/1").asDouble(), "description", "小区花坛积水，有蚊子幼虫",
                "reporterName", "张女士", "reporterPhone", "13800000000")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        caseId = JSON.readTree(created.body()).path("id").asLong();
        driver = HeadlessChromium.start(null);
        HeadlessChromium.signIn(driver, "http://localhost:" + port + "/");
        wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(30));
    }

    @AfterAll
    void stop() {
        if (driver != null) driver.quit();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}×{1}")
    @CsvSource({"1366, 768, false", "1920, 1080, false", "390, 844, true"})
    void nothingCoversAnotherControl(int width, int height, boolean phone) throws Exception {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", phone));
        HeadlessChromium.openMap(driver, wait, "http://localhost:" + port + "/");
        HeadlessChromium.openWorkspace(driver, wait, "cases");
        assertThat(driver.findElements(By.cssSelector("#case-panel"))).hasSize(1);
        assertThat(((Number) driver.executeScript("return window.innerWidth")).intValue()).isEqualTo(width);
        // The case open, with the register form unfolded: the tallest the panel gets.
        WebElement row = wait.until(d -> d.findElements(By.cssSelector("#case-list .case-row[data-case-id='" + caseId + "']"))
                .stream().findFirst().orElse(null));
        row.click();
        wait.until(d -> String.valueOf(caseId).equals(d.findElement(By.id("case-detail")).getAttribute("data-case-id")));
        WebElement register = driver.findElement(By.cssSelector("[data-action=case-register]"));
        driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", register);
        register.click();
        wait.until(d -> d.findElement(By.cssSelector("[data-action=case-confirm]")).isDisplayed());
        @SuppressWarnings("unchecked")
        List<String> problems = (List<String>) driver.executeScript(LAYOUT_PROBLEMS);
        HeadlessChromium.screenshot(driver, "case-layout-" + width + "x" + height + ".png");
        assertThat(problems).as("at %d×%d", width, height).isEmpty();
        // The map keeps a usable size beside (or above) the sidebar.
        Number mapHeight = (Number) driver.executeScript("return document.getElementById('map').getBoundingClientRect().height");
        assertThat(mapHeight.intValue()).isGreaterThanOrEqualTo(phone ? 300 : 500);
    }

    @Test
    @Order(2)
    void thePhonePagesCaseButtonsAreReachable() throws Exception {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844,
                "deviceScaleFactor", 1, "mobile", true));
        driver.get("http://localhost:" + port + "/field.html");
        HeadlessChromium.waitReady(wait);
        new Select(driver.findElement(By.id("setup-grid"))).selectByValue(gridCode);
        WebElement name = driver.findElement(By.id("setup-inspector"));
        name.clear();
        name.sendKeys("测试员");
        driver.findElement(By.id("setup-start")).click();
        wait.until(d -> d.findElement(By.id("report-problem")).isDisplayed());
        @SuppressWarnings("unchecked")
        List<String> problems = (List<String>) driver.executeScript("""
                const problems = [];
                for (const e of document.querySelectorAll('#field-cases button')) {
                  e.scrollIntoView({ block: 'center' });
                  const r = e.getBoundingClientRect();
                  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                  if (!(hit === e || e.contains(hit))) problems.push((e.id || e.className) + ' covered by ' + (hit ? hit.tagName + '.' + hit.className : 'nothing'));
                  if (r.height < 48) problems.push((e.id || e.className) + ' is ' + r.height + ' px high');
                  if (r.right > innerWidth) problems.push((e.id || e.className) + ' wider than the phone');
                }
                return problems;""");
        HeadlessChromium.screenshot(driver, "case-layout-field-390x844.png");
        assertThat(problems).isEmpty();
        assertThat(driver.findElements(By.cssSelector("#field-cases button"))).isNotEmpty();
    }
}
