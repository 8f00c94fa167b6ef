package org.gridwatch.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Arrays;

import org.gridwatch.support.H2TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A change made straight in the database (no event) reaches the tiles through the periodic stamp
 * check, which runs in the background: the requests in between are answered from what is held.
 */
@SpringBootTest(properties = {"gridwatch.sample.enabled=false", "gridwatch.heatmap.version-check-interval=300ms"})
@AutoConfigureMockMvc
class HeatmapStampCheckTest {

    static final double LON = 102.70;
    static final double LAT = 14.10;
    static final int Z = 15;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aChangeMadeInTheDatabaseShowsAfterTheBackgroundCheck() throws Exception {
        StringBuilder body = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i < 10; i++) {
            if (i > 0) body.append(',');
            body.append(HeatmapApiTest.feature("stagnant_water", LON + i * 0.0003, LAT, "{}", "2026-03-01T00:00:00Z"));
        }
        mvc.perform(post("/api/features/bulk").contentType(MediaType.APPLICATION_JSON).content(body.append("]}").toString()))
                .andExpect(status().isCreated());
        WebMercatorRaster world = new WebMercatorRaster(Z, 0, 0, 1, 1, LAT);
        String url = "/api/heatmap/" + Z + "/" + (long) Math.floor((world.column(LON + 0.0015) + 0.5) / 256) + "/"
                + (long) Math.floor((world.row(LAT) + 0.5) / 256) + ".png?type=stagnant_water&radius=200&max=50";
        byte[] before = tile(url);

        // Out of band: no event, only the stamp shows it.
        jdbc.update("UPDATE feature SET geom = ST_SetSRID(ST_MakePoint(?, ?), 4326), updated_at = CURRENT_TIMESTAMP"
                + " WHERE type_key = 'stagnant_water' AND ST_X(geom) < ?", LON + 0.0005, LAT + 0.0008, LON + 0.0001);
        assertThat(Arrays.equals(tile(url), before)).as("answered from the points held, not checked on the request").isTrue();

        long deadline = System.nanoTime() + 10_000_000_000L;
        byte[] after = before;
        while (Arrays.equals(after, before) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            after = tile(url);
        }
        assertThat(after).as("the background check found the moved site").isNotEqualTo(before);
    }

    private byte[] tile(String url) throws Exception {
        return mvc.perform(get(url)).andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
    }
}
