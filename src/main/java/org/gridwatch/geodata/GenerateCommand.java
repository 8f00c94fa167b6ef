package org.gridwatch.geodata;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Command line for {@link DistrictGenerator}:
 * {@code generate --out DIR [--large N] [--small N] [--features N] [--streets N] [--seed N]}.
 * Counts and seed default to the sample district ({@link DistrictSpec#sample()}), as do the place and
 * cell size. No Spring: the Boot main class hands {@code args} over when {@code args[0]} is
 * {@code generate}.
 */
public final class GenerateCommand {

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: generate --out DIR [--large N] [--small N] [--features N] [--streets N] [--seed N]",
            "  writes large_grids.geojson, small_grids.geojson, streets.geojson and features.geojson to DIR",
            "  defaults (the bundled sample district): --large " + DistrictSpec.SAMPLE_LARGE_GRIDS
                    + " --small " + DistrictSpec.SAMPLE_SMALL_GRIDS
                    + " --features " + DistrictSpec.SAMPLE_FEATURES
                    + " --streets " + DistrictSpec.SAMPLE_STREETS
                    + " --seed " + DistrictSpec.SAMPLE_SEED,
            "  benchmark city: --large 50 --small 20000 --features 1000000 --streets 100000 --seed 1");

    private GenerateCommand() {
    }

    public static void main(String[] args) {
        int exitCode = run(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** {@link #run(String[], PrintStream, PrintStream)} on standard output and standard error. */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    /**
     * Parses {@code args} (the first being {@code generate}), generates and writes the district.
     *
     * @return 0 on success, 2 for bad arguments (usage printed to {@code err}), 1 if writing failed
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path outDirectory = null;
        DistrictSpec sample = DistrictSpec.sample();
        int large = sample.largeGrids();
        int small = sample.smallGrids();
        int features = sample.features();
        int streets = sample.streets();
        long seed = sample.seed();
        DistrictSpec spec;
        try {
            if (args.length == 0 || !"generate".equals(args[0])) {
                throw new IllegalArgumentException("the first argument must be 'generate'");
            }
            for (int k = 1; k < args.length; k += 2) {
                String option = args[k];
                if (k + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + option);
                }
                String value = args[k + 1];
                switch (option) {
                    case "--out" -> outDirectory = Path.of(value);
                    case "--large" -> large = parseInt(option, value);
                    case "--small" -> small = parseInt(option, value);
                    case "--features" -> features = parseInt(option, value);
                    case "--streets" -> streets = parseInt(option, value);
                    case "--seed" -> seed = parseLong(option, value);
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if (outDirectory == null) {
                throw new IllegalArgumentException("--out DIR is required");
            }
            spec = sample.withCounts(large, small, features, streets).withSeed(seed);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }

        long startNanos = System.nanoTime();
        out.printf(Locale.ROOT, "generating %d large grids, %d small grids, %d streets, %d features (seed %d)%n",
                spec.largeGrids(), spec.smallGrids(), spec.streets(), spec.features(), spec.seed());
        try {
            DistrictGenerator generator = new DistrictGenerator(spec);
            out.printf(Locale.ROOT, "grids and streets built in %.1f s; writing to %s%n",
                    seconds(startNanos), outDirectory.toAbsolutePath());
            DistrictGenerator.Summary summary = generator.writeTo(outDirectory, (written, total) ->
                    out.printf(Locale.ROOT, "features written: %d / %d (%.1f s)%n", written, total, seconds(startNanos)));
            out.printf(Locale.ROOT, "done in %.1f s: %d large grids, %d small grids, %d streets, %d features%n",
                    seconds(startNanos), summary.largeGrids(), summary.smallGrids(), summary.streets(),
                    summary.features());
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("error: generation failed: " + e);
            return 1;
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static int parseInt(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, got '" + value + "'");
        }
    }

    private static long parseLong(String option, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, got '" + value + "'");
        }
    }
}
