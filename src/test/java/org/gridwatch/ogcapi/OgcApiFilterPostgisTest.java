package org.gridwatch.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.gridwatch.support.PostgisTestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The CQL2 cross-check of {@link OgcApiFilterTest} on PostGIS, whose spatial predicates are GEOS's, not JTS's. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgis")
class OgcApiFilterPostgisTest {

    @BeforeAll
    static void needsPostgis() {
        PostgisTestDatabase.assumeAvailable();
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgisTestDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void cql2FiltersSelectExactlyWhatTheJavaEvaluatorSelects() throws Exception {
        Cql2CrossCheck check = new Cql2CrossCheck("http://localhost:" + port + "/ogcapi");
        assertThat(check.run()).isGreaterThanOrEqualTo(30);
        assertThat(check.discriminating()).isGreaterThanOrEqualTo(25);
    }
}
