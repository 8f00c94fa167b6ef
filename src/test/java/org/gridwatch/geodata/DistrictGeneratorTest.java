package org.gridwatch.geodata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.coverage.CoverageUnion;
import org.locationtech.jts.coverage.CoverageValidator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;

class DistrictGeneratorTest {

    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");
    /** Gap width for CoverageValidator, degrees: about 10 m, far wider than any sliver a bug would make. */
    private static final double GAP_WIDTH_DEGREES = 1e-4;

    /** A small district with awkward counts: 7 large grids sharing 101 small grids unevenly. */
    private static final DistrictSpec SMALL_SPEC = DistrictSpec.sample().withCounts(7, 101, 1500, 260);

    @TempDir
    static Path sharedDirectory;
    private static Path smallSpecFiles;

    @BeforeAll
    static void writeSmallSpec() throws IOException {
        smallSpecFiles = sharedDirectory.resolve("small");
        new DistrictGenerator(SMALL_SPEC).writeTo(smallSpecFiles);
    }

    @Test
    void sameSpecGivesByteIdenticalFiles(@TempDir Path again) throws IOException {
        new DistrictGenerator(SMALL_SPEC).writeTo(again);
        for (String name : DistrictGenerator.FILE_NAMES) {
            assertArrayEquals(Files.readAllBytes(smallSpecFiles.resolve(name)), Files.readAllBytes(again.resolve(name)),
                    name);
        }
    }

    @Test
    void anotherSeedGivesOtherGeometry(@TempDir Path other) throws IOException {
        new DistrictGenerator(SMALL_SPEC.withSeed(2)).writeTo(other);
        for (String name : DistrictGenerator.FILE_NAMES) {
            assertFalse(Arrays.equals(Files.readAllBytes(smallSpecFiles.resolve(name)),
                    Files.readAllBytes(other.resolve(name))), name);
        }
    }

    @Test
    void featureCountDoesNotMoveGridsOrStreets() {
        DistrictGenerator few = new DistrictGenerator(SMALL_SPEC.withCounts(7, 101, 10, 260));
        DistrictGenerator many = new DistrictGenerator(SMALL_SPEC);
        assertEquals(few.smallGrids(), many.smallGrids());
        assertEquals(few.streets(), many.streets());
    }

    @ParameterizedTest(name = "large={0} small={1} features={2} streets={3}")
    @CsvSource({
        "1, 1, 0, 1",
        "1, 2, 5, 3",
        "3, 10, 50, 7",
        "5, 23, 30, 2000",
        "7, 101, 200, 40",
        "12, 500, 100, 900",
        "6, 384, 400, 600",
    })
    void countsAreExactAndGeometryIsValid(int large, int small, int features, int streets) {
        DistrictGenerator generator = new DistrictGenerator(DistrictSpec.sample().withCounts(large, small, features, streets));
        assertEquals(large, generator.largeGrids().size());
        assertEquals(small, generator.smallGrids().size());
        assertEquals(streets, generator.streets().size());
        long[] count = {0};
        generator.forEachFeature(f -> count[0]++);
        assertEquals(features, count[0]);

        Map<String, Integer> smallPerLarge = new HashMap<>();
        for (Grid grid : generator.smallGrids()) {
            smallPerLarge.merge(grid.parentCode(), 1, Integer::sum);
        }
        int fewest = smallPerLarge.values().stream().min(Integer::compare).orElseThrow();
        int most = smallPerLarge.values().stream().max(Integer::compare).orElseThrow();
        assertEquals(large, smallPerLarge.size(), "every large grid has small grids");
        assertTrue(most - fewest <= 1, "small grids spread evenly: " + smallPerLarge);

        for (Grid grid : generator.largeGrids()) {
            assertTrue(grid.polygon().isValid(), grid.code());
        }
        for (Grid grid : generator.smallGrids()) {
            assertTrue(grid.polygon().isValid(), grid.code());
        }
        for (StreetSegment street : generator.streets()) {
            assertTrue(street.geometry().getLength() > 0, "segment " + street.id() + " has length");
        }
        assertLargestStreetComponentHolds(generator.streets(), 0.95);
    }

    @Test
    void smallGridsCoverEachLargeGridExactly() throws IOException {
        List<GeoJsonTestFiles.Feature> large = GeoJsonTestFiles.read(smallSpecFiles.resolve(DistrictGenerator.LARGE_GRIDS_FILE));
        List<GeoJsonTestFiles.Feature> small = GeoJsonTestFiles.read(smallSpecFiles.resolve(DistrictGenerator.SMALL_GRIDS_FILE));
        Map<String, List<Geometry>> byParent = new HashMap<>();
        for (GeoJsonTestFiles.Feature grid : small) {
            assertTrue(grid.geometry().isValid(), grid.property("code"));
            byParent.computeIfAbsent(grid.property("parentCode"), k -> new ArrayList<>()).add(grid.geometry());
        }
        for (GeoJsonTestFiles.Feature largeGrid : large) {
            assertTrue(largeGrid.geometry().isValid(), largeGrid.property("code"));
            Geometry[] coverage = byParent.get(largeGrid.property("code")).toArray(Geometry[]::new);
            assertNoCoverageProblems(coverage, largeGrid.property("code"));
            Geometry union = CoverageUnion.union(coverage);
            double area = largeGrid.geometry().getArea();
            assertEquals(area, union.getArea(), 1e-9 * area, "union area of " + largeGrid.property("code"));
            assertEquals(0, union.symDifference(largeGrid.geometry()).getArea(), 1e-9 * area,
                    "union of the small grids is the large grid " + largeGrid.property("code"));
        }
    }

    @Test
    void coverageCheckWouldCatchAMovedVertex() {
        // Guards the check above against passing vacuously: nudge one shared vertex by about 1 m.
        List<Grid> grids = new DistrictGenerator(DistrictSpec.sample().withCounts(1, 4, 0, 4)).smallGrids();
        Geometry[] coverage = grids.stream().map(Grid::polygon).map(Geometry::copy).toArray(Geometry[]::new);
        Coordinate shared = coverage[0].getCoordinates()[1];
        ((Polygon) coverage[0]).getExteriorRing().getCoordinateSequence().setOrdinate(1, 0, shared.x + 1e-5);
        coverage[0].geometryChanged();
        assertTrue(CoverageValidator.hasInvalidResult(CoverageValidator.validate(coverage, GAP_WIDTH_DEGREES)));
    }

    @Test
    void largeGridsTileTheDistrict() throws IOException {
        List<GeoJsonTestFiles.Feature> large = GeoJsonTestFiles.read(smallSpecFiles.resolve(DistrictGenerator.LARGE_GRIDS_FILE));
        Geometry[] coverage = large.stream().map(GeoJsonTestFiles.Feature::geometry).toArray(Geometry[]::new);
        assertNoCoverageProblems(coverage, "large grids");
        double sum = Arrays.stream(coverage).mapToDouble(Geometry::getArea).sum();
        Geometry district = CoverageUnion.union(coverage);
        assertEquals(sum, district.getArea(), 1e-9 * sum, "no overlap between large grids");
        assertEquals(1, district.getNumGeometries(), "the district is one piece");
        assertEquals(0, ((Polygon) district).getNumInteriorRing(), "the district has no holes");
    }

    @Test
    void gridPropertiesAreComplete() throws IOException {
        List<GeoJsonTestFiles.Feature> large = GeoJsonTestFiles.read(smallSpecFiles.resolve(DistrictGenerator.LARGE_GRIDS_FILE));
        List<GeoJsonTestFiles.Feature> small = GeoJsonTestFiles.read(smallSpecFiles.resolve(DistrictGenerator.SMALL_GRIDS_FILE));
        Set<String> codes = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (GeoJsonTestFiles.Feature grid : large) {
            assertTrue(grid.property("code").matches("JNS-\\d{2}"), grid.property("code"));
            assertEquals("large", grid.property("level"));
            assertNull(grid.property("parentCode"));
            assertTrue(grid.properties().has("parentCode"), "parentCode is written, as null");
            assertTrue(grid.property("name").endsWith("社区"), grid.property("name"));
            assertPersonAndPhone(grid);
            assertTrue(codes.add(grid.property("code")));
            assertTrue(names.add(grid.property("name")), "community names are unique");
        }
        for (GeoJsonTestFiles.Feature grid : small) {
            String code = grid.property("code");
            assertTrue(code.matches("JNS-\\d{2}-\\d{3}"), code);
            assertEquals("small", grid.property("level"));
            assertEquals(code.substring(0, 6), grid.property("parentCode"));
            assertTrue(grid.property("name").matches(".+社区第\\d+网格"), grid.property("name"));
            assertPersonAndPhone(grid);
            assertTrue(codes.add(code), "grid codes are unique");
        }
        assertEquals("JNS-01-001", small.get(0).property("code"));
    }

    @Test
    void smallGridsAreNumberedWestToEastThenNorthToSouth() {
        DistrictGenerator generator = new DistrictGenerator(DistrictSpec.sample().withCounts(1, 9, 0, 10));
        List<Grid> grids = generator.smallGrids();
        // 3 x 3 cells: 001 is north-west, 003 north-east, 007 south-west.
        Point first = grids.get(0).polygon().getCentroid();
        Point third = grids.get(2).polygon().getCentroid();
        Point seventh = grids.get(6).polygon().getCentroid();
        assertTrue(third.getX() > first.getX(), "001 west of 003");
        assertTrue(seventh.getY() < first.getY(), "007 south of 001");
    }

    @Test
    void everyFeatureSitsInTheSmallGridItNames() throws IOException {
        List<GeoJsonTestFiles.Feature> small = GeoJsonTestFiles.read(smallSpecFiles.resolve(DistrictGenerator.SMALL_GRIDS_FILE));
        STRtree index = new STRtree();
        for (GeoJsonTestFiles.Feature grid : small) {
            index.insert(grid.geometry().getEnvelopeInternal(), grid);
        }
        List<GeoJsonTestFiles.Feature> features = GeoJsonTestFiles.read(smallSpecFiles.resolve(DistrictGenerator.FEATURES_FILE));
        assertEquals(SMALL_SPEC.features(), features.size());
        Set<String> codes = new HashSet<>();
        Map<String, Integer> perType = new HashMap<>();
        int removed = 0;
        Instant earliest = DistrictGenerator.REFERENCE_INSTANT.minusSeconds(180L * 24 * 3600);
        for (int k = 0; k < features.size(); k++) {
            GeoJsonTestFiles.Feature feature = features.get(k);
            assertEquals(k + 1, feature.id().intValue(), "ids are 1-based and in order");
            List<String> containing = new ArrayList<>();
            for (Object candidate : index.query(feature.geometry().getEnvelopeInternal())) {
                GeoJsonTestFiles.Feature grid = (GeoJsonTestFiles.Feature) candidate;
                // contains() is strict: a point on the boundary would not count.
                if (grid.geometry().contains(feature.geometry())) {
                    containing.add(grid.property("code"));
                }
            }
            assertEquals(List.of(feature.property("gridCode")), containing, "feature " + (k + 1));

            String type = feature.property("type");
            perType.merge(type, 1, Integer::sum);
            String prefix = switch (type) {
                case "trash_bin" -> "TB-";
                case "sewer_well" -> "SW-";
                case "rat_bait_station" -> "RB-";
                case "stagnant_water" -> "ST-";
                default -> fail("unknown type " + type);
            };
            assertTrue(feature.property("code").matches(prefix + "\\d{6}"), feature.property("code"));
            assertTrue(codes.add(feature.property("code")), "codes are unique");
            assertTrue(HAN.matcher(feature.property("name")).find(), feature.property("name"));
            assertTrue(feature.property("address").matches(".+\\d+号附近"), feature.property("address"));
            if ("removed".equals(feature.property("status"))) {
                removed++;
            } else {
                assertEquals("active", feature.property("status"));
            }
            Instant createdAt = Instant.parse(feature.property("createdAt"));
            assertTrue(createdAt.isBefore(DistrictGenerator.REFERENCE_INSTANT) && !createdAt.isBefore(earliest),
                    createdAt.toString());
            assertAttributes(type, feature.properties().get("attributes"));
        }
        int n = features.size();
        assertShare(perType.get("trash_bin"), n, 0.40);
        assertShare(perType.get("sewer_well"), n, 0.25);
        assertShare(perType.get("rat_bait_station"), n, 0.20);
        assertShare(perType.get("stagnant_water"), n, 0.15);
        assertTrue(removed > 0 && removed < 0.08 * n, "about 3% removed, was " + removed);
    }

    @Test
    void featuresLieNearStreets() {
        DistrictGenerator generator = new DistrictGenerator(SMALL_SPEC.withCounts(7, 101, 300, 260));
        STRtree streets = new STRtree();
        for (StreetSegment street : generator.streets()) {
            streets.insert(street.geometry().getEnvelopeInternal(), street.geometry());
        }
        // 8 m offset in degrees of latitude, plus slack for the longitude scale and rounding.
        double maxDegrees = 9.0 / 110_574 / Math.cos(Math.toRadians(22.54));
        generator.forEachFeature(feature -> {
            double nearest = Double.MAX_VALUE;
            for (Object line : streets.query(feature.point().buffer(maxDegrees).getEnvelopeInternal())) {
                nearest = Math.min(nearest, ((LineString) line).distance(feature.point()));
            }
            assertTrue(nearest <= maxDegrees, "feature " + feature.id() + " is within 8 m of a street");
        });
    }

    @Test
    void streetsFormOneRoutableNetwork() throws IOException {
        List<GeoJsonTestFiles.Feature> streets = GeoJsonTestFiles.read(smallSpecFiles.resolve(DistrictGenerator.STREETS_FILE));
        assertEquals(SMALL_SPEC.streets(), streets.size());
        Map<StreetClass, Integer> perClass = new EnumMap<>(StreetClass.class);
        for (int k = 0; k < streets.size(); k++) {
            GeoJsonTestFiles.Feature street = streets.get(k);
            assertEquals(k + 1, street.id().intValue());
            assertTrue(HAN.matcher(street.property("name")).find(), street.property("name"));
            perClass.merge(StreetClass.valueOf(street.property("class").toUpperCase()), 1, Integer::sum);
        }
        for (StreetClass streetClass : StreetClass.values()) {
            assertNotNull(perClass.get(streetClass), "some " + streetClass.key() + " streets");
        }
        List<LineString> lines = streets.stream().map(f -> (LineString) f.geometry()).toList();
        assertLargestComponentHolds(lines, 0.95);
        long deadEnds = endpointDegrees(lines).values().stream().filter(d -> d == 1).count();
        assertTrue(deadEnds > 0, "the network has dead ends");
    }

    @Test
    void streetSegmentsMeetOnlyAtSharedEndpoints() {
        DistrictGenerator generator = new DistrictGenerator(DistrictSpec.sample().withCounts(2, 50, 0, 120));
        List<LineString> lines = generator.streets().stream().map(StreetSegment::geometry).toList();
        for (int a = 0; a < lines.size(); a++) {
            for (int b = a + 1; b < lines.size(); b++) {
                Geometry meet = lines.get(a).intersection(lines.get(b));
                if (meet.isEmpty()) {
                    continue;
                }
                Set<Coordinate> ends = new HashSet<>(List.of(lines.get(a).getCoordinateN(0),
                        lines.get(a).getCoordinateN(lines.get(a).getNumPoints() - 1)));
                for (Coordinate c : meet.getCoordinates()) {
                    assertTrue(ends.contains(c), "segments " + (a + 1) + " and " + (b + 1) + " meet at " + c
                            + ", which is not an endpoint");
                }
            }
        }
    }

    @Test
    void bundledSampleMatchesTheGenerator(@TempDir Path regenerated) throws IOException {
        new DistrictGenerator(DistrictSpec.sample()).writeTo(regenerated);
        for (String name : DistrictGenerator.FILE_NAMES) {
            try (InputStream bundled = getClass().getResourceAsStream("/geodata/sample/" + name)) {
                assertNotNull(bundled, "classpath resource geodata/sample/" + name);
                assertArrayEquals(Files.readAllBytes(regenerated.resolve(name)), bundled.readAllBytes(),
                        name + " differs from the generator's output: regenerate it (see geodata/README.md)");
            }
        }
    }

    @Test
    void sampleSpecIsTheDocumentedDistrict() {
        DistrictSpec sample = DistrictSpec.sample();
        assertEquals(new DistrictSpec(6, 384, 400, 600, 1, 114.06, 22.54, 100), sample);
    }

    private static void assertNoCoverageProblems(Geometry[] coverage, String what) {
        Geometry[] problems = CoverageValidator.validate(coverage, GAP_WIDTH_DEGREES);
        for (int k = 0; k < problems.length; k++) {
            assertNull(problems[k], what + ": coverage problem at polygon " + k + ": " + problems[k]);
        }
    }

    private static void assertPersonAndPhone(GeoJsonTestFiles.Feature grid) {
        assertTrue(grid.property("responsiblePerson").matches("\\p{IsHan}{2,3}"), grid.property("responsiblePerson"));
        assertTrue(grid.property("phone").matches("1[358]\\d{9}"), grid.property("phone"));
    }

    private static void assertAttributes(String type, tools.jackson.databind.JsonNode attributes) {
        switch (type) {
            case "trash_bin" -> {
                assertTrue(attributes.get("lidded").isBoolean());
                int capacity = attributes.get("capacityLiters").intValue();
                assertTrue(capacity == 120 || capacity == 240);
            }
            case "sewer_well" -> assertTrue(attributes.get("coverIntact").isBoolean());
            case "rat_bait_station" -> assertEquals("溴敌隆", attributes.get("baitType").asString());
            case "stagnant_water" -> assertTrue(Set.of("small_container", "drain", "water_body")
                    .contains(attributes.get("containerType").asString()));
            default -> fail(type);
        }
    }

    private static void assertShare(Integer count, int total, double expected) {
        assertNotNull(count);
        double share = (double) count / total;
        assertTrue(Math.abs(share - expected) < 0.04, "share " + share + " should be about " + expected);
    }

    private static void assertLargestStreetComponentHolds(List<StreetSegment> streets, double fraction) {
        assertLargestComponentHolds(streets.stream().map(StreetSegment::geometry).toList(), fraction);
    }

    /** Union-find over exact endpoint coordinates: segments meeting at an endpoint are connected. */
    private static void assertLargestComponentHolds(List<LineString> lines, double fraction) {
        Map<Coordinate, Coordinate> parent = new HashMap<>();
        for (LineString line : lines) {
            union(parent, line.getCoordinateN(0), line.getCoordinateN(line.getNumPoints() - 1));
        }
        Map<Coordinate, Integer> sizes = new HashMap<>();
        for (LineString line : lines) {
            sizes.merge(find(parent, line.getCoordinateN(0)), 1, Integer::sum);
        }
        int largest = sizes.values().stream().max(Integer::compare).orElse(0);
        assertTrue(largest >= fraction * lines.size(),
                "largest component holds " + largest + " of " + lines.size() + " segments");
    }

    private static Map<Coordinate, Integer> endpointDegrees(List<LineString> lines) {
        Map<Coordinate, Integer> degree = new HashMap<>();
        for (LineString line : lines) {
            degree.merge(line.getCoordinateN(0), 1, Integer::sum);
            degree.merge(line.getCoordinateN(line.getNumPoints() - 1), 1, Integer::sum);
        }
        return degree;
    }

    private static void union(Map<Coordinate, Coordinate> parent, Coordinate a, Coordinate b) {
        Coordinate rootA = find(parent, a);
        Coordinate rootB = find(parent, b);
        if (!rootA.equals(rootB)) {
            parent.put(rootA, rootB);
        }
    }

    private static Coordinate find(Map<Coordinate, Coordinate> parent, Coordinate c) {
        Coordinate root = c;
        while (parent.containsKey(root) && !parent.get(root).equals(root)) {
            root = parent.get(root);
        }
        return root;
    }
}
