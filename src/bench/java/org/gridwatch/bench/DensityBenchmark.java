package org.gridwatch.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.gridwatch.GridwatchApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Time of {@code GET /api/density} over a city-sized store: {@code --small} small grids (100 m squares, 400 per
 * large grid), {@code --inspections} inspection records and one patrol per small grid and week, all in June 2026,
 * written straight into a fresh embedded store (or the one in {@code --data-dir}, reused when it holds data).
 * Prints warm p50/p95 of level=small, large and district for the month, and of a district trend.
 *
 * <pre>
 * MAVEN_OPTS=-Xmx2g mvn -q test-compile exec:java -Dexec.mainClass=org.gridwatch.bench.DensityBenchmark \
 *      -Dexec.args="--small 20000 --inspections 1000000 [--data-dir DIR]"
 * </pre>
 */
public final class DensityBenchmark {

    private static final int WARMUP = 2, RUNS = 7;
    private static final double STEP_DEG = 0.001;

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        int small = Integer.parseInt(opts.getOrDefault("small", "20000"));
        int inspections = Integer.parseInt(opts.getOrDefault("inspections", "1000000"));
        Path dataDir = opts.containsKey("data-dir") ? Path.of(opts.get("data-dir"))
                : Files.createTempDirectory("gridwatch-density-bench-");
        ConfigurableApplicationContext app = SpringApplication.run(GridwatchApplication.class,
                "--server.port=0", "--gridwatch.sample.enabled=false", "--gridwatch.data-dir=" + dataDir,
                "--logging.level.root=WARN");
        try {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            if (jdbc.queryForObject("SELECT COUNT(*) FROM grid", Long.class) == 0) {
                long t0 = System.nanoTime();
                load(jdbc, small, inspections);
                System.out.printf("loaded %d small grids, %d inspections in %.0f s into %s%n", small, inspections,
                        (System.nanoTime() - t0) / 1e9, dataDir);
            }
            System.out.printf("store: %d small grids, %d inspections, %d patrols%n",
                    jdbc.queryForObject("SELECT COUNT(*) FROM grid WHERE level = 'small'", Long.class),
                    jdbc.queryForObject("SELECT COUNT(*) FROM inspection", Long.class),
                    jdbc.queryForObject("SELECT COUNT(*) FROM patrol", Long.class));
            String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
            HttpClient http = HttpClient.newHttpClient();
            String month = "&from=2026-06-01&to=2026-06-30";
            time(http, base + "/api/density?level=small" + month, "density level=small, June");
            time(http, base + "/api/density?level=large" + month, "density level=large, June");
            time(http, base + "/api/density?level=district" + month, "density level=district, June");
            time(http, base + "/api/density/trend?grid=district" + month, "trend district, June (5 weeks)");
            time(http, base + "/api/summary?from=2026-06-01&to=2026-06-30", "summary district, June");
        } finally {
            app.close();
        }
    }

    private static void time(HttpClient http, String url, String what) throws Exception {
        long[] nanos = new long[RUNS];
        long bytes = 0;
        for (int i = -WARMUP; i < RUNS; i++) {
            long s = System.nanoTime();
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) throw new IllegalStateException(url + " -> " + r.statusCode());
            if (i >= 0) nanos[i] = System.nanoTime() - s;
            bytes = r.body().length;
        }
        Arrays.sort(nanos);
        System.out.printf("%-36s p50 %7.0f ms, max %7.0f ms, %,d bytes%n", what, nanos[RUNS / 2] / 1e6,
                nanos[RUNS - 1] / 1e6, bytes);
    }

    /** Square small grids on a lattice, 400 per large grid; random records spread over June 2026. */
    private static void load(JdbcTemplate jdbc, int small, int inspections) {
        int side = (int) Math.ceil(Math.sqrt(small));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Object[]> grids = new ArrayList<>();
        int largeCount = (small + 399) / 400;
        for (int l = 0; l < largeCount; l++) {
            int first = l * 400;
            int last = Math.min(small, first + 400) - 1;
            double x0 = 114 + (first % side) * STEP_DEG;
            double y0 = 22 + (first / side) * STEP_DEG;
            double x1 = 114 + side * STEP_DEG;
            double y1 = 22 + (last / side + 1) * STEP_DEG;
            // a bounding rectangle of its rows: large grids are not checked for overlap here
            grids.add(new Object[]{"L" + l, "大网格" + l, "large", null, wkt(114, y0, x1, y1), 1e6});
        }
        for (int i = 0; i < small; i++) {
            double x = 114 + (i % side) * STEP_DEG;
            double y = 22 + (i / side) * STEP_DEG;
            grids.add(new Object[]{"S" + i, "小网格" + i, "small", "L" + (i / 400), wkt(x, y, x + STEP_DEG, y + STEP_DEG), 1.1e4});
        }
        jdbc.batchUpdate("INSERT INTO grid (code, name, level, parent_code, responsible_person, phone, geom, area_m2, "
                + "created_at, updated_at, version) VALUES (?, ?, ?, ?, '网格员', NULL, ST_GeomFromText(?, 4326), ?, ?, ?, 0)",
                grids, 2000, (ps, g) -> {
                    for (int c = 0; c < 6; c++) ps.setObject(c + 1, g[c]);
                    ps.setObject(7, now);
                    ps.setObject(8, now);
                });
        Instant june = Instant.parse("2026-05-31T16:00:00Z");
        SplittableRandom random = new SplittableRandom(1);
        List<Integer> patrolRows = new ArrayList<>();
        for (int i = 0; i < small * 4; i++) patrolRows.add(i);
        jdbc.batchUpdate("INSERT INTO patrol (client_id, inspector, grid_code, started_at, ended_at, length_m, track_source, "
                + "created_at) VALUES (?, '网格员', ?, ?, ?, ?, 'gps', ?)", patrolRows, 5000, (ps, i) -> {
            Instant start = june.plusSeconds((i / small) * 7L * 86400 + 3600 * 9);
            ps.setString(1, "bench-p-" + i);
            ps.setString(2, "S" + (i % small));
            ps.setObject(3, start.atOffset(ZoneOffset.UTC));
            ps.setObject(4, start.plusSeconds(3600).atOffset(ZoneOffset.UTC));
            ps.setDouble(5, 300 + random.nextDouble() * 200);
            ps.setObject(6, now);
        });
        String[] types = {"rat_bait_station", "stagnant_water", "sewer_well", "trash_bin"};
        String sql = "INSERT INTO inspection (client_id, feature_id, type_key, grid_code, lon, lat, inspector, inspected_at, "
                + "outcome, positive, cleared, site_kind, created_at, t_rodent_signs, t_stations, t_bait_checked, t_no_bait, "
                + "t_small_water_pos, t_sewer_checked, t_sewer_positive, t_bins_checked, t_bins_lidded, t_fly_sites, "
                + "t_fly_sites_positive) VALUES (?, ?, ?, ?, ?, ?, '网格员', ?, '{}', ?, FALSE, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        int chunk = 50_000;
        for (int from = 0; from < inspections; from += chunk) {
            List<Integer> rows = new ArrayList<>();
            for (int i = from; i < Math.min(inspections, from + chunk); i++) rows.add(i);
            jdbc.batchUpdate(sql, rows, 5000, (PreparedStatement ps, Integer i) -> {
                int grid = random.nextInt(small);
                int type = random.nextInt(4);
                boolean bad = random.nextDouble() < 0.03;
                ps.setString(1, "bench-i-" + i);
                ps.setLong(2, grid * 4L + type);
                ps.setString(3, types[type]);
                ps.setString(4, "S" + grid);
                ps.setDouble(5, 114 + (grid % side) * STEP_DEG);
                ps.setDouble(6, 22 + (grid / side) * STEP_DEG);
                ps.setObject(7, june.plusSeconds(random.nextLong(30L * 86400)).atOffset(ZoneOffset.UTC));
                ps.setBoolean(8, bad);
                ps.setObject(9, now);
                int[] t = InspectionLoader.tallies(type, bad);
                for (int c = 0; c < t.length; c++) ps.setInt(10 + c, t[c]);
            });
        }
    }

    private static String wkt(double x0, double y0, double x1, double y1) {
        return "POLYGON ((" + x0 + " " + y0 + ", " + x1 + " " + y0 + ", " + x1 + " " + y1 + ", " + x0 + " " + y1 + ", "
                + x0 + " " + y0 + "))";
    }
}
