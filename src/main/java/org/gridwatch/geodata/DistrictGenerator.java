package org.gridwatch.geodata;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import org.gridwatch.geo.GeoJsonWriter;
import org.gridwatch.geo.GeometryFactories;
import org.locationtech.jts.algorithm.RayCrossingCounter;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Generates a synthetic district deterministically from a {@link DistrictSpec}: large grids, small
 * grids, a street network and point features along the streets. The same spec (seed included) always
 * gives the same grids, streets and features, and {@link #writeTo} gives byte-identical files.
 *
 * <p>Geometry is built in local metres around the spec's origin and converted to WGS84 lon/lat with
 * {@link LocalEquirectangular} (affine, so containment in metres and in degrees agree); coordinates
 * are rounded to 7 decimals, the precision the files carry, so what is in memory is what a reader
 * gets back.
 *
 * <p>Grids and streets are built by the constructor and held in memory (tens of MB for the 20,000-grid,
 * 100,000-segment benchmark city); features are generated one at a time and never held, so a million of
 * them stream in bounded memory. Each part draws from its own random stream, so changing the feature
 * count does not move the grids or streets. Not thread-safe.
 */
public final class DistrictGenerator {

    /** Prefix of every grid code: the fictional 锦南街道. */
    public static final String DISTRICT_CODE = "JNS";

    /** Feature creation times lie in the 180 days before this instant, never relative to the clock. */
    public static final Instant REFERENCE_INSTANT = Instant.parse("2026-11-01T00:00:00Z");

    public static final String LARGE_GRIDS_FILE = "large_grids.geojson";
    public static final String SMALL_GRIDS_FILE = "small_grids.geojson";
    public static final String STREETS_FILE = "streets.geojson";
    public static final String FEATURES_FILE = "features.geojson";
    /** The four files {@link #writeTo} writes, in the order it writes them. */
    public static final List<String> FILE_NAMES =
            List.of(LARGE_GRIDS_FILE, SMALL_GRIDS_FILE, STREETS_FILE, FEATURES_FILE);

    private static final long CREATED_WINDOW_SECONDS = 180L * 24 * 3600;
    private static final double MIN_OFFSET_METERS = 2;
    private static final double MAX_OFFSET_METERS = 8;
    /** A feature closer than this to a grid edge is moved, so it is strictly inside one grid. */
    private static final double MIN_EDGE_CLEARANCE_METERS = 0.5;
    private static final int MAX_PLACEMENT_ATTEMPTS = 100;
    private static final double REMOVED_SHARE = 0.03;
    private static final String[] CONTAINER_TYPES = {"small_container", "drain", "water_body"};

    // Separate streams per part, so one part's count does not shift another part's random choices.
    private static final long LATTICE_STREAM = 0x4C41_5454L;
    private static final long GRID_NAMES_STREAM = 0x4E41_4D45L;
    private static final long STREETS_STREAM = 0x5354_5245L;
    private static final long FEATURES_STREAM = 0x4645_4154L;

    /** Receives progress while {@link #writeTo} streams features. */
    @FunctionalInterface
    public interface ProgressListener {
        /** Called after every 100,000 features and once at the end (once only if the two coincide). */
        void featuresWritten(long written, long total);
    }

    /** What {@link #writeTo} wrote. */
    public record Summary(Path directory, int largeGrids, int smallGrids, int streets, long features) {
    }

    private final DistrictSpec spec;
    private final LocalEquirectangular projection;
    private final GridLattice lattice;
    private final List<StreetNetworkBuilder.Segment> segments;
    private final List<StreetSegment> streets;
    private final double[] cumulativeLengthMeters;
    private final STRtree smallGridIndex = new STRtree();
    private final Coordinate[][] smallGridRings;

    /** Builds the grids and the street network for {@code spec}; features come later, on demand. */
    public DistrictGenerator(DistrictSpec spec) {
        this.spec = spec;
        this.projection = new LocalEquirectangular(spec.originLon(), spec.originLat());
        this.lattice = new GridLattice(spec, projection, random(LATTICE_STREAM), random(GRID_NAMES_STREAM));
        this.segments = new StreetNetworkBuilder(lattice, random(STREETS_STREAM)).build(spec.streets());

        List<StreetSegment> built = new ArrayList<>(segments.size());
        cumulativeLengthMeters = new double[segments.size()];
        double total = 0;
        for (int k = 0; k < segments.size(); k++) {
            StreetNetworkBuilder.Segment s = segments.get(k);
            Coordinate[] line = new Coordinate[s.xMeters.length];
            for (int m = 0; m < line.length; m++) {
                line[m] = new Coordinate(projection.lon(s.xMeters[m]), projection.lat(s.yMeters[m]));
            }
            built.add(new StreetSegment(k + 1, s.name, s.streetClass, GeometryFactories.WGS84.createLineString(line)));
            total += s.lengthMeters;
            cumulativeLengthMeters[k] = total;
        }
        this.streets = Collections.unmodifiableList(built);

        smallGridRings = new Coordinate[lattice.smallGrids.size()][];
        for (int g = 0; g < smallGridRings.length; g++) {
            smallGridRings[g] = lattice.smallGrids.get(g).polygon().getExteriorRing().getCoordinates();
            smallGridIndex.insert(lattice.smallGrids.get(g).polygon().getEnvelopeInternal(), g);
        }
        smallGridIndex.build();
    }

    private SplittableRandom random(long stream) {
        // SplittableRandom mixes its seed, so nearby seeds and streams still give unrelated sequences.
        return new SplittableRandom(spec.seed() * 0x9E37_79B9_7F4A_7C15L + stream);
    }

    public DistrictSpec spec() {
        return spec;
    }

    /** The large grids, numbered west to east, north to south. They tile the district. */
    public List<Grid> largeGrids() {
        return lattice.largeGrids;
    }

    /** The small grids, large grid by large grid, each large grid's numbered west to east, north to south. */
    public List<Grid> smallGrids() {
        return lattice.smallGrids;
    }

    /** The street segments in id order (street by street, along each street). */
    public List<StreetSegment> streets() {
        return streets;
    }

    /**
     * Generates the features in id order and hands each to {@code sink} without keeping it. Every call
     * produces the same sequence.
     *
     * @throws IllegalStateException if a feature cannot be placed clear of grid edges (not expected
     *                               for cells of a metre or more)
     */
    public void forEachFeature(Consumer<PointFeature> sink) {
        SplittableRandom random = random(FEATURES_STREAM);
        long[] perTypeSequence = new long[FeatureType.values().length];
        Map<String, int[]> perStreetSequence = new HashMap<>();
        double[] placed = new double[5];
        for (long id = 1; id <= spec.features(); id++) {
            FeatureType type = pickType(random.nextDouble());
            int grid = place(random, placed);
            StreetNetworkBuilder.Segment street = segments.get((int) placed[2]);
            double alongMeters = placed[3];
            boolean leftSide = placed[4] > 0;

            long typeSequence = ++perTypeSequence[type.ordinal()];
            int streetSequence = ++perStreetSequence.computeIfAbsent(street.name,
                    n -> new int[FeatureType.values().length])[type.ordinal()];
            // Chinese house numbers run odd on one side of a street and even on the other.
            long houseNumber = 2 * (long) (alongMeters / 20) + (leftSide ? 1 : 2);
            String status = random.nextDouble() < REMOVED_SHARE ? PointFeature.REMOVED : PointFeature.ACTIVE;
            Instant createdAt = REFERENCE_INSTANT.minusSeconds(1 + random.nextLong(CREATED_WINDOW_SECONDS));
            sink.accept(new PointFeature(id, type,
                    street.name + type.chineseName() + streetSequence + "号",
                    type.codePrefix() + "-" + GridLattice.pad(typeSequence, 6),
                    street.name + houseNumber + "号附近",
                    status,
                    lattice.smallGrids.get(grid).code(),
                    createdAt,
                    attributes(type, random),
                    GeometryFactories.point(placed[0], placed[1])));
        }
    }

    private static FeatureType pickType(double roll) {
        double cumulative = 0;
        FeatureType[] types = FeatureType.values();
        for (FeatureType type : types) {
            cumulative += type.share();
            if (roll < cumulative) {
                return type;
            }
        }
        return types[types.length - 1];
    }

    private static Map<String, Object> attributes(FeatureType type, SplittableRandom random) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        switch (type) {
            case TRASH_BIN -> {
                attributes.put("lidded", random.nextDouble() < 0.9);
                attributes.put("capacityLiters", random.nextBoolean() ? 120 : 240);
            }
            case SEWER_WELL -> attributes.put("coverIntact", random.nextDouble() < 0.9);
            case RAT_BAIT_STATION -> attributes.put("baitType", "溴敌隆");
            case STAGNANT_WATER -> attributes.put("containerType",
                    CONTAINER_TYPES[random.nextInt(CONTAINER_TYPES.length)]);
        }
        return attributes;
    }

    /**
     * Picks a spot 2–8 m to one side of a random street position (segments weighted by length, so
     * features are evenly spread along streets) that lies inside exactly one small grid and at least
     * {@link #MIN_EDGE_CLEARANCE_METERS} from its edges; spots outside the district or too close to an
     * edge are redrawn. Fills {@code out} with lon, lat, segment index, distance along the street in
     * metres and 1 for the left side (0 right). Returns the small grid's index.
     */
    private int place(SplittableRandom random, double[] out) {
        double total = cumulativeLengthMeters[cumulativeLengthMeters.length - 1];
        for (int attempt = 0; attempt < MAX_PLACEMENT_ATTEMPTS; attempt++) {
            int k = Arrays.binarySearch(cumulativeLengthMeters, random.nextDouble() * total);
            k = Math.min(k >= 0 ? k + 1 : -k - 1, cumulativeLengthMeters.length - 1);
            StreetNetworkBuilder.Segment s = segments.get(k);
            double distance = random.nextDouble() * s.lengthMeters;
            boolean left = random.nextBoolean();
            double offset = MIN_OFFSET_METERS + random.nextDouble() * (MAX_OFFSET_METERS - MIN_OFFSET_METERS);

            int m = 1;
            double walked = 0;
            double piece = Math.hypot(s.xMeters[1] - s.xMeters[0], s.yMeters[1] - s.yMeters[0]);
            while (m < s.xMeters.length - 1 && walked + piece < distance) {
                walked += piece;
                m++;
                piece = Math.hypot(s.xMeters[m] - s.xMeters[m - 1], s.yMeters[m] - s.yMeters[m - 1]);
            }
            if (piece == 0) {
                continue;
            }
            double ux = (s.xMeters[m] - s.xMeters[m - 1]) / piece;
            double uy = (s.yMeters[m] - s.yMeters[m - 1]) / piece;
            double t = Math.min(distance - walked, piece);
            double side = left ? 1 : -1; // the left normal of (ux, uy) is (-uy, ux)
            double x = s.xMeters[m - 1] + ux * t - uy * offset * side;
            double y = s.yMeters[m - 1] + uy * t + ux * offset * side;
            double lon = projection.lon(x);
            double lat = projection.lat(y);
            int grid = containingSmallGrid(lon, lat);
            if (grid >= 0) {
                out[0] = lon;
                out[1] = lat;
                out[2] = k;
                out[3] = s.startAlongMeters + distance;
                out[4] = left ? 1 : 0;
                return grid;
            }
        }
        throw new IllegalStateException("could not place a feature clear of grid edges in "
                + MAX_PLACEMENT_ATTEMPTS + " attempts");
    }

    /**
     * The index of the one small grid whose interior holds (lon, lat) at least the edge clearance away
     * from its boundary, or -1 if there is none or the point is too close to an edge.
     */
    private int containingSmallGrid(double lon, double lat) {
        Coordinate p = new Coordinate(lon, lat);
        int[] found = {-1, 0};
        smallGridIndex.query(new Envelope(p), item -> {
            int g = (Integer) item;
            if (RayCrossingCounter.locatePointInRing(p, smallGridRings[g]) == Location.INTERIOR) {
                found[0] = g;
                found[1]++;
            }
        });
        if (found[1] != 1 || edgeDistanceMeters(lon, lat, smallGridRings[found[0]]) < MIN_EDGE_CLEARANCE_METERS) {
            return -1;
        }
        return found[0];
    }

    private double edgeDistanceMeters(double lon, double lat, Coordinate[] ring) {
        double kx = projection.metersPerDegreeLon();
        double ky = projection.metersPerDegreeLat();
        double best = Double.MAX_VALUE;
        for (int k = 1; k < ring.length; k++) {
            double ax = (ring[k - 1].x - lon) * kx;
            double ay = (ring[k - 1].y - lat) * ky;
            double bx = (ring[k].x - lon) * kx;
            double by = (ring[k].y - lat) * ky;
            double dx = bx - ax;
            double dy = by - ay;
            double lengthSquared = dx * dx + dy * dy;
            double t = lengthSquared == 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / lengthSquared));
            best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
        }
        return best;
    }

    /** {@link #writeTo(Path, ProgressListener)} without progress reports. */
    public Summary writeTo(Path directory) throws IOException {
        return writeTo(directory, (written, total) -> {
        });
    }

    /**
     * Writes {@link #FILE_NAMES} into {@code directory} (created if missing, files replaced) as UTF-8
     * GeoJSON FeatureCollections, lon/lat WGS84. Grids carry their code as Feature id; streets and
     * features a 1-based integer. Streets and features are streamed, so memory does not grow with the
     * feature count.
     */
    public Summary writeTo(Path directory, ProgressListener progress) throws IOException {
        Files.createDirectories(directory);
        writeGrids(directory.resolve(LARGE_GRIDS_FILE), lattice.largeGrids);
        writeGrids(directory.resolve(SMALL_GRIDS_FILE), lattice.smallGrids);
        try (Writer out = open(directory.resolve(STREETS_FILE))) {
            GeoJsonWriter.FeatureCollectionWriter collection = new GeoJsonWriter.FeatureCollectionWriter(out).begin();
            for (StreetSegment street : streets) {
                collection.feature(street.id(), street.geometry(), street.properties());
            }
            collection.end(null);
        }
        long[] written = {0};
        try (Writer out = open(directory.resolve(FEATURES_FILE))) {
            GeoJsonWriter.FeatureCollectionWriter collection = new GeoJsonWriter.FeatureCollectionWriter(out).begin();
            forEachFeature(feature -> {
                collection.feature(feature.id(), feature.point(), feature.properties());
                if (++written[0] % 100_000 == 0) {
                    progress.featuresWritten(written[0], spec.features());
                }
            });
            collection.end(null);
        }
        if (written[0] % 100_000 != 0) {
            progress.featuresWritten(written[0], spec.features());
        }
        return new Summary(directory, lattice.largeGrids.size(), lattice.smallGrids.size(), streets.size(),
                written[0]);
    }

    private static void writeGrids(Path file, List<Grid> grids) throws IOException {
        try (Writer out = open(file)) {
            GeoJsonWriter.FeatureCollectionWriter collection = new GeoJsonWriter.FeatureCollectionWriter(out).begin();
            for (Grid grid : grids) {
                collection.feature(grid.code(), grid.polygon(), grid.properties());
            }
            collection.end(null);
        }
    }

    private static Writer open(Path file) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8),
                1 << 16);
    }
}
