package org.gridwatch.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.gridwatch.GridwatchApplication;
import org.gridwatch.exchange.ExportService;
import org.gridwatch.exchange.ImportService;
import org.gridwatch.geodata.DistrictImporter;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Shapefile export and import of the benchmark city on PostGIS, side by side with GDAL, in one run.
 *
 * <ol>
 *   <li><b>Export</b>: all features (status=all) through {@link ExportService} — the code behind
 *   {@code GET /api/export/features?format=shapefile} — into a file: reading the rows from PostGIS,
 *   writing .shp/.shx/.dbf/.prj/.cpg/fields.txt <i>and zipping them</i>, which is what a user
 *   downloads. Then {@code ogr2ogr -f "ESRI Shapefile"} writing the same rows (same columns) from the
 *   same table to an unzipped shapefile. Both are timed from start to the last byte on disk, and the
 *   ratio printed. A first export round warms the JIT and is reported but not used for the ratio.</li>
 *   <li><b>Import</b>: the exported zip — a 1,000,000-point shapefile with the export's field names —
 *   imported through {@link ImportService} (all rules, one transaction) into an empty copy of the
 *   schema that holds the city's grids (so every point gets its grid code).</li>
 * </ol>
 * The city is loaded once into schema {@code bench_city} of the database {@code GRIDWATCH_BENCH_PG_URL}
 * (default {@code jdbc:postgresql://127.0.0.1:5432/gridwatch_bench_exchange}, user postgres; the
 * database needs {@code CREATE EXTENSION postgis}); later runs reuse it. The import goes to a scratch
 * schema dropped at the end.
 *
 * <pre>
 * MAVEN_OPTS=-Xmx1g mvn -q -B test-compile exec:java -Dexec.mainClass=org.gridwatch.bench.ShapefileExportBenchmark \
 *      -Dexec.args="--city /tmp/bench-city [--rounds 3] [--skip-import true] [--ogr false]"
 * </pre>
 */
public final class ShapefileExportBenchmark {

    private static final String PG_URL = envOr("GRIDWATCH_BENCH_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/gridwatch_bench_exchange");
    private static final String CITY_SCHEMA = "bench_city";

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        Path city = Path.of(opts.getOrDefault("city", "/tmp/bench-city"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "3"));
        boolean skipImport = Boolean.parseBoolean(opts.getOrDefault("skip-import", "false"));
        boolean ogr = Boolean.parseBoolean(opts.getOrDefault("ogr", "true"));
        if (!Files.isRegularFile(city.resolve("features.geojson"))) {
            System.err.println("No benchmark city at " + city + "; generate it first (README, benchmark section)");
            System.exit(2);
        }
        System.out.printf("PostGIS %s, max heap %d MiB, cores %d, load average %.2f%n", PG_URL,
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Path work = Files.createTempDirectory("gridwatch-bench-");
        try {
            Path exported = work.resolve("features.zip");
            try (ConfigurableApplicationContext ctx = start(CITY_SCHEMA, work)) {
                JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
                if (jdbc.queryForObject("SELECT COUNT(*) FROM grid", Long.class) == 0) {
                    long t0 = System.nanoTime();
                    DistrictImporter.Counts c = ctx.getBean(DistrictImporter.class).load(DistrictImporter.directory(city));
                    jdbc.execute("ANALYZE");
                    System.out.printf("city loaded into schema %s: %d large, %d small grids, %d streets, %d features in %,d ms%n",
                            CITY_SCHEMA, c.largeGrids(), c.smallGrids(), c.streets(), c.features(), ms(t0));
                }
                long features = jdbc.queryForObject("SELECT COUNT(*) FROM feature", Long.class);
                System.out.printf("features in %s.feature: %,d%n", CITY_SCHEMA, features);

                ExportService exports = ctx.getBean(ExportService.class);
                List<Long> exportMs = new ArrayList<>();
                for (int round = 0; round <= rounds; round++) {
                    Files.deleteIfExists(exported);
                    long jvmCpu0 = jvmCpuMillis(), pgCpu0 = serverCpuMillis(jdbc);
                    long t1 = System.nanoTime();
                    try (OutputStream out = Files.newOutputStream(exported)) {
                        exports.write(exports.plan("features", "shapefile", null, null, "all", null), out);
                    }
                    long t = ms(t1);
                    long jvmCpu = jvmCpuMillis() - jvmCpu0, pgCpu = serverCpuMillis(jdbc) - pgCpu0;
                    if (round > 0) exportMs.add(t);
                    System.out.printf("%s: gridwatch export, all features, zipped shapefile (read from PostGIS + write + zip): "
                                    + "%,d ms, zip %,d B; CPU: this JVM %,d ms, PostgreSQL backends %,d ms%n",
                            round == 0 ? "warm-up" : "round " + round, t, Files.size(exported), jvmCpu, pgCpu);
                }
                if (!ogr || exportMs.isEmpty()) {
                    System.out.println("ogr2ogr comparison skipped (--ogr false or --rounds 0)");
                } else {
                long gridwatchMs = exportMs.stream().sorted().toList().get(exportMs.size() / 2);
                long ogrMs = ogr2ogr(work);
                System.out.printf("gridwatch export (median of %d rounds, zipped, what the user downloads): %,d ms%n",
                        exportMs.size(), gridwatchMs);
                System.out.printf("ogr2ogr -f \"ESRI Shapefile\" from the same table (same columns, unzipped): %,d ms%n", ogrMs);
                System.out.printf("ratio ogr2ogr / gridwatch: %.2fx%n", (double) ogrMs / gridwatchMs);
                }
                System.out.println("zip entries: " + zipListing(exported));
            }
            if (!skipImport) importBenchmark(city, exported, work);
        } finally {
            deleteTree(work);
        }
    }

    private static long ogr2ogr(Path work) throws IOException, InterruptedException {
        Path out = Files.createDirectories(work.resolve("ogr"));
        String db = PG_URL.substring(PG_URL.lastIndexOf('/') + 1).replaceFirst("\\?.*", "");
        long t = System.nanoTime();
        Process p = new ProcessBuilder("ogr2ogr", "-f", "ESRI Shapefile", out.resolve("features.shp").toString(),
                "PG:host=127.0.0.1 user=postgres dbname=" + db, "-sql",
                "SELECT id, type_key, name, code, address, status, grid_code, attributes, created_at, updated_at, version, geom"
                        + " FROM " + CITY_SCHEMA + ".feature", "-lco", "ENCODING=UTF-8", "-nln", "features")
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("ogr2ogr failed: " + log);
        }
        long elapsed = ms(t);
        System.out.printf("ogr2ogr: %,d ms, .shp %,d B, .dbf %,d B%s%n", elapsed, Files.size(out.resolve("features.shp")),
                Files.size(out.resolve("features.dbf")), log.isBlank() ? "" : " (" + log.strip().lines().findFirst().orElse("") + ")");
        return elapsed;
    }

    private static void importBenchmark(Path city, Path zip, Path work) throws Exception {
        String schema = "bench_import_" + System.currentTimeMillis();
        try (ConfigurableApplicationContext ctx = start(schema, work)) {
            String empty = "{\"type\":\"FeatureCollection\",\"features\":[]}";
            DistrictImporter.Counts c = ctx.getBean(DistrictImporter.class).load(name ->
                    name.contains("grids") ? Files.newInputStream(city.resolve(name))
                            : new java.io.ByteArrayInputStream(empty.getBytes(StandardCharsets.UTF_8)));
            ctx.getBean(JdbcTemplate.class).execute("ANALYZE");
            System.out.printf("import target schema %s: %d large, %d small grids, no features%n", schema, c.largeGrids(),
                    c.smallGrids());
            ImportService imports = ctx.getBean(ImportService.class);
            JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
            long jvmCpu0 = jvmCpuMillis(), pgCpu0 = serverCpuMillis(jdbc);
            long t0 = System.nanoTime();
            Map<String, Object> result;
            try (InputStream in = Files.newInputStream(zip)) {
                result = imports.importFile("features", "features.zip", in, null, null, null, null, false);
            }
            long importMs = ms(t0);
            long jvmCpu = jvmCpuMillis() - jvmCpu0, pgCpu = serverCpuMillis(jdbc) - pgCpu0;
            long withGrid = jdbc.queryForObject(
                    "SELECT COUNT(*) FROM feature WHERE grid_code IS NOT NULL", Long.class);
            System.out.printf("gridwatch import of a %,d-point zipped shapefile (%,d B) into PostGIS (ImportService: unzip, "
                            + "read, validate every record, grid codes, store in one transaction): %,d ms; stored %s, %,d with a grid code; "
                            + "CPU: this JVM %,d ms, PostgreSQL backends %,d ms%n",
                    result.get("count"), Files.size(zip), importMs, result.get("stored"), withGrid, jvmCpu, pgCpu);
        } finally {
            try (Connection con = DriverManager.getConnection(PG_URL, "postgres", "");
                 Statement st = con.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static ConfigurableApplicationContext start(String schema, Path work) {
        String sep = PG_URL.contains("?") ? "&" : "?";
        return SpringApplication.run(GridwatchApplication.class, "--spring.profiles.active=postgis",
                "--spring.datasource.url=" + PG_URL + sep + "currentSchema=" + schema + ",public",
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--spring.flyway.schemas=" + schema, "--spring.flyway.default-schema=" + schema,
                "--gridwatch.sample.enabled=false", "--spring.main.web-application-type=none",
                "--gridwatch.data-dir=" + work.resolve("data"), "--logging.level.root=WARN");
    }

    /** CPU time of this JVM (all threads, GC included): a figure the other processes on a busy machine disturb less. */
    private static long jvmCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
    }

    /** CPU time of the PostgreSQL backends serving this database (same machine, from /proc; 0 elsewhere). */
    private static long serverCpuMillis(JdbcTemplate jdbc) {
        long ticks = 0;
        for (Integer pid : jdbc.queryForList("SELECT pid FROM pg_stat_activity WHERE datname = current_database()",
                Integer.class)) {
            try {
                String stat = Files.readString(Path.of("/proc", pid.toString(), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
        return ticks * 10;
    }

    private static String zipListing(Path zip) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            z.stream().forEach(e -> sb.append(e.getName()).append(' ').append(String.format("%,d", e.getSize()))
                    .append(e.getMethod() == java.util.zip.ZipEntry.STORED ? " stored" : " deflated "
                            + String.format("%,d", e.getCompressedSize())).append("; "));
        }
        return sb.toString();
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) m.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        return m;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
