package org.gridwatch.cases;

import org.gridwatch.support.PostgisTestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The case loop on PostGIS. */
@SpringBootTest(properties = {"gridwatch.sample.enabled=false",
        "gridwatch.cases.max-photo-bytes=" + CasesApiContract.MAX_PHOTO_BYTES,
        "gridwatch.cases.max-waiting-photos=" + CasesApiContract.MAX_WAITING_PHOTOS})
@AutoConfigureMockMvc
@ActiveProfiles("postgis")
class CasesPostgisTest extends CasesApiContract {

    @BeforeAll
    static void needsPostgis() {
        PostgisTestDatabase.assumeAvailable();
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgisTestDatabase.register(registry);
    }
}
