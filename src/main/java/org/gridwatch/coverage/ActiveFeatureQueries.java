package org.gridwatch.coverage;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.gridwatch.feature.FeatureBox;
import org.locationtech.jts.geom.Envelope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

/**
 * The one bulk read coverage needs: id, type and position of every active feature, straight into
 * arrays. Going through {@code FeatureService.forEach} would build a full {@code FeatureView} (with
 * timestamps and attributes) per row, several times the work for a million features. Portable SQL;
 * {@code &&} lets H2GIS and PostGIS use their spatial index when a window is given.
 */
@Repository
class ActiveFeatureQueries {

    private final JdbcTemplate jdbc;
    private final FeatureBox box;

    ActiveFeatureQueries(JdbcTemplate jdbc, FeatureBox box) {
        this.jdbc = jdbc;
        this.box = box;
    }

    /**
     * Active features as arrays; {@code typeIndex[i]} indexes {@code typeKeys} given to {@link #load};
     * {@code gridCode[i]} is the small grid the feature belongs to (null: none).
     */
    record ActiveFeatures(long[] id, int[] typeIndex, double[] lon, double[] lat, String[] gridCode) {
        int size() {
            return id.length;
        }
    }

    /**
     * @param typeIndex each known type key and its index
     * @param onlyType  a type key to restrict to, or null for all types
     * @param window    a lon/lat window to restrict to, or null for everywhere
     */
    ActiveFeatures load(Map<String, Integer> typeIndex, String onlyType, Envelope window) {
        StringBuilder sql = new StringBuilder(
                "SELECT id, type_key, ST_X(geom) AS lon, ST_Y(geom) AS lat, grid_code FROM feature WHERE status = 'active'");
        Object[] args = new Object[0];
        if (window != null) {
            List<Object> boxArgs = new ArrayList<>();
            sql.append(" AND ").append(box.condition(window.getMinX(), window.getMinY(), window.getMaxX(),
                    window.getMaxY(), boxArgs));
            args = boxArgs.toArray();
        }
        if (onlyType != null) {
            sql.append(" AND type_key = ?");
            args = Arrays.copyOf(args, args.length + 1);
            args[args.length - 1] = onlyType;
        }
        sql.append(" ORDER BY id");
        Growing rows = new Growing();
        Object[] bound = args;
        jdbc.query(con -> {
            // A fetch size lets PostgreSQL stream the rows (inside the caller's transaction).
            PreparedStatement ps = con.prepareStatement(sql.toString());
            ps.setFetchSize(10_000);
            for (int i = 0; i < bound.length; i++) ps.setObject(i + 1, bound[i]);
            return ps;
        }, (RowCallbackHandler) rs -> {
            Integer t = typeIndex.get(rs.getString(2));
            rows.add(rs.getLong(1), t == null ? -1 : t, rs.getDouble(3), rs.getDouble(4), rs.getString(5));
        });
        return rows.done();
    }

    /**
     * Every active feature of any type within {@code window} (everywhere when null), as {@link CoverageIndex}
     * keeps them. Streams the rows (a fetch size), so a whole city is read without holding its result set twice.
     */
    List<ActiveFeatureSet.Feature> active(Envelope window) {
        StringBuilder sql = new StringBuilder(
                "SELECT id, type_key, ST_X(geom) AS lon, ST_Y(geom) AS lat, grid_code, created_at FROM feature "
                        + "WHERE status = 'active'");
        List<Object> args = new ArrayList<>();
        if (window != null) {
            sql.append(" AND ").append(box.condition(window.getMinX(), window.getMinY(), window.getMaxX(),
                    window.getMaxY(), args));
        }
        List<ActiveFeatureSet.Feature> out = new ArrayList<>();
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(sql.toString());
            ps.setFetchSize(10_000);
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            return ps;
        }, (RowCallbackHandler) rs -> out.add(new ActiveFeatureSet.Feature(rs.getLong(1), rs.getString(2),
                rs.getDouble(3), rs.getDouble(4), rs.getString(5), micros(rs.getObject(6, java.time.OffsetDateTime.class)))));
        return out;
    }

    private static long micros(java.time.OffsetDateTime t) {
        if (t == null) return Long.MIN_VALUE;
        java.time.Instant i = t.toInstant();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }

    private static final class Growing {
        long[] id = new long[1024];
        int[] type = new int[1024];
        double[] lon = new double[1024];
        double[] lat = new double[1024];
        String[] grid = new String[1024];
        int n;

        void add(long i, int t, double x, double y, String g) {
            if (t < 0) return;
            if (n == id.length) {
                int cap = n * 2;
                id = Arrays.copyOf(id, cap);
                type = Arrays.copyOf(type, cap);
                lon = Arrays.copyOf(lon, cap);
                lat = Arrays.copyOf(lat, cap);
                grid = Arrays.copyOf(grid, cap);
            }
            id[n] = i;
            type[n] = t;
            lon[n] = x;
            lat[n] = y;
            grid[n] = g;
            n++;
        }

        ActiveFeatures done() {
            return new ActiveFeatures(Arrays.copyOf(id, n), Arrays.copyOf(type, n), Arrays.copyOf(lon, n),
                    Arrays.copyOf(lat, n), Arrays.copyOf(grid, n));
        }
    }
}
