package org.gridwatch.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.gridwatch.support.Shapes.gridFeature;
import static org.gridwatch.support.Shapes.lat;
import static org.gridwatch.support.Shapes.lon;
import static org.gridwatch.support.Shapes.pointFeature;
import static org.gridwatch.support.Shapes.rectangle;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;

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
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The route endpoints over a small street network on the embedded store:
 *
 * <pre>
 *  (0,300) --- (100,300) --- (200,300) --- (300,300)
 *     |            |             |             |
 *  (0,200) --- (100,200) --- (200,200) --- (300,200)
 *     |            |             |             |
 *  (0,100) --- (100,100) --- (200,100) --- (300,100)
 *     |            |             |             |
 *  (0,0)   --- (100,0)   --- (200,0)   --- (300,0)
 * </pre>
 * a 4×4 lattice of streets 100 m apart (metres east/north of {@link #LON0}, {@link #LAT0}), each
 * block side one stored street, inside grid {@code RT-S}. Lengths are checked to 1%: the test
 * places points with a spherical approximation, the service measures on the ellipsoid.
 */
@SpringBootTest(properties = {"gridwatch.sample.enabled=false", "gridwatch.route.max-stops=50"})
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteApiTest {

    static final double LON0 = 121.0;
    static final double LAT0 = 31.0;
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    static double x(double east) {
        return lon(LON0, LAT0, east);
    }

    static double y(double north) {
        return lat(LAT0, north);
    }

    static String at(double east, double north) {
        return "[" + x(east) + "," + y(north) + "]";
    }

    @BeforeAll
    void streetsAndGrid() throws Exception {
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                street(j * 100, i * 100, (j + 1) * 100, i * 100); // east-west block sides
                street(i * 100, j * 100, i * 100, (j + 1) * 100); // north-south block sides
            }
        }
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(gridFeature(rectangle(LON0, LAT0, -20, -20, 320, 320), "RT-L", "大网格", "large", null)))
                .andExpect(status().isCreated());
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(gridFeature(rectangle(LON0, LAT0, -10, -10, 310, 310), "RT-S", "小网格", "small", "RT-L")))
                .andExpect(status().isCreated());
        for (double[] p : new double[][]{{100, 10}, {290, 200}, {0, 300}}) {
            mvc.perform(post("/api/features").contentType(MediaType.APPLICATION_JSON)
                    .content(pointFeature("rat_bait_station", x(p[0]), y(p[1]), "毒饵站"))).andExpect(status().isCreated());
        }
        mvc.perform(post("/api/features").contentType(MediaType.APPLICATION_JSON)
                .content(pointFeature("trash_bin", x(150), y(150), "垃圾桶"))).andExpect(status().isCreated());
    }

    private void street(double e0, double n0, double e1, double n1) {
        jdbc.update("INSERT INTO street (name, street_class, geom) VALUES (?, ?, ST_GeomFromText(?, 4326))", "街",
                "residential", "LINESTRING (" + x(e0) + " " + y(n0) + ", " + x(e1) + " " + y(n1) + ")");
    }

    private ResultActions route(String path, String body) throws Exception {
        return mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static JsonNode json(MvcResult r) throws Exception {
        return JSON.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    @Test
    void visitRouteFollowsTheStreetsAndNumbersItsStops() throws Exception {
        // Opposite corners: 600 m along the streets each way, 1200 m round; straight it would be 849 m.
        JsonNode r = json(route("/api/routes", "{\"points\":[" + at(0, 0) + "," + at(300, 300) + "]}")
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("application/geo+json")).andReturn());
        assertThat(r.get("geometry").get("type").asString()).isEqualTo("LineString");
        JsonNode p = r.get("properties");
        assertThat(p.get("network").asString()).isEqualTo("streets");
        assertThat(p.get("lengthM").asDouble()).isCloseTo(1200, within(12.0));
        // 4.5 km/h is 1.25 m/s, plus one minute at each of two stops.
        assertThat(p.get("durationS").asDouble()).isCloseTo(1200 / 1.25 + 120, within(12.0));
        assertThat(p.get("stops").get(0).get("sequence").asInt()).isEqualTo(1);
        assertThat(p.get("stops").get(0).get("index").asInt()).isEqualTo(0);
        assertThat(p.get("stops").get(1).get("index").asInt()).isEqualTo(1);
        assertThat(p.get("straightLegs").asInt()).isZero();
        // The walk turns corners: more than the two stops plus the return.
        assertThat(r.get("geometry").get("coordinates").size()).isGreaterThan(3);

        JsonNode straight = json(route("/api/routes", "{\"network\":\"straight\",\"points\":[" + at(0, 0) + ","
                + at(300, 300) + "]}").andExpect(status().isOk()).andReturn());
        assertThat(straight.get("properties").get("network").asString()).isEqualTo("straight");
        assertThat(straight.get("properties").get("lengthM").asDouble()).isCloseTo(2 * Math.hypot(300, 300), within(9.0));
    }

    @Test
    void openRouteFromAGivenStartEndsAtTheFarStop() throws Exception {
        // Start at (0,0); stops along the bottom street at 300, 100, 200: the best open walk is 300 m.
        JsonNode p = json(route("/api/routes", "{\"closed\":false,\"start\":" + at(0, 0) + ",\"points\":[" + at(300, 0)
                + "," + at(100, 0) + "," + at(200, 0) + "]}").andExpect(status().isOk()).andReturn()).get("properties");
        assertThat(p.get("closed").asBoolean()).isFalse();
        assertThat(p.get("lengthM").asDouble()).isCloseTo(300, within(3.0));
        assertThat(p.get("stops").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(p.get("stops").get(1).get("index").asInt()).isEqualTo(2);
        assertThat(p.get("stops").get(2).get("index").asInt()).isEqualTo(0);
    }

    @Test
    void gridAndTypesPickTheFeaturesAndGpxCarriesThem() throws Exception {
        JsonNode p = json(route("/api/routes", "{\"grids\":[\"RT-S\"],\"types\":[\"rat_bait_station\"]}")
                .andExpect(status().isOk()).andReturn()).get("properties");
        assertThat(p.get("stops").size()).isEqualTo(3);
        p.get("stops").forEach(s -> assertThat(s.get("featureId").asLong()).isPositive());
        String gpx = route("/api/routes?format=gpx", "{\"grids\":[\"RT-S\"],\"types\":[\"rat_bait_station\"]}")
                .andExpect(status().isOk()).andExpect(content().contentTypeCompatibleWith("application/gpx+xml"))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(gpx).contains("<gpx version=\"1.1\"").contains("<trkseg>");
        assertThat(gpx.split("<wpt ").length - 1).isEqualTo(3);
    }

    @Test
    void coverageWalksEveryStreetRepeatingTheOptimum() throws Exception {
        // 24 block sides of 100 m; the 8 odd nodes (middle of each side of the square) pair up
        // along the sides at 100 m each: 400 m repeated, 2800 m in all.
        JsonNode p = json(route("/api/routes/coverage", "{\"grid\":\"RT-S\",\"start\":" + at(0, 0) + "}")
                .andExpect(status().isOk()).andReturn()).get("properties");
        assertThat(p.get("streetLengthM").asDouble()).isCloseTo(2400, within(24.0));
        assertThat(p.get("repeatedM").asDouble()).isCloseTo(400, within(4.0));
        assertThat(p.get("lengthM").asDouble()).isCloseTo(2800, within(28.0));
        assertThat(p.get("connected").asBoolean()).isTrue();
    }

    @Test
    void splitSharesTheStopsBetweenTwoPeople() throws Exception {
        JsonNode r = json(route("/api/routes/split", "{\"k\":2,\"start\":" + at(150, 0) + ",\"points\":[" + at(0, 0) + ","
                + at(0, 300) + "," + at(300, 0) + "," + at(300, 300) + "]}").andExpect(status().isOk()).andReturn());
        assertThat(r.get("features").size()).isEqualTo(2);
        int stops = r.get("features").get(0).get("properties").get("stops").size()
                + r.get("features").get(1).get("properties").get("stops").size();
        assertThat(stops).isEqualTo(4);
        // Each takes one side: 150 + 300 + 300 + 150 + ... = 900 m round; one person alone walks 1200 m.
        assertThat(r.get("longestM").asDouble()).isLessThan(1000);
    }

    @Test
    void stopsFarFromEveryStreetAreRefusedByNameNotWalkedStraight() throws Exception {
        refused("/api/routes", "{\"points\":[[100.0,10.0],[100.01,10.0],[100.0,10.01]]}", 400, "route.stops.farFromStreets");
        // 250 m off the lattice: past the 200 m limit; 150 m off is taken.
        refused("/api/routes", "{\"points\":[" + at(0, 0) + "," + at(300, 550) + "]}", 400, "route.stops.farFromStreets");
        JsonNode p = json(route("/api/routes", "{\"points\":[" + at(0, 0) + "," + at(300, 450) + "]}")
                .andExpect(status().isOk()).andReturn()).get("properties");
        // 600 m along the streets plus 150 m in from the street, each way.
        assertThat(p.get("lengthM").asDouble()).isCloseTo(1500, within(15.0));
        JsonNode straight = json(route("/api/routes", "{\"network\":\"straight\",\"points\":[[100.0,10.0],[100.01,10.0]]}")
                .andExpect(status().isOk()).andReturn()).get("properties");
        assertThat(straight.get("network").asString()).isEqualTo("straight");
    }

    @Test
    void aSplitWithoutStartListsTheSharedFirstStopOnlyOnceAndHonoursGpx() throws Exception {
        String body = "{\"k\":2,\"points\":[" + at(0, 0) + "," + at(0, 300) + "," + at(300, 0) + "," + at(300, 300) + ","
                + at(150, 300) + "]}";
        JsonNode r = json(route("/api/routes/split", body).andExpect(status().isOk()).andReturn());
        int stops = 0;
        int listedFirst = 0;
        for (JsonNode f : r.get("features")) {
            for (JsonNode s : f.get("properties").get("stops")) {
                stops++;
                if (s.get("index").asInt() == 0) listedFirst++;
            }
        }
        assertThat(stops).isEqualTo(5);
        assertThat(listedFirst).isEqualTo(1);
        String gpx = route("/api/routes/split?format=gpx", body).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("application/gpx+xml"))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(gpx.split("<trk>").length - 1).isEqualTo(2);
        assertThat(gpx.split("<wpt ").length - 1).isEqualTo(5);
        refused("/api/routes/split?format=kml", body, 400, "route.format.invalid");
        refused("/api/routes?format=kml", "{\"points\":[" + at(0, 0) + "]}", 400, "route.format.invalid");
    }

    @Test
    void theOpenApiDocumentTypesRouteBodiesAndTheMultipartImport() throws Exception {
        JsonNode doc = json(mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/v3/api-docs"))
                .andExpect(status().isOk()).andReturn());
        for (String path : new String[]{"/api/routes", "/api/routes/coverage", "/api/routes/split"}) {
            JsonNode schema = doc.at("/paths/" + path.replace("/", "~1") + "/post/requestBody/content/application~1json/schema");
            assertThat(schema.isMissingNode()).as(path).isFalse();
            String ref = schema.path("$ref").asString("");
            JsonNode resolved = ref.isEmpty() ? schema : doc.at(ref.substring(1));
            assertThat(resolved.path("type").asString("object")).as(path).isEqualTo("object");
            assertThat(resolved.at("/properties/points/type").asString()).as(path).isEqualTo("array");
            assertThat(resolved.at("/properties/profile/enum").toString()).contains("vehicle");
        }
        JsonNode importBody = doc.at("/paths/~1api~1import~1{layer}/post/requestBody/content");
        assertThat(importBody.has("multipart/form-data")).isTrue();
        assertThat(importBody.has("application/json")).isFalse();
        assertThat(importBody.at("/multipart~1form-data/schema/properties/file/format").asString()).isEqualTo("binary");
    }

    private void refused(String path, String body, int status, String code) throws Exception {
        long streets = jdbc.queryForObject("SELECT COUNT(*) FROM street", Long.class);
        long features = jdbc.queryForObject("SELECT COUNT(*) FROM feature", Long.class);
        route(path, body).andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value(code))
                .andExpect(jsonPath("$.detail").isNotEmpty());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM street", Long.class)).isEqualTo(streets);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM feature", Long.class)).isEqualTo(features);
    }

    @Test
    void badRequestsAreRefusedClearly() throws Exception {
        refused("/api/routes", "{}", 400, "route.stops.missing");
        refused("/api/routes", "{\"points\":[]}", 400, "route.stops.missing");
        StringBuilder many = new StringBuilder("{\"points\":[");
        for (int i = 0; i < 51; i++) many.append(i > 0 ? "," : "").append(at(i, 0));
        refused("/api/routes", many + "]}", 400, "route.stops.tooMany");
        refused("/api/routes", "{\"grids\":[\"NO-SUCH\"]}", 404, "route.grid.unknown");
        refused("/api/routes", "{\"grids\":[\"RT-S\"],\"types\":[\"sewer_well\"]}", 400, "route.stops.none");
        refused("/api/routes", "{\"start\":" + at(5000, 5000) + ",\"points\":[" + at(0, 0) + "]}", 400,
                "route.start.farFromStreets");
        refused("/api/routes", "{\"points\":[[200,10]]}", 400, "route.position.invalid");
        refused("/api/routes", "{\"network\":\"air\",\"points\":[" + at(0, 0) + "]}", 400, "route.network.invalid");
        refused("/api/routes", "{\"straight\":\"yes\",\"points\":[" + at(0, 0) + "]}", 400, "route.straight.invalid");
        refused("/api/routes", "{\"profile\":\"plane\",\"points\":[" + at(0, 0) + "]}", 400, "route.profile.invalid");
        refused("/api/routes/coverage", "{\"grid\":\"G1\",\"profile\":\"truck\"}", 400, "route.profile.invalid");
        refused("/api/routes/coverage", "{\"grid\":\"G1\",\"profile\":\"vehicle\",\"bothSides\":\"yes\"}", 400,
                "route.bothSides.invalid");
        refused("/api/routes/coverage", "{\"grid\":\"G1\",\"bothSides\":true}", 400, "route.bothSides.vehicleOnly");
        refused("/api/routes/split", "{\"k\":0,\"points\":[" + at(0, 0) + "]}", 400, "route.k.invalid");
        refused("/api/routes/split", "{\"k\":2,\"starts\":[" + at(0, 0) + "],\"points\":[" + at(0, 0) + "]}", 400,
                "route.starts.count");
        refused("/api/routes/coverage", "{\"grid\":\"NO-SUCH\"}", 404, "route.grid.unknown");
        refused("/api/routes/coverage", "{}", 400, "route.grid.missing");
    }

    @Test
    void refusalsSpeakEnglishOnRequest() throws Exception {
        mvc.perform(post("/api/routes").contentType(MediaType.APPLICATION_JSON).header("Accept-Language", "en")
                        .content("{\"grids\":[\"NO-SUCH\"]}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("No grid with code NO-SUCH"));
        mvc.perform(post("/api/routes").contentType(MediaType.APPLICATION_JSON).content("{\"grids\":[\"NO-SUCH\"]}"))
                .andExpect(jsonPath("$.detail").value("没有编码为 NO-SUCH 的网格"));
    }
}
