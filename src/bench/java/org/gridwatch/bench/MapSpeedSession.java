package org.gridwatch.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.gridwatch.support.HeadlessChromium;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.WheelInput;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium (Debian's, through {@link HeadlessChromium}) doing what a person does on the map page:
 * typing into the login form and clicking its button, dragging the map, turning the mouse wheel over it and
 * clicking its zoom buttons, all as real pointer and keyboard input at screen positions. Each action returns
 * what {@link RedrawProbe} measured. The map's test handle is only read (where the densest spot is).
 * Not thread-safe.
 */
final class MapSpeedSession implements AutoCloseable {

    /**
     * Wheel delta of one zoom level: Leaflet 1.9 on Chromium/Linux turns a single wheel event of d pixels into
     * 4·log2(2 / (1 + e^(-d/240))) levels, rounded up to the map's zoomSnap (0.5): 60 px gives 0.68, so 1 level.
     */
    static final int WHEEL_ONE_LEVEL_PX = 60;
    /** A drag's pointer holds still this long before it is released, so Leaflet adds no inertia glide. */
    private static final Duration HOLD_BEFORE_RELEASE = Duration.ofMillis(120);

    private final ChromeDriver driver;
    private final RedrawProbe probe;
    private final String baseUrl;
    private final WebDriverWait wait;
    /** Quits the browser when the JVM is stopped (Ctrl-C) before {@link #close}: no Chromium is left running. */
    private final Thread quitAtExit;

    private MapSpeedSession(ChromeDriver driver, String baseUrl, Duration timeout) {
        this.driver = driver;
        this.quitAtExit = new Thread(driver::quit, "map-speed-browser-quit");
        Runtime.getRuntime().addShutdownHook(quitAtExit);
        this.baseUrl = baseUrl;
        this.probe = new RedrawProbe(driver, timeout);
        this.wait = new WebDriverWait(driver, timeout);
    }

    /** Starts a fresh browser (empty profile) of the given window size for the service at {@code baseUrl} (ends in /). */
    static MapSpeedSession start(String baseUrl, int widthPx, int heightPx, Duration timeout) {
        ChromeDriver driver = HeadlessChromium.start(null);
        try {
            driver.manage().window().setSize(new Dimension(widthPx, heightPx));
            return new MapSpeedSession(driver, baseUrl, timeout);
        } catch (RuntimeException e) {
            driver.quit();
            throw e;
        }
    }

    /**
     * Signs in as a person does (a new browser tab's session: no cookie, no remembered view): types the name and
     * password into the login page, clicks the button, and waits until the map shows grids and features.
     *
     * @return the waits from the click, or null when the service refused the account
     */
    RedrawProbe.Shown signIn(String user, String password) {
        freshTab();
        driver.get(baseUrl + "login.html");
        WebElement submit = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#login-form button[type=submit]")));
        type(driver.findElement(By.name("username")), user);
        type(driver.findElement(By.name("password")), password);
        new Actions(driver).moveToElement(submit).pause(Duration.ofMillis(30)).click().perform();
        wait.until(d -> !d.getCurrentUrl().contains("login.html") || d.getCurrentUrl().contains("error="));
        if (driver.getCurrentUrl().contains("error=")) return null;
        return probe.awaitShown();
    }

    /** Opens the map without signing in (a store that allows public reads); the waits count from the navigation. */
    RedrawProbe.Shown open() {
        freshTab();
        driver.get(baseUrl);
        return probe.awaitShown();
    }

    /** Drags the map by (dx, dy) pixels through its centre, holding still before letting go. */
    RedrawProbe.Redraw pan(int dx, int dy, String what) {
        WebElement map = driver.findElement(By.id("map"));
        RedrawProbe.Mark before = probe.mark();
        new Actions(driver).moveToElement(map, -dx / 2, -dy / 2).clickAndHold()
                .moveByOffset(dx / 3, dy / 3).moveByOffset(dx / 3, dy / 3).moveByOffset(dx - 2 * (dx / 3), dy - 2 * (dy / 3))
                .pause(HOLD_BEFORE_RELEASE).release().perform();
        return probe.awaitRedraw(before, what);
    }

    /** Turns the mouse wheel once over the map at {@code at} (offset from the map's centre); negative deltaY zooms in. */
    RedrawProbe.Redraw wheel(int[] at, int deltaY, String what) {
        WebElement map = driver.findElement(By.id("map"));
        RedrawProbe.Mark before = probe.mark();
        new Actions(driver).scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(map, at[0], at[1]), 0, deltaY).perform();
        return probe.awaitRedraw(before, what);
    }

    /** Clicks one of the map's buttons ({@code .leaflet-control-zoom-in}, {@code -out}). */
    RedrawProbe.Redraw press(String cssSelector, String what) {
        WebElement button = driver.findElement(By.cssSelector(cssSelector));
        RedrawProbe.Mark before = probe.mark();
        new Actions(driver).moveToElement(button).pause(Duration.ofMillis(30)).click().perform();
        return probe.awaitRedraw(before, what);
    }

    /** The map's zoom now (read). */
    double zoom() {
        return ((Number) ((JavascriptExecutor) driver).executeScript("return window.gridwatch.map.getZoom()")).doubleValue();
    }

    /**
     * Where to zoom in, as an offset from the map's centre: the count bubble holding the most features among
     * those in the middle 60 % of the map and not under a control (the densest spot a person sees), else the centre.
     */
    int[] densestSpot() {
        @SuppressWarnings("unchecked")
        List<Number> spot = (List<Number>) ((JavascriptExecutor) driver).executeScript("""
                const map = document.getElementById('map');
                const w = map.clientWidth, h = map.clientHeight, box = map.getBoundingClientRect();
                const free = (b) => {
                  const [x, y] = b.at;
                  if (x < 0.2 * w || x > 0.8 * w || y < 0.2 * h || y > 0.8 * h) return false;
                  const e = document.elementFromPoint(box.left + x, box.top + y);
                  return e && map.contains(e) && !e.closest('.leaflet-control-container');
                };
                const bubbles = window.gridwatch.ctx.layers.features.drawn().bubbles.filter(free);
                bubbles.sort((a, b) => b.count - a.count);
                return bubbles.length ? [bubbles[0].at[0] - w / 2, bubbles[0].at[1] - h / 2] : [0, 0];
                """);
        return new int[] {(int) Math.round(spot.get(0).doubleValue()), (int) Math.round(spot.get(1).doubleValue())};
    }

    /** The signed-in page's console errors since the last call (a failing page makes the figures meaningless). */
    List<String> consoleErrors() {
        return HeadlessChromium.severeConsoleMessages(driver);
    }

    Map<String, Object> capabilities() {
        return driver.getCapabilities().asMap();
    }

    /** A new tab's state: signed out, and no view remembered in the tab's session storage. */
    private void freshTab() {
        if (!driver.getCurrentUrl().startsWith(baseUrl)) driver.get(baseUrl + "login.html");
        driver.manage().deleteAllCookies();
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
    }

    /** Clicks into a field and types, as a person does. */
    private void type(WebElement field, String text) {
        new Actions(driver).moveToElement(field).click().sendKeys(text).perform();
    }

    @Override
    public void close() {
        Runtime.getRuntime().removeShutdownHook(quitAtExit);
        driver.quit();
    }
}
