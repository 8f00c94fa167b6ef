package org.gridwatch.inspection;

import org.gridwatch.support.H2TestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The inspection API on the embedded default store, H2GIS. */
@SpringBootTest(properties = {"gridwatch.sample.enabled=false", "gridwatch.inspection.max-photo-bytes=2000"})
@AutoConfigureMockMvc
class InspectionH2Test extends InspectionApiContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }
}
