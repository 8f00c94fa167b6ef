package org.gridwatch.support;

import java.util.List;
import java.util.regex.Pattern;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The browser console of a {@link HeadlessChromium} session: uncaught exceptions, {@code console.error}
 * and failed loads are logged at SEVERE. Reading the log empties it, so a test reads what happened since
 * its last read.
 */
public final class BrowserConsole {

    private BrowserConsole() {
    }

    /**
     * The SEVERE entries logged since the last read, except those a test expects ({@code expected}: e.g.
     * the service's 409 to a request the test made fail on purpose, which Chromium logs as a failed load).
     */
    public static List<String> severe(WebDriver driver, List<Pattern> expected) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> expected.stream().noneMatch(p -> p.matcher(m).find()))
                .toList();
    }
}
