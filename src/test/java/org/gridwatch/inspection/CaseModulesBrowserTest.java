package org.gridwatch.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

import org.gridwatch.support.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The case loop's pure page module (frontend/js/lib/cases.js: urgency, symbol colour, the queue
 * order, the list query, the place of a case) in headless Chromium from the real static files.
 * Lives beside {@link FrontendFiles}, which serves them.
 *
 * <p>Skipped when chromium or chromedriver is missing locally; in CI (CI=true) it runs and fails instead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIf(value = "org.gridwatch.support.HeadlessChromium#presentOrCi",
        disabledReason = "/usr/bin/chromium or /usr/bin/chromedriver not installed (apt-get install chromium chromium-driver)")
@SuppressWarnings("unchecked")
class CaseModulesBrowserTest {

    private HttpServer server;
    private ChromeDriver driver;

    @BeforeAll
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", FrontendFiles::serve);
        server.start();
        driver = HeadlessChromium.start(null);
        driver.get("http://127.0.0.1:" + server.getAddress().getPort() + "/test/cases-modules-test.html");
        HeadlessChromium.waitReady(HeadlessChromium.waiting(driver, Duration.ofSeconds(10)));
    }

    @AfterAll
    void stop() {
        if (driver != null) driver.quit();
        if (server != null) server.stop(0);
    }

    @Test
    void urgencyTakesTheServicesFlagsFirstThenComparesTheStageDeadlineWithTheClock() {
        List<Object> result = (List<Object>) js("""
                const { urgencyOf } = window.modules.cases;
                const now = Date.parse('2026-12-07T10:00:00+08:00');
                return [
                  urgencyOf({ status: 'dispatched', overdue: true, stageDeadline: '2026-12-08T10:00:00+08:00' }, now),
                  urgencyOf({ status: 'dispatched', overdue: false, dueSoon: true }, now),
                  urgencyOf({ status: 'dispatched', overdue: false, dueSoon: false, stageDeadline: '2026-12-01T10:00:00+08:00' }, now),
                  urgencyOf({ status: 'registered', stageDeadline: '2026-12-07T09:59:00+08:00' }, now),
                  urgencyOf({ status: 'registered', stageDeadline: '2026-12-07T12:00:00+08:00' }, now),
                  urgencyOf({ status: 'registered', stageDeadline: '2026-12-07T12:00:01+08:00' }, now),
                  urgencyOf({ status: 'closed', overdue: true }, now),
                  urgencyOf({ status: 'reported' }, now),
                ];""");
        // The flags win over the instant; without flags 2 h before the deadline is "due soon" (inclusive).
        assertThat(result).containsExactly("overdue", "dueSoon", "onTime", "overdue", "dueSoon", "onTime", "ended", "onTime");
    }

    @Test
    void theQueueOrderIsOverdueThenDueSoonThenByNearestDeadlineThenOldestReport() {
        List<Object> ids = (List<Object>) js("""
                const { byUrgency } = window.modules.cases;
                const now = Date.parse('2026-12-07T10:00:00+08:00');
                const cases = [
                  { id: 1, status: 'closed', reportedAt: '2026-12-01T08:00:00+08:00' },
                  { id: 2, status: 'registered', stageDeadline: '2026-12-09T10:00:00+08:00', reportedAt: '2026-12-06T08:00:00+08:00' },
                  { id: 3, status: 'dispatched', overdue: true, stageDeadline: '2026-12-07T09:00:00+08:00' },
                  { id: 4, status: 'reported', dueSoon: true, stageDeadline: '2026-12-07T11:00:00+08:00' },
                  { id: 5, status: 'registered', stageDeadline: '2026-12-08T10:00:00+08:00' },
                  { id: 6, status: 'dispatched', overdue: true, stageDeadline: '2026-12-06T09:00:00+08:00' },
                  { id: 7, status: 'registered', stageDeadline: '2026-12-09T10:00:00+08:00', reportedAt: '2026-12-05T08:00:00+08:00' },
                ];
                return byUrgency(cases, now).map((c) => c.id);""");
        assertThat(ids).containsExactly(6L, 3L, 4L, 5L, 7L, 2L, 1L);
    }

    @Test
    void theFilterFormBecomesTheListQueryLeavingOutWhatIsEmpty() {
        Map<String, Object> q = (Map<String, Object>) js("""
                const { caseQuery, nextDay } = window.modules.cases;
                return { full: caseQuery({ status: 'dispatched', classCode: 'well_cover', department: 'municipal', source: 'hotline',
                                           from: '2026-12-01', to: '2026-12-31', overdue: true }),
                         empty: caseQuery({ status: '', classCode: '', from: '', overdue: false }),
                         leap: nextDay('2028-02-28'), year: nextDay('2026-12-31') };""");
        assertThat((Map<String, Object>) q.get("full")).containsExactlyInAnyOrderEntriesOf(Map.of("status", "dispatched",
                "class", "well_cover", "department", "municipal", "source", "hotline",
                "from", "2026-12-01", "to", "2026-12-31", "overdue", "true"));
        assertThat((Map<String, Object>) q.get("empty")).isEmpty();
        assertThat(q.get("leap")).isEqualTo("2028-02-29");
        assertThat(q.get("year")).isEqualTo("2027-01-01");
    }

    @Test
    void symbolsAreRedWhenOverdueAmberWhenDueSoonElseByStatus() {
        List<Object> colours = (List<Object>) js("""
                const { caseColor, STATUS_COLOR } = window.modules.cases;
                const now = Date.parse('2026-12-07T10:00:00+08:00');
                return [caseColor({ status: 'dispatched', overdue: true }, now), caseColor({ status: 'handled', dueSoon: true }, now),
                        caseColor({ status: 'handled', overdue: false }, now) === STATUS_COLOR.handled,
                        caseColor({ status: 'closed', overdue: true }, now) === STATUS_COLOR.closed];""");
        assertThat(colours).containsExactly("#d32f2f", "#ffa000", true, true);
    }

    @Test
    void aCasesPlaceComesFromItsFeatureOrItsOwnLonLatAndListAnswersAreUnwrapped() {
        Map<String, Object> r = (Map<String, Object>) js("""
                const { caseLonLat, listItems, timeLeft } = window.modules.cases;
                return {
                  feature: caseLonLat({ geometry: { type: 'Point', coordinates: [121.5, 31.2] } }),
                  flat: caseLonLat({ lon: 121.4, lat: 31.1 }),
                  none: caseLonLat({ lon: null, lat: 31.1 }),
                  items: listItems({ items: [{ id: 4 }], total: 1 }).map((c) => c.id),
                  features: listItems({ type: 'FeatureCollection', features: [{ type: 'Feature', id: 9, properties: { status: 'closed' },
                    geometry: { type: 'Point', coordinates: [1, 2] } }] }).map((c) => [c.id, c.status, c.geometry.coordinates[0]]),
                  late: timeLeft('2026-12-07T08:30:00+08:00', Date.parse('2026-12-07T10:00:00+08:00')),
                  left: timeLeft('2026-12-07T12:05:00+08:00', Date.parse('2026-12-07T10:00:00+08:00')),
                };""");
        assertThat((List<Object>) r.get("feature")).containsExactly(121.5, 31.2);
        assertThat((List<Object>) r.get("flat")).containsExactly(121.4, 31.1);
        assertThat(r.get("none")).isNull();
        assertThat((List<Object>) r.get("items")).containsExactly(4L);
        assertThat((List<Object>) r.get("features")).containsExactly(List.of(9L, "closed", 1L));
        assertThat((Map<String, Object>) r.get("late")).containsExactlyInAnyOrderEntriesOf(Map.of("late", true, "hours", 1L, "minutes", 30L));
        assertThat((Map<String, Object>) r.get("left")).containsExactlyInAnyOrderEntriesOf(Map.of("late", false, "hours", 2L, "minutes", 5L));
    }

    private Object js(String body) {
        return driver.executeScript(body);
    }
}
