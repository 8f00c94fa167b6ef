package org.gridwatch.history;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.gridwatch.support.PostgisTestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Change history and restores on PostGIS; the H2 backup endpoint refuses and points to pg_dump. */
@SpringBootTest(properties = {"gridwatch.sample.enabled=false",
        "gridwatch.history.bulk-detail-limit=" + HistoryApiContract.BULK_DETAIL_LIMIT})
@AutoConfigureMockMvc
@ActiveProfiles("postgis")
class PostgisHistoryTest extends HistoryApiContract {

    @BeforeAll
    static void needsPostgis() {
        PostgisTestDatabase.assumeAvailable();
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgisTestDatabase.register(registry);
    }

    @Test
    void backupEndpointSendsPostgisUsersToPgDump() throws Exception {
        mvc.perform(post("/api/admin/backup"))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("backup.unsupported"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("pg_dump")));
    }
}
