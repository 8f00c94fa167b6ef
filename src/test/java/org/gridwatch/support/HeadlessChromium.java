package org.gridwatch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assertions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.WheelInput;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium and ChromeDriver for the browser tests, started headless with the flags this
 * closed network needs, and pointed at explicitly so Selenium Manager never tries to download a
 * driver. Browser test classes use {@code @EnabledIf("org.gridwatch.support.HeadlessChromium#presentOrCi")}:
 * skipped where the browser is missing locally, run (and failing) in CI, which installs it.
 *
 * <p>The service wants a signed-in user: a browser test calls {@link #signIn(WebDriver, String)} right
 * after {@link #start}, and makes its own API calls with {@link TestIdentity#adminHttpClient()}.
 *
 * <p>The rest are the steps the browser tests share: waiting for a page to be ready and idle, reading
 * the map's counters, real mouse clicks on the Leaflet map, downloads, offline emulation and waiting for
 * what the browser did to reach the service.
 */
public final class HeadlessChromium {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    public static boolean presentOrCi() {
        return present() || "true".equals(System.getenv("CI"));
    }

    private static boolean present() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Starts a fresh browser (empty profile, 1400×900), with Chrome preferences when not null. */
    public static ChromeDriver start(Map<String, Object> preferences) {
        if (!present()) {
            Assertions.fail("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: the browser tests must run in CI");
        }
        try {
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            Path profile = Files.createTempDirectory("gridwatch-chromium-");
            profile.toFile().deleteOnExit();
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                    "--user-data-dir=" + profile, "--window-size=1400,900");
            if (preferences != null) {
                options.setExperimentalOption("prefs", preferences);
            }
            // The page's console, for BrowserConsole and severeConsoleMessages: a test may fail on any error in it.
            options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
            return new ChromeDriver(service, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A wait that checks every 50 ms. Selenium's default checks every 500 ms, so each wait whose condition
     * is not already true idled up to half a second: hundreds of them made the browser tests minutes longer.
     */
    public static WebDriverWait waiting(WebDriver driver, Duration timeout) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(50));
    }

    /**
     * Signs the browser in as the test admin ({@link TestIdentity}) through the login page, the way a
     * person does, and waits for the map page it is sent to. {@code baseUrl} is the service's address
     * ending in '/', e.g. {@code "http://localhost:" + port + "/"}. Every browser test calls this once
     * after {@link #start}; the session cookie then carries the rest of the test.
     */
    public static void signIn(WebDriver driver, String baseUrl) {
        signIn(driver, baseUrl, TestIdentity.ADMIN_USERNAME, TestIdentity.ADMIN_PASSWORD);
    }

    /** Signs in as another account (created by the test through the account API first). */
    public static void signIn(WebDriver driver, String baseUrl, String username, String password) {
        driver.get(baseUrl + "login.html");
        WebDriverWait wait = waiting(driver, Duration.ofSeconds(15));
        // The form's submit button is enabled once login.js has put the CSRF token in.
        WebElement submit = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#login-form button[type=submit]")));
        driver.findElement(By.name("username")).sendKeys(username);
        driver.findElement(By.name("password")).sendKeys(password);
        submit.click();
        wait.until(d -> !d.getCurrentUrl().contains("login.html") || d.getCurrentUrl().contains("error="));
        if (driver.getCurrentUrl().contains("error=")) {
            Assertions.fail("signing in as " + username + " was refused: " + driver.getCurrentUrl());
        }
    }

    /** Saves what the browser shows to {@code target/name}, for a person to look at. */
    public static void screenshot(WebDriver driver, String name) throws IOException {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.write(target, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    // --- pages ---------------------------------------------------------------------------------------

    /** The map page's (frontend/js/main.js) own test hook: every request answered and drawn. */
    public static final String MAP_IDLE = "!!window.gridwatch && window.gridwatch.idle()";

    /** Waits until the page says it has started: its scripts set {@code data-ready="true"} on the body. */
    public static void waitReady(WebDriverWait wait) {
        wait.until(d -> "true".equals(((JavascriptExecutor) d).executeScript("return document.body.dataset.ready")));
    }

    /**
     * Waits until the page's JavaScript {@code idleCondition} holds, twice in a row {@code pauseMillis}
     * apart, so that a load chained on another one (drawn, then asking for more) counts too.
     */
    public static void waitIdle(WebDriverWait wait, String idleCondition, long pauseMillis) {
        for (int i = 0; i < 2; i++) {
            wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return " + idleCondition)));
            pause(pauseMillis);
        }
    }

    /** {@link #waitIdle} for the map page, with the 150 ms pauses the map tests have always used. */
    public static void waitMapIdle(WebDriverWait wait) {
        waitIdle(wait, MAP_IDLE, 150);
    }

    /** Opens the map page at {@code url} and waits until it is ready and idle. */
    public static void openMap(WebDriver driver, WebDriverWait wait, String url) {
        driver.get(url);
        waitReady(wait);
        waitMapIdle(wait);
    }

    /**
     * Opens a workspace of the map page (issue 18: planner, vector, cases, field, viewer, admin) the way a
     * person does, by clicking its tab with the pointer; nothing when it is already open. The tab row
     * scrolls sideways on a phone, so the tab is brought into view first.
     */
    public static void openWorkspace(WebDriver driver, WebDriverWait wait, String id) {
        WebElement tab = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#workspace-nav [data-workspace=" + id + "]")));
        if ("true".equals(tab.getAttribute("aria-selected"))) return;
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'nearest', inline: 'center'})", tab);
        new Actions(driver).moveToElement(tab).pause(Duration.ofMillis(30)).click().perform();
        wait.until(d -> "true".equals(tab.getAttribute("aria-selected")));
    }

    /** The map page's counters of what it has drawn ({@code window.gridwatch.stats()}), read once it is idle. */
    public static Map<String, Object> mapStats(WebDriver driver, WebDriverWait wait) {
        waitMapIdle(wait);
        @SuppressWarnings("unchecked")
        Map<String, Object> stats = (Map<String, Object>) ((JavascriptExecutor) driver)
                .executeScript("return window.gridwatch.stats()");
        return stats;
    }

    /** Runs a script that returns an array of numbers, as doubles. */
    public static double[] numbers(WebDriver driver, String script, Object... args) {
        @SuppressWarnings("unchecked")
        List<Number> values = (List<Number>) ((JavascriptExecutor) driver).executeScript(script, args);
        return values.stream().mapToDouble(Number::doubleValue).toArray();
    }

    // --- the Leaflet map -----------------------------------------------------------------------------

    /** A real mouse click on the map ({@code #map}) at lon/lat, wherever the map shows it now. */
    public static void clickMapAt(WebDriver driver, double lon, double lat) {
        double[] p = mapPoint(driver, lon, lat);
        clickMapAtContainerPoint(driver, p[0], p[1]);
    }

    /** Where the map draws lon/lat now, {x, y} in pixels from its container's top left corner (read only). */
    public static double[] mapPoint(WebDriver driver, double lon, double lat) {
        return numbers(driver,
                "var p = window.gridwatch.map.latLngToContainerPoint([arguments[1], arguments[0]]); return [p.x, p.y];",
                lon, lat);
    }

    /** The map's zoom level now (read only). */
    public static double mapZoom(WebDriver driver) {
        return ((Number) ((JavascriptExecutor) driver).executeScript("return window.gridwatch.map.getZoom()")).doubleValue();
    }

    /**
     * A person's zoom in on the map's point {@code lon, lat}: while the point is off the map, or under one of the
     * map's controls, the map's − button is clicked; then the mouse wheel is turned one notch at a time with the
     * pointer over the point (Leaflet zooms around the pointer, so the point stays where it is) until the map's
     * zoom is at least {@code zoom}. Only reading the map's state goes through the page; the zoom is pointer input.
     */
    public static void zoomMapInAt(WebDriver driver, WebDriverWait wait, double lon, double lat, double zoom) {
        WebElement map = driver.findElement(By.id("map"));
        WebElement zoomOut = driver.findElement(By.cssSelector("#map .leaflet-control-zoom-out"));
        for (int i = 0; i < 16 && pointerReaches(driver, lon, lat) != null; i++) {
            double before = mapZoom(driver);
            new Actions(driver).moveToElement(zoomOut).pause(Duration.ofMillis(30)).click().perform();
            waitZoomChanged(driver, wait, before);
        }
        String covered = pointerReaches(driver, lon, lat);
        if (covered != null) throw new AssertionError("zooming out did not bring " + lon + "," + lat + " into view: " + covered);
        for (int i = 0; i < 16 && mapZoom(driver) < zoom; i++) {
            double[] p = mapPoint(driver, lon, lat);
            double before = mapZoom(driver);
            // 60 px of wheel is one of Leaflet's zoom steps (wheelPxPerZoomLevel); offsets are from the map's middle.
            new Actions(driver).scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(map,
                    (int) Math.round(p[0] - map.getSize().getWidth() / 2.0), (int) Math.round(p[1] - map.getSize().getHeight() / 2.0)),
                    0, -60).perform();
            waitZoomChanged(driver, wait, before);
        }
        if (mapZoom(driver) < zoom) throw new AssertionError("the wheel did not zoom the map in to " + zoom + ": " + mapZoom(driver));
    }

    /**
     * Null when a pointer at the map's point lon/lat reaches the map itself (the point is on the map, at least 20 px
     * inside its edge, with no control over it); otherwise what it reaches instead.
     */
    private static String pointerReaches(WebDriver driver, double lon, double lat) {
        return (String) ((JavascriptExecutor) driver).executeScript("""
                const map = window.gridwatch.map, pt = map.latLngToContainerPoint([arguments[1], arguments[0]]);
                const box = map.getContainer().getBoundingClientRect();
                if (pt.x < 20 || pt.y < 20 || pt.x > box.width - 20 || pt.y > box.height - 20) return 'off the map at ' + pt;
                const hit = document.elementFromPoint(box.left + pt.x, box.top + pt.y);
                return hit && map.getContainer().contains(hit) && !hit.closest('.leaflet-control-container') ? null
                  : (hit ? hit.outerHTML.slice(0, 120) : 'nothing') + ' at ' + pt;""", lon, lat);
    }

    /** Waits for the map's zoom to leave {@code before}, for the zoom's animation to end and for the map to be idle. */
    private static void waitZoomChanged(WebDriver driver, WebDriverWait wait, double before) {
        wait.until(d -> mapZoom(d) != before);
        pause(300); // Leaflet's zoom animation takes 250 ms
        waitMapIdle(wait);
    }

    /** A real mouse click at a point of the map container, in pixels from its top left corner. */
    public static void clickMapAtContainerPoint(WebDriver driver, double x, double y) {
        WebElement map = driver.findElement(By.id("map"));
        // Selenium moves to an element's centre, so the offsets are from there.
        int dx = (int) Math.round(x - map.getSize().getWidth() / 2.0);
        int dy = (int) Math.round(y - map.getSize().getHeight() / 2.0);
        new Actions(driver).moveToElement(map, dx, dy).pause(Duration.ofMillis(30)).click().perform();
    }

    /**
     * Closes the map's open popup as a person at the keyboard does: a click on the popup's text (which moves the focus
     * to the map, away from a marker that opened it) and the Escape key; then waits until it is gone. Not its ×
     * button: a panel over the map (the legend) may cover it.
     */
    public static void closePopup(WebDriver driver, WebDriverWait wait) {
        WebElement text = driver.findElement(By.cssSelector("#map .leaflet-popup .leaflet-popup-content"));
        new Actions(driver).moveToElement(text).pause(Duration.ofMillis(30)).click().pause(Duration.ofMillis(30))
                .sendKeys(Keys.ESCAPE).perform();
        wait.until(d -> d.findElements(By.cssSelector("#map .leaflet-popup")).isEmpty());
    }

    /**
     * A person's drag that brings the map's point {@code lon, lat} to the middle of the map: the mouse is pressed at
     * the middle and moved, in steps, by the point's distance from it (the map follows the pointer), then released.
     * Only reading the map's state goes through the page; the move itself is pointer input.
     */
    public static void dragMapToCentre(WebDriver driver, double lon, double lat) {
        double[] p = mapPoint(driver, lon, lat);
        WebElement map = driver.findElement(By.id("map"));
        int dx = (int) Math.round(map.getSize().getWidth() / 2.0 - p[0]);
        int dy = (int) Math.round(map.getSize().getHeight() / 2.0 - p[1]);
        Actions drag = new Actions(driver).moveToElement(map).clickAndHold();
        int steps = 8;
        for (int i = 0; i < steps; i++) {
            drag.pause(Duration.ofMillis(16)).moveByOffset(dx * (i + 1) / steps - dx * i / steps, dy * (i + 1) / steps - dy * i / steps);
        }
        // Held still before the release, as a person placing the map does: Leaflet then adds no inertia.
        drag.pause(Duration.ofMillis(150)).release().perform();
        double[] after = mapPoint(driver, lon, lat);
        if (Math.abs(after[0] - map.getSize().getWidth() / 2.0) > 3 || Math.abs(after[1] - map.getSize().getHeight() / 2.0) > 3) {
            throw new AssertionError("the drag did not bring " + lon + "," + lat + " to the map's middle: it is at "
                    + after[0] + "," + after[1]);
        }
    }

    /**
     * The console's SEVERE entries (errors logged by the page, uncaught exceptions, failed requests) since
     * the last call: Chrome hands each entry out once.
     */
    public static List<String> severeConsoleMessages(WebDriver driver) {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(e -> e.getLevel() + " " + e.getMessage()).toList();
    }

    // --- the browser around the page -----------------------------------------------------------------

    /**
     * Chrome preferences for {@link #start} that save every download into {@code folder} without asking;
     * the folder is made, or emptied of an earlier run's files, so a file found there is this run's.
     */
    public static Map<String, Object> downloadingInto(Path folder) throws IOException {
        Files.createDirectories(folder);
        try (var old = Files.list(folder)) {
            for (Path p : old.toList()) Files.delete(p);
        }
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", folder.toAbsolutePath().toString());
        prefs.put("download.prompt_for_download", false);
        return prefs;
    }

    /** Chromium's network emulation: offline makes every fetch fail and fires the offline/online events. */
    public static void network(ChromeDriver driver, boolean offline) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of(
                "offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    }

    // --- a person's phone and taps ---------------------------------------------------------------------

    /**
     * The browser as a grid worker's phone: 390×844, touch, its clock set to {@code timeZone} (the phone's zone,
     * which may differ from the district's, so a test sees a page that shows the phone's hour instead).
     */
    public static void phone(ChromeDriver driver, String timeZone) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844,
                "deviceScaleFactor", 1, "mobile", true));
        driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", timeZone));
    }

    /**
     * A person's tap: the element is scrolled into view, the browser's own hit test must find it (or a
     * part of it) at its centre, not something lying over it, and the pointer clicks there.
     */
    public static void tap(WebDriver driver, WebElement e) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript("arguments[0].scrollIntoView({ block: 'center', inline: 'nearest' })", e);
        Object covered = js.executeScript("""
                const e = arguments[0], r = e.getBoundingClientRect();
                const x = r.left + r.width / 2, y = r.top + r.height / 2;
                const hit = document.elementFromPoint(x, y);
                if (hit && (hit === e || e.contains(hit) || hit.contains(e) && hit.tagName === 'LABEL')) return null;
                return (hit ? hit.outerHTML.slice(0, 120) : 'nothing') + ' at ' + Math.round(x) + ',' + Math.round(y);""", e);
        if (covered != null) {
            Assertions.fail("a tap on " + e.getAttribute("outerHTML").replaceAll("(?s)>.*", ">") + " reaches " + covered);
        }
        new Actions(driver).moveToElement(e).pause(Duration.ofMillis(20)).click().perform();
    }

    // --- waiting for the service ---------------------------------------------------------------------

    /** Something the test checks outside the browser (the API, a downloaded file) that may throw. */
    public interface Check {
        boolean holds() throws Exception;
    }

    /** Waits up to 10 s, checking every 100 ms, for what the browser did to show; fails the test otherwise. */
    public static void waitFor(Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) Assertions.fail("condition not met within 10 s");
            pause(100);
        }
    }

    /** Thread.sleep for tests: an interrupt ends the test instead of being swallowed. */
    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
