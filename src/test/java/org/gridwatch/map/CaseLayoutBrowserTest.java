package org.gridwatch.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.gridwatch.support.H2TestDatabase;
import org.gridwatch.support.HeadlessChromium;
import org.gridwatch.support.ServiceBrowserTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The map page with the case panel at a laptop (1366×768), a desktop (1920×1080) and a phone
 * (390×844): no map control covers another or leaves the map, and every control of the case panel
 * (filters, work list, hotline button) is the element a person's tap at its centre reaches once it
 * is scrolled into view — nothing lies over it. Checked with the browser's own hit test
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
        H2TestDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    private ChromeDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    void start() {
        driver = HeadlessChromium.start(null);
        HeadlessChromium.signIn(driver, "http://localhost:" + port + "/");
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    @AfterAll
    void stop() {
        if (driver != null) driver.quit();
    }

    @ParameterizedTest(name = "{0}×{1}")
    @CsvSource({"1366, 768, false", "1920, 1080, false", "390, 844, true"})
    void nothingCoversAnotherControl(int width, int height, boolean phone) throws Exception {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", phone));
        HeadlessChromium.openMap(driver, wait, "http://localhost:" + port + "/");
        assertThat(driver.findElements(By.cssSelector("#case-panel"))).hasSize(1);
        assertThat(((Number) driver.executeScript("return window.innerWidth")).intValue()).isEqualTo(width);
        @SuppressWarnings("unchecked")
        List<String> problems = (List<String>) driver.executeScript(LAYOUT_PROBLEMS);
        HeadlessChromium.screenshot(driver, "case-layout-" + width + "x" + height + ".png");
        assertThat(problems).as("at %d×%d", width, height).isEmpty();
        // The map keeps a usable size beside (or above) the sidebar.
        Number mapHeight = (Number) driver.executeScript("return document.getElementById('map').getBoundingClientRect().height");
        assertThat(mapHeight.intValue()).isGreaterThanOrEqualTo(phone ? 300 : 500);
    }
}
