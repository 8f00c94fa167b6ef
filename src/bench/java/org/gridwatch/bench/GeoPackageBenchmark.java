package org.gridwatch.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

import mil.nga.sf.GeometryType;
import org.gridwatch.exchange.CsvReader;
import org.gridwatch.exchange.ExchangeLayer;
import org.gridwatch.exchange.ExportCrs;
import org.gridwatch.exchange.GeoPackageReader;
import org.gridwatch.exchange.GeoPackageWriter;
import org.gridwatch.geo.GeoJsonWriter;
import org.gridwatch.geo.GeometryFactories;
import org.locationtech.jts.geom.Coordinate;

/**
 * GeoPackage and CSV at scale, on the pure classes (no database): {@link GeoPackageWriter} writing N
 * feature rows with the features layer's columns (WGS84 and Gauss–Krüger), {@link GeoPackageReader}
 * reading them back, and {@link CsvReader} reading an N-row lon/lat CSV. Points are deterministic
 * (seed 7) over a 20 km square at 114°E, 22.5°N. Prints each time and the rate.
 *
 * <pre>mvn -q -B test-compile exec:java -Dexec.mainClass=org.gridwatch.bench.GeoPackageBenchmark [-Dexec.args="1000000"]</pre>
 */
public final class GeoPackageBenchmark {

    private GeoPackageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("gpkg-bench-");
        try {
            for (ExportCrs crs : new ExportCrs[]{ExportCrs.WGS84, ExportCrs.gaussKruger(4547)}) {
                Path file = dir.resolve("features-" + crs.epsg() + ".gpkg");
                ExportCrs.Projector projector = crs.projector();
                double[] xy = new double[2];
                Random random = new Random(7);
                Instant created = Instant.parse("2026-05-01T00:00:00Z");
                long start = System.nanoTime();
                try (GeoPackageWriter w = new GeoPackageWriter(file, "features", GeometryType.POINT,
                        ExchangeLayer.FEATURES.columns(), crs)) {
                    for (int i = 0; i < n; i++) {
                        projector.project(114 + random.nextDouble() * 0.2, 22.5 + random.nextDouble() * 0.18, xy);
                        w.write(GeometryFactories.WGS84.createPoint(new Coordinate(xy[0], xy[1])), new Object[]{
                                (long) i, "trash_bin", "垃圾桶" + i, "TB-" + i, "西乡街道" + (i % 100) + "号", "active",
                                "L1-" + (i % 400), new GeoJsonWriter.RawJson("{\"lidded\":true}"), created, created, 0L});
                    }
                }
                report("GeoPackage write " + crs.code(), n, start, Files.size(file));
                start = System.nanoTime();
                long[] seen = {0};
                try (GeoPackageReader r = GeoPackageReader.open(file, null, n)) {
                    r.forEach(rec -> seen[0]++);
                }
                report("GeoPackage read " + crs.code() + " (to WGS84)", seen[0], start, Files.size(file));
            }
            Path csv = dir.resolve("points.csv");
            Random random = new Random(7);
            try (var w = Files.newBufferedWriter(csv)) {
                w.write("name,type,lon,lat\n");
                for (int i = 0; i < n; i++) {
                    w.write("垃圾桶" + i + ",trash_bin," + (114 + random.nextDouble() * 0.2) + "," + (22.5 + random.nextDouble() * 0.18) + "\n");
                }
            }
            long start = System.nanoTime();
            CsvReader reader = CsvReader.open(csv, null, null, n);
            long[] seen = {0};
            reader.forEach(rec -> seen[0]++);
            report("CSV read (count pass + records)", seen[0], start, Files.size(csv));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void report(String what, long n, long startNanos, long bytes) {
        double s = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("%-40s %,10d rows  %7.2f s  %,10.0f rows/s  %,8.1f MB%n", what, n, s, n / s, bytes / 1e6);
    }
}
