package org.gridwatch.feature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

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

    private static final String SQL = "SELECT id, ST_X(geom), ST_Y(geom), type_key, name, code, address, status, "
            + "grid_code, attributes, CAST(EXTRACT(EPOCH FROM created_at) AS BIGINT), "
            + "CAST(EXTRACT(EPOCH FROM updated_at) AS BIGINT), version FROM feature";

    /** One row of the scan, valid during {@link Sink#row} only. */
    public static final class Row {
        private final ResultSet rs;
        private final boolean rawUtf8;

        private Row(ResultSet rs, boolean rawUtf8) {
            this.rs = rs;
            this.rawUtf8 = rawUtf8;
        }

        public long id() throws SQLException {
            return rs.getLong(1);
        }

        public double lon() throws SQLException {
            return rs.getDouble(2);
        }

        public double lat() throws SQLException {
            return rs.getDouble(3);
        }

        public String text(Text column) throws SQLException {
            return rs.getString(4 + column.ordinal());
        }

        /** The column's UTF-8 bytes, or null. */
        public byte[] utf8(Text column) throws SQLException {
            if (rawUtf8) return rs.getBytes(4 + column.ordinal());
            String s = rs.getString(4 + column.ordinal());
            return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
        }

        /** Seconds since 1970-01-01T00:00Z. */
        public long createdAtEpochSecond() throws SQLException {
            return rs.getLong(11);
        }

        /** Seconds since 1970-01-01T00:00Z. */
        public long updatedAtEpochSecond() throws SQLException {
            return rs.getLong(12);
        }

        public long version() throws SQLException {
            return rs.getLong(13);
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

    FeatureScan(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Streams every feature matching {@code filter}, ordered by id, inside one read-only transaction
     * (so the PostgreSQL driver reads through a cursor and memory stays bounded).
     */
    @Transactional(readOnly = true)
    public void forEach(FeatureFilter filter, Sink sink) throws IOException {
        List<Object> args = new ArrayList<>();
        String sql = SQL + FeatureQueries.where(filter, args) + " ORDER BY id";
        Connection con = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement ps = con.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(FETCH_ROWS);
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            // pgjdbc hands text columns over as the server's bytes, which are UTF-8 (the driver insists on it).
            boolean rawUtf8 = con.getMetaData().getDatabaseProductName().equals("PostgreSQL");
            try (ResultSet rs = ps.executeQuery()) {
                Row row = new Row(rs, rawUtf8);
                while (rs.next()) sink.row(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("feature scan failed: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(con, dataSource);
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
        sql.append(" FROM feature").append(FeatureQueries.where(filter, args));
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
