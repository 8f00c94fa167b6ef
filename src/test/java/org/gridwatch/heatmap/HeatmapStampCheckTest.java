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

    @Autowired
    FeatureStamps stamps;

    @Autowired
    javax.sql.DataSource dataSource;

    /**
     * The periodic check on the embedded store reads no rows while the feature table is unchanged, and a write
     * still open while a stamp is read (H2 moves the table's modification id at the write, not at its commit) is
     * found by the check after its commit.
     */
    @Test
    void thePeriodicCheckReadsNoRowsWhileNothingChangedAndFindsAWriteThatWasOpenDuringARead() throws Exception {
        String type = "trash_bin";
        FeatureStamps.Stamp first = stamps.of(type); // as when the points are read
        long reads = stamps.rowReads();
        for (int i = 0; i < 5; i++) assertThat(stamps.check(type)).isEqualTo(first);
        assertThat(stamps.rowReads()).as("no rows read while nothing changed, from the first check on").isEqualTo(reads);

        try (java.sql.Connection open = dataSource.getConnection()) {
            open.setAutoCommit(false);
            try (java.sql.Statement st = open.createStatement()) {
                st.executeUpdate("INSERT INTO feature (type_key, geom, status, created_at, updated_at) VALUES ('trash_bin', "
                        + "ST_SetSRID(ST_MakePoint(102.7, 14.1), 4326), 'active', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            }
            assertThat(stamps.check(type)).as("the open write is not seen yet").isEqualTo(first);
            open.commit();
        }
        FeatureStamps.Stamp after = stamps.check(type);
        assertThat(after).as("found after its commit, with no further write").isNotEqualTo(first);
        assertThat(after.count()).isEqualTo(first.count() + 1);
        jdbc.update("DELETE FROM feature WHERE type_key = 'trash_bin' AND ST_X(geom) = 102.7");
        assertThat(stamps.check(type)).as("a write by hand moves the id").isEqualTo(first);
    }

    private byte[] tile(String url) throws Exception {
        return mvc.perform(get(url)).andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
    }
}
