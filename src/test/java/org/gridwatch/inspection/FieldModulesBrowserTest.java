package org.gridwatch.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
 * The pure modules behind the field page (frontend/js/lib/track.js: the GPS track, times with the
 * device's offset, the district's date) and the density panel (frontend/js/lib/density.js: grades,
 * values as read, the trend chart), run in headless Chromium from the real static files.
 *
 * <p>Skipped when chromium or chromedriver is missing locally; in CI (CI=true) it runs and fails instead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIf(value = "org.gridwatch.support.HeadlessChromium#presentOrCi",
        disabledReason = "/usr/bin/chromium or /usr/bin/chromedriver not installed (apt-get install chromium chromium-driver)")
@SuppressWarnings("unchecked")
class FieldModulesBrowserTest {

    private HttpServer server;
    private ChromeDriver driver;

    @BeforeAll
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", FrontendFiles::serve);
        server.start();
        driver = HeadlessChromium.start(null);
        // The phone is in the district's zone, as the field workers' phones are (the district's time
        // functions take the zone as an argument and do not depend on it).
        driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", "Asia/Shanghai"));
        driver.get("http://127.0.0.1:" + server.getAddress().getPort() + "/test/modules-test.html");
        HeadlessChromium.waitReady(HeadlessChromium.waiting(driver, Duration.ofSeconds(10)));
    }

    @AfterAll
    void stop() {
        if (driver != null) driver.quit();
        if (server != null) server.stop(0);
    }

    @Test
    void theTrackKeepsPreciseFixesAtLeastFiveMetresApartAndBreaksWhereThePageWasClosed() {
        Map<String, Object> result = (Map<String, Object>) js("""
                const { addFix, breakTrack, trackGeometry, trackLengthM } = window.modules.track;
                const segments = [];
                const kept = [
                  addFix(segments, { lon: 114.05, lat: 22.54, accuracyM: 8 }),
                  addFix(segments, { lon: 114.05, lat: 22.54002, accuracyM: 8 }),   // 2.2 m on: jitter
                  addFix(segments, { lon: 114.05, lat: 22.541, accuracyM: 80 }),    // too imprecise
                  addFix(segments, { lon: 114.05, lat: 22.541, accuracyM: 50 }),    // 111 m north
                  addFix(segments, { lon: NaN, lat: 22.541, accuracyM: 5 }),
                ];
                const one = trackGeometry(segments);
                const lengthOne = trackLengthM(segments);
                breakTrack(segments);
                breakTrack(segments); // twice: still one empty segment, not two
                const segmentCount = segments.length;
                addFix(segments, { lon: 114.06, lat: 22.541, accuracyM: 5 });
                const stillLine = trackGeometry(segments).type;
                addFix(segments, { lon: 114.061, lat: 22.541, accuracyM: 5 });
                return { kept, one, lengthOne, segmentCount, stillLine, multi: trackGeometry(segments), lengthAll: trackLengthM(segments),
                         none: trackGeometry([[[114, 22]]]) };""");
        assertThat((List<Object>) result.get("kept")).containsExactly(true, false, false, true, false);
        assertThat(result.get("one")).isEqualTo(Map.of("type", "LineString", "coordinates",
                List.of(List.of(114.05, 22.54), List.of(114.05, 22.541))));
        // 0.001° of latitude on a sphere of 6,371,008.8 m radius.
        assertThat(((Number) result.get("lengthOne")).doubleValue()).isCloseTo(111.195, within(0.01));
        assertThat(((Number) result.get("segmentCount")).intValue()).isEqualTo(2);
        // A segment with one point is no line yet: the track is still the first segment.
        assertThat(result.get("stillLine")).isEqualTo("LineString");
        Map<String, Object> multi = (Map<String, Object>) result.get("multi");
        assertThat(multi.get("type")).isEqualTo("MultiLineString");
        assertThat((List<Object>) multi.get("coordinates")).hasSize(2);
        // The gap between the segments is not walked path: 111.195 m + 0.001° of longitude at 22.541°N.
        double east = 111_195.08 * 0.001 * Math.cos(Math.toRadians(22.541));
        assertThat(((Number) result.get("lengthAll")).doubleValue()).isCloseTo(111.195 + east, within(0.05));
        assertThat(result.get("none")).isNull();
    }

    @Test
    void timesCarryTheDevicesOffsetAndTodayIsTheDistrictsDate() {
        // 2026-07-01T17:30:00Z is 01:30 the next morning in Shanghai.
        assertThat(js("return window.modules.track.isoWithOffset(new Date('2026-07-01T17:30:00Z'))"))
                .isEqualTo("2026-07-02T01:30:00+08:00");
        assertThat(js("return window.modules.district.dateInZone(new Date('2026-07-01T17:30:00Z'), 'Asia/Shanghai')")).isEqualTo("2026-07-02");
        assertThat(js("return window.modules.district.dateInZone(new Date('2026-07-01T15:59:59Z'), 'Asia/Shanghai')")).isEqualTo("2026-07-01");
        assertThat(js("return window.modules.district.dateInZone(new Date('2026-07-01T17:30:00Z'), 'Europe/London')")).isEqualTo("2026-07-01");
        // no zone named, or one this browser does not know: the service's default zone
        assertThat(js("return window.modules.district.dateInZone(new Date('2026-07-01T17:30:00Z'))")).isEqualTo("2026-07-02");
        assertThat(js("return window.modules.district.knownZone('Mars/Olympus')")).isEqualTo("Asia/Shanghai");
    }

    @Test
    void periodsAreDaysAndMonthsOfTheDistrictsZone() {
        // midnight in Shanghai is 16:00 UTC the day before; in London it moves with summer time (29 March 2026)
        assertThat(js("return new Date(window.modules.district.startOfDayMs('2026-07-01', 'Asia/Shanghai')).toISOString()"))
                .isEqualTo("2026-06-30T16:00:00.000Z");
        assertThat(js("return new Date(window.modules.district.startOfDayMs('2026-03-29', 'Europe/London')).toISOString()"))
                .isEqualTo("2026-03-29T00:00:00.000Z");
        assertThat(js("return new Date(window.modules.district.startOfDayMs('2026-03-30', 'Europe/London')).toISOString()"))
                .isEqualTo("2026-03-29T23:00:00.000Z");
        assertThat((List<Object>) js("return window.modules.district.monthsUpTo('2026-02-10', 3)"))
                .containsExactly("2026-02", "2026-01", "2025-12");
        assertThat(js("return window.modules.district.firstOfMonth('2026-02-10')")).isEqualTo("2026-02-01");
        // 23:30 UTC on 30 June is 07:30 on 1 July in Shanghai, whatever zone the browser is in
        assertThat(js("return window.modules.district.formatDateTime('2026-06-30T23:30:00Z', 'en-GB', 'Asia/Shanghai')"))
                .isEqualTo("01/07/2026, 07:30:00");
        assertThat(js("return window.modules.district.formatDateTime(null, 'en-GB', 'Asia/Shanghai')")).isEqualTo("");
        // the heatmap's weeks: the slider ends at the district's next midnight, its steps are its midnights
        assertThat(js("return window.modules.heatmap.sliderEndDay(Date.parse('2026-07-01T17:30:00Z'), 'Asia/Shanghai')"))
                .isEqualTo("2026-07-03");
        Map<String, Object> window = (Map<String, Object>) js(
                "return window.modules.heatmap.weekWindow('2026-07-03', 52, 51, 52, 'Asia/Shanghai')");
        assertThat(window.get("from")).isEqualTo("2026-06-25T16:00:00Z");
        assertThat(window.get("to")).isNull();
    }

    @Test
    void aGridIsColouredByItsVectorsGradeOrByTheVerdictAndTheWorstVector() {
        Map<String, Object> r = (Map<String, Object>) js("""
                const { gridGrade, countByGrade } = window.modules.density;
                const pass = { verdict: 'PASS', vectors: { rodent: 'A', mosquito: 'C', fly: 'B' } };
                const fail = { verdict: 'FAIL', vectors: { rodent: 'A', mosquito: 'FAIL', fly: 'INSUFFICIENT' } };
                const thin = { verdict: 'INSUFFICIENT', vectors: { rodent: 'A', mosquito: 'INSUFFICIENT', fly: 'B' } };
                const bare = { verdict: 'PASS' };
                const partial = { verdict: 'PARTIAL', vectors: { rodent: 'A', mosquito: 'A', fly: 'A', cockroach: 'INSUFFICIENT' } };
                return {
                  pass: gridGrade(pass, 'overall'), fail: gridGrade(fail, 'overall'), thin: gridGrade(thin, 'overall'),
                  bare: gridGrade(bare, 'overall'), rodent: gridGrade(fail, 'rodent'), fly: gridGrade(fail, 'fly'),
                  missing: gridGrade(bare, 'mosquito'), partial: gridGrade(partial, 'overall'),
                  cockroach: gridGrade(partial, 'cockroach'),
                  counts: countByGrade([pass, fail, thin, bare], 'overall'),
                };""");
        assertThat(r).containsEntry("pass", "C").containsEntry("fail", "FAIL").containsEntry("thin", "INSUFFICIENT")
                .containsEntry("bare", "INSUFFICIENT").containsEntry("rodent", "A").containsEntry("fly", "INSUFFICIENT")
                .containsEntry("missing", "INSUFFICIENT").containsEntry("partial", "INSUFFICIENT")
                .containsEntry("cockroach", "INSUFFICIENT");
        assertThat((Map<String, Object>) r.get("counts")).containsEntry("A", 0L).containsEntry("B", 0L).containsEntry("C", 1L)
                .containsEntry("FAIL", 1L).containsEntry("INSUFFICIENT", 2L);
    }

    @Test
    void roomChecksRefuseAPartAboveItsWholeAndShowTheUnitsRates() {
        Map<String, Object> r = (Map<String, Object>) js("""
                const { roomCheckProblems, roomRates } = window.modules.roomCheck;
                return {
                  ok: roomCheckProblems({ roomsChecked: 20, roomsWithFlies: 2, ratProofingChecked: 10, ratProofingCompliant: 9 }),
                  exceeds: roomCheckProblems({ roomsChecked: 10, roomsWithFlies: 11 }),
                  missing: roomCheckProblems({ roomsWithCockroaches: 1 }),
                  compliant: roomCheckProblems({ flyProofingChecked: 5 }),
                  rates: roomRates({ roomsChecked: 40, roomsWithRodentSigns: 1, roomsWithEggCases: 2, flyProofingChecked: 8,
                    flyProofingCompliant: 6 }),
                };""");
        assertThat((List<Object>) r.get("ok")).isEmpty();
        assertThat(r.get("exceeds").toString()).contains("field=roomsWithFlies").contains("kind=exceeds");
        assertThat(r.get("missing").toString()).contains("field=roomsWithCockroaches").contains("whole=roomsChecked")
                .contains("kind=missing");
        assertThat(r.get("compliant").toString()).contains("whole=flyProofingCompliant");
        Map<String, Object> rates = (Map<String, Object>) r.get("rates");
        assertThat(((Number) rates.get("rodentSigns")).doubleValue()).isEqualTo(2.5);
        assertThat(((Number) rates.get("eggCases")).doubleValue()).isEqualTo(5.0);
        assertThat(((Number) rates.get("flyProofing")).doubleValue()).isEqualTo(75.0);
        assertThat(rates.get("flies")).isNull();
    }

    @Test
    void indicatorValuesReadAsPercentagesOrWithTheirUnit() {
        assertThat(js("return window.modules.density.formatIndicatorValue(0.025, 'ratio', 'en')")).isEqualTo("2.5%");
        assertThat(js("return window.modules.density.formatIndicatorValue(12.5, 'percent', 'en')")).isEqualTo("12.5%");
        assertThat(js("return window.modules.density.formatIndicatorValue(0.8, 'per_km', 'zh-CN', (u) => u === 'per_km' ? '处/公里' : u)"))
                .isEqualTo("0.8 处/公里");
        assertThat(js("return window.modules.density.formatIndicatorValue(1234.567, 'per_km', 'en', () => 'per km')")).isEqualTo("1,234.57 per km");
        assertThat(js("return window.modules.density.formatIndicatorValue(null, 'ratio', 'en')")).isEqualTo("–");
    }

    @Test
    void theTrendChartBreaksItsLineAtWeeksWithoutDataAndPlacesDotsOnTheScale() {
        Map<String, Object> r = (Map<String, Object>) js("""
                const svg = window.modules.density.trendChartSvg([
                  { weekStart: '2026-06-01', value: 1 }, { weekStart: '2026-06-08', value: null },
                  { weekStart: '2026-06-15', value: 4 }, { weekStart: '2026-06-22', value: 2 }],
                  { width: 300, height: 140, lines: [{ value: 3, label: 'B', color: '#a6d96a' }], title: 'x<y' });
                const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
                const dots = [...doc.querySelectorAll('circle.trend-dot')].map((c) => ({ week: c.getAttribute('data-week'),
                  cx: Number(c.getAttribute('cx')), cy: Number(c.getAttribute('cy')) }));
                const empty = window.modules.density.trendChartSvg([{ weekStart: '2026-06-01', value: null }], { emptyText: 'none' });
                return { parsed: !doc.querySelector('parsererror'), path: doc.querySelector('path.trend-line').getAttribute('d'), dots,
                  threshold: Number(doc.querySelector('line.trend-threshold').getAttribute('y1')), title: doc.querySelector('title').textContent,
                  empty: new DOMParser().parseFromString(empty, 'image/svg+xml').querySelector('text').textContent,
                  nice: [2.5, 3.1, 0.07, 10, 0].map(window.modules.density.niceCeiling) };""");
        assertThat(r.get("parsed")).isEqualTo(true);
        // Plot: x from 44 to 292 over 4 weeks (82.7 px apart), y from 118 (0) up to 10 (the axis top, 5).
        List<Map<String, Object>> dots = (List<Map<String, Object>>) r.get("dots");
        assertThat(dots).extracting(d -> d.get("week")).containsExactly("2026-06-01", "2026-06-15", "2026-06-22");
        assertThat(dots).extracting(d -> ((Number) d.get("cx")).doubleValue()).containsExactly(44.0, 209.3, 292.0);
        assertThat(dots).extracting(d -> ((Number) d.get("cy")).doubleValue()).containsExactly(96.4, 31.6, 74.8);
        // The missing week breaks the line: a new move (M) after the first point.
        assertThat((String) r.get("path")).isEqualTo("M44 96.4 M209.3 31.6 L292 74.8");
        assertThat(((Number) r.get("threshold")).doubleValue()).isEqualTo(53.2);
        assertThat(r.get("title")).isEqualTo("x<y");
        assertThat(r.get("empty")).isEqualTo("none");
        assertThat((List<Object>) r.get("nice")).extracting(v -> ((Number) v).doubleValue()).containsExactly(2.5, 5.0, 0.1, 10.0, 1.0);
    }

    private Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }
}
