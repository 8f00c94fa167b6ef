package org.gridwatch.bench;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.gridwatch.GridwatchApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The route requests of issue 20 through HTTP, as the map's route panel sends them, on H2GIS or PostGIS:
 * the benchmark city's 100,000 streets and the Monaco OSM ways are stored, then
 * <ol>
 *   <li>a 300-stop visit route: {@code POST /api/routes {"grids":[code],"types":["trash_bin"],"closed":true}} over a
 *       (large) grid spanning the whole city with 300 trash bins on its streets (target &lt; 1 s warm);</li>
 *   <li>the postman over a grid holding ~80 km of the city's streets: {@code POST /api/routes/coverage {"grid":code}}
 *       (target &lt; 2 s);</li>
 *   <li>the postman over the whole Monaco network (82 km of OSM ways), on foot and by vehicle (directed).</li>
 * </ol>
 * The first request of each is cold (it reads the streets and, for visits, builds the contraction hierarchy);
 * then 2 warm-ups and 7 measured (median, worst).
 * <pre>
 * MAVEN_OPTS=-Xmx3g mvn -q test-compile exec:java -Dexec.mainClass=org.gridwatch.bench.RouteHttpBenchmark \
 *      -Dexec.classpathScope=test -Dexec.args="--store h2,postgis --city /tmp/bench-city"
 * </pre>
 * PostGIS: the database of GRIDWATCH_TEST_PG_URL (default 127.0.0.1:5432/gridwatch_test), schema {@code routes_speed},
 * dropped before and after.
 */
public final class RouteHttpBenchmark {

    private static final String PASSWORD = "route-bench-Admin-5k1v";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RouteHttpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String store = "h2";
        Path city = Path.of("/tmp/bench-city");
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--store")) store = args[i + 1];
            if (args[i].equals("--city")) city = Path.of(args[i + 1]);
        }
        for (String s : store.split(",")) run(s, city);
    }

    static void run(String store, Path city) throws Exception {
        List<String> appArgs = new ArrayList<>(List.of("--server.port=0", "--gridwatch.sample.enabled=false",
                "--gridwatch.security.admin-password=" + PASSWORD, "--logging.level.root=WARN"));
        String pgUrl = System.getenv().getOrDefault("GRIDWATCH_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/gridwatch_test");
        String schema = "routes_speed";
        if (store.equals("postgis")) {
            dropSchema(pgUrl, schema);
            appArgs.addAll(List.of("--spring.profiles.active=postgis",
                    "--spring.datasource.url=" + pgUrl + "?currentSchema=" + schema + ",public&reWriteBatchedInserts=true",
                    "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--spring.flyway.schemas=" + schema, "--spring.flyway.default-schema=" + schema));
        } else {
            appArgs.add("--gridwatch.data-dir=" + Files.createTempDirectory("gridwatch-route-bench-"));
        }
        System.out.printf(Locale.ROOT, "HTTP, store %s: cores %d, max heap %d MiB, load average %.1f%n", store,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        ConfigurableApplicationContext app = SpringApplication.run(GridwatchApplication.class, appArgs.toArray(String[]::new));
        try {
            measure(app, city);
        } finally {
            app.close();
            if (store.equals("postgis")) dropSchema(pgUrl, schema);
        }
    }

    private static void dropSchema(String pgUrl, String schema) throws Exception {
        try (Connection c = DriverManager.getConnection(pgUrl, "postgres", ""); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private record Street(String name, String streetClass, String oneway, List<double[]> points) {
        double lengthM() {
            double m = 0;
            for (int i = 1; i < points.size(); i++) m += metres(points.get(i - 1), points.get(i));
            return m;
        }
    }

    private static void measure(ConfigurableApplicationContext app, Path city) throws Exception {
        JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
        List<Street> cityStreets = read(city.resolve("streets.geojson"), false);
        List<Street> monaco = read(Path.of("src/test/resources/org/gridwatch/route/monaco-highways.geojson"), true);
        long t = System.nanoTime();
        insert(jdbc, cityStreets);
        insert(jdbc, monaco);
        System.out.printf(Locale.ROOT, "stored %d city streets and %d Monaco ways in %.1f s%n", cityStreets.size(), monaco.size(),
                (System.nanoTime() - t) / 1e9);
        String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
        HttpClient http = HttpClient.newHttpClient();
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

        double[] cityBox = box(cityStreets);
        post(http, auth, base + "/api/grids", grid(cityBox, 0.01, "RB", "large", null));
        // 300 trash bins a few metres off random street points anywhere in the city.
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 300; i++) {
            List<double[]> pts = cityStreets.get(random.nextInt(cityStreets.size())).points();
            double[] p = pts.get(random.nextInt(pts.size()));
            post(http, auth, base + "/api/features", "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":["
                    + (p[0] + 0.00003) + "," + (p[1] + 0.00003) + "]},\"properties\":{\"type\":\"trash_bin\",\"name\":\"桶 " + i + "\"}}");
        }
        // A grid with ~80 km of street: a square around the city's centre grown until its streets add up to 80 km.
        double[] postmanBox = null;
        double cx = (cityBox[0] + cityBox[2]) / 2, cy = (cityBox[1] + cityBox[3]) / 2;
        for (double half = 0.005; half < 0.2; half *= 1.05) {
            double[] b = {cx - half, cy - half * 0.93, cx + half, cy + half * 0.93};
            double m = 0;
            for (Street s : cityStreets) if (inside(s, b)) m += s.lengthM();
            if (m >= 80_000) {
                postmanBox = b;
                System.out.printf(Locale.ROOT, "postman grid: %.0f km of whole streets inside a %.1f km wide square%n", m / 1000,
                        metres(new double[]{b[0], cy}, new double[]{b[2], cy}) / 1000);
                break;
            }
        }
        post(http, auth, base + "/api/grids", grid(postmanBox, 0, "RB-02", "small", "RB"));
        double[] mc = {7.400, 43.715, 7.445, 43.755};
        post(http, auth, base + "/api/grids", grid(mc, 0.001, "MC", "large", null));
        post(http, auth, base + "/api/grids", grid(mc, 0, "MC-01", "small", "MC"));

        time(http, auth, "300-stop visit route, whole city (map's request)", base + "/api/routes",
                "{\"grids\":[\"RB\"],\"types\":[\"trash_bin\"],\"closed\":true}");
        time(http, auth, "postman, ~80 km grid of the city", base + "/api/routes/coverage", "{\"grid\":\"RB-02\"}");
        time(http, auth, "postman, whole Monaco network, on foot", base + "/api/routes/coverage", "{\"grid\":\"MC-01\"}");
        time(http, auth, "postman, whole Monaco network, vehicle", base + "/api/routes/coverage",
                "{\"grid\":\"MC-01\",\"profile\":\"vehicle\"}");
        time(http, auth, "postman, Monaco, vehicle, both sides", base + "/api/routes/coverage",
                "{\"grid\":\"MC-01\",\"profile\":\"vehicle\",\"bothSides\":true}");
    }

    private static boolean inside(Street s, double[] b) {
        for (double[] p : s.points()) if (p[0] < b[0] || p[0] > b[2] || p[1] < b[1] || p[1] > b[3]) return false;
        return true;
    }

    private static double[] box(List<Street> streets) {
        double[] b = {180, 90, -180, -90};
        for (Street s : streets) {
            for (double[] p : s.points()) {
                b[0] = Math.min(b[0], p[0]);
                b[1] = Math.min(b[1], p[1]);
                b[2] = Math.max(b[2], p[0]);
                b[3] = Math.max(b[3], p[1]);
            }
        }
        return b;
    }

    private static String grid(double[] b, double grow, String code, String level, String parent) {
        double w = b[0] - grow, s = b[1] - grow, e = b[2] + grow, n = b[3] + grow;
        String geometry = "{\"type\":\"Polygon\",\"coordinates\":[[[" + w + "," + s + "],[" + e + "," + s + "],[" + e + "," + n
                + "],[" + w + "," + n + "],[" + w + "," + s + "]]]}";
        return "{\"type\":\"Feature\",\"geometry\":" + geometry + ",\"properties\":{\"code\":\"" + code + "\",\"name\":\"" + code
                + "\",\"level\":\"" + level + "\"" + (parent == null ? "" : ",\"parentCode\":\"" + parent + "\"") + "}}";
    }

    private static List<Street> read(Path file, boolean osm) throws Exception {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = JSON.readTree(in);
        }
        List<Street> out = new ArrayList<>();
        for (JsonNode f : root.get("features")) {
            JsonNode p = f.get("properties");
            List<double[]> pts = new ArrayList<>();
            for (JsonNode c : f.get("geometry").get("coordinates")) pts.add(new double[]{c.get(0).asDouble(), c.get(1).asDouble()});
            String name = p.has("name") && !p.get("name").isNull() ? p.get("name").asString() : null;
            if (osm) {
                String other = p.has("other_tags") && !p.get("other_tags").isNull() ? p.get("other_tags").asString() : "";
                String oneway = other.contains("\"oneway\"=>\"-1\"") ? "-1"
                        : other.contains("\"oneway\"=>\"yes\"") || other.contains("\"junction\"=>\"roundabout\"") ? "yes" : null;
                out.add(new Street(name, p.get("highway").asString(), oneway, pts));
            } else {
                out.add(new Street(name, p.has("class") ? p.get("class").asString() : null, null, pts));
            }
        }
        return out;
    }

    private static void insert(JdbcTemplate jdbc, List<Street> streets) {
        List<Object[]> rows = new ArrayList<>();
        for (Street s : streets) {
            StringBuilder wkt = new StringBuilder("LINESTRING (");
            for (int i = 0; i < s.points().size(); i++) {
                double[] p = s.points().get(i);
                wkt.append(i > 0 ? ", " : "").append(p[0]).append(' ').append(p[1]);
            }
            rows.add(new Object[]{s.name(), s.streetClass(), s.oneway(), wkt.append(')').toString()});
            if (rows.size() == 5000) {
                jdbc.batchUpdate("INSERT INTO street (name, street_class, oneway, geom) VALUES (?, ?, ?, ST_GeomFromText(?, 4326))", rows);
                rows.clear();
            }
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO street (name, street_class, oneway, geom) VALUES (?, ?, ?, ST_GeomFromText(?, 4326))", rows);
        }
    }

    private static void time(HttpClient http, String auth, String what, String url, String body) throws Exception {
        long cold = post(http, auth, url, body);
        for (int i = 0; i < 2; i++) post(http, auth, url, body);
        long[] ns = new long[7];
        for (int i = 0; i < ns.length; i++) ns[i] = post(http, auth, url, body);
        Arrays.sort(ns);
        JsonNode answer = JSON.readTree(lastBody);
        JsonNode p = answer.get("properties");
        System.out.printf(Locale.ROOT, "%-50s cold %7.0f ms | warm median %7.0f ms, worst %7.0f ms  (length %.1f km%s)%n", what,
                cold / 1e6, ns[3] / 1e6, ns[6] / 1e6, p.get("lengthM").asDouble() / 1000,
                p.has("streetLengthM") ? String.format(Locale.ROOT, ", streets %.1f km", p.get("streetLengthM").asDouble() / 1000)
                        : p.has("stops") ? ", " + p.get("stops").size() + " stops" : "");
    }

    private static String lastBody;

    private static long post(HttpClient http, String auth, String url, String body) throws Exception {
        long s = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        long e = System.nanoTime() - s;
        if (r.statusCode() / 100 != 2) throw new IllegalStateException(url + " -> " + r.statusCode() + " " + r.body());
        lastBody = r.body();
        return e;
    }

    /** Metres between two lon/lat points (equirectangular; enough to size a square). */
    private static double metres(double[] a, double[] b) {
        double k = Math.cos(Math.toRadians((a[1] + b[1]) / 2));
        return Math.hypot((a[0] - b[0]) * k, a[1] - b[1]) * 111_320;
    }
}
