package org.gridwatch.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * {@link PatrolIndex} and {@link PatrolCounter} against what they replace: the patrol SQL of
 * {@link InspectionQueries}, run on an in-memory H2 holding the same patrols.
 */
class PatrolIndexTest {

    private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");
    private static final long DAY = 86_400;

    private SingleConnectionDataSource db;
    private InspectionQueries queries;

    @BeforeEach
    void openDatabase() throws Exception {
        Connection c = DriverManager.getConnection("jdbc:h2:mem:patrols" + System.nanoTime());
        db = new SingleConnectionDataSource(c, true);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE patrol (id BIGINT PRIMARY KEY, grid_code VARCHAR(64) NOT NULL, "
                    + "started_at TIMESTAMP WITH TIME ZONE NOT NULL, length_m DOUBLE PRECISION NOT NULL, "
                    + "track_source VARCHAR(8) NOT NULL)");
        }
        queries = new InspectionQueries(new JdbcTemplate(db));
    }

    @AfterEach
    void closeDatabase() {
        db.destroy();
    }

    private static PatrolIndex.Row row(long id, String grid, long seconds, double metres, boolean tracked) {
        return new PatrolIndex.Row(id, grid, InspectionIndex.Row.micros(T0.plusSeconds(seconds)), metres, tracked);
    }

    private static long micros(long seconds) {
        return InspectionIndex.Row.micros(T0.plusSeconds(seconds));
    }

    @Test
    void addsUpAHandMadeWeekExactly() {
        List<PatrolIndex.Row> later = List.of(
                row(1, "A", 0, 1000, true),
                row(3, "B", 7 * DAY, 2000, true),
                // at the period's end: outside [T0, T0 + 8 days)
                row(6, "A", 8 * DAY, 300, true));
        List<PatrolIndex.Row> earlier = List.of(
                // without a track: a patrol, its 500 m not counted
                row(2, "A", 600, 500, false),
                // before the period
                row(4, "C", -60, 999, true),
                row(5, "B", 600, 250, true));
        PatrolIndex index = new PatrolIndex();
        // the later patrols arrive first; the earlier ones are merged in front of them; a row offered again is skipped
        assertThat(index.addAll(later)).isEqualTo(3);
        List<PatrolIndex.Row> again = new ArrayList<>(earlier);
        again.add(later.get(0));
        assertThat(index.addAll(again)).isEqualTo(3);
        assertThat(index.size()).isEqualTo(6);
        assertThat(index.maxId()).isEqualTo(6);
        assertThat(index.countAbove(3)).isEqualTo(3);

        Map<String, PatrolCounter.Sums> byGrid = PatrolCounter.byGrid(index, micros(0), micros(8 * DAY));
        assertThat(byGrid).containsOnlyKeys("A", "B");
        assertThat(byGrid.get("A")).isEqualTo(new PatrolCounter.Sums(2, 1000, 1));
        assertThat(byGrid.get("B")).isEqualTo(new PatrolCounter.Sums(2, 2250, 0));

        assertThat(PatrolCounter.scope(index, micros(0), micros(8 * DAY), null)).isEqualTo(new PatrolCounter.Sums(4, 3250, 1));
        assertThat(PatrolCounter.scope(index, micros(0), micros(8 * DAY), List.of("A", "C", "A", "unknown")))
                .isEqualTo(new PatrolCounter.Sums(2, 1000, 1));
        assertThat(PatrolCounter.scope(index, micros(0), micros(8 * DAY), List.of())).isEqualTo(PatrolCounter.Sums.NONE);

        long[] weeks = {micros(0), micros(7 * DAY), micros(14 * DAY)};
        assertThat(PatrolCounter.trackedMetres(index, weeks, null)).containsExactly(1250, 2300);
        assertThat(PatrolCounter.trackedMetres(index, weeks, List.of("B"))).containsExactly(250, 2000);
        assertThat(PatrolCounter.trackedMetres(index, new long[]{micros(0)}, null)).isEmpty();

        List<PatrolIndex.Row> all = new ArrayList<>(later);
        all.addAll(earlier);
        store(all);
        checkAgainstSql(index, 0, 8 * DAY, new long[]{0, 7 * DAY, 14 * DAY}, List.of(List.of("B"), List.of("A", "C")));
    }

    @Test
    void matchesTheSqlOnSeededRandomPatrols() {
        for (long seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            List<PatrolIndex.Row> rows = randomRows(random, 3000);
            store(rows);
            // added in shuffled chunks: most land in the middle of what is held, as late rows from phones do
            List<PatrolIndex.Row> shuffled = new ArrayList<>(rows);
            Collections.shuffle(shuffled, random);
            PatrolIndex index = new PatrolIndex();
            for (int at = 0; at < shuffled.size(); ) {
                int n = 1 + random.nextInt(400);
                index.addAll(shuffled.subList(at, Math.min(shuffled.size(), at + n)));
                at += n;
            }
            assertThat(index.size()).as("seed %d", seed).isEqualTo(rows.size());
            for (int p = 0; p < 5; p++) {
                long from = random.nextInt(70) * DAY - DAY, to = from + (1 + random.nextInt(40)) * DAY;
                long[] bounds = new long[2 + random.nextInt(8)];
                for (int b = 0; b < bounds.length; b++) bounds[b] = random.nextInt(80) * DAY - 5 * DAY;
                Arrays.sort(bounds);
                checkAgainstSql(index, from, to, bounds, List.of(List.of("G1"), List.of("G2", "G3", "G2"),
                        List.of("G4", "nowhere"), List.of()));
            }
        }
    }

    /** 0-2 patrols a grid and day over 60 days, many starting at the same second; ids with gaps. */
    private static List<PatrolIndex.Row> randomRows(Random random, int n) {
        List<PatrolIndex.Row> rows = new ArrayList<>();
        long id = 0;
        for (int i = 0; i < n; i++) {
            id += 1 + random.nextInt(3);
            long seconds = random.nextInt(60) * DAY + random.nextInt(4) * 3600L;
            rows.add(row(id, "G" + random.nextInt(10), seconds, Math.round(random.nextDouble() * 5_000_000) / 1000.0,
                    random.nextInt(10) < 7));
        }
        return rows;
    }

    private void checkAgainstSql(PatrolIndex index, long fromSeconds, long toSeconds, long[] boundSeconds,
                                 List<List<String>> scopes) {
        Instant from = T0.plusSeconds(fromSeconds), to = T0.plusSeconds(toSeconds);
        Map<String, PatrolCounter.Sums> byGrid = PatrolCounter.byGrid(index, micros(fromSeconds), micros(toSeconds));
        Map<String, double[]> sqlCounts = queries.patrolCountAndMetresByGrid(from, to);
        Map<String, PatrolPaths> sqlPaths = queries.pathsByGrid(from, to);
        assertThat(byGrid.keySet()).isEqualTo(sqlCounts.keySet()).isEqualTo(sqlPaths.keySet());
        byGrid.forEach((code, s) -> {
            assertThat((double) s.patrols()).as(code).isEqualTo(sqlCounts.get(code)[0]);
            assertThat(s.trackedMetres()).as(code).isCloseTo(sqlCounts.get(code)[1], within(1e-6));
            assertThat(s.trackless()).as(code).isEqualTo(sqlPaths.get(code).tracklessPatrols());
            assertThat(s.paths().trackedMetres()).as(code).isCloseTo(sqlPaths.get(code).trackedMetres(), within(1e-6));
        });
        List<List<String>> all = new ArrayList<>(scopes);
        all.add(null);
        List<Instant> bounds = Arrays.stream(boundSeconds).mapToObj(T0::plusSeconds).toList();
        long[] boundMicros = Arrays.stream(boundSeconds).map(PatrolIndexTest::micros).toArray();
        for (List<String> codes : all) {
            PatrolCounter.Sums s = PatrolCounter.scope(index, micros(fromSeconds), micros(toSeconds), codes);
            double[] sql = queries.patrolCountAndMetres(codes, from, to);
            assertThat((double) s.patrols()).as("patrols of %s", codes).isEqualTo(sql[0]);
            assertThat(s.trackedMetres()).as("metres of %s", codes).isCloseTo(sql[1], within(1e-6));
            assertThat((double) s.trackless()).as("trackless of %s", codes).isEqualTo(sql[2]);
            double[] weeks = PatrolCounter.trackedMetres(index, boundMicros, codes);
            double[] sqlWeeks = queries.trackedMetres(codes, bounds);
            assertThat(weeks).as("metres of %s in %s", codes, bounds).hasSize(sqlWeeks.length);
            for (int w = 0; w < weeks.length; w++) {
                assertThat(weeks[w]).as("metres of %s in interval %d of %s", codes, w, bounds).isCloseTo(sqlWeeks[w], within(1e-6));
            }
        }
    }

    private void store(List<PatrolIndex.Row> rows) {
        JdbcTemplate jdbc = new JdbcTemplate(db);
        jdbc.update("DELETE FROM patrol");
        jdbc.batchUpdate("INSERT INTO patrol (id, grid_code, started_at, length_m, track_source) VALUES (?, ?, ?, ?, ?)",
                rows, 500, (PreparedStatement ps, PatrolIndex.Row r) -> {
                    ps.setLong(1, r.id());
                    ps.setString(2, r.gridCode());
                    long m = r.startedAtMicros();
                    ps.setObject(3, Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000L), Math.floorMod(m, 1_000_000L) * 1000)
                            .atOffset(ZoneOffset.UTC));
                    ps.setDouble(4, r.lengthMetres());
                    ps.setString(5, r.tracked() ? InspectionQueries.TRACKED : "none");
                });
    }
}
