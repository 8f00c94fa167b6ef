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
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.gridwatch.GridwatchApplication;
import org.gridwatch.exchange.ExchangeLayer;
import org.gridwatch.exchange.ExportCrs;
import org.gridwatch.exchange.ExportService;
import org.gridwatch.exchange.ImportService;
import org.gridwatch.exchange.ShapefileWriter;
import org.gridwatch.geo.GeoJsonFeature;
import org.gridwatch.geo.GeoJsonStream;
import org.gridwatch.geodata.DistrictImporter;
import org.locationtech.jts.geom.Point;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Shapefile export and import at the benchmark city's scale, side by side with GDAL.
 *
 * <ol>
 *   <li>the pure {@link ShapefileWriter} writing all features to .shp/.shx/.dbf (WGS84 and Gauss–Krüger);</li>
 *   <li>importing that 1,000,000-point shapefile (zipped) through {@link ImportService} into PostGIS;</li>
 *   <li>exporting all features from PostGIS as a zipped shapefile through {@link ExportService} (the
 *   endpoint's code path), and {@code ogr2ogr} writing the same rows from the same table to a shapefile,
 *   in the same run, with the ratio.</li>
 * </ol>
 * Input: /tmp/bench-city/features.geojson (and its grids) when present, else deterministic synthetic
 * points (seed 7). PostGIS: the test database (GRIDWATCH_TEST_PG_URL or 127.0.0.1:5432/gridwatch_test,
 * user postgres) in a scratch schema dropped at the end.
 *
 * <pre>mvn -q -B test-compile exec:java -Dexec.mainClass=org.gridwatch.bench.ShapefileExportBenchmark [-Dexec.args="/tmp/bench-city 1000000"]</pre>
 */
public final class ShapefileExportBenchmark {

    private static final String PG_URL = envOr("GRIDWATCH_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/gridwatch_test");

    record Row(double lon, double lat, Object[] values) {
    }

    public static void main(String[] args) throws Exception {
        Path city = Path.of(args.length > 0 ? args[0] : "/tmp/bench-city");
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        List<Row> rows = Files.isRegularFile(city.resolve("features.geojson")) ? read(city.resolve("features.geojson"), limit)
                : synthetic(limit);
        System.out.printf("features: %,d (%s)%n", rows.size(),
                Files.isRegularFile(city.resolve("features.geojson")) ? city.resolve("features.geojson") : "synthetic, seed 7");
        Path work = Files.createTempDirectory("gridwatch-bench-");
        try {
            // 1. The pure writer; the first round warms the JIT.
            for (int round = 0; round < 2; round++) {
                long wgs = writeShapefile(rows, work, "wgs", ExportCrs.WGS84);
                long gk = writeShapefile(rows, work, "gk", ExportCrs.gaussKruger(4547));
                System.out.printf("round %d: ShapefileWriter %,d points: WGS84 %,d ms, Gauss-Kruger EPSG:4547 %,d ms "
                                + "(.shp %,d B, .dbf %,d B)%n", round + 1, rows.size(), wgs, gk,
                        Files.size(work.resolve("wgs.shp")), Files.size(work.resolve("wgs.dbf")));
            }
            Path zip = work.resolve("features.zip");
            try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
                z.setLevel(java.util.zip.Deflater.BEST_SPEED);
                for (String ext : List.of("shp", "shx", "dbf", "prj", "cpg")) {
                    z.putNextEntry(new ZipEntry("features." + ext));
                    Files.copy(work.resolve("wgs." + ext), z);
                    z.closeEntry();
                }
            }
            rows = null;
            postgis(city, zip, work);
        } finally {
            deleteTree(work);
        }
    }

    private static void postgis(Path city, Path zip, Path work) throws Exception {
        String schema = "bench_exchange_" + System.currentTimeMillis();
        String sep = PG_URL.contains("?") ? "&" : "?";
        // System properties, because the postgis profile's own datasource defaults would win over builder defaults.
        Map.of("spring.datasource.url", PG_URL + sep + "currentSchema=" + schema + ",public",
                "spring.datasource.username", envOr("GRIDWATCH_TEST_PG_USER", "postgres"),
                "spring.datasource.password", envOr("GRIDWATCH_TEST_PG_PASSWORD", ""),
                "spring.flyway.schemas", schema, "spring.flyway.default-schema", schema,
                "gridwatch.sample.enabled", "false", "spring.main.web-application-type", "none",
                "gridwatch.data-dir", work.resolve("data").toString(), "logging.level.root", "warn")
                .forEach(System::setProperty);
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(GridwatchApplication.class)
                .profiles("postgis")
                .run()) {
            if (Files.isRegularFile(city.resolve("small_grids.geojson"))) {
                String empty = "{\"type\":\"FeatureCollection\",\"features\":[]}";
                DistrictImporter.Counts c = ctx.getBean(DistrictImporter.class).load(name ->
                        name.contains("grids") ? Files.newInputStream(city.resolve(name))
                                : new java.io.ByteArrayInputStream(empty.getBytes(StandardCharsets.UTF_8)));
                System.out.printf("grids loaded for point-in-grid lookups: %d large, %d small%n", c.largeGrids(), c.smallGrids());
            }
            ImportService imports = ctx.getBean(ImportService.class);
            long t0 = System.nanoTime();
            Map<String, Object> result;
            try (InputStream in = Files.newInputStream(zip)) {
                result = imports.importFile("features", "features.zip", in, null, null, null, null, false);
            }
            long importMs = ms(t0);
            System.out.printf("import of a %,d-point zipped shapefile into PostGIS (ImportService, all rules, one transaction): "
                    + "%,d ms (stored %s; zip %,d B)%n", result.get("count"), importMs, result.get("stored"), Files.size(zip));

            ExportService exports = ctx.getBean(ExportService.class);
            long exportMs = Long.MAX_VALUE;
            for (int round = 0; round < 2; round++) {
                long t1 = System.nanoTime();
                try (OutputStream out = Files.newOutputStream(work.resolve("export.zip"))) {
                    exports.write(exports.plan("features", "shapefile", null, null, "all", null), out);
                }
                exportMs = ms(t1);
                System.out.printf("round %d: export of all features from PostGIS as a zipped shapefile (ExportService): %,d ms, %,d B%n",
                        round + 1, exportMs, Files.size(work.resolve("export.zip")));
            }
            long t2 = System.nanoTime();
            Path ogrOut = Files.createDirectories(work.resolve("ogr"));
            Process p = new ProcessBuilder("ogr2ogr", "-f", "ESRI Shapefile", ogrOut.resolve("features.shp").toString(),
                    "PG:host=127.0.0.1 user=postgres dbname=gridwatch_test", "-sql",
                    "SELECT id, type_key, name, code, address, status, grid_code, attributes, created_at, updated_at, version, geom FROM "
                            + schema + ".feature", "-lco", "ENCODING=UTF-8", "-nln", "features")
                    .redirectErrorStream(true).start();
            String ogrLog = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.MINUTES);
            long ogrMs = ms(t2);
            System.out.printf("ogr2ogr from the same PostGIS table to a shapefile (unzipped): %,d ms, exit %d, .dbf %,d B%s%n",
                    ogrMs, p.exitValue(), Files.exists(ogrOut.resolve("features.dbf")) ? Files.size(ogrOut.resolve("features.dbf")) : 0,
                    ogrLog.isBlank() ? "" : " (" + ogrLog.strip().lines().limit(3).reduce("", (a, b) -> a + " " + b) + ")");
            System.out.printf("ratio ogr2ogr / ExportService: %.2f×%n", (double) ogrMs / exportMs);
        } finally {
            try (Connection c = DriverManager.getConnection(PG_URL, envOr("GRIDWATCH_TEST_PG_USER", "postgres"),
                    envOr("GRIDWATCH_TEST_PG_PASSWORD", ""));
                 Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static long writeShapefile(List<Row> rows, Path dir, String base, ExportCrs crs) throws IOException {
        long t = System.nanoTime();
        ExportCrs.Projector projector = crs.projector();
        double[] xy = new double[2];
        try (ShapefileWriter w = new ShapefileWriter(dir, base, ShapefileWriter.ShapeType.POINT,
                ExchangeLayer.FEATURES.columns(), StandardCharsets.UTF_8, crs.esriWkt(), LocalDate.of(2026, 5, 1),
                ShapefileWriter.MAX_FILE_BYTES)) {
            for (Row r : rows) {
                projector.project(r.lon(), r.lat(), xy);
                w.writePoint(xy[0], xy[1], r.values());
            }
        }
        return ms(t);
    }

    private static List<Row> read(Path file, int limit) throws IOException {
        List<Row> rows = new ArrayList<>(limit);
        try (InputStream in = Files.newInputStream(file)) {
            GeoJsonStream.forEachFeature(in, node -> {
                if (rows.size() >= limit) return;
                GeoJsonFeature f = GeoJsonFeature.of(node);
                Point p = (Point) f.geometry();
                String created = f.text("createdAt");
                LocalDate day = created == null ? null : LocalDate.ofInstant(Instant.parse(created), java.time.ZoneOffset.ofHours(8));
                String attributes = node.path("properties").path("attributes").toString();
                rows.add(new Row(p.getX(), p.getY(), new Object[]{(long) rows.size() + 1, f.text("type"), f.text("name"),
                        f.text("code"), f.text("address"), f.text("status"), f.text("gridCode"), attributes, day, day, 0L}));
            });
        }
        return rows;
    }

    private static List<Row> synthetic(int n) {
        Random random = new Random(7);
        String[] types = {"trash_bin", "sewer_well", "rat_bait_station", "stagnant_water"};
        String[] labels = {"垃圾桶", "窨井", "毒饵站", "积水点"};
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int t = random.nextInt(4);
            LocalDate day = LocalDate.of(2026, 1 + random.nextInt(12), 1 + random.nextInt(28));
            rows.add(new Row(113.95 + random.nextDouble() * 0.15, 22.50 + random.nextDouble() * 0.12, new Object[]{
                    (long) i + 1, types[t], "解放路" + labels[t] + i + "号", "X-" + i, "解放路" + random.nextInt(300) + "号附近",
                    "active", null, "{}", day, day, 0L}));
        }
        return rows;
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
