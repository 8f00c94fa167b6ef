package org.gridwatch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import java.time.Duration;

import org.junit.jupiter.api.Assertions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium and ChromeDriver for the browser tests, started headless with the flags this
 * closed network needs, and pointed at explicitly so Selenium Manager never tries to download a
 * driver. Browser test classes use {@code @EnabledIf("org.gridwatch.support.HeadlessChromium#presentOrCi")}:
 * skipped where the browser is missing locally, run (and failing) in CI, which installs it.
 *
 * <p>The service wants a signed-in user: a browser test calls {@link #signIn(WebDriver, String)} right
 * after {@link #start}, and makes its own API calls with {@link TestIdentity#adminHttpClient()}.
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
            return new ChromeDriver(service, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
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
}
