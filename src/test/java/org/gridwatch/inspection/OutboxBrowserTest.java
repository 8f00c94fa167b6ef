package org.gridwatch.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.gridwatch.support.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The field page's outbox (frontend/js/lib/outbox.js) in a real headless Chromium, loaded from the
 * real static files by a test page (src/test/resources/browser/outbox-test.html). The records go
 * to an echo endpoint of a small JDK server in this test that stores each clientId once, as the
 * inspection API does, and can be told to fail the next requests. Offline is Chromium's own network
 * emulation (DevTools), so the browser's fetch really fails and its "online" event really fires.
 *
 * <p>Skipped when chromium or chromedriver is missing locally; in CI (CI=true) it runs and fails instead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIf(value = "org.gridwatch.support.HeadlessChromium#presentOrCi",
        disabledReason = "/usr/bin/chromium or /usr/bin/chromedriver not installed (apt-get install chromium chromium-driver)")
@SuppressWarnings("unchecked")
class OutboxBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpServer server;
    private ChromeDriver driver;
    private WebDriverWait wait;

    /** What the echo endpoint does with the next requests: "ok" once the script is empty. */
    private final Deque<String> script = new ArrayDeque<>();
    /** clientId -> body, each stored once, like the service. */
    private final Map<String, JsonNode> stored = new LinkedHashMap<>();
    /** The clientId of every request that reached the server, in order. */
    private final List<String> requests = new ArrayList<>();

    @BeforeAll
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/echo/records", this::echo);
        server.createContext("/", FrontendFiles::serve);
        server.start();
        driver = HeadlessChromium.start(null);
        wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(10));
    }

    @AfterAll
    void stop() {
        if (driver != null) driver.quit();
        if (server != null) server.stop(0);
    }

    @BeforeEach
    void freshPage() {
        open("");
        js("localStorage.clear()");
        synchronized (this) {
            script.clear();
            stored.clear();
            requests.clear();
        }
        open("");
    }

    @AfterEach
    void backOnline() {
        network(false);
    }

    @Test
    void recordsAddedOfflineStayQueuedAndAreSentExactlyOnceWhenTheConnectionReturns() {
        network(true);
        assertThat(js("return navigator.onLine")).isEqualTo(false);
        String first = (String) js("return window.outboxTest.outbox.add('inspection', { featureId: 7, outcome: { baitPresent: false } }).clientId");
        String second = (String) js("return window.outboxTest.outbox.add('inspection', { featureId: 8, outcome: { baitPresent: true } }).clientId");
        waitIdle();

        // Nothing reached the server; both records wait, stored in localStorage with their clientId.
        assertThat(requests()).isEmpty();
        List<Object> waiting = (List<Object>) js("return window.outboxTest.stored().map((r) => r.body.clientId)");
        assertThat(waiting).containsExactly(first, second);
        assertThat(first).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}").isNotEqualTo(second);
        assertThat(((Number) js("return window.outboxTest.stored()[0].attempts")).intValue()).isEqualTo(1);
        assertThat((String) js("return window.outboxTest.stored()[0].lastError")).isNotBlank();
        assertThat(((Number) js("return window.outboxTest.outbox.counts().queued")).intValue()).isEqualTo(2);

        // The browser's own "online" event sends them, in the order they were made, once each.
        network(false);
        wait.until(d -> storedCount() == 2 && ((Number) js("return window.outboxTest.stored().length")).intValue() == 0);
        waitIdle();
        assertThat(requests()).containsExactly(first, second);
        assertThat(stored.get(first).at("/featureId").asInt()).isEqualTo(7);
        assertThat(stored.get(first).at("/outcome/baitPresent").asBoolean()).isFalse();
        assertThat(((Number) js("return window.outboxTest.sent.length")).intValue()).isEqualTo(2);
    }

    @Test
    void aSendWhoseAnswerIsLostIsRepeatedWithTheSameClientIdAndStoredOnce() {
        script.add("store-then-503");
        String id = (String) js("return window.outboxTest.outbox.add('patrol', { inspector: '张三' }).clientId");
        waitIdle();
        // The service stored it, but the phone never heard so: the record stays.
        assertThat(requests()).containsExactly(id);
        assertThat(storedCount()).isEqualTo(1);
        assertThat(((Number) js("return window.outboxTest.stored().length")).intValue()).isEqualTo(1);
        assertThat(((Number) js("return window.outboxTest.stored()[0].lastStatus")).intValue()).isEqualTo(503);

        js("window.outboxTest.outbox.online()");
        wait.until(d -> ((Number) js("return window.outboxTest.stored().length")).intValue() == 0);
        assertThat(requests()).containsExactly(id, id);
        assertThat(storedCount()).isEqualTo(1);
        assertThat(stored.get(id).at("/inspector").asString()).isEqualTo("张三");
    }

    @Test
    void aFailedSendLeavesTheRecordQueuedAcrossAReloadUntilTheServiceTakesIt() {
        script.add("503");
        String id = (String) js("return window.outboxTest.outbox.add('inspection', { featureId: 3 }).clientId");
        waitIdle();
        assertThat(requests()).containsExactly(id);
        assertThat(storedCount()).isZero();
        assertThat(js("return window.outboxTest.stored()[0].state")).isEqualTo("queued");
        // The retry waits for its backoff (10 minutes on this page): no request in the meantime.
        HeadlessChromium.pause(500);
        assertThat(requests()).hasSize(1);

        // The tab is closed and opened again: the record is still there and is sent on start.
        open("");
        wait.until(d -> storedCount() == 1);
        wait.until(d -> ((Number) js("return window.outboxTest.stored().length")).intValue() == 0);
        assertThat(requests()).containsExactly(id, id);
    }

    @Test
    void retriesFollowTheBackoffWithoutAnyOnlineEvent() {
        open("?backoffMs=300");
        script.add("503");
        script.add("503");
        String id = (String) js("return window.outboxTest.outbox.add('inspection', { featureId: 4 }).clientId");
        wait.until(d -> ((Number) js("return window.outboxTest.stored().length")).intValue() == 0);
        assertThat(requests()).containsExactly(id, id, id);
        assertThat(storedCount()).isEqualTo(1);
    }

    @Test
    void aRefusedRecordIsKeptButNotResentUntilTheUserRetriesIt() {
        script.add("400");
        String refused = (String) js("return window.outboxTest.outbox.add('inspection', { featureId: 5, outcome: { nope: 1 } }).clientId");
        waitIdle();
        assertThat(js("return window.outboxTest.stored()[0].state")).isEqualTo("rejected");
        assertThat(js("return window.outboxTest.stored()[0].lastError")).isEqualTo("未知的检查项 nope");
        assertThat(((Number) js("return window.outboxTest.outbox.counts().rejected")).intValue()).isEqualTo(1);

        // A later record is not held up by the refused one, and coming online does not resend it.
        String next = (String) js("return window.outboxTest.outbox.add('inspection', { featureId: 6 }).clientId");
        wait.until(d -> storedCount() == 1);
        js("window.outboxTest.outbox.online()");
        waitIdle();
        assertThat(requests()).containsExactly(refused, next);
        assertThat((List<Object>) js("return window.outboxTest.stored().map((r) => r.clientId)")).containsExactly(refused);

        // The user retries it (the service now accepts it): it is sent with the same clientId.
        js("window.outboxTest.outbox.retry(arguments[0])", refused);
        wait.until(d -> ((Number) js("return window.outboxTest.stored().length")).intValue() == 0);
        assertThat(requests()).containsExactly(refused, next, refused);
        assertThat(stored.keySet()).containsExactly(next, refused);
    }

    @Test
    void aRecordTheStorageCannotHoldIsStillSentAndTheUserIsTold() {
        Object result = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/js/lib/outbox.js').then(({ createOutbox }) => {
                  const errors = [];
                  const full = { load: () => [], save: () => { throw new DOMException('quota', 'QuotaExceededError'); } };
                  const send = (r) => fetch('/echo/records', { method: 'POST', headers: { 'Content-Type': 'application/json' },
                    body: JSON.stringify(r.body) }).then((res) => { if (!res.ok) throw Object.assign(new Error('x'), { status: res.status }); });
                  const outbox = createOutbox({ store: full, send, onStoreError: (e) => errors.push(e.name) });
                  const record = outbox.add('inspection', { featureId: 9 });
                  outbox.flush().then(() => done({ clientId: record.clientId, errors, left: outbox.records().length }));
                });""");
        @SuppressWarnings("rawtypes")
        Map r = (Map) result;
        assertThat(requests()).containsExactly((String) r.get("clientId"));
        assertThat(storedCount()).isEqualTo(1);
        assertThat((List<Object>) r.get("errors")).isNotEmpty().allMatch("QuotaExceededError"::equals);
        assertThat(((Number) r.get("left")).intValue()).isZero();
    }

    // --- the echo endpoint --------------------------------------------------------

    private void echo(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String clientId = body.path("clientId").asString();
            String action;
            int status;
            synchronized (this) {
                requests.add(clientId);
                action = script.isEmpty() ? "ok" : script.poll();
                boolean known = stored.containsKey(clientId);
                switch (action) {
                    case "503" -> status = 503;
                    case "400" -> status = 400;
                    case "store-then-503" -> {
                        stored.putIfAbsent(clientId, body);
                        status = 503;
                    }
                    default -> {
                        stored.putIfAbsent(clientId, body);
                        status = known ? 200 : 201;
                    }
                }
            }
            String answer = status == 400 ? "{\"title\":\"请求无效\",\"detail\":\"未知的检查项 nope\"}"
                    : status == 503 ? "{\"title\":\"Service Unavailable\"}"
                    : "{\"clientId\":\"" + clientId + "\"}";
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    // --- helpers -------------------------------------------------------------------------------------

    private void open(String query) {
        driver.get("http://127.0.0.1:" + server.getAddress().getPort() + "/test/outbox-test.html" + query);
        HeadlessChromium.waitReady(wait);
        waitIdle();
    }

    private void network(boolean offline) {
        HeadlessChromium.network(driver, offline);
    }

    private Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    private void waitIdle() {
        HeadlessChromium.waitIdle(wait, "!!window.outboxTest && window.outboxTest.idle()", 100);
    }

    private synchronized List<String> requests() {
        return new ArrayList<>(requests);
    }

    private synchronized int storedCount() {
        return stored.size();
    }
}
