package org.gridwatch.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@link MapSpeedBrowserBenchmark}, checked before anything starts.
 *
 * @param city     a generated city directory, or null for the sample district the service seeds itself
 * @param store    {@code h2} or {@code postgis}
 * @param dataDir  H2: the store's directory, kept (reused when it holds a store); null: a temporary one
 * @param schema   PostGIS: the store's schema, kept (reused when it holds grids); null: a scratch schema
 * @param runs     measured runs, each a sign-in and every gesture, after one unmeasured first visit
 * @param widthPx  the browser window's width
 * @param heightPx the browser window's height
 * @param user     the account that signs in
 * @param password its password, or null: the benchmark's own (set as the first admin's in a new store)
 */
record MapSpeedOptions(Path city, String store, Path dataDir, String schema, int runs, int widthPx, int heightPx,
                       String user, String password) {

    static final List<String> KNOWN = List.of("city", "store", "data-dir", "schema", "runs", "window", "user", "password");

    /** Parses {@code --name value} pairs; throws IllegalArgumentException with the reason for any bad one. */
    static MapSpeedOptions parse(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: --" + String.join(", --", KNOWN));
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (opts.put(name, args[i + 1]) != null) throw new IllegalArgumentException("--" + name + " is given twice");
        }
        String store = opts.getOrDefault("store", "h2");
        if (!store.equals("h2") && !store.equals("postgis")) {
            throw new IllegalArgumentException("--store must be h2 or postgis, not " + store);
        }
        if (store.equals("h2") && opts.containsKey("schema")) {
            throw new IllegalArgumentException("--schema is for --store postgis; H2 keeps its store in --data-dir");
        }
        if (store.equals("postgis") && opts.containsKey("data-dir")) {
            throw new IllegalArgumentException("--data-dir is for --store h2; PostGIS keeps its store in --schema");
        }
        String schema = opts.get("schema");
        // The name goes into SQL (the scratch schema is dropped by name): a plain identifier only.
        if (schema != null && !schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("--schema must be a lower-case SQL name (letters, digits, _), not " + schema);
        }
        Path city = opts.containsKey("city") ? Path.of(opts.get("city")) : null;
        if (city != null) {
            for (String file : List.of("large_grids.geojson", "small_grids.geojson", "streets.geojson", "features.geojson")) {
                if (!Files.isRegularFile(city.resolve(file))) {
                    throw new IllegalArgumentException("--city " + city + " holds no " + file
                            + "; generate a city first (README, Sample district and benchmark city)");
                }
            }
        }
        int runs = positive("runs", opts.getOrDefault("runs", "5"), 1000);
        String window = opts.getOrDefault("window", "1366x768");
        String[] size = window.split("x", -1);
        if (size.length != 2) throw new IllegalArgumentException("--window must be WIDTHxHEIGHT in pixels, not " + window);
        int width = positive("window", size[0], 10_000), height = positive("window", size[1], 10_000);
        if (width < 320 || height < 320) {
            throw new IllegalArgumentException("--window must be at least 320x320 pixels, not " + window);
        }
        String user = opts.getOrDefault("user", "admin");
        Path dataDir = opts.containsKey("data-dir") ? Path.of(opts.get("data-dir")) : null;
        return new MapSpeedOptions(city, store, dataDir, schema, runs, width, height, user, opts.get("password"));
    }

    private static int positive(String name, String value, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= max) return n;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("--" + name + " needs a whole number from 1 to " + max + ", not " + value);
    }
}
