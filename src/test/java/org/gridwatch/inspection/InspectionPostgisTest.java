package org.gridwatch.inspection;

import org.gridwatch.support.PostgisTestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The inspection API on PostGIS: the same record sets, the same figures. */
@SpringBootTest(properties = {"gridwatch.sample.enabled=false", "gridwatch.inspection.max-photo-bytes=2000"})
@AutoConfigureMockMvc
@ActiveProfiles("postgis")
class InspectionPostgisTest extends InspectionApiContract {

    @BeforeAll
    static void needsPostgis() {
        PostgisTestDatabase.assumeAvailable();
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgisTestDatabase.register(registry);
    }
}
