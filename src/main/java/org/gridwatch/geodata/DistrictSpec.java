package org.gridwatch.geodata;

/**
 * What {@link DistrictGenerator} should make: how many of each thing, where, and from which seed.
 * Equal specs give byte-identical output.
 *
 * @param largeGrids     number of large grids (大网格), at least 1
 * @param smallGrids     total number of small grids (小网格), at least {@code largeGrids}; spread as
 *                       evenly as possible (counts differ by at most one between large grids)
 * @param features       number of point features, at least 0
 * @param streets        number of street segments (LineStrings), at least 1
 * @param seed           seed of every random choice
 * @param originLon      longitude of the centre of the district's bounding box, degrees (WGS84)
 * @param originLat      latitude of the centre of the district's bounding box, degrees (WGS84),
 *                       within ±80 so the local equirectangular approximation holds
 * @param cellSizeMeters side of one lattice cell, i.e. of a typical small grid, metres (1 to 10,000)
 */
public record DistrictSpec(int largeGrids, int smallGrids, int features, int streets, long seed,
                           double originLon, double originLat, double cellSizeMeters) {

    // Counts and seed of the bundled sample district (a fictional 锦南街道 in Shenzhen); also the
    // defaults of GenerateCommand.
    public static final int SAMPLE_LARGE_GRIDS = 6;
    public static final int SAMPLE_SMALL_GRIDS = 384;
    public static final int SAMPLE_FEATURES = 400;
    public static final int SAMPLE_STREETS = 600;
    public static final long SAMPLE_SEED = 1L;

    public DistrictSpec {
        if (largeGrids < 1) {
            throw new IllegalArgumentException("largeGrids must be at least 1, was " + largeGrids);
        }
        if (smallGrids < largeGrids) {
            throw new IllegalArgumentException("smallGrids (" + smallGrids
                    + ") must be at least largeGrids (" + largeGrids + "): every large grid needs one");
        }
        if (features < 0) {
            throw new IllegalArgumentException("features must not be negative, was " + features);
        }
        if (streets < 1) {
            throw new IllegalArgumentException("streets must be at least 1 (features are placed along them), was "
                    + streets);
        }
        if (!(originLon >= -180 && originLon <= 180)) {
            throw new IllegalArgumentException("originLon must be within [-180, 180], was " + originLon);
        }
        if (!(originLat >= -80 && originLat <= 80)) {
            throw new IllegalArgumentException("originLat must be within [-80, 80], was " + originLat);
        }
        if (!(cellSizeMeters >= 1 && cellSizeMeters <= 10_000)) {
            throw new IllegalArgumentException("cellSizeMeters must be within [1, 10000], was " + cellSizeMeters);
        }
    }

    /**
     * The bundled sample district: 6 large grids of 64 small grids (100 m cells), 600 street segments
     * and 400 features around lon 114.06, lat 22.54, seed 1.
     */
    public static DistrictSpec sample() {
        return new DistrictSpec(SAMPLE_LARGE_GRIDS, SAMPLE_SMALL_GRIDS, SAMPLE_FEATURES, SAMPLE_STREETS,
                SAMPLE_SEED, 114.06, 22.54, 100.0);
    }

    /** This spec with other counts; place, cell size and seed are kept. Validated like the constructor. */
    public DistrictSpec withCounts(int largeGrids, int smallGrids, int features, int streets) {
        return new DistrictSpec(largeGrids, smallGrids, features, streets, seed, originLon, originLat,
                cellSizeMeters);
    }

    /** This spec with another seed. */
    public DistrictSpec withSeed(long seed) {
        return new DistrictSpec(largeGrids, smallGrids, features, streets, seed, originLon, originLat,
                cellSizeMeters);
    }
}
