package org.gridwatch.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.io.IOException;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Who the tests are. Every test context (registered in META-INF/spring.factories) gets
 * <ul>
 *   <li>a first admin {@value #ADMIN_USERNAME} with password {@value #ADMIN_PASSWORD} (as if
 *       GRIDWATCH_ADMIN_PASSWORD were set; a test's own properties still win);</li>
 *   <li>for MockMvc: every request is made as that admin, with a CSRF token, so the tests of features
 *       that are not about security need not say who they are. A test class about security itself is
 *       annotated {@link NoDefaultIdentity} and sets identity and token on each request
 *       ({@code anonymous()}, {@code httpBasic(..)}, {@code user(..)}, {@code csrf()}).</li>
 * </ul>
 * Tests against a real server use {@link #adminHttpClient()} for API calls and
 * {@link HeadlessChromium#signIn} for the browser.
 */
public final class TestIdentity {

    public static final String ADMIN_USERNAME = "admin";
    public static final String ADMIN_PASSWORD = "test-admin-password";

    private TestIdentity() {
    }

    /** A test class whose MockMvc requests carry no identity unless they add one. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    public @interface NoDefaultIdentity {
    }

    /** {@code Basic …} for the test admin, for an Authorization header. */
    public static String adminBasicHeader() {
        return basicHeader(ADMIN_USERNAME, ADMIN_PASSWORD);
    }

    public static String basicHeader(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** An HTTP client that answers the service's Basic challenge as the test admin. */
    public static HttpClient adminHttpClient() {
        return HttpClient.newBuilder().authenticator(new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(ADMIN_USERNAME, ADMIN_PASSWORD.toCharArray());
            }
        }).build();
    }

    /**
     * A request to the service a test started on {@code localhost:port}, through {@code http} (an
     * {@link #adminHttpClient()}); {@code jsonBody}, when not null, goes as application/json.
     */
    public static HttpResponse<String> send(HttpClient http, int port, String method, String path, String jsonBody)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        request = jsonBody == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Installs {@link Customizer} in every test context. */
    public static final class Factory implements ContextCustomizerFactory {
        @Override
        public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                         List<ContextConfigurationAttributes> configAttributes) {
            return new Customizer(!AnnotatedElementUtils.hasAnnotation(testClass, NoDefaultIdentity.class));
        }
    }

    private record Customizer(boolean defaultMockMvcIdentity) implements ContextCustomizer {
        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            context.getEnvironment().getPropertySources().addLast(new MapPropertySource("gridwatchTestIdentity",
                    // The names application.yml reads from the environment, so a test's own
                    // gridwatch.security.* properties still win.
                    Map.of("GRIDWATCH_ADMIN_PASSWORD", ADMIN_PASSWORD, "GRIDWATCH_ADMIN_USERNAME", ADMIN_USERNAME)));
            if (defaultMockMvcIdentity) {
                MockMvcBuilderCustomizer asAdmin = builder -> builder.defaultRequest(
                        get("/").with(user(ADMIN_USERNAME).roles("ADMIN")).with(csrf()));
                context.getBeanFactory().registerSingleton("gridwatchTestAdminMockMvc", asAdmin);
            }
        }
    }
}
