package org.gridwatch.inspection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.net.httpserver.HttpExchange;

/**
 * Serves frontend/ and the test pages of src/test/resources/browser/ (under /test/) from a JDK
 * HttpServer, so the pure ES modules can run in the browser without starting the service.
 */
final class FrontendFiles {

    static final Path FRONTEND = Path.of("frontend");
    static final Path TEST_PAGES = Path.of("src", "test", "resources", "browser");

    private FrontendFiles() {
    }

    /** Answers a GET: /test/x from the test pages, anything else from frontend/. */
    static void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith("/test/")) {
            serveFile(exchange, TEST_PAGES, path.substring("/test/".length()));
        } else {
            serveFile(exchange, FRONTEND, path.substring(1));
        }
    }

    private static void serveFile(HttpExchange exchange, Path root, String relative) throws IOException {
        try (exchange) {
            Path file = root.resolve(relative.isEmpty() ? "index.html" : relative).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String name = file.getFileName().toString();
            String type = name.endsWith(".js") ? "text/javascript" : name.endsWith(".html") ? "text/html"
                    : name.endsWith(".json") ? "application/json" : name.endsWith(".css") ? "text/css" : "application/octet-stream";
            exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = in.readAllBytes();
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        }
    }
}
