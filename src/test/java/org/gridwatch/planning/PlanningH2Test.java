package org.gridwatch.planning;

import org.gridwatch.support.H2TestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The planning API on the embedded store, H2GIS, over a fresh copy of the sample district. */
@SpringBootTest
@AutoConfigureMockMvc
class PlanningH2Test extends PlanningApiContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerSampleDistrict(registry);
    }
}
