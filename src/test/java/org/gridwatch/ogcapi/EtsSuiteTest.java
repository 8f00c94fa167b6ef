package org.gridwatch.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.gridwatch.support.H2TestDatabase;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The OGC's executable test suite for OGC API – Features (Part 1 and Part 2, release 1.9, in
 * {@code ../shared/ets}) run against {@code /ogcapi} of the service on the sample district, public read on
 * (the suite cannot sign in). Every failed test method fails this test, except the suite's own defect:
 * its EPSG:4326 and EPSG:4490 bbox-crs cases send lon,lat where Part 2 says lat,lon
 * (opengeospatial/ets-ogcapi-features10#233). Where the suite is missing the test is skipped with a
 * message, except in CI ({@code CI=true}), where it fails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "gridwatch.security.public-read=true")
class EtsSuiteTest {

    /** Next to the project, like the other shared test data; {@code -Dgridwatch.ets.jar=...} points elsewhere. */
    static final Path SUITE = Path.of(System.getProperty("gridwatch.ets.jar", "../shared/ets/ets-ogcapi-features10-1.9-aio.jar"));
    /** The suite's bbox-crs cases with its known axis-order defect. */
    private static final Set<String> LAT_LON_CRS = Set.of("http://www.opengis.net/def/crs/EPSG/0/4326",
            "http://www.opengis.net/def/crs/EPSG/0/4490");
    private static final Duration TIMEOUT = Duration.ofMinutes(20);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerSampleDistrict(registry);
    }

    @org.springframework.beans.factory.annotation.Autowired
    OgcApiService ogcApiService;

    @LocalServerPort
    int port;

    @TempDir
    Path work;

    record Failure(String method, List<String> params, String message) {
    }

    @Test
    void theOgcTestSuitePassesExceptForItsKnownDefect() throws Exception {
        if (!Files.isRegularFile(SUITE)) {
            String message = "the OGC API – Features test suite is not at " + SUITE.toAbsolutePath().normalize()
                    + " (see ../shared/ets/README.md)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail(message);
            Assumptions.abort(message);
        }
        fillEmptyCollections();
        // Extents are cached up to a minute; computed again now so that no refresh during the suite makes
        // /collections and /collections/{id} differ (the data does not change while the suite runs).
        ogcApiService.refreshExtents();
        // No DOCTYPE: the suite would try to fetch the DTD.
        Path props = work.resolve("props.xml");
        Files.writeString(props, """
                <?xml version="1.0" encoding="UTF-8"?>
                <properties version="1.0">
                  <entry key="iut">http://127.0.0.1:%d/ogcapi</entry>
                  <entry key="noofcollections">-1</entry>
                </properties>
                """.formatted(port), StandardCharsets.UTF_8);
        Path out = Files.createDirectories(work.resolve("out"));
        Path log = work.resolve("ets.log");
        long start = System.nanoTime();
        // The quick compiler only: the suite ran in 59 s with it, 101 s without (its CPU 86 -> 126 s).
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-jar", SUITE.toAbsolutePath().toString(), "-o", out.toString(), "-h", "true", props.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
            p.destroyForcibly();
            Assertions.fail("the suite did not finish within " + TIMEOUT + "; its log: " + log);
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        Path results;
        try (Stream<Path> files = Files.walk(out)) {
            results = files.filter(f -> f.getFileName().toString().equals("testng-results.xml")).findFirst()
                    .orElseThrow(() -> new AssertionError("the suite wrote no testng-results.xml (exit " + p.exitValue()
                            + "); its log ends: " + tail(log)));
        }

        int passed = 0, skipped = 0, knownDefect = 0;
        List<Failure> failures = new ArrayList<>();
        NodeList methods = parse(results.toFile()).getElementsByTagName("test-method");
        for (int i = 0; i < methods.getLength(); i++) {
            Element m = (Element) methods.item(i);
            if ("true".equals(m.getAttribute("is-config"))) continue;
            switch (m.getAttribute("status")) {
                case "PASS" -> passed++;
                case "SKIP" -> skipped++;
                case "FAIL" -> {
                    List<String> params = params(m);
                    if (isKnownDefect(m, params) || isBoundaryPointDefect(m.getAttribute("name"), message(m))) {
                        knownDefect++;
                    } else {
                        failures.add(new Failure(m.getAttribute("signature").replaceAll("\\(.*", ""), params, message(m)));
                    }
                }
                default -> {
                }
            }
        }
        System.out.printf("OGC ETS ogcapi-features10 1.9: %d passed, %d skipped, %d failed (%d of them the suite's "
                + "known defects: bbox-crs axis order, points on a bbox's edge), %d s%n", passed, skipped,
                failures.size() + knownDefect, knownDefect, seconds);
        StringBuilder report = new StringBuilder();
        failures.forEach(f -> report.append("\n  ").append(f.method()).append(' ').append(f.params()).append(": ")
                .append(f.message()));
        assertThat(failures).as("test methods of the suite that failed:" + report).isEmpty();
        assertThat(passed).as("the suite ran its tests").isGreaterThan(1000);
    }

    /** BBoxCrsParameter.verifyBboxCrsParameter with EPSG:4326 or EPSG:4490 as its bbox-crs, and nothing else. */
    static boolean isKnownDefect(Element m, List<String> params) {
        // A test-method element sits in the <class> element of its test class.
        String testClass = m.getParentNode() instanceof Element c ? c.getAttribute("name") : "";
        return testClass.equals("org.opengis.cite.ogcapifeatures10.conformance.crs.query.bboxcrs.BBoxCrsParameter")
                && m.getAttribute("name").equals("verifyBboxCrsParameter")
                && params.size() >= 3 && LAT_LON_CRS.contains(params.get(2));
    }

    private static final java.util.regex.Pattern OUTSIDE_BBOX = java.util.regex.Pattern.compile(
            "Geometry 'POINT \\(([-0-9.]+) ([-0-9.]+)\\)' outside bounding box: '([-0-9.]+),([-0-9.]+),([-0-9.]+),([-0-9.]+)'");

    /**
     * FeaturesBBox.validateFeaturesWithBoundingBoxResponse reporting a point that lies exactly on an edge of the
     * bbox it requested as "outside": the suite tests containment, boundary excluded, where Part 1 selects the
     * features whose geometry intersects the bbox (/req/core/fc-bbox-response), boundary included; its bbox is
     * drawn from the collection's extent, whose edges are features' coordinates. A point strictly outside is
     * still a failure.
     */
    static boolean isBoundaryPointDefect(String method, String message) {
        if (!"validateFeaturesWithBoundingBoxResponse".equals(method)) return false;
        java.util.regex.Matcher m = OUTSIDE_BBOX.matcher(message);
        if (!m.find()) return false;
        java.math.BigDecimal x = new java.math.BigDecimal(m.group(1)), y = new java.math.BigDecimal(m.group(2));
        java.math.BigDecimal minX = new java.math.BigDecimal(m.group(3)), minY = new java.math.BigDecimal(m.group(4));
        java.math.BigDecimal maxX = new java.math.BigDecimal(m.group(5)), maxY = new java.math.BigDecimal(m.group(6));
        boolean inClosedBox = x.compareTo(minX) >= 0 && x.compareTo(maxX) <= 0 && y.compareTo(minY) >= 0
                && y.compareTo(maxY) <= 0;
        boolean onEdge = x.compareTo(minX) == 0 || x.compareTo(maxX) == 0 || y.compareTo(minY) == 0
                || y.compareTo(maxY) == 0;
        return inClosedBox && onEdge;
    }

    static List<String> params(Element m) {
        List<String> out = new ArrayList<>();
        NodeList values = m.getElementsByTagName("value");
        for (int i = 0; i < values.getLength(); i++) {
            String v = values.item(i).getTextContent().trim();
            out.add(v.length() > 120 ? v.substring(0, 120) + "…" : v);
        }
        return out;
    }

    private static String message(Element m) {
        NodeList messages = m.getElementsByTagName("message");
        if (messages.getLength() == 0) return "";
        String text = messages.item(0).getTextContent().trim().replaceAll("\\s+", " ");
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }

    static Document parse(File file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(file);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * The suite checks each collection through one of its features and fails on a collection with none
     * (it asks for an item with an empty id): feature types the sample district has no feature of yet
     * (key units, landing sites, household surveys) get one, stored through the API like any other.
     */
    private void fillEmptyCollections() throws Exception {
        java.net.http.HttpClient http = org.gridwatch.support.TestIdentity.adminHttpClient();
        String base = "http://127.0.0.1:" + port;
        tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
        java.util.function.Function<String, tools.jackson.databind.JsonNode> get = path -> {
            try {
                return json.readTree(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path)).GET().build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        tools.jackson.databind.JsonNode any = get.apply("/api/features?limit=1").path("features").get(0).path("geometry").path("coordinates");
        double lon = any.get(0).asDouble(), lat = any.get(1).asDouble();
        for (tools.jackson.databind.JsonNode type : get.apply("/api/feature-types")) {
            String key = type.path("key").asString();
            if (get.apply("/api/features?limit=1&type=" + key).path("numberMatched").asLong() > 0) continue;
            String body = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + (lon + 0.00002) + ","
                    + lat + "]},\"properties\":{\"type\":\"" + key + "\",\"name\":\"ETS " + key + "\",\"attributes\":{}}}";
            java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/features"))
                    .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            Assertions.assertEquals(201, r.statusCode(), () -> "a " + key + " for the suite: " + r.body());
        }
    }
}
