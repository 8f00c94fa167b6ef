package org.gridwatch.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gridwatch.support.H2TestDatabase;
import org.gridwatch.support.HeadlessChromium;
import org.gridwatch.support.ServiceBrowserTest;
import org.gridwatch.support.TestIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
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

import tools.jackson.databind.json.JsonMapper;

/**
 * One workspace per role (issue 18): each role signs in on the login page and the tab row under the top
 * bar offers exactly the workspaces that role may use; clicking each tab with the pointer shows exactly
 * that workspace's cards; a grid worker never meets a planning tool (no card, no drawing toolbar, no
 * planning layer switch); a workspace keeps its view when the user switches away and back, and across
 * the language switch (which reloads the page). At 1366×768, 1920×1080 and a 390×844 phone.
 */
@ServiceBrowserTest
class WorkspaceBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "workspace-test-password-1";

    private static final List<String> PLANNER_CARDS = List.of("grid", "planning", "topology", "outline", "exchange", "route");
    private static final List<String> PLANNING_TOOLS = List.of("grid", "planning", "topology", "outline", "exchange");

    /** Each account's workspaces, in tab order, with the cards each shows, in order: what the issue asks per role. */
    private static final Map<String, Map<String, List<String>>> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("ws-planner", Map.of("planner", PLANNER_CARDS));
        EXPECTED.put("ws-vector", Map.of("vector", List.of("heatmap", "density", "coverage", "feature", "route", "fieldWork", "reports")));
        EXPECTED.put("ws-dispatcher", Map.of("cases", List.of("cases", "reports", "heatmap")));
        EXPECTED.put("ws-handler", Map.of("cases", List.of("cases", "heatmap")));
        EXPECTED.put("ws-worker", Map.of("field", List.of("myWork", "route", "cases", "feature")));
        EXPECTED.put("ws-viewer", Map.of("viewer", List.of("reports", "heatmap", "density", "coverage")));
        Map<String, List<String>> admin = new LinkedHashMap<>();
        admin.put("planner", List.of("grid", "feature", "planning", "topology", "outline", "exchange", "route"));
        admin.put("vector", List.of("heatmap", "density", "coverage", "feature", "route", "fieldWork", "reports"));
        admin.put("cases", List.of("cases", "reports", "heatmap"));
        admin.put("admin", List.of("adminLinks", "baseMapSettings", "thresholds", "calendar", "backup"));
        EXPECTED.put(TestIdentity.ADMIN_USERNAME, admin);
        // Several roles, several tabs; the feature card joins the planner's workspace for one who may write features.
        Map<String, List<String>> both = new LinkedHashMap<>();
        both.put("planner", List.of("grid", "feature", "planning", "topology", "outline", "exchange", "route"));
        both.put("vector", List.of("heatmap", "density", "coverage", "feature", "route", "fieldWork", "reports"));
        EXPECTED.put("ws-both", both);
    }

    /** The cards shown in the sidebar now, in order. */
    private static final String SHOWN_CARDS = """
            return [...document.querySelectorAll('#sidebar > [data-panel]')]
              .filter((e) => e.getClientRects().length > 0).map((e) => e.dataset.panel);""";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerSampleDistrict(registry);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = TestIdentity.adminHttpClient();
    private ChromeDriver driver;
    private WebDriverWait wait;
    private String workerGrid;

    @BeforeAll
    void start() throws Exception {
        workerGrid = JSON.readTree(send("GET", "/api/grids?level=small", null).body()).at("/features/0/properties/code").asString();
        assertThat(workerGrid).isNotBlank();
        account("ws-planner", List.of("planner"), List.of(), null);
        account("ws-vector", List.of("vector_control"), List.of(), null);
        account("ws-dispatcher", List.of("dispatcher"), List.of(), null);
        account("ws-handler", List.of("handler"), List.of(), "sanitation");
        account("ws-worker", List.of("grid_worker"), List.of(workerGrid), null);
        account("ws-viewer", List.of("viewer"), List.of(), null);
        account("ws-both", List.of("planner", "vector_control"), List.of(), null);
        driver = HeadlessChromium.start(null);
        wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() {
        if (driver != null) driver.quit();
    }

    @ParameterizedTest(name = "{0}×{1}")
    // The cards do not depend on the width between these two; ControlsReachableBrowserTest covers 1920×1080.
    // On the phone the admin alone: the most tabs and cards, so the narrowest layout's hardest case (the
    // grid worker's phone is aGridWorkerNeverSeesAPlanningTool's); every role at the phone's size took 20 s.
    @CsvSource({"1366,768,true", "390,844,false"})
    @Order(1)
    void eachRoleGetsExactlyItsWorkspacesAndEachTabShowsItsCards(int width, int height, boolean everyRole) throws Exception {
        driver.manage().window().setSize(new Dimension(width, height));
        for (var entry : EXPECTED.entrySet()) {
            String user = entry.getKey();
            if (!everyRole && !user.equals(TestIdentity.ADMIN_USERNAME)) continue;
            signInAndOpenMap(user);
            List<String> tabs = tabIds();
            assertThat(tabs).as("workspaces of %s at %d×%d", user, width, height)
                    .containsExactlyElementsOf(entry.getValue().keySet());
            for (var workspace : entry.getValue().entrySet()) {
                HeadlessChromium.openWorkspace(driver, wait, workspace.getKey());
                assertThat(shownCards()).as("cards of %s's %s workspace at %d×%d", user, workspace.getKey(), width, height)
                        .containsExactlyElementsOf(workspace.getValue());
                assertThat(drawToolbarShown()).as("drawing toolbar in %s's %s workspace", user, workspace.getKey())
                        .isEqualTo(workspace.getKey().equals("planner"));
            }
            if (user.equals(TestIdentity.ADMIN_USERNAME)) {
                HeadlessChromium.screenshot(driver, "workspace-admin-" + width + "x" + height + ".png");
            }
        }
    }

    @ParameterizedTest(name = "{0}×{1}")
    @CsvSource({"1366,768", "1920,1080", "390,844"})
    @Order(2)
    void aGridWorkerNeverSeesAPlanningTool(int width, int height) throws Exception {
        driver.manage().window().setSize(new Dimension(width, height));
        signInAndOpenMap("ws-worker");
        HeadlessChromium.screenshot(driver, "workspace-grid-worker-" + width + "x" + height + ".png");
        @SuppressWarnings("unchecked")
        List<String> built = (List<String>) driver.executeScript(
                "return [...document.querySelectorAll('[data-panel]')].map((e) => e.dataset.panel)");
        assertThat(built).as("cards built for a grid worker").doesNotContainAnyElementsOf(PLANNING_TOOLS);
        assertThat(driver.findElements(By.cssSelector("[data-action^=planning-], [data-action=topology-check], "
                + "[data-action=grid-save], [data-action^=import-], [data-action^=outline-]"))).isEmpty();
        assertThat(drawToolbarShown()).isFalse();
        assertThat(driver.findElement(By.cssSelector(".leaflet-control-layers")).getAttribute("textContent"))
                .doesNotContain("规划方案").doesNotContain("拓扑问题");
        // Their own grid, and the way to the phone page (today's route and checks), on top of the workspace.
        WebElement first = driver.findElement(By.cssSelector("#sidebar > [data-panel=myWork]"));
        assertThat(first.getText()).contains(workerGrid);
        WebElement fieldPage = first.findElement(By.cssSelector("a[data-action=open-field-page]"));
        assertThat(fieldPage.getAttribute("href")).endsWith("field.html");
        if (width < 700) {
            // On a phone the link is the big first thing a worker can tap.
            assertThat(fieldPage.getSize().getHeight()).isGreaterThanOrEqualTo(40);
        }
        // Clicking their grid's code zooms the map to it.
        double zoomBefore = number("return window.gridwatch.map.getZoom()");
        WebElement code = first.findElement(By.cssSelector("[data-action=my-grid]"));
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", code);
        new Actions(driver).moveToElement(code).pause(Duration.ofMillis(30)).click().perform();
        wait.until(d -> number("return window.gridwatch.map.getZoom()") > zoomBefore);
    }

    @Test
    @Order(3)
    void aWorkspaceKeepsItsViewWhenLeftAndAcrossTheLanguageSwitch() throws Exception {
        driver.manage().window().setSize(new Dimension(1366, 768));
        // A fresh browser tab: no view kept from the visits of the tests before.
        driver.executeScript("sessionStorage.clear()");
        signInAndOpenMap("ws-both");
        HeadlessChromium.openWorkspace(driver, wait, "planner");
        // The planner zooms in twice with the map's + button and drags the map a little.
        WebElement zoomIn = driver.findElement(By.cssSelector(".leaflet-control-zoom-in"));
        for (int i = 0; i < 2; i++) {
            new Actions(driver).moveToElement(zoomIn).pause(Duration.ofMillis(30)).click().perform();
            HeadlessChromium.waitMapIdle(wait);
        }
        WebElement map = driver.findElement(By.id("map"));
        new Actions(driver).moveToElement(map, -60, 40).clickAndHold().moveByOffset(80, 30).moveByOffset(40, 10)
                .release().perform();
        HeadlessChromium.waitMapIdle(wait);
        // In the vector workspace the user zooms out once, and the density card is the one in use.
        HeadlessChromium.openWorkspace(driver, wait, "vector");
        click(driver.findElement(By.cssSelector(".leaflet-control-zoom-out")));
        HeadlessChromium.waitMapIdle(wait);
        WebElement densityFrom = driver.findElement(By.name("densityFrom"));
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", densityFrom);
        new Actions(driver).moveToElement(densityFrom).click().perform();
        double[] vectorView = view();
        HeadlessChromium.openWorkspace(driver, wait, "planner");
        double[] plannerView = view();
        assertThat(plannerView[2]).as("the planner's zoom").isGreaterThan(vectorView[2]);

        // 中文 -> English: the page reloads, in the same workspace with the same view.
        click(driver.findElement(By.id("lang-switch")));
        waitLanguage("en");
        assertThat(activeTab()).isEqualTo("planner");
        assertThat(driver.findElement(By.cssSelector("#workspace-nav [data-workspace=planner]")).getText())
                .isEqualTo("Grid planning");
        double[] afterSwitch = view();
        assertThat(afterSwitch[0]).isCloseTo(plannerView[0], within(1e-4));
        assertThat(afterSwitch[1]).isCloseTo(plannerView[1], within(1e-4));
        assertThat(afterSwitch[2]).isEqualTo(plannerView[2]);
        // The other workspace kept its own view and its card in use.
        HeadlessChromium.openWorkspace(driver, wait, "vector");
        double[] vectorAgain = view();
        assertThat(vectorAgain[0]).isCloseTo(vectorView[0], within(1e-4));
        assertThat(vectorAgain[2]).isEqualTo(vectorView[2]);
        assertThat((String) driver.executeScript("return new URLSearchParams(location.hash.slice(1)).get('panel')"))
                .isEqualTo("density");
        HeadlessChromium.screenshot(driver, "workspace-language-switch.png");

        // And back to Chinese, still in the vector workspace.
        click(driver.findElement(By.id("lang-switch")));
        waitLanguage("zh-CN");
        assertThat(activeTab()).isEqualTo("vector");
        assertThat(view()[2]).isEqualTo(vectorView[2]);
    }

    // --- steps -------------------------------------------------------------------------------------

    private void signInAndOpenMap(String user) {
        // The previous person's session ends (the login page sends a signed-in browser on to the map).
        driver.manage().deleteAllCookies();
        HeadlessChromium.signIn(driver, "http://localhost:" + port + "/", user,
                user.equals(TestIdentity.ADMIN_USERNAME) ? TestIdentity.ADMIN_PASSWORD : PASSWORD);
        // The login page sends the user to the map; open it fresh (no view from an earlier visit in the address).
        driver.get("http://localhost:" + port + "/");
        HeadlessChromium.waitReady(wait);
        HeadlessChromium.waitMapIdle(wait);
    }

    private void waitLanguage(String language) {
        wait.until(d -> language.equals(driver.executeScript("return document.documentElement.lang"))
                && "true".equals(driver.executeScript("return document.body.dataset.ready")));
        HeadlessChromium.waitMapIdle(wait);
    }

    private void click(WebElement element) {
        new Actions(driver).moveToElement(element).pause(Duration.ofMillis(30)).click().perform();
    }

    @SuppressWarnings("unchecked")
    private List<String> tabIds() {
        return (List<String>) driver.executeScript(
                "return [...document.querySelectorAll('#workspace-nav [data-workspace]')].map((e) => e.dataset.workspace)");
    }

    private String activeTab() {
        return driver.findElement(By.cssSelector("#workspace-nav [aria-selected=true]")).getAttribute("data-workspace");
    }

    @SuppressWarnings("unchecked")
    private List<String> shownCards() {
        return (List<String>) driver.executeScript(SHOWN_CARDS);
    }

    private boolean drawToolbarShown() {
        return driver.findElements(By.cssSelector(".leaflet-draw")).stream().anyMatch(WebElement::isDisplayed);
    }

    /** [lat, lon, zoom] of the map now. */
    private double[] view() {
        return HeadlessChromium.numbers(driver, "var m = window.gridwatch.map, c = m.getCenter(); return [c.lat, c.lng, m.getZoom()];");
    }

    private double number(String script) {
        return ((Number) driver.executeScript(script)).doubleValue();
    }

    private void account(String username, List<String> roles, List<String> grids, String department) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("username", username, "password", PASSWORD, "roles", roles,
                "gridCodes", grids));
        if (department != null) body.put("department", department);
        HttpResponse<String> r = send("POST", "/api/users", JSON.writeValueAsString(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return TestIdentity.send(http, port, method, path, body);
    }

}
