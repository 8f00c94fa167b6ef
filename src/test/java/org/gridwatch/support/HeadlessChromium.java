package org.gridwatch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Assertions;
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

    /** Saves what the browser shows to {@code target/name}, for a person to look at. */
    public static void screenshot(WebDriver driver, String name) throws IOException {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.write(target, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }
}
