package org.gridwatch.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link InspectionIndexKeeper} follows the table as other connections (other instances) write it: rows committed
 * after rows with higher ids, rows committed long after, and a table replaced.
 */
class InspectionIndexKeeperTest {

    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");
    private static final Instant FROM = T0.minusSeconds(86400), TO = T0.plusSeconds(30L * 86400);

    private JdbcDataSource db;
    private Connection keepAlive;
    private InspectionQueries queries;
    private InspectionIndexKeeper keeper;

    @BeforeEach
    void openDatabase() throws Exception {
        db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:keeper" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        keepAlive = db.getConnection();
        StringBuilder ddl = new StringBuilder("CREATE TABLE inspection (id BIGINT PRIMARY KEY, feature_id BIGINT NOT NULL, "
                + "grid_code VARCHAR(64), inspected_at TIMESTAMP WITH TIME ZONE NOT NULL, positive BOOLEAN NOT NULL, "
                + "cleared BOOLEAN NOT NULL, site_kind VARCHAR(32)");
        for (InspectionTally.Item i : InspectionTally.Item.values()) {
            ddl.append(", ").append(i.column()).append(" INT NOT NULL DEFAULT 0");
        }
        try (Statement st = keepAlive.createStatement()) {
            st.execute(ddl.append(')').toString());
        }
        queries = new InspectionQueries(new JdbcTemplate(db));
        // a tail of 100 ids: a row committed after 100 later ids were handed out is left to the whole-table check
        keeper = new InspectionIndexKeeper(db, true, 100, Duration.ofSeconds(5), Duration.ofHours(1));
    }

    @AfterEach
    void closeDatabase() throws Exception {
        keeper.stop();
        try (Statement st = keepAlive.createStatement()) {
            st.execute("SHUTDOWN");
        }
    }

    /** Inserts record {@code id} (feature id % 7, grid G(id % 3), a positive bait station every third) on {@code c}. */
    private static void insert(Connection c, long id) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO inspection (id, feature_id, grid_code, inspected_at, "
                + "positive, cleared, site_kind, t_stations, t_no_bait) VALUES (?, ?, ?, ?, ?, FALSE, NULL, 1, ?)")) {
            ps.setLong(1, id);
            ps.setLong(2, id % 7);
            ps.setString(3, "G" + id % 3);
            ps.setObject(4, T0.plusSeconds(id * 60).atOffset(ZoneOffset.UTC));
            ps.setBoolean(5, id % 3 == 0);
            ps.setInt(6, id % 3 == 0 ? 1 : 0);
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
        int size = keeper.read(InspectionIndex::size).orElseThrow();
        assertThat(keeper.read(index -> PeriodCounter.talliesByGrid(index, InspectionIndex.Row.micros(FROM),
                InspectionIndex.Row.micros(TO))).orElseThrow()).isEqualTo(queries.talliesByGrid(FROM, TO));
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
        assertThat(keeper.read(InspectionIndex::size).orElseThrow()).isEqualTo(299);
        keeper.checkWholeTableNext();
        assertThat(held()).isEqualTo(300);
        assertThat(keeper.builds()).isEqualTo(2);
    }

    @Test
    void aReplacedTableIsReadAgain() throws Exception {
        insertCommitted(1, 2, 3, 4, 5, 6);
        assertThat(held()).isEqualTo(6);
        // a restore of an older backup: fewer rows, a lower highest id; seen at the next request
        new JdbcTemplate(db).update("DELETE FROM inspection WHERE id > 3");
        assertThat(held()).isEqualTo(3);
        // rows deleted and as many added with higher ids: seen by the whole-table count
        new JdbcTemplate(db).update("DELETE FROM inspection WHERE id = 2");
        insertCommitted(9);
        keeper.checkWholeTableNext();
        assertThat(held()).isEqualTo(3);
        assertThat(keeper.read(index -> index.holds(2)).orElseThrow()).isFalse();
        assertThat(keeper.builds()).isEqualTo(3);
    }

    @Test
    void switchedOffItAnswersNothingSoTheCallerUsesSql() throws Exception {
        insertCommitted(1);
        keeper.switchOn(false);
        assertThat(keeper.read(InspectionIndex::size)).isEmpty();
        keeper.switchOn(true);
        assertThat(held()).isEqualTo(1);
    }
}
