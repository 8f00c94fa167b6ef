package org.gridwatch.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An open-loop load test of a running service: requests start on a fixed schedule ({@code --rate}
 * per second) whatever the answers do, and each latency counts from the scheduled start, so a
 * stalling server shows as latency instead of silently lowering the rate (no coordinated omission).
 *
 * <p>The mix is what map users and field workers do on a city: viewport queries at street scale
 * ({@code /api/features?properties=type&bbox=} of about 1.2 × 0.7 km, as the web map asks), low-zoom
 * counts ({@code /api/map/feature-counts} per cluster cell), heatmap tiles (z 12-15), and feature edits — create, move (PUT with its
 * version) and delete, only of features this run created, which it deletes again at the end.
 * Viewports are drawn (seeded) inside the district's extent from {@code /api/map/config}.
 *
 * <pre>
 * mvn -q -B test-compile exec:java -Dexec.mainClass=org.gridwatch.bench.LoadBenchmark \
 *     -Dexec.args="--base-url http://127.0.0.1:8080 --rate 200 --duration 60s [--warmup 30s] [--seed 1]
 *                  [--user U --password P] [--max-in-flight 2000] [--mix map|reads]"
 * </pre>
 * Heap figures come from {@code /actuator/metrics/jvm.memory.used?tag=area:heap} (start the service
 * with {@code --management.endpoints.web.exposure.include=health,info,metrics}); "n/a" otherwise.
 * Exits 1 when any request failed or the p99 exceeds {@code --p99-limit-ms} (default 200).
 */
public final class LoadBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    enum Kind { FEATURES_BBOX, COUNTS_CELL, HEATMAP_TILE, CREATE, MOVE, DELETE }

    /**
     * Cumulative shares of the mix, in the order of {@link Kind}: reads 85 %, edits 15 %. The reads are
     * what the web map sends on a pan: a street-scale view asks for its features first (the type only,
     * one more than it can draw), a wider view for counts per cluster cell; per-grid counts are not
     * something the map asks for.
     */
    private static final double[] MIX = {0.40, 0.70, 0.85, 0.90, 0.95, 1.00};

    /**
     * {@code --mix reads}: issue 22's read mix of the map under load, 40 % street views, 30 % low-zoom counts,
     * 30 % heatmap tiles, no edits (as the wrk run; a service opened read-only can take it too).
     */
    private static final double[] READS = {0.40, 0.70, 1.00, 1.00, 1.00, 1.00};

    private double[] mix = MIX;

    private record Created(long id, int version, double lon, double lat) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(16)).build();
    private final String base;
    private final String auth;
    private final double[] extent;
    private final Map<Kind, ConcurrentLinkedQueue<Long>> latenciesNanos = new EnumMap<>(Kind.class);
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Created> mine = new ConcurrentLinkedQueue<>();
    /** Created by this run, but a move or delete of it failed: only the clean-up touches these. */
    private final ConcurrentLinkedQueue<Created> uncertain = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean recording;

    private LoadBenchmark(String base, String auth, double[] extent) {
        this.base = base;
        this.auth = auth;
        this.extent = extent;
        for (Kind k : Kind.values()) latenciesNanos.put(k, new ConcurrentLinkedQueue<>());
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        String base = o.getOrDefault("base-url", "http://127.0.0.1:8080").replaceAll("/$", "");
        double rate = Double.parseDouble(o.getOrDefault("rate", "200"));
        Duration duration = duration(o.getOrDefault("duration", "60s"));
        Duration warmup = duration(o.getOrDefault("warmup", "30s"));
        long seed = Long.parseLong(o.getOrDefault("seed", "1"));
        int maxInFlight = Integer.parseInt(o.getOrDefault("max-in-flight", "2000"));
        double p99LimitMs = Double.parseDouble(o.getOrDefault("p99-limit-ms", "200"));
        String auth = o.containsKey("user") ? "Basic " + Base64.getEncoder().encodeToString(
                (o.get("user") + ":" + o.getOrDefault("password", "")).getBytes(StandardCharsets.UTF_8)) : null;

        LoadBenchmark run = new LoadBenchmark(base, auth, null);
        JsonNode config = JSON.readTree(run.fetch("/api/map/config").body());
        JsonNode e = config.get("extent");
        if (e == null || e.isNull()) {
            System.err.println("The service at " + base + " has no grids: load the benchmark city first (README).");
            System.exit(2);
        }
        LoadBenchmark load = new LoadBenchmark(base, auth, new double[]{e.get(0).asDouble(), e.get(1).asDouble(),
                e.get(2).asDouble(), e.get(3).asDouble()});
        String mixName = o.getOrDefault("mix", "map");
        if (!mixName.equals("map") && !mixName.equals("reads")) {
            System.err.println("--mix must be map (reads and edits) or reads (40 % views, 30 % counts, 30 % heatmap tiles)");
            System.exit(2);
        }
        if (mixName.equals("reads")) load.mix = READS;
        System.out.printf(Locale.ROOT, "mix: %s%n", mixName.equals("reads")
                ? "reads only: 40 % street views, 30 % low-zoom counts, 30 % heatmap tiles"
                : "the map's: 40 % street views, 30 % counts, 15 % heatmap tiles, 15 % edits");
        System.out.printf(Locale.ROOT, "load: %s, %.0f req/s open loop, %ds warm-up (rising to that rate) then %ds measured, extent %s%n",
                base, rate, warmup.toSeconds(), duration.toSeconds(), e);
        runMeasured(load, rate, warmup, duration, seed, maxInFlight, p99LimitMs);
    }

    private static void runMeasured(LoadBenchmark run, double rate, Duration warmup, Duration duration, long seed,
                                    int maxInFlight, double p99LimitMs) throws Exception {
        String heapStart = run.heap();
        run.drive(rate, warmup, new SplittableRandom(seed), maxInFlight, null, true);
        run.recording = true;
        String[] heapMiddle = {"n/a"};
        long measuredStart = System.nanoTime();
        run.drive(rate, duration, new SplittableRandom(seed + 1), maxInFlight, () -> heapMiddle[0] = run.heap(), false);
        run.awaitQuiet(Duration.ofSeconds(30));
        double measuredSeconds = (System.nanoTime() - measuredStart) / 1e9;
        run.recording = false;
        String heapEnd = run.heap();
        boolean ok = run.report(measuredSeconds, heapStart, heapMiddle[0], heapEnd, p99LimitMs);
        System.out.println("deleted " + run.cleanUp() + " of the features this run left behind");
        System.exit(ok ? 0 : 1);
    }

    /**
     * Starts requests every 1/rate s for {@code length}; {@code atHalf} runs once half-way. With
     * {@code ramp} the rate climbs from a tenth of {@code rate} to all of it over {@code length}, as
     * traffic reaches a freshly started instance behind a load balancer (and its JIT compiler warms up).
     */
    private void drive(double rate, Duration length, SplittableRandom random, int maxInFlight, Runnable atHalf,
                       boolean ramp) throws InterruptedException {
        long start = System.nanoTime();
        long lengthNanos = length.toNanos();
        boolean halfDone = atHalf == null;
        double offsetNanos = 0;
        while (offsetNanos < lengthNanos) {
            long scheduled = start + (long) offsetNanos;
            double currentRate = ramp ? rate * (0.1 + 0.9 * offsetNanos / lengthNanos) : rate;
            offsetNanos += 1e9 / currentRate;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
            if (!halfDone && scheduled >= start + lengthNanos / 2) {
                halfDone = true;
                CompletableFuture.runAsync(atHalf);
            }
            if (inFlight.get() >= maxInFlight) {
                error("client", "over " + maxInFlight + " requests in flight: the server is not keeping up");
                continue;
            }
            fire(pick(random.nextDouble()), random.split(), scheduled);
        }
    }

    private Kind pick(double u) {
        for (int i = 0; i < mix.length; i++) if (u < mix[i]) return Kind.values()[i];
        return Kind.FEATURES_BBOX;
    }

    private void fire(Kind kind, SplittableRandom r, long scheduledNanos) {
        HttpRequest request;
        Created target = null;
        switch (kind) {
            // What the map's feature layer sends at street scale: the type is all it draws a marker from.
            case FEATURES_BBOX -> request = get(viewportQuery("/api/features?limit=5001&properties=type&bbox=", r, 0.014,
                    0.0065)).build();
            case COUNTS_CELL -> {
                double w = 0.11 + r.nextDouble() * 0.35; // zoom 11-13 on a 1,400 px map
                request = get(viewportQuery("/api/map/feature-counts?by=cell&cell=" + fmt(w / 17.5) + "&bbox=", r, w,
                        w * 0.47)).build();
            }
            case HEATMAP_TILE -> {
                int z = 12 + r.nextInt(4);
                double lon = extent[0] + r.nextDouble() * (extent[2] - extent[0]);
                double lat = extent[1] + r.nextDouble() * (extent[3] - extent[1]);
                request = get("/api/heatmap/" + z + "/" + tileX(lon, z) + "/" + tileY(lat, z)
                        + ".png?type=rat_bait_station&radius=200").build();
            }
            case MOVE, DELETE -> {
                target = mine.poll();
                if (target == null) {
                    fire(Kind.CREATE, r, scheduledNanos);
                    return;
                }
                request = kind == Kind.DELETE
                        ? builder("/api/features/" + target.id()).DELETE().build()
                        : builder("/api/features/" + target.id()).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(feature(target.lon() + 2e-5, target.lat() + 1e-5,
                                target.version()))).build();
            }
            default -> {
                double lon = extent[0] + r.nextDouble() * (extent[2] - extent[0]);
                double lat = extent[1] + r.nextDouble() * (extent[3] - extent[1]);
                request = builder("/api/features").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(feature(lon, lat, null))).build();
            }
        }
        Created moved = target;
        inFlight.incrementAndGet();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((resp, failure) -> {
            long latency = System.nanoTime() - scheduledNanos;
            inFlight.decrementAndGet();
            if (failure != null) {
                error(kind + " " + failure.getClass().getSimpleName(), String.valueOf(failure.getMessage()));
                // The server may have done it after all: edit it no more, only delete it at the end.
                if (moved != null) uncertain.add(moved);
                return;
            }
            if (resp.statusCode() >= 400) {
                error(kind + " " + resp.statusCode(), new String(resp.body(), StandardCharsets.UTF_8));
                if (moved != null) uncertain.add(moved);
                return;
            }
            if (recording) latenciesNanos.get(kind).add(latency);
            if (kind == Kind.CREATE || kind == Kind.MOVE) {
                JsonNode f = JSON.readTree(resp.body());
                JsonNode c = f.get("geometry").get("coordinates");
                mine.add(new Created(f.get("id").asLong(), f.get("properties").get("version").asInt(),
                        c.get(0).asDouble(), c.get(1).asDouble()));
            }
        });
    }

    private String viewportQuery(String prefix, SplittableRandom r, double widthDeg, double heightDeg) {
        double lon = extent[0] + r.nextDouble() * Math.max(0, extent[2] - extent[0] - widthDeg);
        double lat = extent[1] + r.nextDouble() * Math.max(0, extent[3] - extent[1] - heightDeg);
        return prefix + fmt(lon) + "," + fmt(lat) + "," + fmt(lon + widthDeg) + "," + fmt(lat + heightDeg);
    }

    private static String feature(double lon, double lat, Integer version) {
        return "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + fmt(lon) + "," + fmt(lat)
                + "]},\"properties\":{\"type\":\"trash_bin\",\"name\":\"load-test\""
                + (version == null ? "" : ",\"version\":" + version) + "}}";
    }

    private void error(String key, String sample) {
        errors.computeIfAbsent(key + ": " + (sample.length() > 160 ? sample.substring(0, 160) : sample),
                k -> new AtomicLong()).incrementAndGet();
    }

    private void awaitQuiet(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
    }

    private int cleanUp() throws Exception {
        int n = 0;
        mine.addAll(uncertain);
        uncertain.clear();
        for (Created c; (c = mine.poll()) != null; ) {
            try {
                if (http.send(builder("/api/features/" + c.id()).DELETE().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 204) n++;
            } catch (java.io.IOException e) {
                // the server is still drowning: leave the rest (named "load-test") for a later run
            }
        }
        return n;
    }

    private boolean report(double seconds, String heapStart, String heapMiddle, String heapEnd, double p99LimitMs) {
        List<Long> all = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%-14s %7s %8s %8s %8s %8s%n", "kind", "count", "p50 ms", "p95 ms", "p99 ms", "max ms");
        for (Kind k : Kind.values()) {
            long[] v = latenciesNanos.get(k).stream().mapToLong(Long::longValue).sorted().toArray();
            latenciesNanos.get(k).forEach(all::add);
            if (v.length > 0) line(k.name().toLowerCase(Locale.ROOT), v);
        }
        long[] v = all.stream().mapToLong(Long::longValue).sorted().toArray();
        long errorCount = errors.values().stream().mapToLong(AtomicLong::get).sum();
        if (v.length > 0) line("ALL", v);
        System.out.printf(Locale.ROOT, "ok %d, errors %d, achieved %.1f ok/s over %.1f s%n", v.length, errorCount,
                v.length / seconds, seconds);
        errors.forEach((k, c) -> System.out.println("  error x" + c.get() + " " + k));
        System.out.println("heap used (MB): start " + heapStart + ", middle " + heapMiddle + ", end " + heapEnd);
        double p99 = v.length == 0 ? Double.NaN : v[Math.min(v.length - 1, (int) Math.ceil(v.length * 0.99) - 1)] / 1e6;
        return errorCount == 0 && p99 <= p99LimitMs;
    }

    private static void line(String name, long[] sorted) {
        System.out.printf(Locale.ROOT, "%-14s %7d %8.1f %8.1f %8.1f %8.1f%n", name, sorted.length, pct(sorted, 0.50),
                pct(sorted, 0.95), pct(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(sorted.length * q) - 1))] / 1e6;
    }

    private String heap() {
        try {
            HttpResponse<byte[]> r = http.send(get("/actuator/metrics/jvm.memory.used?tag=area:heap").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) return "n/a";
            return String.format(Locale.ROOT, "%.0f",
                    JSON.readTree(r.body()).get("measurements").get(0).get("value").asDouble() / (1024 * 1024));
        } catch (Exception e) {
            return "n/a";
        }
    }

    private HttpResponse<byte[]> fetch(String path) throws Exception {
        return http.send(get(path).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest.Builder get(String path) {
        return builder(path).GET();
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        return auth == null ? b : b.header("Authorization", auth);
    }

    private static long tileX(double lon, int z) {
        return (long) Math.floor((lon + 180) / 360 * (1L << z));
    }

    private static long tileY(double lat, int z) {
        double r = Math.toRadians(lat);
        return (long) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * (1L << z));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    private static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        if (t.endsWith("m")) return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        if (t.endsWith("s")) t = t.substring(0, t.length() - 1);
        return Duration.ofSeconds(Long.parseLong(t));
    }
}
