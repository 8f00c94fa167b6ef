package org.gridwatch.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.gridwatch.support.H2TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Routes on a real street network — Monaco's 860 OpenStreetMap ways (82 km, see
 * {@code monaco-highways.README.md}) stored as they are — checked against {@link OsmReference}, a
 * plain Dijkstra over the raw ways that shares no code with the service.
 */
@SpringBootTest(properties = {"gridwatch.sample.enabled=false"})
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealStreetRouteTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** The service measures on a transverse Mercator, the reference on local ellipsoid radii: they agree far inside this. */
    static final double TOLERANCE = 0.005;

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    OsmReference ref;
    int[] main;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @BeforeAll
    void load() throws Exception {
        ref = OsmReference.load("monaco-highways.geojson");
        for (OsmReference.Way w : ref.ways) {
            StringBuilder wkt = new StringBuilder("LINESTRING (");
            for (int i = 0; i < w.points().size(); i++) {
                double[] p = w.points().get(i);
                wkt.append(i > 0 ? ", " : "").append(p[0]).append(' ').append(p[1]);
            }
            jdbc.update("INSERT INTO street (name, street_class, oneway, geom) VALUES (?, ?, ?, ST_GeomFromText(?, 4326))",
                    w.name(), w.highway(), w.oneway() == 1 ? "yes" : w.oneway() == -1 ? "-1" : null, wkt.append(')').toString());
        }
        main = ref.largestComponent();
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(org.gridwatch.support.Shapes.gridFeature(box(7.400, 43.715, 7.445, 43.755), "MC", "摩纳哥", "large", null)))
                .andExpect(status().isCreated());
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(org.gridwatch.support.Shapes.gridFeature(box(SMALL[0], SMALL[1], SMALL[2], SMALL[3]), "MC-01", "一格", "small", "MC")))
                .andExpect(status().isCreated());
    }

    /** The small grid of the coverage test: a part of Monaco whose streets fall into several pieces. */
    static final double[] SMALL = {7.418, 43.728, 7.428, 43.736};

    static String box(double w, double s, double e, double n) {
        return "{\"type\":\"Polygon\",\"coordinates\":[[[" + w + "," + s + "],[" + e + "," + s + "],[" + e + "," + n
                + "],[" + w + "," + n + "],[" + w + "," + s + "]]]}";
    }

    /** Metres from a lon/lat point to a lon/lat polyline, by the reference's local metres. */
    static double distanceToWalk(double[] p, List<double[]> walk) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 1; i < walk.size(); i++) {
            double[] a = walk.get(i - 1), b = walk.get(i);
            double ab = OsmReference.metres(a, b);
            double t = 0;
            if (ab > 0) {
                // project in a local plane scaled by the reference's metres per degree
                double kx = OsmReference.metres(new double[]{0, p[1]}, new double[]{1e-4, p[1]}) / 1e-4;
                double ky = OsmReference.metres(new double[]{0, p[1]}, new double[]{0, p[1] + 1e-4}) / 1e-4;
                double ax = a[0] * kx, ay = a[1] * ky, bx = b[0] * kx, by = b[1] * ky, px = p[0] * kx, py = p[1] * ky;
                t = ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) * (bx - ax) + (by - ay) * (by - ay));
                t = Math.max(0, Math.min(1, t));
            }
            double[] q = {a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])};
            best = Math.min(best, OsmReference.metres(p, q));
        }
        return best;
    }

    @Test
    void aGridWhoseStreetsFallApartIsCoveredByOneWalkWhoseLengthIsWhatIsWalked() throws Exception {
        JsonNode r = json(mvc.perform(post("/api/routes/coverage").contentType(MediaType.APPLICATION_JSON)
                .content("{\"grid\":\"MC-01\"}")).andExpect(status().isOk()));
        JsonNode p = r.get("properties");
        assertThat(p.get("streetPieces").asInt()).as("the grid's streets are in pieces").isGreaterThan(1);
        // One walk per piece of the whole network the grid's streets touch: pieces that streets join are walked as one.
        int[] label = ref.componentLabels();
        java.util.Set<Integer> touched = new java.util.HashSet<>();
        for (OsmReference.Way w : ref.ways) {
            for (double[] v : w.points()) {
                if (v[0] > SMALL[0] && v[0] < SMALL[2] && v[1] > SMALL[1] && v[1] < SMALL[3]) touched.add(label[ref.nodeAt(v)]);
            }
        }
        assertThat(p.get("streetPieces").asInt()).isGreaterThan(touched.size());
        assertThat(p.get("components").asInt()).isEqualTo(touched.size());
        List<List<double[]>> lines = new ArrayList<>();
        JsonNode geometry = r.get("geometry");
        if (geometry.get("type").asString().equals("LineString")) {
            List<double[]> line = new ArrayList<>();
            geometry.get("coordinates").forEach(c -> line.add(new double[]{c.get(0).asDouble(), c.get(1).asDouble()}));
            lines.add(line);
        } else {
            geometry.get("coordinates").forEach(part -> {
                List<double[]> line = new ArrayList<>();
                part.forEach(c -> line.add(new double[]{c.get(0).asDouble(), c.get(1).asDouble()}));
                lines.add(line);
            });
        }
        assertThat(lines).hasSize(touched.size());
        double walked = 0;
        List<double[]> walk = new ArrayList<>();
        for (List<double[]> line : lines) {
            assertThat(line.get(0)).containsExactly(line.get(line.size() - 1));
            for (int i = 1; i < line.size(); i++) walked += OsmReference.metres(line.get(i - 1), line.get(i));
            walk.addAll(line);
        }
        assertThat(p.get("lengthM").asDouble()).isCloseTo(walked, org.assertj.core.data.Percentage.withPercentage(100 * TOLERANCE));
        // Every vertex of every OSM way inside the grid is on the walk.
        double streetInside = 0;
        for (OsmReference.Way w : ref.ways) {
            for (int i = 0; i < w.points().size(); i++) {
                double[] v = w.points().get(i);
                boolean inside = v[0] > SMALL[0] && v[0] < SMALL[2] && v[1] > SMALL[1] && v[1] < SMALL[3];
                if (!inside) continue;
                double off = Double.POSITIVE_INFINITY;
                for (List<double[]> line : lines) off = Math.min(off, distanceToWalk(v, line));
                assertThat(off).as("way %s vertex %d", w.osmId(), i).isLessThan(0.5);
                if (i > 0) {
                    double[] u = w.points().get(i - 1);
                    if (u[0] > SMALL[0] && u[0] < SMALL[2] && u[1] > SMALL[1] && u[1] < SMALL[3]) streetInside += OsmReference.metres(u, v);
                }
            }
        }
        assertThat(p.get("streetLengthM").asDouble()).isGreaterThanOrEqualTo(streetInside * (1 - TOLERANCE));
        assertThat(p.get("lengthM").asDouble()).isGreaterThan(p.get("streetLengthM").asDouble());
    }


    private String at(int node) {
        double[] p = ref.nodes.get(node);
        return "[" + p[0] + "," + p[1] + "]";
    }

    private ResultActions route(String body) throws Exception {
        return mvc.perform(post("/api/routes").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static JsonNode json(ResultActions r) throws Exception {
        return JSON.readTree(r.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    @Test
    void aShortGapWithALongWalkAroundIsWalkedAroundOnTheWholeNetwork() throws Exception {
        // The pair of junctions close as the crow flies but farthest apart on foot (a cliff, a harbour).
        SplittableRandom random = new SplittableRandom(7);
        int bestA = -1, bestB = -1;
        double bestDetour = 0;
        for (int s = 0; s < 250; s++) {
            int a = main[random.nextInt(main.length)];
            double[] d = ref.dijkstra(a, false);
            for (int b : main) {
                double straight = OsmReference.metres(ref.nodes.get(a), ref.nodes.get(b));
                if (straight < 150 && d[b] - straight > bestDetour) {
                    bestDetour = d[b] - straight;
                    bestA = a;
                    bestB = b;
                }
            }
        }
        assertThat(bestDetour).as("Monaco has a short gap with a long way round").isGreaterThan(800);
        double walk = ref.dijkstra(bestA, false)[bestB];
        JsonNode p = json(route("{\"points\":[" + at(bestA) + "," + at(bestB) + "]}").andExpect(status().isOk()))
                .get("properties");
        assertThat(p.get("network").asString()).isEqualTo("streets");
        assertThat(p.get("straightLegs").asInt()).isZero();
        assertThat(p.get("legsNotOnStreets").size()).isZero();
        assertThat(p.get("lengthM").asDouble()).isCloseTo(2 * walk, org.assertj.core.data.Percentage.withPercentage(100 * TOLERANCE));
    }

    @Test
    void aVehicleVisitObeysOneWayStreetsAndKeepsOffFootwaysAsTheReferenceDoes() throws Exception {
        // Stops a vehicle can reach and leave: junctions of the main road network.
        int hub = -1;
        for (int v : main) if (ref.drive.get(v).size() >= 3) { hub = v; break; }
        double[] fromHub = ref.dijkstra(hub, true);
        SplittableRandom random = new SplittableRandom(5);
        List<Integer> candidates = new ArrayList<>();
        for (int v : main) if (fromHub[v] < Double.POSITIVE_INFINITY && !ref.drive.get(v).isEmpty()) candidates.add(v);
        int oneWayCount = 0;
        for (OsmReference.Way w : ref.ways) if (w.oneway() != 0) oneWayCount++;
        assertThat(oneWayCount).as("the extract has one-way streets").isGreaterThan(50);
        for (int round = 0; round < 3; round++) {
            int n = 7;
            int[] stops = new int[n];
            stops[0] = hub;
            for (int i = 1; i < n; ) {
                int v = candidates.get(random.nextInt(candidates.size()));
                if (ref.dijkstra(v, true)[hub] < Double.POSITIVE_INFINITY) stops[i++] = v;
            }
            double[][] drive = new double[n][n];
            double[][] walk = new double[n][n];
            for (int i = 0; i < n; i++) {
                double[] d = ref.dijkstra(stops[i], true);
                double[] w = ref.dijkstra(stops[i], false);
                for (int j = 0; j < n; j++) {
                    drive[i][j] = d[stops[j]];
                    walk[i][j] = w[stops[j]];
                }
            }
            double best = OsmReference.bestTour(drive);
            StringBuilder body = new StringBuilder("{\"profile\":\"vehicle\",\"points\":[");
            for (int i = 0; i < n; i++) body.append(i > 0 ? "," : "").append(at(stops[i]));
            JsonNode p = json(route(body + "]}").andExpect(status().isOk())).get("properties");
            assertThat(p.get("profile").asString()).isEqualTo("vehicle");
            assertThat(p.get("lengthM").asDouble()).as("round %d", round)
                    .isCloseTo(best, org.assertj.core.data.Percentage.withPercentage(100 * TOLERANCE));
            // On foot the same stops are a shorter walk: footways, steps and one-way streets both ways.
            assertThat(OsmReference.bestTour(walk)).isLessThan(best);
        }
    }

    @Test
    void aVehicleCoversMonacoByADirectedPostmanAndNamesWhatNoClosedDriveCanTake() throws Exception {
        JsonNode walking = json(mvc.perform(post("/api/routes/coverage").contentType(MediaType.APPLICATION_JSON)
                .content("{\"grid\":\"MC\"}")).andExpect(status().isOk())).get("properties");
        JsonNode either = json(mvc.perform(post("/api/routes/coverage").contentType(MediaType.APPLICATION_JSON)
                .content("{\"grid\":\"MC\",\"profile\":\"vehicle\"}")).andExpect(status().isOk())).get("properties");
        JsonNode both = json(mvc.perform(post("/api/routes/coverage").contentType(MediaType.APPLICATION_JSON)
                .content("{\"grid\":\"MC\",\"profile\":\"vehicle\",\"bothSides\":true}")).andExpect(status().isOk()))
                .get("properties");
        assertThat(either.get("profile").asString()).isEqualTo("vehicle");
        assertThat(either.get("bothSides").asBoolean()).isFalse();
        assertThat(both.get("bothSides").asBoolean()).isTrue();
        // The extract's edge cuts one-way streets off: those are counted, not driven against their way.
        assertThat(either.get("streetsLeftOut").asInt()).isGreaterThan(0);
        assertThat(either.get("leftOutM").asDouble()).isGreaterThan(0);
        // A vehicle covers fewer streets than a person (no footways or steps) ...
        assertThat(either.get("streetLengthM").asDouble()).isLessThan(walking.get("streetLengthM").asDouble());
        assertThat(either.get("lengthM").asDouble()).isGreaterThanOrEqualTo(either.get("streetLengthM").asDouble());
        // ... and both kerbs of every two-way street take at least one more pass over them.
        assertThat(both.get("lengthM").asDouble()).isGreaterThan(either.get("lengthM").asDouble());
        assertThat(both.get("streetLengthM").asDouble()).isEqualTo(either.get("streetLengthM").asDouble());
        assertThat(either.get("components").asInt()).isEqualTo(1);
    }

    @Test
    void visitToursMatchTheBestTourOverTheReferenceDistances() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 3; round++) {
            int n = 8;
            int[] stops = new int[n];
            for (int i = 0; i < n; i++) stops[i] = main[random.nextInt(main.length)];
            double[][] d = new double[n][n];
            for (int i = 0; i < n; i++) {
                double[] from = ref.dijkstra(stops[i], false);
                for (int j = 0; j < n; j++) d[i][j] = from[stops[j]];
            }
            double best = OsmReference.bestTour(d);
            StringBuilder body = new StringBuilder("{\"points\":[");
            for (int i = 0; i < n; i++) body.append(i > 0 ? "," : "").append(at(stops[i]));
            JsonNode p = json(route(body + "]}").andExpect(status().isOk())).get("properties");
            assertThat(p.get("lengthM").asDouble()).as("round %d", round)
                    .isCloseTo(best, org.assertj.core.data.Percentage.withPercentage(100 * TOLERANCE));
            assertThat(p.get("straightLegs").asInt()).isZero();
        }
    }

    @Test
    void aStopTheStreetsDoNotReachIsNamedAndOnlyJoinedStraightWhenAsked() throws Exception {
        boolean[] inMain = new boolean[ref.nodes.size()];
        for (int v : main) inMain[v] = true;
        int isolated = -1;
        for (int v = 0; v < ref.nodes.size() && isolated < 0; v++) if (!inMain[v] && !ref.walk.get(v).isEmpty()) isolated = v;
        assertThat(isolated).as("the extract has a piece of street apart from the rest").isNotNegative();
        String body = "\"points\":[" + at(main[0]) + "," + at(main[main.length / 2]) + "," + at(isolated) + "]";
        json(route("{" + body + "}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("route.stops.unreachable"))
                .andExpect(jsonPath("$.unreachableStops[0]").value(org.hamcrest.Matchers.startsWith("points[2]")))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("points[2]"))));
        JsonNode p = json(route("{\"straight\":true," + body + "}").andExpect(status().isOk())).get("properties");
        assertThat(p.get("straightLegs").asInt()).isEqualTo(2);
        assertThat(p.get("legsNotOnStreets").size()).isEqualTo(2);
        List<String> places = new ArrayList<>();
        p.get("legsNotOnStreets").forEach(l -> places.add(l.get("fromPlace").asString() + "→" + l.get("toPlace").asString()));
        assertThat(places).allMatch(s -> s.contains("points[2]"));
    }

    @Test
    void stopsOutAtSeaAreRefusedByNameAlsoWhenTheFirstBecomesTheStart() throws Exception {
        String sea1 = "[7.44,43.73]";   // about 970 m from the nearest street
        String sea2 = "[7.46,43.72]";   // about 2.9 km out
        mvc.perform(post("/api/routes").contentType(MediaType.APPLICATION_JSON).header("Accept-Language", "en")
                        .content("{\"points\":[" + at(main[0]) + "," + sea1 + "," + at(main[1]) + "," + sea2 + "]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("route.stops.farFromStreets"))
                .andExpect(jsonPath("$.farStops.length()").value(2))
                .andExpect(jsonPath("$.farStops[0].stop").value(org.hamcrest.Matchers.startsWith("points[1]")))
                .andExpect(jsonPath("$.farStops[1].stop").value(org.hamcrest.Matchers.startsWith("points[3]")))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("farther than 200 m")));
        // The first stop is where the walk starts when no start is given: checked like every stop.
        route("{\"points\":[" + sea1 + "," + at(main[0]) + "," + at(main[1]) + "]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("route.stops.farFromStreets"))
                .andExpect(jsonPath("$.farStops[0].stop").value(org.hamcrest.Matchers.startsWith("points[0]")))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("米")));
        assertThat(String.format(Locale.ROOT, "%d", main.length)).isNotEmpty();
    }
}
