package org.gridwatch.heatmap;

import java.sql.Timestamp;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.gridwatch.system.TableModifications;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * A cheap change stamp of one feature type, read straight from the feature table because the
 * feature package publishes no change events: any insert or delete changes the count or the id sum,
 * any update moves the latest {@code updated_at}. Read-only; the feature package still owns the table.
 *
 * <p>The stamp query reads every row of the type. On the embedded store, which reads them in the service's
 * own JVM, the periodic check ({@link #check}) first asks H2 for the feature table's modification id (held in
 * memory, no row read) and answers the stamp it read last while that id has not moved: the check every 2 s
 * read the 400,000 trash bins of the benchmark city each time, some 300 MB of garbage and young GC pauses of
 * 100-300 ms among the heatmap tiles (JFR). PostgreSQL has no such id that catches every write, so there the
 * rows are read as before.
 */
@Repository
class FeatureStamps {

    /** What the stamp query saw; equal stamps mean the type's features did not change. */
    record Stamp(long count, long idSum, long latestUpdateMicros) {
    }

    /** A stamp read from the rows while the table's modification id was {@code modification}. */
    private record Known(long modification, Stamp stamp) {
    }

    private final JdbcTemplate jdbc;
    private final TableModifications tables;
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final AtomicLong rowReads = new AtomicLong();

    FeatureStamps(JdbcTemplate jdbc, TableModifications tables) {
        this.jdbc = jdbc;
        this.tables = tables;
    }

    /**
     * The type's stamp, read from its rows. On the embedded store it is also kept for {@link #check} when no session
     * held uncommitted changes before it was read and the feature table's modification id did not move while it was
     * read: H2 moves the id when a row is written, not when it commits, so a stamp read beside an open write would
     * otherwise be kept past its commit. (Kept here too, not only by the check: the first check after the points were
     * read used to read all the rows again, among the first tiles drawn.)
     */
    Stamp of(String type) {
        if (!embedded()) return read(type);
        long before = modification();
        boolean uncommitted = uncommittedElsewhere();
        Stamp stamp = read(type);
        if (!uncommitted && modification() == before) known.put(type, new Known(before, stamp));
        return stamp;
    }

    /**
     * The type's stamp for the periodic check: on the embedded store the one kept while the feature table's
     * modification id has not moved since it was read, else read from the rows ({@link #of}).
     */
    Stamp check(String type) {
        if (!embedded()) return read(type);
        Known k = known.get(type);
        if (k != null && k.modification() == modification()) return k.stamp();
        return of(type);
    }

    private Stamp read(String type) {
        rowReads.incrementAndGet();
        return jdbc.queryForObject(
                "SELECT COUNT(*), COALESCE(SUM(id), 0), MAX(updated_at) FROM feature WHERE type_key = ?",
                (rs, n) -> {
                    Timestamp latest = rs.getTimestamp(3);
                    return new Stamp(rs.getLong(1), rs.getLong(2), latest == null ? 0 : latest.getTime() * 1000
                            + latest.getNanos() / 1000 % 1000);
                }, type);
    }

    /** For tests: how many times rows were read for a stamp. */
    long rowReads() {
        return rowReads.get();
    }

    private long modification() {
        Long id = tables.modificationId("FEATURE");
        return id == null ? -1 : id;
    }

    private boolean uncommittedElsewhere() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE CONTAINS_UNCOMMITTED",
                Integer.class);
        return n != null && n > 0;
    }

    private boolean embedded() {
        return tables.embedded();
    }
}
