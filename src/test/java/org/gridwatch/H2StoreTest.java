package org.gridwatch;

import org.gridwatch.support.H2TestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The foundation's rules on the embedded default: an H2GIS file database. */
@SpringBootTest(properties = "gridwatch.sample.enabled=false")
@AutoConfigureMockMvc
class H2StoreTest extends StoreContractTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }
}
