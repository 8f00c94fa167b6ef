package org.gridwatch.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.gridwatch.support.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * frontend/js/lib/workspaces.js run in headless Chromium from the real file: which workspaces each role
 * gets, which cards a workspace shows to whom, and the view kept in the URL hash (malformed parts dropped).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIf(value = "org.gridwatch.support.HeadlessChromium#presentOrCi",
        disabledReason = "/usr/bin/chromium or /usr/bin/chromedriver not installed (apt-get install chromium chromium-driver)")
@SuppressWarnings("unchecked")
class WorkspaceModulesBrowserTest {

    private static final Path FRONTEND = Path.of("frontend");

    private HttpServer server;
    private ChromeDriver driver;

    @BeforeAll
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", WorkspaceModulesBrowserTest::serve);
        server.start();
        driver = HeadlessChromium.start(null);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        driver.get("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterAll
    void stop() {
        if (driver != null) driver.quit();
        if (server != null) server.stop(0);
    }

    @Test
    void eachRoleGetsItsWorkspacesAndSeveralRolesSeveral() {
        Map<String, Object> ids = (Map<String, Object>) run("""
                const ids = (roles) => m.workspacesFor({ roles }).map((w) => w.id);
                return { planner: ids(['planner']), vector: ids(['vector_control']), dispatcher: ids(['dispatcher']),
                  handler: ids(['handler']), worker: ids(['grid_worker']), viewer: ids(['viewer']), admin: ids(['admin']),
                  both: ids(['vector_control', 'planner']), none: ids([]), anonymous: m.workspacesFor(null).map((w) => w.id) };""");
        assertThat(ids.get("planner")).isEqualTo(List.of("planner"));
        assertThat(ids.get("vector")).isEqualTo(List.of("vector"));
        assertThat(ids.get("dispatcher")).isEqualTo(List.of("cases"));
        assertThat(ids.get("handler")).isEqualTo(List.of("cases"));
        assertThat(ids.get("worker")).isEqualTo(List.of("field"));
        assertThat(ids.get("viewer")).isEqualTo(List.of("viewer"));
        assertThat(ids.get("admin")).isEqualTo(List.of("planner", "vector", "cases", "admin"));
        assertThat(ids.get("both")).isEqualTo(List.of("planner", "vector"));
        // Public read without an account, or an account with no role: the viewer's workspace.
        assertThat(ids.get("none")).isEqualTo(List.of("viewer"));
        assertThat(ids.get("anonymous")).isEqualTo(List.of("viewer"));
    }

    @Test
    void aCardIsShownOnlyToTheRolesThatMayUseIt() {
        Map<String, Object> panels = (Map<String, Object>) run("""
                const planner = m.WORKSPACES.find((w) => w.id === 'planner');
                return { planner: m.panelsFor(planner, ['planner']), admin: m.panelsFor(planner, ['admin']),
                  worker: m.allPanelsFor({ roles: ['grid_worker'] }) };""");
        assertThat((List<String>) panels.get("planner")).doesNotContain("feature").contains("grid", "planning");
        assertThat((List<String>) panels.get("admin")).contains("feature");
        assertThat((List<String>) panels.get("worker")).containsExactly("myWork", "route", "cases", "feature")
                .doesNotContain("grid", "planning", "topology", "outline", "exchange");
    }

    @Test
    void theViewSurvivesTheHashAndMalformedPartsAreDropped() {
        Map<String, Object> out = (Map<String, Object>) run("""
                const hash = m.viewHash({ workspace: 'vector', center: [22.543101, 114.057899], zoom: 16.5, panel: 'density' });
                return { hash, back: m.parseViewHash(hash), empty: m.parseViewHash(''),
                  bad: m.parseViewHash('#ws=<b>&at=95,10,3&panel=x-y'), noZoom: m.parseViewHash('#ws=admin&at=22.5,114.1') };""");
        assertThat(out.get("hash")).isEqualTo("#ws=vector&at=22.54310,114.05790,16.5&panel=density");
        Map<String, Object> back = (Map<String, Object>) out.get("back");
        assertThat(back.get("workspace")).isEqualTo("vector");
        assertThat((List<Number>) back.get("center")).extracting(Number::doubleValue).containsExactly(22.5431, 114.0579);
        assertThat(((Number) back.get("zoom")).doubleValue()).isEqualTo(16.5);
        assertThat(back.get("panel")).isEqualTo("density");
        assertThat((Map<String, Object>) out.get("empty")).isEmpty();
        assertThat((Map<String, Object>) out.get("bad")).isEmpty();
        assertThat((Map<String, Object>) out.get("noZoom")).containsOnlyKeys("workspace");
    }

    /** Runs `body` (a function body that may use `m`, the module) and returns its answer. */
    private Object run(String body) {
        return driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "import('/js/lib/workspaces.js').then((m) => done((() => {" + body + "})()))"
                + ".catch((e) => done('error: ' + e));");
    }

    /** A blank page at / (so the module loads from the same origin) and the frontend's files. */
    private static void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] bytes;
            String type;
            if (path.equals("/")) {
                bytes = "<!doctype html><title>workspaces</title><body></body>".getBytes(StandardCharsets.UTF_8);
                type = "text/html";
            } else {
                Path file = FRONTEND.resolve(path.substring(1)).normalize();
                if (!file.startsWith(FRONTEND) || !Files.isRegularFile(file)) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                try (InputStream in = Files.newInputStream(file)) {
                    bytes = in.readAllBytes();
                }
                type = path.endsWith(".js") ? "text/javascript" : "application/octet-stream";
            }
            exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }
}
