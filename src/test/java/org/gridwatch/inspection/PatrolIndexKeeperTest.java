package org.gridwatch.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link PatrolIndexKeeper} follows the patrol table as other connections (other instances) write it: patrols
 * committed after patrols with higher ids, committed long after, deleted or changed by hand, and a table replaced.
 */
class PatrolIndexKeeperTest {

    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");
    private static final Instant FROM = T0.minusSeconds(86400), TO = T0.plusSeconds(30L * 86400);

    private JdbcDataSource db;
    private Connection keepAlive;
    private InspectionQueries queries;
    private PatrolIndexKeeper keeper;

    @BeforeEach
    void openDatabase() throws Exception {
        db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:patrolkeeper" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        keepAlive = db.getConnection();
        try (Statement st = keepAlive.createStatement()) {
            st.execute("CREATE TABLE patrol (id BIGINT PRIMARY KEY, grid_code VARCHAR(64) NOT NULL, "
                    + "started_at TIMESTAMP WITH TIME ZONE NOT NULL, length_m DOUBLE PRECISION NOT NULL, "
                    + "track_source VARCHAR(8) NOT NULL)");
        }
        queries = new InspectionQueries(new JdbcTemplate(db));
        // a tail of 100 ids: a row committed after 100 later ids were handed out is left to the whole-table check
        keeper = new PatrolIndexKeeper(db, true, 100, Duration.ofSeconds(5), Duration.ofHours(1));
    }

    @AfterEach
    void closeDatabase() throws Exception {
        keeper.stop();
        try (Statement st = keepAlive.createStatement()) {
            st.execute("SHUTDOWN");
        }
    }

    /** Inserts patrol {@code id} (grid G(id % 3), an hour apart, id × 10 m, every fourth without a track) on {@code c}. */
    private static void insert(Connection c, long id) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO patrol (id, grid_code, started_at, length_m, "
                + "track_source) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, "G" + id % 3);
            ps.setObject(3, T0.plusSeconds(id * 3600).atOffset(ZoneOffset.UTC));
            ps.setDouble(4, id * 10.0);
            ps.setString(5, id % 4 == 0 ? "none" : InspectionQueries.TRACKED);
            ps.executeUpdate();
        }
    }

    private void insertCommitted(long... ids) throws Exception {
        try (Connection c = db.getConnection()) {
            for (long id : ids) insert(c, id);
        }
    }

    /** What the index answers, checked against the SQL on the committed rows. */
    private int held() {
        int size = keeper.read(PatrolIndex::size).orElseThrow();
        Map<String, PatrolCounter.Sums> sums = keeper.read(index -> PatrolCounter.byGrid(index,
                InspectionIndex.Row.micros(FROM), InspectionIndex.Row.micros(TO))).orElseThrow();
        Map<String, double[]> sql = queries.patrolCountAndMetresByGrid(FROM, TO);
        assertThat(sums.keySet()).isEqualTo(sql.keySet());
        sums.forEach((code, s) -> {
            assertThat((double) s.patrols()).as(code).isEqualTo(sql.get(code)[0]);
            assertThat(s.trackedMetres()).as(code).isCloseTo(sql.get(code)[1], within(1e-9));
        });
        return size;
    }

    @Test
    void aRowCommittedAfterHigherIdsIsReadAtTheNextRequest() throws Exception {
        insertCommitted(1, 2, 3, 4, 5);
        assertThat(held()).isEqualTo(5);
        try (Connection slow = db.getConnection()) {
            slow.setAutoCommit(false);
            // id 6 handed out first, committed last (another instance's long transaction)
            insert(slow, 6);
            insertCommitted(7, 8);
            assertThat(held()).isEqualTo(7);
            slow.commit();
        }
        assertThat(held()).isEqualTo(8);
        assertThat(keeper.builds()).as("caught up without building again").isEqualTo(1);
    }

    @Test
    void aRowCommittedBeyondTheTailIsFoundByTheWholeTableCheck() throws Exception {
        insertCommitted(1, 2);
        assertThat(held()).isEqualTo(2);
        try (Connection slow = db.getConnection()) {
            slow.setAutoCommit(false);
            insert(slow, 3);
            for (long id = 4; id <= 300; id++) insertCommitted(id);
            assertThat(held()).isEqualTo(299);
            slow.commit();
        }
        // the tail (ids above 200) does not reach id 3
        assertThat(keeper.read(PatrolIndex::size).orElseThrow()).isEqualTo(299);
        keeper.checkWholeTableNext();
        assertThat(held()).isEqualTo(300);
        assertThat(keeper.builds()).isEqualTo(2);
    }

    @Test
    void theBackgroundCheckCountsWithoutTheLockAndBuildsOnlyWhenTheCountDiffers() throws Exception {
        insertCommitted(1, 2);
        assertThat(held()).isEqualTo(2);
        try (Connection slow = db.getConnection()) {
            slow.setAutoCommit(false);
            insert(slow, 3);
            for (long id = 4; id <= 300; id++) insertCommitted(id);
            assertThat(held()).isEqualTo(299);
            slow.commit();
        }
        // the background thread's check (every full-check): the row beyond the tail is found
        keeper.checkWholeTable();
        assertThat(keeper.builds()).isEqualTo(2);
        assertThat(held()).isEqualTo(300);
        // a table that matches the index: counted, nothing built
        insertCommitted(301);
        keeper.checkWholeTable();
        assertThat(keeper.builds()).isEqualTo(2);
        assertThat(held()).isEqualTo(301);
    }

    @Test
    void aReplacedTableIsReadAgain() throws Exception {
        insertCommitted(1, 2, 3, 4, 5, 6);
        assertThat(held()).isEqualTo(6);
        // a restore of an older backup: fewer rows, a lower highest id; seen at the next request
        new JdbcTemplate(db).update("DELETE FROM patrol WHERE id > 3");
        assertThat(held()).isEqualTo(3);
        // rows deleted by hand and as many added with higher ids: seen by the whole-table count
        new JdbcTemplate(db).update("DELETE FROM patrol WHERE id = 2");
        insertCommitted(9);
        keeper.checkWholeTableNext();
        assertThat(held()).isEqualTo(3);
        assertThat(keeper.read(index -> index.holds(2)).orElseThrow()).isFalse();
        assertThat(keeper.builds()).isEqualTo(3);
    }

    @Test
    void aRowChangedByHandIsSeenWhenTheTableIsReadAgain() throws Exception {
        insertCommitted(1, 2, 3);
        assertThat(held()).isEqualTo(3);
        // the service never changes a patrol; an edit by hand (another grid, another length) is not in the count
        // the keeper compares, so the index still holds the old values until the table is read again (a restore)
        new JdbcTemplate(db).update("UPDATE patrol SET grid_code = 'G9', length_m = 5 WHERE id = 2");
        assertThat(keeper.read(index -> PatrolCounter.byGrid(index, InspectionIndex.Row.micros(FROM),
                InspectionIndex.Row.micros(TO))).orElseThrow()).doesNotContainKey("G9");
        new JdbcTemplate(db).update("DELETE FROM patrol WHERE id = 3");
        assertThat(held()).isEqualTo(2);
        assertThat(keeper.read(index -> PatrolCounter.byGrid(index, InspectionIndex.Row.micros(FROM),
                InspectionIndex.Row.micros(TO))).orElseThrow().get("G9")).isEqualTo(new PatrolCounter.Sums(1, 5, 0));
    }

    @Test
    void switchedOffItAnswersNothingSoTheCallerUsesSql() throws Exception {
        insertCommitted(1);
        keeper.switchOn(false);
        assertThat(keeper.read(PatrolIndex::size)).isEmpty();
        keeper.switchOn(true);
        assertThat(held()).isEqualTo(1);
    }
}
