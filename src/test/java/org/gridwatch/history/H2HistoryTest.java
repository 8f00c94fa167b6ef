package org.gridwatch.history;

import org.gridwatch.support.H2TestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Change history and restores on the embedded H2GIS store. */
@SpringBootTest(properties = {"gridwatch.sample.enabled=false",
        "gridwatch.history.bulk-detail-limit=" + HistoryApiContract.BULK_DETAIL_LIMIT})
@AutoConfigureMockMvc
class H2HistoryTest extends HistoryApiContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }
}
