package org.gridwatch.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.support.Shapes.pointFeature;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.gridwatch.support.H2TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** The embedded store is one instance by nature: the feed stays off and writes send nothing. */
@SpringBootTest(properties = "gridwatch.sample.enabled=false")
@AutoConfigureMockMvc
class ChangeFeedOnH2Test {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @Autowired
    ChangeFeed feed;

    @Autowired
    MockMvc mvc;

    @Test
    void theFeedIsOffAndWritesStillWork() throws Exception {
        assertThat(feed.active()).isFalse();
        assertThat(feed.isRunning()).isFalse();
        mvc.perform(post("/api/features").contentType(MediaType.APPLICATION_JSON)
                .content(pointFeature("trash_bin", 116.4, 39.9, "桶"))).andExpect(status().isCreated());
        assertThat(feed.receivedCount()).isZero();
    }
}
