package org.gridwatch.ogcapi;

import org.gridwatch.support.H2TestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Vector tiles on the embedded store (H2GIS) over the sample district. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "gridwatch.tiles.max-points=" + VectorTileContract.MAX_POINTS)
class VectorTileTest extends VectorTileContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerSampleDistrict(registry);
    }
}
