package org.gridwatch.heatmap;

import java.sql.Timestamp;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * A cheap change stamp of one feature type, read straight from the feature table because the
 * feature package publishes no change events: any insert or delete changes the count or the id sum,
 * any update moves the latest {@code updated_at}. Read-only; the feature package still owns the table.
 */
@Repository
class FeatureStamps {

    /** What the stamp query saw; equal stamps mean the type's features did not change. */
    record Stamp(long count, long idSum, long latestUpdateMicros) {
    }

    private final JdbcTemplate jdbc;

    FeatureStamps(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Stamp of(String type) {
        return jdbc.queryForObject(
                "SELECT COUNT(*), COALESCE(SUM(id), 0), MAX(updated_at) FROM feature WHERE type_key = ?",
                (rs, n) -> {
                    Timestamp latest = rs.getTimestamp(3);
                    return new Stamp(rs.getLong(1), rs.getLong(2), latest == null ? 0 : latest.getTime() * 1000
                            + latest.getNanos() / 1000 % 1000);
                }, type);
    }
}
