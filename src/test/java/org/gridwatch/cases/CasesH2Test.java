package org.gridwatch.cases;

import org.gridwatch.support.H2TestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The case loop on the embedded H2GIS store. */
@SpringBootTest(properties = {"gridwatch.sample.enabled=false",
        "gridwatch.cases.max-photo-bytes=" + CasesApiContract.MAX_PHOTO_BYTES,
        "gridwatch.cases.max-waiting-photos=" + CasesApiContract.MAX_WAITING_PHOTOS})
@AutoConfigureMockMvc
class CasesH2Test extends CasesApiContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }
}
