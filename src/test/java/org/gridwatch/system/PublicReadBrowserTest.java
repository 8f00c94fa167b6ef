package org.gridwatch.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.gridwatch.support.BrowserConsole;
import org.gridwatch.support.H2TestDatabase;
import org.gridwatch.support.HeadlessChromium;
import org.gridwatch.support.ServiceBrowserTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * With {@code gridwatch.security.public-read=true} a visitor who has not signed in reads the map: it opens
 * on the sample district with its grids and features, stays there while the visitor drags it, and offers no
 * case layer (cases name their reporters and are never public; asking for them was refused with 401 and sent
 * the page to the login page). At a laptop's 1366×768, with a screenshot in {@code target/}.
 *
 * <p>Skipped without chromium locally.
 */
@ServiceBrowserTest
@TestPropertySource(properties = "gridwatch.security.public-read=true")
class PublicReadBrowserTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerSampleDistrict(registry);
    }

    @LocalServerPort
    int port;

    private ChromeDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    void start() {
        driver = HeadlessChromium.start(null);
        driver.manage().window().setSize(new Dimension(1366, 768));
        wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() {
        if (driver != null) driver.quit();
    }

    @Test
    void aVisitorWhoHasNotSignedInReadsTheMapAndStaysOnIt() throws Exception {
        HeadlessChromium.openMap(driver, wait, "http://localhost:" + port + "/");
        // A real drag of the map: every layer loads the new view, the case layer must not ask.
        WebElement map = driver.findElement(By.id("map"));
        new Actions(driver).moveToElement(map, -150, 0).clickAndHold().moveByOffset(100, 20).moveByOffset(100, 20)
                .moveByOffset(100, 20).pause(Duration.ofMillis(120)).release().perform();
        HeadlessChromium.waitMapIdle(wait);
        HeadlessChromium.screenshot(driver, "public-read-map-1366x768.png");

        assertThat(driver.getCurrentUrl()).as("the page the visitor is on").doesNotContain("login.html");
        Map<String, Object> stats = HeadlessChromium.mapStats(driver, wait);
        assertThat(((Number) stats.get("largeGrids")).intValue()).as("large grids drawn").isPositive();
        assertThat(((Number) stats.get("smallGrids")).intValue()).as("small grids drawn").isPositive();
        assertThat(((Number) stats.get("markers")).intValue() + ((Number) stats.get("bubbles")).intValue())
                .as("features drawn").isPositive();
        // The layer switcher lists no case layer for the visitor (it holds the grid layers).
        List<String> switches = driver.findElements(By.cssSelector(".leaflet-control-layers-overlays label")).stream()
                .map(e -> e.getAttribute("textContent").trim()).toList();
        assertThat(switches).isNotEmpty().doesNotContain("案件");
        assertThat(BrowserConsole.severe(driver, List.of())).as("console errors").isEmpty();
    }
}
