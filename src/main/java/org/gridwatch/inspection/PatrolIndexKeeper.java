package org.gridwatch.inspection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keeps the {@link PatrolIndex} of the store's patrols current, as {@link InspectionIndexKeeper} keeps the
 * inspections' ({@link TableIndexKeeper}: built at start, caught up before each read from the table's tail,
 * checked against the whole table every {@code full-check}; the same settings), so the work summary, the density
 * table and the trend add up the period's patrols in memory instead of reading them per request.
 */
@Component
class PatrolIndexKeeper extends TableIndexKeeper<PatrolIndex.Row, PatrolIndex> {

    private static final String COLUMNS = "id, grid_code, started_at, length_m, track_source";

    PatrolIndexKeeper(DataSource dataSource,
                      @Value("${gridwatch.inspection.index.enabled:true}") boolean enabled,
                      @Value("${gridwatch.inspection.index.tail-ids:10000}") long tailIds,
                      @Value("${gridwatch.inspection.index.max-wait:5m}") Duration maxWait,
                      @Value("${gridwatch.inspection.index.full-check:60s}") Duration fullCheck) {
        super("patrol", COLUMNS, dataSource, enabled, tailIds, maxWait, fullCheck);
    }

    @Override
    PatrolIndex newIndex() {
        return new PatrolIndex();
    }

    @Override
    PatrolIndex.Row row(ResultSet rs) throws SQLException {
        OffsetDateTime at = rs.getObject(3, OffsetDateTime.class);
        return new PatrolIndex.Row(rs.getLong(1), rs.getString(2), InspectionIndex.Row.micros(at.toInstant()),
                rs.getDouble(4), InspectionQueries.TRACKED.equals(rs.getString(5)));
    }
}
