package org.gridwatch.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.gridwatch.support.H2TestDatabase;
import org.gridwatch.support.HeadlessChromium;
import org.gridwatch.support.ServiceBrowserTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every visible control of the map page can be reached at the window sizes people use: brought into
 * view, the element at its centre is the control itself (or its own label), never a legend, a panel or
 * another control lying over it. Then the layer switches a laptop user could not click before (the
 * legend lay over them) are clicked with the pointer and toggle their layer.
 */
@ServiceBrowserTest
class ControlsReachableBrowserTest {

    /** The controls a person can operate: buttons, fields, links and the switches' labels. */
    private static final String CONTROLS = "#topbar button, #topbar input, #topbar a, #workspace-nav button, "
            + ".leaflet-control-container a, .leaflet-control-container button, .leaflet-control-container label, "
            + "#sidebar button, #sidebar select, #sidebar input:not([type=hidden]):not([type=file]), #sidebar a";

    /** For each visible control: null when reachable, else what lies over it. */
    private static final String COVERED = """
            const out = [];
            for (const el of document.querySelectorAll(arguments[0])) {
              const box = el.getBoundingClientRect();
              if (box.width === 0 || box.height === 0 || el.closest('[hidden]')) continue;
              // Inside a folded <details> (not its summary) a control keeps a box but is not drawn.
              const folded = el.closest('details:not([open])');
              if (folded && !el.closest('summary')) continue;
              if (el.checkVisibility && !el.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true })) continue;
              if (getComputedStyle(el).visibility === 'hidden') continue;
              el.scrollIntoView({ block: 'center', inline: 'center' });
              const r = el.getBoundingClientRect();
              const x = r.left + r.width / 2, y = r.top + r.height / 2;
              if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) {
                out.push(describe(el) + ' is outside the window at ' + Math.round(x) + ',' + Math.round(y));
                continue;
              }
              const hit = document.elementFromPoint(x, y);
              const ok = hit && (hit === el || el.contains(hit) || (hit.tagName === 'LABEL' && hit.contains(el))
                  || (el.tagName === 'INPUT' && el.labels && [...el.labels].some((l) => l.contains(hit))));
              if (!ok) out.push(describe(el) + ' is covered by ' + describe(hit));
            }
            return out;
            function describe(e) {
              if (!e) return 'nothing';
              const text = (e.textContent || e.value || e.name || '').trim().slice(0, 24);
              return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string'
                  ? '.' + e.className.trim().split(/\\s+/).join('.') : '') + (text ? ' "' + text + '"' : '');
            }
            """;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerSampleDistrict(registry);
    }

    @LocalServerPort
    int port;

    private ChromeDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    void startBrowser() {
        driver = HeadlessChromium.start(null);
        HeadlessChromium.signIn(driver, "http://localhost:" + port + "/");
        wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(60));
    }

    @AfterAll
    void stopBrowser() {
        if (driver != null) driver.quit();
    }

    private void open(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        driver.get("http://localhost:" + port + "/");
        HeadlessChromium.waitReady(wait);
    }

    @ParameterizedTest(name = "{0}×{1}")
    @CsvSource({"1366,768", "1920,1080", "390,844"})
    void everyVisibleControlIsTheElementAtItsCentre(int width, int height) throws Exception {
        open(width, height);
        // Every workspace the admin has (issue 18), each opened with its tab.
        @SuppressWarnings("unchecked")
        List<String> workspaces = (List<String>) driver.executeScript(
                "return [...document.querySelectorAll('#workspace-nav [data-workspace]')].map((e) => e.dataset.workspace)");
        assertThat(workspaces).hasSizeGreaterThan(1);
        for (String workspace : workspaces) {
            HeadlessChromium.openWorkspace(driver, wait, workspace);
            @SuppressWarnings("unchecked")
            List<String> covered = (List<String>) driver.executeScript(COVERED, CONTROLS);
            HeadlessChromium.screenshot(driver, "controls-reachable-" + workspace + "-" + width + "x" + height + ".png");
            assertThat(covered).as("controls covered or out of reach in %s at %d×%d", workspace, width, height).isEmpty();
        }
        // A field squeezed to a sliver is not one a person can type into.
        WebElement search = driver.findElement(By.cssSelector("#search-slot input"));
        assertThat(search.getSize().getWidth()).as("search field width at %d×%d", width, height)
                .isGreaterThanOrEqualTo(Math.min(300, width - 40));
    }

    @ParameterizedTest(name = "{0}×{1}")
    @CsvSource({"1366,768", "1400,900"})
    void theLastLayerSwitchesToggleTheirLayerWithThePointer(int width, int height) {
        open(width, height);
        List<WebElement> switches = driver.findElements(By.cssSelector(".leaflet-control-layers-overlays label"));
        assertThat(switches).hasSizeGreaterThan(4);
        // The last switches are the ones the legend covered (拓扑问题, 巡查路线, 规划方案, 病媒密度等级).
        for (WebElement label : switches.subList(switches.size() - 4, switches.size())) {
            driver.executeScript("arguments[0].scrollIntoView({block: 'nearest'});", label);
            WebElement box = label.findElement(By.cssSelector("input"));
            boolean before = box.isSelected();
            new Actions(driver).moveToElement(label).pause(Duration.ofMillis(30)).click().perform();
            wait.until(d -> box.isSelected() != before);
        }
    }
}
