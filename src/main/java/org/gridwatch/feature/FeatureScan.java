package org.gridwatch.feature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.postgresql.PGStatement;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads every matching feature as raw column values through a forward-only database cursor, for
 * exports of a whole city: no {@link FeatureView} per row, dates as epoch seconds, and on PostgreSQL
 * text as the driver's UTF-8 bytes (no decoding). The row handed to the sink is reused: read it during
 * the call only.
 */
@Repository
public class FeatureScan {

    /** Rows fetched per round trip: large enough to keep the driver busy, small enough to stay a few MB. */
    private static final int FETCH_ROWS = 10_000;

    /** The text columns, in the order the scan selects them. */
    public enum Text {
        TYPE, NAME, CODE, ADDRESS, STATUS, GRID_CODE, ATTRIBUTES
    }

    private static final String TEXT_COLUMNS = "type_key, name, code, address, status, grid_code, attributes, ";
    /**
     * H2GIS: the point as its EWKB bytes and the timestamps as they are, both taken apart here. Asking H2 for
     * {@code EXTRACT(EPOCH ...)} computed each epoch in BigDecimal (half of the embedded store's export of a
     * million features, JFR), and {@code ST_X/ST_Y} built a JTS geometry twice per row.
     */
    private static final String SQL = "SELECT id, geom, " + TEXT_COLUMNS + "created_at, updated_at, version FROM feature";
    /**
     * PostgreSQL: the timestamps as they are, sent in binary (8 bytes of microseconds since 2000), which
     * costs the server far less than formatting them or computing epochs (measured: EXTRACT(EPOCH)
     * twice was a third of the query's time).
     */
    private static final String PG_SQL = "SELECT id, ST_X(geom), ST_Y(geom), " + TEXT_COLUMNS
            + "created_at, updated_at, version FROM feature";
    /** 2000-01-01T00:00Z, PostgreSQL's epoch, in Unix seconds. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    /** One row of the scan, valid during {@link Sink#row} only. */
    public static final class Row {
        private final ResultSet rs;
        private final boolean postgres;
        /** Column of the first text column; the two stores' selects differ by one column before it. */
        private final int text0;
        private final double[] xy = new double[2];

        private Row(ResultSet rs, boolean postgres) {
            this.rs = rs;
            this.postgres = postgres;
            this.text0 = postgres ? 4 : 3;
        }

        /** Takes the current row's point apart once (H2: from its EWKB), before the sink reads it. */
        private void next() throws SQLException {
            if (postgres) {
                xy[0] = rs.getDouble(2);
                xy[1] = rs.getDouble(3);
            } else {
                PointWkb.read(rs.getBytes(2), xy);
            }
        }

        public long id() throws SQLException {
            return rs.getLong(1);
        }

        public double lon() {
            return xy[0];
        }

        public double lat() {
            return xy[1];
        }

        public String text(Text column) throws SQLException {
            return rs.getString(text0 + column.ordinal());
        }

        /** The column's UTF-8 bytes, or null. */
        public byte[] utf8(Text column) throws SQLException {
            if (postgres) return rs.getBytes(text0 + column.ordinal());
            String s = rs.getString(text0 + column.ordinal());
            return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
        }

        /** Seconds since 1970-01-01T00:00Z. */
        public long createdAtEpochSecond() throws SQLException {
            return epochSecond(text0 + Text.values().length);
        }

        /** Seconds since 1970-01-01T00:00Z. */
        public long updatedAtEpochSecond() throws SQLException {
            return epochSecond(text0 + Text.values().length + 1);
        }

        private long epochSecond(int column) throws SQLException {
            if (postgres) {
                byte[] b = rs.getBytes(column);
                if (b != null && b.length == 8) {
                    // pgjdbc hands a binary column over as its wire bytes: big-endian microseconds since 2000.
                    long micros = 0;
                    for (int i = 0; i < 8; i++) micros = (micros << 8) | (b[i] & 0xFF);
                    return Math.floorDiv(micros, 1_000_000L) + PG_EPOCH_SECONDS;
                }
            }
            // Whole seconds rounded down on both stores (H2's CAST of the EXTRACTed epoch rounded half up).
            java.time.OffsetDateTime t = rs.getObject(column, java.time.OffsetDateTime.class);
            return t == null ? 0 : t.toEpochSecond();
        }

        public long version() throws SQLException {
            return rs.getLong(text0 + Text.values().length + 2);
        }
    }

    /** Receives the rows. */
    @FunctionalInterface
    public interface Sink {
        void row(Row row) throws IOException, SQLException;
    }

    /** How many features match, and the longest value of each text column in UTF-8 bytes. */
    public record Extent(long count, int[] maxUtf8Bytes) {
    }

    private final DataSource dataSource;
    private final FeatureBox box;

    FeatureScan(DataSource dataSource, FeatureBox box) {
        this.dataSource = dataSource;
        this.box = box;
    }

    /**
     * Streams every feature matching {@code filter}, in storage order (sorting a million rows by id cost
     * the server more than a third of the scan), inside one read-only transaction, so the PostgreSQL
     * driver reads through a cursor and memory stays bounded.
     */
    @Transactional(readOnly = true)
    public void forEach(FeatureFilter filter, Sink sink) throws IOException {
        List<Object> args = new ArrayList<>();
        Connection con = DataSourceUtils.getConnection(dataSource);
        try {
            boolean postgres = con.getMetaData().getDatabaseProductName().equals("PostgreSQL");
            String sql = (postgres ? PG_SQL : SQL) + FeatureQueries.where(filter, box, args);
            PreparedStatement ps = con.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            if (postgres) {
                scan(ps, args, true, sink);
            } else {
                // H2 otherwise computes the whole result before the first row and, past 40,000 rows, writes
                // it to a temporary file and reads it back (a fifth of an export of a million features);
                // lazily it hands rows over as it reads them. A session setting: set back for the pool.
                try (Statement st = con.createStatement()) {
                    st.execute("SET LAZY_QUERY_EXECUTION TRUE");
                }
                try {
                    scan(ps, args, false, sink);
                } finally {
                    try (Statement st = con.createStatement()) {
                        st.execute("SET LAZY_QUERY_EXECUTION FALSE");
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("feature scan failed: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(con, dataSource);
        }
    }

    private static void scan(PreparedStatement statement, List<Object> args, boolean postgres, Sink sink)
            throws SQLException, IOException {
        try (PreparedStatement ps = statement) {
            ps.setFetchSize(FETCH_ROWS);
            if (postgres) {
                // A negative threshold makes pgjdbc ask for binary columns where it can (numbers, timestamps);
                // text columns stay the server's UTF-8 bytes, which getBytes hands over without decoding.
                ps.unwrap(PGStatement.class).setPrepareThreshold(-1);
            }
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                Row row = new Row(rs, postgres);
                while (rs.next()) {
                    row.next();
                    sink.row(row);
                }
            }
        }
    }

    /** Counts the matching features and measures their text columns (one pass over the table). */
    @Transactional(readOnly = true)
    public Extent extent(FeatureFilter filter) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT COUNT(*)");
        for (String c : List.of("type_key", "name", "code", "address", "status", "grid_code", "attributes")) {
            sql.append(", MAX(OCTET_LENGTH(").append(c).append("))");
        }
        sql.append(" FROM feature").append(FeatureQueries.where(filter, box, args));
        Connection con = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement ps = con.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                int[] max = new int[Text.values().length];
                for (int i = 0; i < max.length; i++) max[i] = rs.getInt(2 + i);
                return new Extent(rs.getLong(1), max);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("feature extent failed: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(con, dataSource);
        }
    }
}
