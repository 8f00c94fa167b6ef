package org.gridwatch.inspection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps an in-memory index of a table the service only inserts into (inspections, patrols) current, so requests
 * add up rows in memory instead of reading them all.
 *
 * <p>Built at start in the background from the whole table. Before each read it catches up with one cheap
 * query: the number and highest id of the rows with an id above the highest id held less {@code tail-ids}. When
 * they differ from what the index holds in that range, those rows are read and the ones not held yet are added.
 * The service only inserts these rows, also on every other instance sharing the database, so this sees their
 * rows at the next request without any message; and as ids are handed out at insert but rows become visible at
 * commit, a transaction that commits after later ids is still seen as long as fewer than {@code tail-ids} ids were
 * handed out meanwhile. Fewer rows in that range than held, or a lower highest id, mean the table was replaced (a
 * restore, a table emptied): it is built again at once. Every {@code full-check} (default a minute) a background
 * thread also counts the rows up to the highest id held: a row missed by the tail, rows written by hand with old
 * ids, or rows deleted by hand make that count differ, and the index is built again from the whole table. A row
 * changed in place by hand (the service never does) is seen only after such a build or a restart.
 *
 * <p>A read waits for a build under way at most {@code max-wait}; then, or when switched off, the caller answers
 * from SQL, with the same results. Thread-safe: catching up and building are serialised; readers share the index
 * under a read lock.
 *
 * @param <R> a row as the index takes it
 * @param <I> the index
 */
abstract class TableIndexKeeper<R, I extends TableIndexKeeper.AppendOnlyIndex<R>> {

    /** What the keeper needs of an index: rows are added, never changed or removed. Not thread-safe. */
    interface AppendOnlyIndex<R> {

        /** Adds the rows whose ids are not held yet, in any order; returns how many were added. */
        int addAll(Collection<R> rows);

        /** How many held rows have an id above {@code id}. */
        long countAbove(long id);

        /** The highest id held, 0 when empty. */
        long maxId();

        int size();

        /** The heap of its arrays and dictionaries, bytes. */
        long retainedBytes();
    }

    private static final int BATCH = 10_000;

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String table;
    private final String columns;
    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private volatile boolean enabled;
    private final long tailIds;
    private final Duration maxWait;
    private final Duration fullCheck;
    /** Builds and catch-ups, one at a time. */
    private final ReentrantLock writer = new ReentrantLock();
    /** Additions (write) against readers (read). */
    private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
    private final ScheduledExecutorService background;
    private volatile I index;
    private volatile boolean fullCheckDue;
    private volatile long builds;

    /**
     * @param table   the table, whose {@code id} column is its identity
     * @param columns the columns {@link #row} reads, {@code id} first
     */
    TableIndexKeeper(String table, String columns, DataSource dataSource, boolean enabled, long tailIds,
                     Duration maxWait, Duration fullCheck) {
        if (!columns.startsWith("id,")) throw new IllegalArgumentException("the columns start with id: " + columns);
        this.table = table;
        this.columns = columns;
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.enabled = enabled;
        this.tailIds = tailIds;
        this.maxWait = maxWait;
        this.fullCheck = fullCheck;
        this.background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, table + "-index");
            t.setDaemon(true);
            return t;
        });
    }

    /** An empty index. */
    abstract I newIndex();

    /** The row at the result set's cursor, read from {@code columns}. */
    abstract R row(ResultSet rs) throws SQLException;

    /**
     * Runs {@code reader} on the index brought up to date with the table.
     *
     * @return empty when no index can be had now (switched off, or a build still under way after {@code max-wait}):
     * the caller answers from SQL
     */
    <T> Optional<T> read(Function<I, T> reader) {
        if (!enabled) return Optional.empty();
        try {
            if (!writer.tryLock(maxWait.toMillis(), TimeUnit.MILLISECONDS)) return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            if (index == null) build();
            else catchUp(fullCheckDue);
        } finally {
            writer.unlock();
        }
        rw.readLock().lock();
        try {
            return Optional.of(reader.apply(index));
        } finally {
            rw.readLock().unlock();
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        if (!enabled) return;
        background.execute(() -> {
            writer.lock();
            try {
                if (index == null) build();
            } catch (RuntimeException e) {
                log.warn("{} index not built at start; the first request that needs it builds it", table, e);
            } finally {
                writer.unlock();
            }
        });
        long every = Math.max(1, fullCheck.toMillis());
        background.scheduleWithFixedDelay(this::checkWholeTable, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * The whole-table check, off the requests' path. The count reads every id up to the highest held (seconds for a
     * million rows on H2 when its pages are not cached), so it runs without the lock that requests take to catch
     * up; only a count that differs from the index is made again under the lock before the index is built again
     * (a row committed and caught up between the count and the comparison is no reason to).
     */
    void checkWholeTable() {
        try {
            I current;
            long max;
            writer.lock();
            try {
                current = index;
                if (!enabled || current == null) return;
                catchUp(false);
                max = current.maxId();
            } finally {
                writer.unlock();
            }
            Long n = jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE id <= ?", Long.class, max);
            writer.lock();
            try {
                if (index != current) return;
                long held = current.size() - current.countAbove(max);
                if (n != null && n != held) catchUp(true);
            } finally {
                writer.unlock();
            }
        } catch (RuntimeException e) {
            log.warn("{} index: the whole-table check failed; the next one tries again", table, e);
        }
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
    }

    /** Rows held and the heap of the index ({@link AppendOnlyIndex#retainedBytes}); zeros before the build. */
    long[] sizeAndBytes() {
        I i = index;
        return i == null ? new long[]{0, 0} : new long[]{i.size(), i.retainedBytes()};
    }

    /** Switches the index on or off (off: every read answers empty, so callers count from SQL); for tests. */
    void switchOn(boolean on) {
        enabled = on;
    }

    /** The next read also compares the whole table's count (as every {@code full-check}); for tests. */
    void checkWholeTableNext() {
        fullCheckDue = true;
    }

    /** How many times the index was built from the whole table (diagnostics and tests). */
    long builds() {
        return builds;
    }

    /** Reads the rows the index may lack; builds again when the table no longer matches it. */
    void catchUp(boolean wholeTable) {
        I current = index;
        long above = Math.max(0, current.maxId() - tailIds);
        long[] tail = jdbc.queryForObject("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM " + table + " WHERE id > ?",
                (rs, n) -> new long[]{rs.getLong(1), rs.getLong(2)}, above);
        long heldAbove = current.countAbove(above);
        if (tail[1] < current.maxId() || tail[0] < heldAbove) {
            // rows are only ever added: fewer of them means the table was emptied or replaced
            rebuild("the table holds " + tail[0] + " rows with ids above " + above + " up to id " + tail[1]
                    + ", the index " + heldAbove + " up to id " + current.maxId());
            return;
        }
        if (tail[0] != heldAbove || tail[1] != current.maxId()) {
            List<R> rows = new ArrayList<>();
            jdbc.query("SELECT " + columns + " FROM " + table + " WHERE id > ?", rs -> {
                rows.add(row(rs));
            }, above);
            rw.writeLock().lock();
            try {
                current.addAll(rows);
            } finally {
                rw.writeLock().unlock();
            }
        }
        if (wholeTable) {
            fullCheckDue = false;
            // every id up to the highest held is held, unless a row came too late for the tail, was written by
            // hand, or the table was replaced (a restore): then the count differs
            long max = current.maxId();
            Long n = jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE id <= ?", Long.class, max);
            if (n != null && n != current.size()) {
                rebuild("the table holds " + n + " rows up to id " + max + ", the index " + current.size());
            }
        }
    }

    private void rebuild(String why) {
        log.info("{} index: {}; building it again", table, why);
        build();
    }

    /**
     * Reads the whole table into a fresh index, in id order: the stores read their rows that way without sorting
     * (H2 took minutes for a million rows by time), and as ids follow the order rows came in, almost every
     * batch is appended; the few rows sent late (an offline phone) are merged into the last ones.
     */
    private void build() {
        long t0 = System.nanoTime();
        I fresh = newIndex();
        // a connection of its own: PostgreSQL streams with a fetch size only with auto-commit off, which must not
        // touch a caller's transaction
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement("SELECT " + columns + " FROM " + table + " ORDER BY id")) {
                st.setFetchSize(BATCH);
                try (ResultSet rs = st.executeQuery()) {
                    List<R> batch = new ArrayList<>(BATCH);
                    while (rs.next()) {
                        batch.add(row(rs));
                        if (batch.size() == BATCH) {
                            fresh.addAll(batch);
                            batch.clear();
                        }
                    }
                    fresh.addAll(batch);
                }
            } finally {
                c.rollback();
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the " + table + " rows for the index: " + e.getMessage(), e);
        }
        rw.writeLock().lock();
        try {
            index = fresh;
        } finally {
            rw.writeLock().unlock();
        }
        fullCheckDue = false;
        builds++;
        log.info("{} index: {} rows, ~{} MiB, built in {} ms", table, fresh.size(), fresh.retainedBytes() >> 20,
                (System.nanoTime() - t0) / 1_000_000);
    }
}
