package org.gridwatch.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.gridwatch.GridwatchApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What recording the change history costs a write, on the embedded H2GIS store, over HTTP, warm: a
 * 1,000-feature bulk with one history entry per feature ({@code bulk-detail-limit=1000}) against the same
 * bulk with a single summary entry ({@code bulk-detail-limit=0}), a 100,000-feature bulk (one summary
 * entry), and single-feature edits (PUT, each with its entry holding the row before and after).
 *
 * <pre>
 * MAVEN_OPTS=-Xmx1g mvn -q -B test-compile exec:java -Dexec.mainClass=org.gridwatch.bench.HistoryBenchmark
 * </pre>
 */
public final class HistoryBenchmark {

    private static final int RUNS = 10;

    public static void main(String[] args) throws Exception {
        for (int limit : new int[]{0, 1000}) {
            ConfigurableApplicationContext app = SpringApplication.run(GridwatchApplication.class,
                    "--server.port=0", "--gridwatch.sample.enabled=false",
                    "--gridwatch.data-dir=" + Files.createTempDirectory("gridwatch-history-bench-"),
                    "--gridwatch.history.bulk-detail-limit=" + limit,
                    "--logging.level.root=WARN");
            try {
                String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
                HttpClient http = HttpClient.newHttpClient();
                long[] bulk = new long[RUNS];
                for (int i = -3; i < RUNS; i++) {
                    String body = bulk(1000, i + 3);
                    long t = System.nanoTime();
                    send(http, "POST", base + "/api/features/bulk", body, 201);
                    if (i >= 0) bulk[i] = System.nanoTime() - t;
                }
                System.out.printf("bulk-detail-limit=%d: 1,000-feature bulk p50 %.0f ms, max %.0f ms%n", limit,
                        p(bulk, 0.5), p(bulk, 1.0));
                if (limit == 1000) {
                    long t = System.nanoTime();
                    send(http, "POST", base + "/api/features/bulk", bulk(100_000, 99), 201);
                    System.out.printf("100,000-feature bulk (one summary entry): %.0f ms%n", (System.nanoTime() - t) / 1e6);
                    String created = send(http, "POST", base + "/api/features", feature(110.0, 30.0, "e", null), 201);
                    long id = Long.parseLong(created.replaceAll("(?s)^.*?\"id\":(\\d+).*$", "$1"));
                    long[] edits = new long[RUNS * 10];
                    for (int i = -10; i < edits.length; i++) {
                        long s = System.nanoTime();
                        send(http, "PUT", base + "/api/features/" + id, feature(110.0 + (i + 10) * 1e-6, 30.0, "e" + i,
                                (long) (i + 10)), 200);
                        if (i >= 0) edits[i] = System.nanoTime() - s;
                    }
                    System.out.printf("single-feature edit with its history entry: p50 %.1f ms, p95 %.1f ms%n",
                            p(edits, 0.5), p(edits, 0.95));
                }
            } finally {
                app.close();
            }
        }
    }

    private static double p(long[] nanos, double q) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e6;
    }

    private static String bulk(int n, int seed) {
        List<String> features = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            features.add(feature(110.0 + (i % 1000) * 1e-4 + seed * 0.2, 30.0 + (i / 1000) * 1e-4, "b" + i, null));
        }
        return "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}";
    }

    private static String feature(double lon, double lat, String name, Long version) {
        return "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + lon + "," + lat
                + "]},\"properties\":{\"type\":\"trash_bin\",\"name\":\"" + name + "\""
                + (version == null ? "" : ",\"version\":" + version) + "}}";
    }

    private static String send(HttpClient http, String method, String url, String body, int expected) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) throw new IllegalStateException(method + " " + url + ": " + r.statusCode() + " " + r.body());
        return r.body();
    }
}
