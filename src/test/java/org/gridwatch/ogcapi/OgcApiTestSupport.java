package org.gridwatch.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.support.H2TestDatabase;
import org.gridwatch.support.TestIdentity;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One running server over the bundled sample district (6 large grids, 384 small grids, 600 streets,
 * 400 features) on a fresh H2 database, shared by the OGC API tests (one Spring context), and the
 * HTTP helpers they use.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class OgcApiTestSupport {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String EPSG = CrsRegistry.EPSG_PREFIX;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerSampleDistrict(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    final HttpClient http = TestIdentity.adminHttpClient();
    /** Without an authenticator, which would set aside the Authorization header given up front. */
    private final HttpClient preemptive = HttpClient.newHttpClient();

    String base() {
        return "http://localhost:" + port + "/ogcapi";
    }

    HttpResponse<String> get(String url, String... headers) throws Exception {
        // Basic up front: a request that accepts HTML like a browser is sent to the login page, not challenged.
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : base() + url)).GET()
                .header("Authorization", TestIdentity.adminBasicHeader());
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return preemptive.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    JsonNode json(String url) throws Exception {
        HttpResponse<String> r = get(url);
        assertThat(r.statusCode()).as(url + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String href(JsonNode links, String rel, String type) {
        for (JsonNode l : links) {
            if (l.path("rel").asString().equals(rel) && (type == null || l.path("type").asString().equals(type))) {
                return l.path("href").asString();
            }
        }
        return null;
    }

    /** Follows next links from {@code firstUrl}; returns every item in order. */
    List<JsonNode> readAll(String firstUrl) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        String url = firstUrl;
        int pages = 0;
        while (url != null) {
            JsonNode page = json(url);
            page.path("features").forEach(all::add);
            assertThat(page.path("numberReturned").asInt()).isEqualTo(page.path("features").size());
            url = href(page.path("links"), "next", "application/geo+json");
            assertThat(++pages).as("runaway paging").isLessThan(10_000);
        }
        return all;
    }

    void post(String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
    }
}
