package org.gridwatch.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real PostGIS for tests: the database named by {@code GRIDWATCH_TEST_PG_URL} (default
 * jdbc:postgresql://127.0.0.1:5432/gridwatch_test, user postgres, trust auth as .ci/run sets it up).
 * Each test context gets its own schema so contexts never see each other's rows.
 *
 * <p>Where no PostGIS can be reached the tests are skipped with a message — except in CI
 * ({@code CI=true}), where .ci/run provides one and a missing database is a failure.
 */
public final class PostgisTestDatabase {

    public static final String URL = envOr("GRIDWATCH_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/gridwatch_test");
    public static final String USER = envOr("GRIDWATCH_TEST_PG_USER", "postgres");
    public static final String PASSWORD = envOr("GRIDWATCH_TEST_PG_PASSWORD", "");

    private PostgisTestDatabase() {
    }

    /** Skips (or, in CI, fails) when PostGIS is not reachable. */
    public static void assumeAvailable() {
        String problem = probe();
        if (problem == null) return;
        String message = "PostGIS tests need a PostgreSQL with the postgis extension at " + URL + " (" + problem
                + "); run .ci/run or set GRIDWATCH_TEST_PG_URL";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }

    private static String probe() {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT extversion FROM pg_extension WHERE extname = 'postgis'")) {
            return rs.next() ? null : "the postgis extension is not created in that database";
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    /** Points the context at a fresh schema of the test database and at the PostGIS migrations. */
    public static String register(DynamicPropertyRegistry registry) {
        String schema = "gw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String separator = URL.contains("?") ? "&" : "?";
        registry.add("spring.datasource.url", () -> URL + separator + "currentSchema=" + schema + ",public");
        registry.add("spring.datasource.username", () -> USER);
        registry.add("spring.datasource.password", () -> PASSWORD);
        registry.add("spring.flyway.schemas", () -> schema);
        registry.add("spring.flyway.default-schema", () -> schema);
        // No channel set: the service takes its schema's own (ChangeChannel), so the contexts of the test
        // database do not hear each other's edits and drop or rebuild their caches for them.
        // Every test class gets its own schema, hence its own application context, and Spring keeps up to
        // 32 of them: with Hikari's default of 10 connections each held idle, the suite ran PostgreSQL out
        // of connections (max_connections 100). Few, and only while in use.
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "6");
        registry.add("spring.datasource.hikari.minimum-idle", () -> "0");
        registry.add("spring.datasource.hikari.idle-timeout", () -> "10000");
        return schema;
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
