package org.gridwatch.inspection;

import static org.assertj.core.api.Assertions.assertThat;

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

import org.gridwatch.summary.WorkSummaryCalculator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * {@link InspectionIndex} and {@link PeriodCounter} against what they replace: the SQL of {@link InspectionQueries}
 * (run on an in-memory H2 holding the same records) and {@link WorkSummaryCalculator} fed by it.
 */
class InspectionIndexTest {

    private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    private static final List<String> KINDS = WorkSummaryCalculator.SITE_KINDS;

    private SingleConnectionDataSource db;
    private InspectionQueries queries;

    @BeforeEach
    void openDatabase() throws Exception {
        Connection c = DriverManager.getConnection("jdbc:h2:mem:index" + System.nanoTime());
        db = new SingleConnectionDataSource(c, true);
        StringBuilder ddl = new StringBuilder("CREATE TABLE inspection (id BIGINT PRIMARY KEY, feature_id BIGINT NOT NULL, "
                + "grid_code VARCHAR(64), inspected_at TIMESTAMP WITH TIME ZONE NOT NULL, positive BOOLEAN NOT NULL, "
                + "cleared BOOLEAN NOT NULL, site_kind VARCHAR(32)");
        for (InspectionTally.Item i : InspectionTally.Item.values()) ddl.append(", ").append(i.column()).append(" INT NOT NULL");
        try (Statement st = c.createStatement()) {
            st.execute(ddl.append(')').toString());
        }
        queries = new InspectionQueries(new JdbcTemplate(db));
    }

    @AfterEach
    void closeDatabase() {
        db.destroy();
    }

    private static int[] items(Object... itemAndCount) {
        int[] t = new int[InspectionIndex.ITEMS];
        for (int i = 0; i < itemAndCount.length; i += 2) {
            t[((InspectionTally.Item) itemAndCount[i]).ordinal()] = (Integer) itemAndCount[i + 1];
        }
        return t;
    }

    private static InspectionIndex.Row row(long id, long feature, String grid, int minute, boolean positive,
                                           boolean cleared, String kind, int[] items) {
        return new InspectionIndex.Row(id, feature, grid, InspectionIndex.Row.micros(T0.plusSeconds(minute * 60L)),
                positive, cleared, kind, items);
    }

    @Test
    void countsAHandMadePeriodExactly() {
        InspectionIndex index = new InspectionIndex();
        List<InspectionIndex.Row> rows = List.of(
                // feature 1 in A: positive (2 stations, 1 with signs), then clean at minute 20; two records at minute
                // 20: id 7 comes after id 3, so id 7 (no stations) is the latest
                row(1, 1, "A", 10, true, false, "small_water", items(InspectionTally.Item.STATIONS, 2,
                        InspectionTally.Item.RODENT_SIGNS, 4)),
                row(7, 1, "A", 20, false, false, "small_water", items(InspectionTally.Item.RODENT_SIGNS, 1)),
                row(3, 1, "A", 20, false, false, "small_water", items(InspectionTally.Item.STATIONS, 5)),
                // feature 2 moved from A to B: latest record in B
                row(4, 2, "A", 5, true, true, "sewer_well", items(InspectionTally.Item.SEWER_CHECKED, 1,
                        InspectionTally.Item.SEWER_POSITIVE, 1)),
                row(5, 2, "B", 30, false, false, "sewer_well", items(InspectionTally.Item.SEWER_CHECKED, 1)),
                // outside every grid, and one record after the period
                row(6, 3, null, 15, true, false, null, items(InspectionTally.Item.BINS_CHECKED, 1)),
                row(8, 1, "A", 60, true, false, "small_water", items(InspectionTally.Item.STATIONS, 9)));
        index.addAll(rows);
        long from = InspectionIndex.Row.micros(T0), to = InspectionIndex.Row.micros(T0.plusSeconds(3600));

        Map<String, InspectionTally> byGrid = PeriodCounter.talliesByGrid(index, from, to);
        assertThat(byGrid).containsOnlyKeys("A", "B", null);
        // A: feature 1's latest (id 7) has no stations; per walk: rodent signs 4 + 1; feature 2's latest is in B
        assertThat(byGrid.get("A")).isEqualTo(new InspectionTally().add(InspectionTally.Item.RODENT_SIGNS, 5));
        assertThat(byGrid.get("B")).isEqualTo(new InspectionTally().add(InspectionTally.Item.SEWER_CHECKED, 1));

        List<ScopeCounts> s = PeriodCounter.scopes(index, from, to, Arrays.asList(null, List.of("A")), KINDS);
        ScopeCounts district = s.get(0), a = s.get(1);
        assertThat(district.inspections()).isEqualTo(6);
        assertThat(district.problemsFound()).isEqualTo(3);
        // feature 1's positive closed by its clean record; feature 2's cleared on the spot
        assertThat(district.problemsClosed()).isEqualTo(2);
        assertThat(district.sitesCleared()).containsEntry("sewer_well", 1L).containsEntry("small_water", 0L);
        // scope A: feature 2's latest record in A is id 4, so its sewer counts are there
        assertThat(a.tally()).isEqualTo(new InspectionTally().add(InspectionTally.Item.RODENT_SIGNS, 5)
                .add(InspectionTally.Item.SEWER_CHECKED, 1).add(InspectionTally.Item.SEWER_POSITIVE, 1));
        assertThat(a.inspections()).isEqualTo(4);
        checkAgainstSql(rows, index, from, to, List.of(List.of("A"), List.of("B"), List.of("A", "B")));
    }

    @Test
    void matchesTheSqlOnSeededRandomRecords() {
        for (long seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            List<InspectionIndex.Row> rows = randomRows(random, 1500);
            // ids are not in time order, and the rows arrive in several batches in any order
            InspectionIndex index = new InspectionIndex();
            List<InspectionIndex.Row> shuffled = new ArrayList<>(rows);
            Collections.shuffle(shuffled, random);
            for (int from = 0, step; from < shuffled.size(); from += step) {
                step = 1 + random.nextInt(400);
                index.addAll(shuffled.subList(from, Math.min(shuffled.size(), from + step)));
            }
            // offered again: nothing doubles
            index.addAll(rows.subList(0, 300));
            assertThat(index.size()).as("seed %d", seed).isEqualTo(rows.size());
            for (int p = 0; p < 4; p++) {
                int a = random.nextInt(600), b = a + 1 + random.nextInt(600);
                checkAgainstSql(rows, index, InspectionIndex.Row.micros(T0.plusSeconds(a * 60L)),
                        InspectionIndex.Row.micros(T0.plusSeconds(b * 60L)),
                        List.of(List.of("G1"), List.of("G1", "G2", "G3"), List.of("G4", "L1"), List.of("nowhere"), List.of()));
            }
        }
    }

    /** Records over 600 minutes, many sharing a minute, of 60 features that now and then change grid. */
    private static List<InspectionIndex.Row> randomRows(Random random, int n) {
        List<Long> ids = new ArrayList<>();
        for (long i = 1; i <= n; i++) ids.add(i * 3);
        Collections.shuffle(ids, random);
        String[] grids = {"G1", "G2", "G3", "G4", "L1", null};
        String[] kinds = {"small_water", "sewer_well", "garbage_point", "large_water", null};
        InspectionTally.Item[] all = InspectionTally.Item.values();
        List<InspectionIndex.Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long feature = 100 + random.nextInt(60);
            String grid = random.nextInt(10) == 0 ? grids[random.nextInt(grids.length)] : grids[(int) (feature % 5)];
            int[] t = new int[InspectionIndex.ITEMS];
            for (int k = random.nextInt(4); k > 0; k--) t[all[random.nextInt(all.length)].ordinal()] += 1 + random.nextInt(5);
            t[InspectionTally.Item.RODENT_SIGNS.ordinal()] += random.nextInt(3);
            rows.add(row(ids.get(i), feature, grid, random.nextInt(600), random.nextInt(3) == 0, random.nextInt(4) == 0,
                    kinds[(int) (feature % kinds.length)], t));
        }
        return rows;
    }

    private void checkAgainstSql(List<InspectionIndex.Row> rows, InspectionIndex index, long fromMicros, long toMicros,
                                 List<List<String>> gridScopes) {
        store(rows);
        Instant from = instant(fromMicros), to = instant(toMicros);
        assertThat(PeriodCounter.talliesByGrid(index, fromMicros, toMicros)).isEqualTo(queries.talliesByGrid(from, to));
        List<List<String>> scopes = new ArrayList<>();
        scopes.add(null);
        scopes.addAll(gridScopes);
        List<ScopeCounts> counted = PeriodCounter.scopes(index, fromMicros, toMicros, scopes, KINDS);
        // the same period cut in three, one pass: each part as the SQL counts it
        long third = (toMicros - fromMicros) / 3;
        long[] bounds = {fromMicros, fromMicros + third, fromMicros + 2 * third, toMicros};
        for (List<String> codes : scopes) {
            List<InspectionTally> parts = PeriodCounter.tallies(index, bounds, codes);
            for (int p = 0; p < 3; p++) {
                assertThat(parts.get(p)).as("part %d of %s", p, codes)
                        .isEqualTo(queries.tally(codes, instant(bounds[p]), instant(bounds[p + 1])));
            }
        }
        for (int s = 0; s < scopes.size(); s++) {
            List<String> codes = scopes.get(s);
            ScopeCounts c = counted.get(s);
            assertThat(c.tally()).as("tally of %s", codes).isEqualTo(queries.tally(codes, from, to));
            WorkSummaryCalculator calc = new WorkSummaryCalculator();
            queries.summaryRecords(codes, from, to, calc::accept);
            assertThat(c.inspections()).as("inspections of %s", codes).isEqualTo(calc.inspections());
            assertThat(c.problemsFound()).as("found in %s", codes).isEqualTo(calc.problemsFound());
            assertThat(c.problemsClosed()).as("closed in %s", codes).isEqualTo(calc.problemsClosed());
            assertThat(c.sitesCleared()).as("sites of %s", codes).isEqualTo(calc.breedingSitesHandled());
        }
    }

    private void store(List<InspectionIndex.Row> rows) {
        JdbcTemplate jdbc = new JdbcTemplate(db);
        jdbc.update("DELETE FROM inspection");
        StringBuilder cols = new StringBuilder("id, feature_id, grid_code, inspected_at, positive, cleared, site_kind");
        for (InspectionTally.Item i : InspectionTally.Item.values()) cols.append(", ").append(i.column());
        int n = 7 + InspectionIndex.ITEMS;
        jdbc.batchUpdate("INSERT INTO inspection (" + cols + ") VALUES (" + "?,".repeat(n - 1) + "?)", rows, 500,
                (PreparedStatement ps, InspectionIndex.Row r) -> {
                    ps.setLong(1, r.id());
                    ps.setLong(2, r.featureId());
                    ps.setString(3, r.gridCode());
                    ps.setObject(4, instant(r.inspectedAtMicros()).atOffset(ZoneOffset.UTC));
                    ps.setBoolean(5, r.positive());
                    ps.setBoolean(6, r.cleared());
                    ps.setString(7, r.siteKind());
                    for (int k = 0; k < InspectionIndex.ITEMS; k++) ps.setInt(8 + k, r.items()[k]);
                });
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
}
