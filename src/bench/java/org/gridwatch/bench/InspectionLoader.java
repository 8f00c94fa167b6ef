package org.gridwatch.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.SplittableRandom;

import javax.sql.DataSource;

/**
 * Writes a year of inspections of the benchmark city's own features (and a patrol per small grid and month)
 * straight into the tables, in batches of {@link #BATCH} rows committed every {@link #COMMIT_EVERY}: a year of
 * field work through the phone API would take hours. Each record is one visit of a real feature (its id, type,
 * small grid and position), spread evenly over the year before {@code end}, with the tallies the service itself
 * derives for such an outcome (a bait station with or without rodent signs, a container with or without larvae,
 * a bin lidded or not), 3 % positive. The records carry the client id {@code bench-i-N}, so a second load adds
 * nothing twice and a partial one is continued.
 */
final class InspectionLoader {

    static final int BATCH = 5_000;
    static final int COMMIT_EVERY = 50_000;
    private static final String[] TYPES = {"rat_bait_station", "stagnant_water", "sewer_well", "trash_bin"};

    private InspectionLoader() {
    }

    /** The active features of the four inspected types as parallel arrays. */
    private record Sites(long[] id, int[] type, String[] grid, double[] lon, double[] lat, int size) {
    }

    /**
     * Adds inspections until the store holds {@code wanted}; returns the number written.
     *
     * @param end the end of the year the records fall in
     */
    static long load(DataSource dataSource, long wanted, Instant end) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            long present;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT COUNT(*) FROM inspection WHERE client_id LIKE 'bench-i-%'")) {
                rs.next();
                present = rs.getLong(1);
            }
            if (present >= wanted) return 0;
            Sites sites = sites(c);
            if (sites.size() == 0) throw new IllegalStateException("no features of the inspected types in the store");
            c.setAutoCommit(false);
            Instant start = end.minusSeconds(365L * 86400);
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            patrols(c, start, now);
            String sql = "INSERT INTO inspection (client_id, feature_id, type_key, grid_code, lon, lat, inspector, inspected_at,"
                    + " outcome, positive, cleared, site_kind, created_at, t_rodent_signs, t_stations, t_bait_checked, t_no_bait,"
                    + " t_small_water_pos, t_sewer_checked, t_sewer_positive, t_bins_checked, t_bins_lidded, t_fly_sites,"
                    + " t_fly_sites_positive) VALUES (?, ?, ?, ?, ?, ?, '网格员', ?, ?, ?, FALSE, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
            long written = 0;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int inBatch = 0;
                for (long i = present; i < wanted; i++) {
                    // the same record for the same i in every run: a continued load writes what a whole one would
                    SplittableRandom random = new SplittableRandom(i * 0x9E3779B97F4A7C15L + 7);
                    int s = random.nextInt(sites.size());
                    int type = sites.type()[s];
                    boolean bad = random.nextDouble() < 0.03;
                    ps.setString(1, "bench-i-" + i);
                    ps.setLong(2, sites.id()[s]);
                    ps.setString(3, TYPES[type]);
                    ps.setString(4, sites.grid()[s]);
                    ps.setDouble(5, sites.lon()[s]);
                    ps.setDouble(6, sites.lat()[s]);
                    long second = (long) ((double) (i % wanted) / wanted * 365 * 86400) + random.nextInt(3600);
                    ps.setObject(7, start.plusSeconds(second).atOffset(ZoneOffset.UTC));
                    ps.setString(8, outcome(type, bad));
                    ps.setBoolean(9, bad);
                    ps.setObject(10, now);
                    int[] t = tallies(type, bad);
                    for (int k = 0; k < t.length; k++) ps.setInt(11 + k, t[k]);
                    ps.addBatch();
                    written++;
                    if (++inBatch == BATCH) {
                        ps.executeBatch();
                        inBatch = 0;
                    }
                    if (written % COMMIT_EVERY == 0) {
                        c.commit();
                        if (written % 200_000 == 0) System.out.printf("inspections written: %,d%n", present + written);
                    }
                }
                if (inBatch > 0) ps.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            return written;
        }
    }

    private static Sites sites(Connection c) throws Exception {
        int n = 0;
        long[] id = new long[1 << 16];
        int[] type = new int[id.length];
        String[] grid = new String[id.length];
        double[] lon = new double[id.length];
        double[] lat = new double[id.length];
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT id, type_key, grid_code, ST_X(geom), ST_Y(geom) FROM feature WHERE status = 'active'"
                        + " AND type_key IN ('rat_bait_station', 'stagnant_water', 'sewer_well', 'trash_bin') ORDER BY id")) {
            while (rs.next()) {
                if (n == id.length) {
                    int cap = n * 2;
                    id = Arrays.copyOf(id, cap);
                    type = Arrays.copyOf(type, cap);
                    grid = Arrays.copyOf(grid, cap);
                    lon = Arrays.copyOf(lon, cap);
                    lat = Arrays.copyOf(lat, cap);
                }
                id[n] = rs.getLong(1);
                type[n] = Arrays.asList(TYPES).indexOf(rs.getString(2));
                grid[n] = rs.getString(3);
                lon[n] = rs.getDouble(4);
                lat[n] = rs.getDouble(5);
                n++;
            }
        }
        return new Sites(id, type, grid, lon, lat, n);
    }

    /** One patrol per small grid and month of the year, unless an earlier load wrote them. */
    private static void patrols(Connection c, Instant start, OffsetDateTime now) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT COUNT(*) FROM patrol WHERE client_id LIKE 'bench-p-%'")) {
            rs.next();
            if (rs.getLong(1) > 0) return;
        }
        String[] grids;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT code FROM grid WHERE level = 'small' ORDER BY code")) {
            java.util.List<String> codes = new java.util.ArrayList<>();
            while (rs.next()) codes.add(rs.getString(1));
            grids = codes.toArray(String[]::new);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO patrol (client_id, inspector, grid_code, started_at,"
                + " ended_at, length_m, track_source, created_at) VALUES (?, '网格员', ?, ?, ?, ?, 'gps', ?)")) {
            int inBatch = 0;
            for (int month = 0; month < 12; month++) {
                for (int g = 0; g < grids.length; g++) {
                    Instant at = start.plusSeconds(month * 30L * 86400 + (g % 28) * 86400L + 9 * 3600);
                    ps.setString(1, "bench-p-" + month + "-" + g);
                    ps.setString(2, grids[g]);
                    ps.setObject(3, at.atOffset(ZoneOffset.UTC));
                    ps.setObject(4, at.plusSeconds(3600).atOffset(ZoneOffset.UTC));
                    ps.setDouble(5, 300 + (g * 37 % 200));
                    ps.setObject(6, now);
                    ps.addBatch();
                    if (++inBatch == BATCH) {
                        ps.executeBatch();
                        inBatch = 0;
                    }
                }
            }
            if (inBatch > 0) ps.executeBatch();
        }
        c.commit();
    }

    /** The outcome JSON the phone page sends for such a visit. */
    private static String outcome(int type, boolean bad) {
        return switch (type) {
            case 0 -> "{\"baitPresent\":" + !bad + ",\"rodentSigns\":" + (bad ? 1 : 0) + "}";
            case 1 -> "{\"waterPresent\":true,\"larvaePositive\":" + bad + "}";
            case 2 -> "{\"waterPresent\":true,\"larvaePositive\":" + bad + "}";
            default -> "{\"lidded\":" + !bad + "}";
        };
    }

    /** t_rodent_signs … t_fly_sites_positive in the INSERT's order, as the service tallies such an outcome. */
    static int[] tallies(int type, boolean bad) {
        int[] t = new int[11];
        switch (type) {
            case 0 -> {
                t[0] = bad ? 1 : 0;
                t[1] = 1;
                t[2] = 1;
                t[3] = bad ? 1 : 0;
            }
            case 1 -> t[4] = bad ? 1 : 0;
            case 2 -> {
                t[5] = 1;
                t[6] = bad ? 1 : 0;
            }
            default -> {
                t[7] = 1;
                t[8] = bad ? 0 : 1;
                t[9] = 1;
                t[10] = bad ? 1 : 0;
            }
        }
        return t;
    }
}
