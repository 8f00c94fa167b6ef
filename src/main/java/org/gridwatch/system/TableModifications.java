package org.gridwatch.system;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the embedded store (H2GIS) tells without reading a row: the modification id H2 keeps in memory for each
 * table and moves at every write to it. A cache of something read from a table keeps what it read while that id
 * stands still, instead of reading the rows again to find out (the heatmap's stamps, the vector tiles' points).
 * H2 moves the id when a row is written, not when it commits. PostgreSQL has no such id: there
 * {@link #modificationId} is null and each cache has its own way.
 */
@Component
public class TableModifications {

    private final JdbcTemplate jdbc;
    private volatile Boolean embedded;

    TableModifications(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the store is the embedded one, which only this service writes. */
    public boolean embedded() {
        Boolean e = embedded;
        if (e == null) {
            e = jdbc.execute((ConnectionCallback<Boolean>) c ->
                    !"PostgreSQL".equals(c.getMetaData().getDatabaseProductName()));
            embedded = e;
        }
        return e;
    }

    /** H2's modification id of {@code table} (upper case, in the current schema); null on PostgreSQL or when absent. */
    public Long modificationId(String table) {
        if (!embedded()) return null;
        return jdbc.query("SELECT LAST_MODIFICATION FROM INFORMATION_SCHEMA.TABLES "
                + "WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_NAME = ?", rs -> rs.next() ? rs.getLong(1) : null, table);
    }
}
