package org.gridwatch.ranking;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The case part of the ranking, read from the case loop's own columns: a case counts for the month in
 * which it was handled ({@code handled_at}), on time when {@code handled_at ≤ handle_deadline} (the
 * deadline after granted extensions, in working time, as the case core computed it). A case counts for
 * the large grid the case core recorded for it ({@code large_grid_code}). One query; no copy of the case state machine.
 *
 * <p>Written here because the evaluation figures of issue 21 were not available to this branch; when they
 * are, this class is the one place to switch to them.
 */
@Repository
class RankingCaseQueries implements RankingCaseFigures {

    private final JdbcTemplate jdbc;

    RankingCaseQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, long[]> handledByLargeGrid(Instant from, Instant to) {
        Map<String, long[]> out = new HashMap<>();
        jdbc.query("SELECT c.large_grid_code, COUNT(*), "
                + "SUM(CASE WHEN c.handle_deadline IS NULL OR c.handled_at <= c.handle_deadline THEN 1 ELSE 0 END) "
                + "FROM cases c WHERE c.handled_at >= ? AND c.handled_at < ? AND c.large_grid_code IS NOT NULL "
                + "GROUP BY c.large_grid_code",
                rs -> {
                    out.put(rs.getString(1), new long[]{rs.getLong(2), rs.getLong(3)});
                }, Timestamp.from(from), Timestamp.from(to));
        return out;
    }
}
