package org.gridwatch.inspection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keeps the {@link InspectionIndex} of the store's inspections current ({@link TableIndexKeeper}: built at start,
 * caught up before each read from the table's tail, checked against the whole table every {@code full-check}), so
 * the density and summary requests add up records in memory instead of reading them all. A read waits for a
 * build under way at most {@code max-wait} (default 5 minutes: at a million records the build takes seconds, the
 * SQL path minutes).
 */
@Component
class InspectionIndexKeeper extends TableIndexKeeper<InspectionIndex.Row, InspectionIndex> {

    private static final String COLUMNS;

    static {
        StringBuilder c = new StringBuilder("id, feature_id, grid_code, inspected_at, positive, cleared, site_kind");
        for (InspectionTally.Item i : InspectionTally.Item.values()) c.append(", ").append(i.column());
        COLUMNS = c.toString();
    }

    InspectionIndexKeeper(DataSource dataSource,
                          @Value("${gridwatch.inspection.index.enabled:true}") boolean enabled,
                          @Value("${gridwatch.inspection.index.tail-ids:10000}") long tailIds,
                          @Value("${gridwatch.inspection.index.max-wait:5m}") Duration maxWait,
                          @Value("${gridwatch.inspection.index.full-check:60s}") Duration fullCheck) {
        super("inspection", COLUMNS, dataSource, enabled, tailIds, maxWait, fullCheck);
    }

    @Override
    InspectionIndex newIndex() {
        return new InspectionIndex();
    }

    @Override
    InspectionIndex.Row row(ResultSet rs) throws SQLException {
        int[] items = new int[InspectionIndex.ITEMS];
        for (int k = 0; k < items.length; k++) items[k] = rs.getInt(8 + k);
        OffsetDateTime at = rs.getObject(4, OffsetDateTime.class);
        return new InspectionIndex.Row(rs.getLong(1), rs.getLong(2), rs.getString(3),
                InspectionIndex.Row.micros(at.toInstant()), rs.getBoolean(5), rs.getBoolean(6), rs.getString(7), items);
    }
}
