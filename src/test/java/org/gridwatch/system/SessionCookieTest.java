package org.gridwatch.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;

import org.gridwatch.support.H2TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The session cookie as a real server writes it (MockMvc writes none): HttpOnly and SameSite=Lax always,
 * Secure when the request came over TLS, here as a TLS-terminating proxy on this host reports it with
 * the setting docs/security.md asks for behind a proxy.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gridwatch.sample.enabled=false", "server.forward-headers-strategy=native"})
class SessionCookieTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @LocalServerPort
    int port;

    private String sessionCookie(String forwardedProto) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/session"));
        if (forwardedProto != null) request.header("X-Forwarded-Proto", forwardedProto);
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie: " + r.headers().map()));
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteLax() throws Exception {
        String cookie = sessionCookie(null).toLowerCase(Locale.ROOT);
        assertThat(cookie).contains("httponly").contains("samesite=lax").doesNotContain("secure");
    }

    @Test
    void overTlsItIsSecureToo() throws Exception {
        String cookie = sessionCookie("https").toLowerCase(Locale.ROOT);
        assertThat(cookie).contains("secure").contains("httponly").contains("samesite=lax");
    }
}
