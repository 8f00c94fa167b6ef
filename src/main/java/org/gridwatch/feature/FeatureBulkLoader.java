package org.gridwatch.feature;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.gridwatch.geo.PostgresCopyText;
import org.gridwatch.geo.GeoJsonFormatException;
import org.gridwatch.grid.GridLevel;
import org.gridwatch.history.ChangeAction;
import org.gridwatch.history.ChangeRecorder;
import org.gridwatch.grid.GridService;
import org.gridwatch.grid.SmallGridLocator;
import org.gridwatch.system.ApiProblem;
import org.locationtech.jts.geom.Envelope;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Stores a stream of features — a file import of a million — all or none, checking every record by the
 * rules of the API ({@link FeatureService}: the type exists, the point is valid, the status is known,
 * texts fit) and computing its grid code in memory. On PostgreSQL the rows go through one {@code COPY}
 * with hex EWKB points; elsewhere (the embedded H2GIS) through JDBC batches.
 * Records are streamed, never all held: once one is refused nothing more is sent, the rest are only
 * checked (to report them), and the caller's transaction is rolled back.
 *
 * <p>Must run inside the caller's transaction ({@link #begin}); it is the transaction that makes the
 * load all or nothing.
 */
@Service
public class FeatureBulkLoader {

    private static final int BATCH_ROWS = 10_000;
    private static final int COPY_BUFFER_CHARS = 1 << 20;

    private final FeatureService features;
    private final FeatureQueries queries;
    private final GridService grids;
    private final DataSource dataSource;
    private final ApplicationEventPublisher events;
    private final ChangeRecorder history;
    private final Clock clock = Clock.systemUTC();

    FeatureBulkLoader(FeatureService features, FeatureQueries queries, GridService grids, DataSource dataSource,
                      ApplicationEventPublisher events, ChangeRecorder history) {
        this.history = history;
        this.features = features;
        this.queries = queries;
        this.grids = grids;
        this.dataSource = dataSource;
        this.events = events;
    }

    /**
     * A refused record: its 0-based index in the input, the message key, the English detail and the
     * message's arguments (so the caller can say it in the user's language).
     */
    public record Problem(int index, String code, String detail, Object[] arguments) {
        public Problem(int index, String code, String detail) {
            this(index, code, detail, new Object[0]);
        }
    }

    /** What a load did: rows stored (0 when anything was refused or nothing was to be stored), refusals. */
    public record Result(int stored, int checked, int invalid, List<Problem> problems) {
    }

    /**
     * Starts a load inside the current transaction.
     *
     * @param store       false to check only (a preview): nothing is written
     * @param maxReported how many refused records to describe; all are counted
     */
    public Load begin(boolean store, int maxReported) {
        return begin(store, maxReported, 0);
    }

    /**
     * Starts a load inside the current transaction, knowing about how many records will come. On
     * PostgreSQL a load of at least {@value #REBUILD_INDEXES_FROM} records that at least doubles the table
     * drops the feature indexes and builds them again at the end, in the same transaction: maintaining
     * them row by row made the server's part of a million-row COPY six times slower (measured 49 s
     * against 8 s on a busy machine). Until the load commits, other sessions then wait for the feature
     * table (DROP INDEX locks it).
     */
    public Load begin(boolean store, int maxReported, long expectedRecords) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a bulk load must run inside a transaction");
        }
        return new Load(store, maxReported, expectedRecords);
    }

    /** The smallest load that rebuilds the indexes instead of maintaining them (see {@link #begin(boolean, int, long)}). */
    public static final int REBUILD_INDEXES_FROM = 50_000;

    /** One load; add the records in order, then {@link #finish()}. */
    public final class Load implements AutoCloseable {

        private final Set<String> known = features.knownTypeKeys();
        // Every small grid, once: a file's records can fall anywhere in the district.
        private final SmallGridLocator locator = new SmallGridLocator(grids.list(GridLevel.SMALL, null, null).stream()
                .map(g -> new SmallGridLocator.Area(g.code(), g.geometry())).toList());
        private final Instant now = Instant.now(clock);
        private final String nowText = now.toString();
        private final int maxReported;
        private final List<Problem> problems = new ArrayList<>();
        private final Envelope area = new Envelope();
        private final Connection connection;
        private final CopyIn copy;
        private final StringBuilder rows;
        private final List<FeatureQueries.NewFeature> batch;
        private int checked;
        private int written;
        private int invalid;
        private boolean done;

        private final List<String> droppedIndexes = new ArrayList<>();

        private Load(boolean store, int maxReported, long expectedRecords) {
            this.maxReported = maxReported;
            this.connection = store ? DataSourceUtils.getConnection(dataSource) : null;
            CopyIn c = null;
            try {
                if (connection != null && connection.isWrapperFor(PGConnection.class)) {
                    if (expectedRecords >= REBUILD_INDEXES_FROM) dropIndexesIfWorthIt(expectedRecords);
                    c = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY feature (type_key, geom, name, "
                            + "code, address, status, attributes, grid_code, created_at, updated_at, version) FROM STDIN");
                }
            } catch (SQLException e) {
                release();
                throw new IllegalStateException("could not start COPY into feature: " + e.getMessage(), e);
            }
            this.copy = c;
            this.rows = copy != null ? new StringBuilder(COPY_BUFFER_CHARS + 4096) : null;
            this.batch = store && copy == null ? new ArrayList<>(BATCH_ROWS) : null;
        }

        private void dropIndexesIfWorthIt(long expectedRecords) throws SQLException {
            try (var st = connection.createStatement()) {
                long rows;
                // The planner's estimate is enough to tell "about empty" from "larger than this load".
                try (var rs = st.executeQuery("SELECT GREATEST(reltuples, 0)::bigint FROM pg_class "
                        + "WHERE oid = to_regclass('feature')")) {
                    rows = rs.next() ? rs.getLong(1) : 0;
                }
                if (expectedRecords < rows) return;
                try (var rs = st.executeQuery("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                        + "AND tablename = 'feature' AND indexname <> 'feature_pkey'")) {
                    List<String> names = new ArrayList<>();
                    while (rs.next()) {
                        names.add(rs.getString(1));
                        droppedIndexes.add(rs.getString(2));
                    }
                    rs.close();
                    for (String name : names) st.execute("DROP INDEX \"" + name.replace("\"", "\"\"") + "\"");
                }
            }
        }

        private void rebuildIndexes() throws SQLException {
            if (droppedIndexes.isEmpty()) return;
            try (var st = connection.createStatement()) {
                for (String def : droppedIndexes) st.execute(def);
            }
            droppedIndexes.clear();
        }

        /** Checks one record and, while all so far are valid, sends it to the database. */
        public void add(int index, FeatureDraft draft) {
            checked++;
            FeatureDraft d;
            try {
                d = features.check(draft, known);
            } catch (ApiProblem p) {
                problem(index, p.messageKey(), p.getMessage(), p.arguments());
                return;
            } catch (GeoJsonFormatException p) {
                problem(index, p.messageKey(), p.getMessage(), p.arguments());
                return;
            }
            if (invalid > 0 || connection == null) return;
            double x = d.point().getX(), y = d.point().getY();
            String grid = locator.codeAt(x, y);
            area.expandToInclude(x, y);
            written++;
            if (copy != null) {
                copyRow(d, x, y, grid);
            } else {
                batch.add(new FeatureQueries.NewFeature(d, grid));
                if (batch.size() == BATCH_ROWS) flushBatch();
            }
        }

        /** Counts a record the caller refused before it could become a draft (unreadable, malformed). */
        public void refuse(int index, String code, String detail) {
            refuse(index, code, detail, new Object[]{detail});
        }

        /** As above, with the message arguments of {@code code} (so the refusal is said in the caller's language). */
        public void refuse(int index, String code, String detail, Object[] arguments) {
            checked++;
            problem(index, code, detail, arguments);
        }

        private void problem(int index, String code, String detail, Object[] arguments) {
            invalid++;
            if (problems.size() < maxReported) problems.add(new Problem(index, code, detail, arguments));
        }

        /**
         * Ends the load: sends the last rows, or cancels what was sent when a record was refused (the
         * caller must then roll back).
         */
        public Result finish() {
            done = true;
            try {
                if (invalid > 0 || connection == null) {
                    cancel();
                    return new Result(0, checked, invalid, List.copyOf(problems));
                }
                if (copy != null) {
                    flushCopy();
                    copy.endCopy();
                    rebuildIndexes();
                } else {
                    flushBatch();
                }
            } catch (SQLException e) {
                throw new IllegalStateException("storing the features failed: " + e.getMessage(), e);
            } finally {
                release();
            }
            if (written > 0) {
                // A file import is one change in the history: its rows are too many to list one by one.
                history.recordBatch(FeatureService.HISTORY_ENTITY, ChangeAction.CREATE, written,
                        Map.of("count", written, "source", "import"));
                events.publishEvent(new FeaturesChanged(area));
            }
            return new Result(written, checked, 0, List.of());
        }

        @Override
        public void close() {
            if (!done) {
                done = true;
                cancel();
                release();
            }
        }

        private void cancel() {
            try {
                if (copy != null && copy.isActive()) copy.cancelCopy();
            } catch (SQLException e) {
                // the transaction is rolled back anyway; a failed cancel leaves nothing stored
            }
        }

        private void release() {
            if (connection != null) DataSourceUtils.releaseConnection(connection, dataSource);
        }

        private void flushBatch() {
            if (batch.isEmpty()) return;
            queries.insert(batch, now);
            batch.clear();
        }

        private void copyRow(FeatureDraft d, double x, double y, String grid) {
            StringBuilder r = rows;
            PostgresCopyText.field(r, d.type()).append('\t');
            PostgresCopyText.point4326(r, x, y).append('\t');
            PostgresCopyText.field(r, d.name()).append('\t');
            PostgresCopyText.field(r, d.code()).append('\t');
            PostgresCopyText.field(r, d.address()).append('\t');
            PostgresCopyText.field(r, d.status()).append('\t');
            PostgresCopyText.field(r, d.attributesJson()).append('\t');
            PostgresCopyText.field(r, grid).append('\t');
            r.append(d.createdAt() == null ? nowText : d.createdAt().toString()).append('\t');
            r.append(nowText).append("\t0\n");
            if (r.length() >= COPY_BUFFER_CHARS) flushCopy();
        }

        private void flushCopy() {
            if (rows.isEmpty()) return;
            byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
            try {
                copy.writeToCopy(bytes, 0, bytes.length);
            } catch (SQLException e) {
                throw new IllegalStateException("COPY into feature failed: " + e.getMessage(), e);
            }
            rows.setLength(0);
        }
    }
}
