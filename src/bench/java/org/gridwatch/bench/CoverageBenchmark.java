package org.gridwatch.bench;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import org.gridwatch.coverage.CoverageCalculator;
import org.gridwatch.coverage.PackedPointIndex;
import org.gridwatch.geo.GeoJsonFeature;
import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.geo.MetricProjection;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTWriter;
import org.postgresql.PGConnection;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per-grid counts and bait-station coverage on the benchmark city, in memory with
 * {@link CoverageCalculator} and side by side in PostGIS, with both times, their ratio and a check that
 * the results agree (counts equal; covered areas within 0.1%).
 *
 * <p>Reads /tmp/bench-city/{small_grids,features}.geojson when present, else generates a deterministic
 * city of the same size (20,000 small grids of about 100 m, 1,000,000 features). PostGIS: the database
 * of {@code GRIDWATCH_TEST_PG_URL} (default 127.0.0.1:5432/gridwatch_test, user postgres), scratch schema
 * {@code bench_coverage}, dropped and rebuilt on every run.
 *
 * <p>Args: {@code [cityDir] [--no-postgis] [--stations=100000]}.
 */
public final class CoverageBenchmark {

    private static final String[] TYPES = {"trash_bin", "sewer_well", "rat_bait_station", "stagnant_water"};
    private static final int BAIT = 2;
    private static final double RADIUS_METERS = 20;

    private CoverageBenchmark() {
    }

    record City(List<String> codes, List<Geometry> grids, double[] lon, double[] lat, int[] type, String source) {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of("/tmp/bench-city");
        boolean postgis = true;
        int stationLimit = 100_000;
        for (String a : args) {
            if (a.equals("--no-postgis")) postgis = false;
            else if (a.startsWith("--stations=")) stationLimit = Integer.parseInt(a.substring(11));
            else dir = Path.of(a);
        }
        long t0 = System.nanoTime();
        City city = Files.exists(dir.resolve("small_grids.geojson")) && Files.exists(dir.resolve("features.geojson"))
                ? read(dir) : synthetic();
        System.out.printf("city: %s — %,d small grids, %,d active features (read in %.1f s); %d cores%n",
                city.source(), city.grids().size(), city.lon().length, (System.nanoTime() - t0) / 1e9,
                Runtime.getRuntime().availableProcessors());

        // ---- counts in memory
        CoverageCalculator.Points points = new CoverageCalculator.Points(city.lon(), city.lat(), city.type(), TYPES.length);
        CoverageCalculator.Counts counts = null;
        double[] indexMs = new double[7];
        double[] countMs = new double[7];
        for (int run = 0; run < indexMs.length; run++) {
            long a = System.nanoTime();
            PackedPointIndex index = CoverageCalculator.index(points);
            long b = System.nanoTime();
            counts = CoverageCalculator.count(city.grids(), points, index);
            long c = System.nanoTime();
            indexMs[run] = (b - a) / 1e6;
            countMs[run] = (c - b) / 1e6;
        }
        double[] totalMs = new double[indexMs.length];
        for (int i = 0; i < totalMs.length; i++) totalMs[i] = indexMs[i] + countMs[i];
        System.out.printf("JTS counts, all types, %,d grids x %,d features: index build %s ms + count %s ms = %s ms%n",
                city.grids().size(), city.lon().length, stats(indexMs), stats(countMs), stats(totalMs));

        // ---- coverage in memory
        int[] stationIdx = stations(city, stationLimit);
        double[] sLon = new double[stationIdx.length];
        double[] sLat = new double[stationIdx.length];
        for (int i = 0; i < stationIdx.length; i++) {
            sLon[i] = city.lon()[stationIdx[i]];
            sLat[i] = city.lat()[stationIdx[i]];
        }
        Envelope district = new Envelope();
        city.grids().forEach(g -> district.expandToInclude(g.getEnvelopeInternal()));
        CoverageCalculator.GridCoverage[] coverage = null;
        double[] coverMs = new double[3];
        double[] coverCpuMs = new double[3];
        for (int run = 0; run < coverMs.length; run++) {
            long a = System.nanoTime();
            long cpu = processCpuNanos();
            CoverageCalculator.Stations stations = CoverageCalculator.Stations.of(sLon, sLat);
            coverage = CoverageCalculator.coverage(city.grids(), stations, RADIUS_METERS,
                    CoverageCalculator.DEFAULT_QUADRANT_SEGMENTS);
            coverMs[run] = (System.nanoTime() - a) / 1e6;
            coverCpuMs[run] = (processCpuNanos() - cpu) / 1e6;
        }
        double area = 0, covered = 0;
        for (CoverageCalculator.GridCoverage c : coverage) {
            area += c.areaM2();
            covered += c.coveredM2();
        }
        System.out.printf("JTS coverage R=%.0f m, %,d bait stations, %,d grids (projection + index + covered areas): wall %s ms, "
                + "process CPU %s ms (all cores); district covered share %.4f; machine load average %.1f%n",
                RADIUS_METERS, stationIdx.length, city.grids().size(), stats(coverMs), stats(coverCpuMs), covered / area,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        if (!postgis) return;
        postgis(city, counts, stationIdx, coverage, district, median(totalMs), median(coverMs));
    }

    private static int[] stations(City city, int limit) {
        int[] out = new int[Math.min(limit, city.type().length)];
        int n = 0;
        for (int i = 0; i < city.type().length && n < out.length; i++) if (city.type()[i] == BAIT) out[n++] = i;
        return Arrays.copyOf(out, n);
    }

    // ------------------------------------------------------------------ PostGIS side by side

    private static void postgis(City city, CoverageCalculator.Counts counts, int[] stationIdx,
                                CoverageCalculator.GridCoverage[] coverage, Envelope district,
                                double javaCountMs, double javaCoverMs) throws Exception {
        String url = env("GRIDWATCH_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/gridwatch_test");
        try (Connection c = DriverManager.getConnection(url, env("GRIDWATCH_TEST_PG_USER", "postgres"),
                env("GRIDWATCH_TEST_PG_PASSWORD", ""));
             Statement st = c.createStatement()) {
            long t = System.nanoTime();
            st.execute("DROP SCHEMA IF EXISTS bench_coverage CASCADE");
            st.execute("CREATE SCHEMA bench_coverage");
            st.execute("SET search_path = bench_coverage, public");
            st.execute("CREATE TABLE grid (idx int PRIMARY KEY, code text, geom geometry(Polygon, 4326))");
            st.execute("CREATE TABLE pts_raw (idx int, type_key text, geom geometry(Point, 4326))");
            copy(c, "grid (idx, code, geom)", i -> i < city.grids().size()
                    ? i + "\t" + city.codes().get(i) + "\tSRID=4326;" + new WKTWriter().write(city.grids().get(i)) + "\n" : null);
            copy(c, "pts_raw (idx, type_key, geom)", i -> i < city.lon().length
                    ? i + "\t" + TYPES[city.type()[i]] + "\tSRID=4326;POINT(" + city.lon()[i] + " " + city.lat()[i] + ")\n" : null);
            // The best plan the issue names: points stored in spatial order, GiST on both sides.
            st.execute("CREATE TABLE pts AS SELECT * FROM pts_raw ORDER BY ST_GeoHash(geom, 10)");
            st.execute("DROP TABLE pts_raw");
            st.execute("CREATE INDEX ON pts USING GIST (geom)");
            st.execute("CREATE INDEX ON grid USING GIST (geom)");
            st.execute("CREATE TABLE stations AS SELECT p.* FROM pts p WHERE p.idx IN (SELECT unnest(?::int[]))".replace("?",
                    "'{" + joined(stationIdx) + "}'"));
            st.execute("CREATE INDEX ON stations USING GIST (geom)");
            st.execute("ANALYZE");
            System.out.printf("PostGIS: loaded, clustered and indexed in %.1f s%n", (System.nanoTime() - t) / 1e9);

            // ---- counts
            String countSql = """
                    SELECT g.idx, c.type_key, c.n FROM grid g CROSS JOIN LATERAL (
                        SELECT f.type_key, COUNT(*) AS n FROM pts f
                         WHERE f.geom && g.geom AND ST_Intersects(g.geom, f.geom) GROUP BY f.type_key) c""";
            Map<String, Integer> typeIndex = new HashMap<>();
            for (int i = 0; i < TYPES.length; i++) typeIndex.put(TYPES[i], i);
            double best = Double.MAX_VALUE;
            int[][] sql = null;
            for (int run = 0; run < 2; run++) {
                int[][] rows = new int[city.grids().size()][TYPES.length];
                long a = System.nanoTime();
                try (ResultSet rs = st.executeQuery(countSql)) {
                    while (rs.next()) rows[rs.getInt(1)][typeIndex.get(rs.getString(2))] = rs.getInt(3);
                }
                best = Math.min(best, (System.nanoTime() - a) / 1e6);
                sql = rows;
            }
            int mismatches = 0;
            for (int g = 0; g < sql.length; g++) if (!Arrays.equals(sql[g], counts.perGrid()[g])) mismatches++;
            System.out.printf("PostGIS counts (CROSS JOIN LATERAL, clustered points, GiST), best of 2: %.0f ms; "
                    + "JTS median %.0f ms (index build included) -> JTS is %.1fx faster; grids whose counts differ: %d%n",
                    best, javaCountMs, best / javaCountMs, mismatches);

            // ---- coverage: PostGIS works in the same local transverse Mercator. The grids and stations are
            // projected here (PostGIS re-initialises PROJ for every row given a proj string, ~10 ms a
            // row), then buffers, a GiST on them and, per grid, the union of the buffers touching it,
            // clipped to it; areas planar in that projection.
            MetricProjection p = MetricProjection.centredOn(district);
            String tm = "+proj=tmerc +lat_0=" + p.centreLat() + " +lon_0=" + p.centreLon()
                    + " +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs";
            st.execute("CREATE TABLE grid_m (idx int PRIMARY KEY, geom geometry(Polygon))");
            st.execute("CREATE TABLE stations_m (idx int, geom geometry(Point))");
            WKTWriter wkt = new WKTWriter();
            copy(c, "grid_m (idx, geom)", i -> i < city.grids().size()
                    ? i + "\t" + wkt.write(p.project(city.grids().get(i))) + "\n" : null);
            copy(c, "stations_m (idx, geom)", i -> {
                if (i >= stationIdx.length) return null;
                Coordinate m = p.project(city.lon()[stationIdx[i]], city.lat()[stationIdx[i]]);
                return stationIdx[i] + "\tPOINT(" + m.x + " " + m.y + ")\n";
            });
            st.execute("CREATE INDEX ON grid_m USING GIST (geom)");
            st.execute("ANALYZE grid_m");
            long a = System.nanoTime();
            // Stored in spatial order (200 m strips), like the points of the count query.
            st.execute("CREATE TABLE buf AS SELECT ST_Buffer(geom, " + RADIUS_METERS + ", 'quad_segs=8') AS geom "
                    + "FROM stations_m ORDER BY floor(ST_Y(geom) / 200), ST_X(geom)");
            st.execute("CREATE INDEX ON buf USING GIST (geom)");
            st.execute("ANALYZE buf");
            double prepMs = (System.nanoTime() - a) / 1e6;
            double[] sqlCovered = new double[city.grids().size()];
            a = System.nanoTime();
            try (ResultSet rs = st.executeQuery("""
                    SELECT g.idx, COALESCE(ST_Area(ST_Intersection(g.geom, u.geom)), 0) FROM grid_m g
                      CROSS JOIN LATERAL (SELECT ST_Union(b.geom) AS geom FROM buf b
                                           WHERE b.geom && g.geom AND ST_Intersects(b.geom, g.geom)) u""")) {
                while (rs.next()) sqlCovered[rs.getInt(1)] = rs.getDouble(2);
            }
            double coverMs = (System.nanoTime() - a) / 1e6;
            int off = 0;
            double worst = 0;
            for (int g = 0; g < sqlCovered.length; g++) {
                double mine = coverage[g].coveredM2();
                double diff = Math.abs(mine - sqlCovered[g]);
                double rel = diff / Math.max(sqlCovered[g], 1e-9);
                if (diff > Math.max(0.01, 0.001 * sqlCovered[g])) off++;
                if (sqlCovered[g] > 1) worst = Math.max(worst, rel);
            }
            System.out.printf("PostGIS coverage R=%.0f m: buffers+index %.0f ms + union/clip/area per grid %.0f ms = %.0f ms; "
                    + "JTS median %.0f ms -> JTS is %.1fx faster; grids whose covered area differs by more than 0.1%%: %d "
                    + "(largest relative difference %.2e)%n", RADIUS_METERS, prepMs, coverMs, prepMs + coverMs,
                    javaCoverMs, (prepMs + coverMs) / javaCoverMs, off, worst);

            // ---- geography check on a sample: ST_Area(geography) of the same clipped union, and what
            // PostGIS's own geography buffer (built in a UTM zone) gives.
            a = System.nanoTime();
            double sumGeog = 0, sumMine = 0, sumGeogBuf = 0;
            try (ResultSet rs = st.executeQuery("""
                    SELECT g.idx,
                           COALESCE(ST_Area(ST_Transform(ST_Intersection(gm.geom, u.geom), '%1$s', 4326)::geography), 0),
                           COALESCE(ST_Area(ST_Intersection(g.geom, v.geom)::geography), 0)
                      FROM grid g JOIN grid_m gm ON gm.idx = g.idx
                      CROSS JOIN LATERAL (SELECT ST_Union(b.geom) AS geom FROM buf b
                                           WHERE b.geom && gm.geom AND ST_Intersects(b.geom, gm.geom)) u
                      CROSS JOIN LATERAL (SELECT ST_Union(ST_Buffer(s.geom::geography, %2$s)::geometry) AS geom FROM stations s
                                           WHERE s.geom && ST_Expand(g.geom, 0.0005)
                                             AND ST_DWithin(s.geom::geography, g.geom::geography, %2$s)) v
                     WHERE g.idx %% 100 = 0""".formatted(tm, RADIUS_METERS))) {
                while (rs.next()) {
                    sumGeog += rs.getDouble(2);
                    sumGeogBuf += rs.getDouble(3);
                    sumMine += coverage[rs.getInt(1)].coveredM2();
                }
            }
            System.out.printf("geography check on every 100th grid (%.1f s): JTS covered %.1f m², PostGIS ST_Area(geography) "
                    + "of the same union %.1f m² (%+.4f%%); with PostGIS geography ST_Buffer (UTM-based) %.1f m² (%+.4f%%)%n",
                    (System.nanoTime() - a) / 1e9, sumMine, sumGeog, 100 * (sumMine - sumGeog) / sumGeog, sumGeogBuf,
                    100 * (sumMine - sumGeogBuf) / sumGeogBuf);
            st.execute("DROP SCHEMA bench_coverage CASCADE");
        }
    }

    private interface Line {
        String at(int i);
    }

    private static void copy(Connection c, String target, Line lines) throws SQLException, java.io.IOException {
        StringBuilder chunk = new StringBuilder();
        var copy = c.unwrap(PGConnection.class).getCopyAPI();
        int i = 0;
        while (true) {
            String line = lines.at(i++);
            if (line != null) chunk.append(line);
            if (line == null || chunk.length() > 8_000_000) {
                copy.copyIn("COPY " + target + " FROM STDIN", new StringReader(chunk.toString()));
                chunk.setLength(0);
            }
            if (line == null) return;
        }
    }

    private static String joined(int[] v) {
        StringBuilder sb = new StringBuilder(v.length * 7);
        for (int i = 0; i < v.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(v[i]);
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ data

    private static final JsonMapper STREAM = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /**
     * Hands each feature of a FeatureCollection over as a tree. (GeoJsonStream in geo/ would do, but with
     * Jackson 3's default FAIL_ON_TRAILING_TOKENS it stops at the second feature.)
     */
    private static void forEachFeature(InputStream in, Consumer<JsonNode> sink) {
        try (JsonParser p = STREAM.createParser(in)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("features".equals(name) && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) sink.accept(STREAM.readTree(p));
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    private static City read(Path dir) throws Exception {
        List<String> codes = new ArrayList<>();
        List<Geometry> grids = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(dir.resolve("small_grids.geojson")), 1 << 20)) {
            forEachFeature(in, node -> {
                GeoJsonFeature f = GeoJsonFeature.of(node);
                codes.add(f.text("code"));
                grids.add(f.geometry());
            });
        }
        Map<String, Integer> typeIndex = new HashMap<>();
        for (int i = 0; i < TYPES.length; i++) typeIndex.put(TYPES[i], i);
        double[][] lonLat = {new double[1 << 20], new double[1 << 20]};
        int[][] type = {new int[1 << 20]};
        int[] n = {0};
        try (InputStream in = new BufferedInputStream(Files.newInputStream(dir.resolve("features.geojson")), 1 << 20)) {
            forEachFeature(in, node -> {
                if (!"active".equals(node.at("/properties/status").asString("active"))) return;
                Integer t = typeIndex.get(node.at("/properties/type").asString(""));
                if (t == null) return;
                if (n[0] == lonLat[0].length) {
                    lonLat[0] = Arrays.copyOf(lonLat[0], n[0] * 2);
                    lonLat[1] = Arrays.copyOf(lonLat[1], n[0] * 2);
                    type[0] = Arrays.copyOf(type[0], n[0] * 2);
                }
                lonLat[0][n[0]] = node.at("/geometry/coordinates/0").doubleValue();
                lonLat[1][n[0]] = node.at("/geometry/coordinates/1").doubleValue();
                type[0][n[0]++] = t;
            });
        }
        return new City(codes, grids, Arrays.copyOf(lonLat[0], n[0]), Arrays.copyOf(lonLat[1], n[0]),
                Arrays.copyOf(type[0], n[0]), dir.toString());
    }

    /** 200 × 100 small grids of about 100 m, 1,000,000 features (10% bait stations), seed 2024. */
    private static City synthetic() {
        MetricProjection p = MetricProjection.centredOn(114.0, 22.55);
        Random random = new Random(2024);
        List<String> codes = new ArrayList<>();
        List<Geometry> grids = new ArrayList<>();
        int cols = 200, rows = 100;
        double size = 100;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                Coordinate[] ring = new Coordinate[5];
                double x0 = (c - cols / 2) * size, y0 = (r - rows / 2) * size;
                ring[0] = p.unproject(x0, y0);
                ring[1] = p.unproject(x0 + size, y0);
                ring[2] = p.unproject(x0 + size, y0 + size);
                ring[3] = p.unproject(x0, y0 + size);
                ring[4] = ring[0].copy();
                codes.add(String.format("SYN-%03d-%03d", r, c));
                grids.add(GeometryFactories.WGS84.createPolygon(ring));
            }
        }
        int n = 1_000_000;
        double[] lon = new double[n], lat = new double[n];
        int[] type = new int[n];
        for (int i = 0; i < n; i++) {
            Coordinate c = p.unproject((random.nextDouble() - 0.5) * cols * size, (random.nextDouble() - 0.5) * rows * size);
            lon[i] = c.x;
            lat[i] = c.y;
            double u = random.nextDouble();
            type[i] = u < 0.4 ? 0 : u < 0.65 ? 1 : u < 0.75 ? 2 : 3;
        }
        return new City(codes, grids, lon, lat, type, "synthetic (seed 2024)");
    }

    /** CPU time of this process (all threads), to tell our work from the other tenants' on a shared machine. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String stats(double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        return String.format("median %.0f (best %.0f, first %.0f)", s[s.length / 2], s[0], ms[0]);
    }

}
