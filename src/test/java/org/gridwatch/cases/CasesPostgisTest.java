package org.gridwatch.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.gridwatch.support.PostgisTestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The case loop on PostGIS. */
@SpringBootTest(properties = {"gridwatch.sample.enabled=false",
        "gridwatch.cases.max-photo-bytes=" + CasesApiContract.MAX_PHOTO_BYTES,
        "gridwatch.cases.max-waiting-photos=" + CasesApiContract.MAX_WAITING_PHOTOS})
@AutoConfigureMockMvc
@ActiveProfiles("postgis")
class CasesPostgisTest extends CasesApiContract {

    @BeforeAll
    static void needsPostgis() {
        PostgisTestDatabase.assumeAvailable();
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgisTestDatabase.register(registry);
    }

    @Autowired
    Cases cases;

    @Autowired
    PlatformTransactionManager transactions;

    /**
     * A report's number is drawn in a transaction whose commit does not wait for the disk (the case's own
     * commit, later, does); the setting is the draw transaction's alone and numbers still rise one by one.
     */
    @Test
    void onlyTheNumbersDrawCommitsWithoutWaitingForTheDisk() {
        LocalDate day = LocalDate.of(2031, 1, 1).plusDays(next());
        List<Object> seen = new TransactionTemplate(transactions).execute(status -> {
            String before = jdbc.queryForObject("SHOW synchronous_commit", String.class);
            int first = cases.drawSequenceUnflushed(day);
            int second = cases.drawSequenceUnflushed(day);
            return List.of(before, jdbc.queryForObject("SHOW synchronous_commit", String.class), first, second);
        });
        assertThat((String) seen.get(0)).isEqualTo("on");
        assertThat((String) seen.get(1)).as("inside the draw's transaction").isEqualTo("off");
        assertThat((Integer) seen.get(3)).isEqualTo((Integer) seen.get(2) + 1);
        assertThat(new TransactionTemplate(transactions).<String>execute(status ->
                jdbc.queryForObject("SHOW synchronous_commit", String.class))).as("after it").isEqualTo("on");
    }
}
