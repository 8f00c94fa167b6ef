package org.gridwatch.heatmap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import org.gridwatch.feature.FeatureFilter;
import org.gridwatch.feature.FeatureProperty;
import org.gridwatch.feature.FeatureService;
import org.gridwatch.feature.FeatureTypeView;
import org.gridwatch.feature.FeaturesChanged;
import org.gridwatch.grid.GridService;
import org.gridwatch.system.ApiProblem;
import org.locationtech.jts.geom.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Heatmap layers over the stored features: keeps each feature type's active points in memory as a
 * {@link PackedPoints} (reloaded when the type's change stamp moves), renders and caches tiles,
 * and computes legends, density grids and hot spots. Thread-safe.
 */
@Service
public class HeatmapService {

    public static final double MIN_RADIUS_METERS = 1;
    public static final double MAX_RADIUS_METERS = 10_000;
    public static final int MAX_ZOOM = 22;
    public static final int MAX_GRID_SIDE = 2048;
    public static final int MAX_HOTSPOTS = 100;
    private static final Pattern PROPERTY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ColorRamp RAMP = ColorRamp.DEFAULT;

    /**
     * One layer as asked: feature types, kernel radius, creation-time window [from, to) (null = open),
     * optional numeric weight property, optional fixed colour-scale maximum (features per km²).
     */
    public record LayerRequest(List<String> types, double radiusMeters, Instant from, Instant to, String weight,
                               Double max, String source) {
        public LayerRequest {
            types = types.stream().distinct().sorted().toList();
            source = source == null || source.isBlank() ? FEATURES : source.trim();
        }

        /** A layer of stored features. */
        public LayerRequest(List<String> types, double radiusMeters, Instant from, Instant to, String weight, Double max) {
            this(types, radiusMeters, from, to, weight, max, FEATURES);
        }
    }

    /** The default source: the feature store. Others are {@link HeatmapPointSource} beans. */
    public static final String FEATURES = "features";

    /** The colour scale of a layer: its maximum, where the maximum came from, and the ramp's breaks. */
    public record Legend(double max, String maxSource, double radiusMeters, List<ColorRamp.LegendBreak> breaks) {
    }

    /** A density grid: lon/lat box, size, values in features per km² row by row from the north. */
    public record Grid(LonLatRaster frame, float[] values) {
    }

    /** A hot spot: rank from 1, place, density, and the small grid it falls in (null outside every grid). */
    public record HotSpot(int rank, double lon, double lat, double densityPerKm2, String gridCode) {
    }

    private final FeatureService features;
    private final GridService grids;
    private final FeatureStamps stamps;
    private final HeatmapSettings settings;
    private static final Logger log = LoggerFactory.getLogger(HeatmapService.class);

    private final Map<String, TypePoints> store = new ConcurrentHashMap<>();
    private final Set<String> backgroundChecks = ConcurrentHashMap.newKeySet();
    private final ExecutorService stampChecker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "heatmap-stamp-check");
        t.setDaemon(true);
        return t;
    });
    private final Map<LayerKey, DensityLayer.Summary> summaries = lru(32);
    private final Map<LayerKey, FutureTask<DensityLayer.Summary>> summariesInProgress =
            new ConcurrentHashMap<>();
    private final TileCache tiles;
    private final Map<String, HeatmapPointSource> pointSources = new LinkedHashMap<>();
    private final Map<String, SourcePoints> sourcePoints = new ConcurrentHashMap<>();

    HeatmapService(FeatureService features, GridService grids, FeatureStamps stamps, HeatmapSettings settings,
                   org.springframework.beans.factory.ObjectProvider<HeatmapPointSource> sources) {
        this.features = features;
        this.grids = grids;
        this.stamps = stamps;
        this.settings = settings;
        this.tiles = new TileCache(settings.tileCacheBytes());
        sources.orderedStream().forEach(src -> pointSources.put(src.name(), src));
    }

    /** Points of another source for some types at one stamp, re-checked at most once per interval. */
    private record SourcePoints(String stamp, long checkedNanos, PackedPoints points) {
    }

    /** A tile's PNG and whether it came from the cache (for the response header and the tests). */
    record Tile(byte[] png, boolean cached) {
    }

    /** The PNG of tile z/x/y (256×256, Web Mercator XYZ). */
    public byte[] tile(LayerRequest request, int z, long x, long y) {
        return drawn(request, z, x, y).png();
    }

    /**
     * The tile and whether it was cached, from one look at the layer: asking "cached?" and then for the tile made
     * every request build the layer twice (two reads of the type list among them, a third of a tile's time).
     */
    Tile drawn(LayerRequest request, int z, long x, long y) {
        checkTile(z, x, y);
        Layer layer = layer(request);
        double max = scaleMax(request, layer);
        TileKey key = new TileKey(layer.key(), max, z, x, y);
        byte[] cached = tiles.get(key);
        if (cached != null) {
            return new Tile(cached, true);
        }
        WebMercatorRaster frame = WebMercatorRaster.tile(z, x, y, layer.referenceLatitude());
        float[] density = layer.density().density(frame);
        byte[] png = IndexedPngEncoder.encode(RAMP.indexes(density, max), frame.width(), frame.height(), RAMP);
        tiles.put(key, png);
        return new Tile(png, false);
    }

    public Legend legend(LayerRequest request) {
        Layer layer = layer(request);
        return new Legend(scaleMax(request, layer), request.max() != null ? "request" : "layer",
                request.radiusMeters(), RAMP.legend(scaleMax(request, layer)));
    }

    /** The density on a lon/lat grid; {@code frame} null means the layer's extent plus a radius at the given size. */
    public Grid grid(LayerRequest request, Envelope bbox, int width, int height) {
        if (width < 1 || height < 1 || width > MAX_GRID_SIDE || height > MAX_GRID_SIDE) {
            throw ApiProblem.badRequest("heatmap.grid.size", "width and height must be 1-" + MAX_GRID_SIDE
                    + ", got " + width + "x" + height, MAX_GRID_SIDE, width, height);
        }
        Layer layer = layer(request);
        Envelope box = bbox;
        if (box == null) {
            DensityLayer.Summary s = summary(layer);
            box = s.grid() == null ? new Envelope(-0.001, 0.001, -0.001, 0.001)
                    : new Envelope(s.grid().minLon(), s.grid().maxLon(), s.grid().minLat(), s.grid().maxLat());
        }
        if (!(box.getWidth() > 0 && box.getHeight() > 0)) {
            throw ApiProblem.badRequest("heatmap.grid.bbox", "the bbox must have a positive width and height");
        }
        LonLatRaster frame = new LonLatRaster(box.getMinX(), box.getMinY(), box.getMaxX(), box.getMaxY(), width, height);
        return new Grid(frame, layer.density().gridDensity(frame));
    }

    /** The {@code limit} highest density peaks of the layer, at least a radius apart. */
    public List<HotSpot> hotSpots(LayerRequest request, int limit) {
        if (limit < 1 || limit > MAX_HOTSPOTS) {
            throw ApiProblem.badRequest("heatmap.hotspots.limit", "limit must be 1-" + MAX_HOTSPOTS, MAX_HOTSPOTS, limit);
        }
        List<DensityLayer.Peak> peaks = summary(layer(request)).peaks();
        List<HotSpot> out = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, peaks.size()); i++) {
            DensityLayer.Peak p = peaks.get(i);
            out.add(new HotSpot(i + 1, p.lon(), p.lat(), p.densityPerKm2(),
                    grids.smallGridCodeAt(p.lon(), p.lat()).orElse(null)));
        }
        return out;
    }

    private double scaleMax(LayerRequest request, Layer layer) {
        if (request.max() != null) {
            return request.max();
        }
        double max = summary(layer).maxDensityPerKm2();
        return max > 0 ? max : 1;
    }

    private DensityLayer.Summary summary(Layer layer) {
        synchronized (summaries) {
            DensityLayer.Summary s = summaries.get(layer.key());
            if (s != null) {
                return s;
            }
        }
        // One computation per layer: the first tiles of a new layer arrive together (a map asks for
        // a dozen at once), and each used to compute the same city-wide density on its own.
        FutureTask<DensityLayer.Summary> mine =
                new FutureTask<>(() -> layer.density().summary(MAX_HOTSPOTS));
        FutureTask<DensityLayer.Summary> running = summariesInProgress.putIfAbsent(layer.key(), mine);
        if (running == null) {
            running = mine;
            try {
                mine.run();
            } finally {
                summariesInProgress.remove(layer.key(), mine);
            }
        }
        DensityLayer.Summary s;
        try {
            s = running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the layer summary was computed", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
        synchronized (summaries) {
            summaries.put(layer.key(), s);
        }
        return s;
    }

    // ---- layers and the point store -------------------------------------------------------------

    private record Layer(LayerKey key, DensityLayer density, double referenceLatitude) {
    }

    private record LayerKey(List<String> types, double radiusMeters, long fromMillis, long toMillis, String weight,
                            List<FeatureStamps.Stamp> stamps, String source, String sourceStamp) {
    }

    private record TileKey(LayerKey layer, double max, int z, long x, long y) {
    }

    /** One type's active points at one change stamp, with weight arrays made on demand. */
    private record TypePoints(FeatureStamps.Stamp stamp, long checkedNanos, PackedPoints points,
                              Map<String, double[]> weights, boolean changeReported) {
        TypePoints checkedAt(long nanos) {
            return new TypePoints(stamp, nanos, points, weights, false);
        }

        /** An edit of the type was reported: the next request checks before it draws. */
        TypePoints reported() {
            return new TypePoints(stamp, checkedNanos, points, weights, true);
        }
    }

    private Layer layer(LayerRequest request) {
        if (!request.source().equals(FEATURES)) {
            return sourceLayer(request);
        }
        checkRequest(request);
        List<DensityLayer.Source> sources = new ArrayList<>();
        List<FeatureStamps.Stamp> layerStamps = new ArrayList<>();
        Envelope extent = new Envelope();
        for (String type : request.types()) {
            TypePoints tp = points(type);
            layerStamps.add(tp.stamp());
            if (tp.points().size() > 0) {
                extent.expandToInclude(tp.points().extent());
            }
            double[] weights = request.weight() == null ? null : weights(type, tp, request.weight());
            if (request.weight() != null && weights == null) {
                continue; // no feature of this type has the property: every one weighs 0
            }
            sources.add(new DensityLayer.Source(tp.points(), weights));
        }
        if (request.weight() != null && sources.isEmpty()) {
            throw ApiProblem.badRequest("heatmap.weight.unknown",
                    "no feature of the chosen types has a property '" + request.weight() + "'", request.weight());
        }
        long from = request.from() == null ? Long.MIN_VALUE : request.from().toEpochMilli();
        long to = request.to() == null ? Long.MAX_VALUE : request.to().toEpochMilli();
        LayerKey key = new LayerKey(request.types(), request.radiusMeters(), from, to, request.weight(), layerStamps,
                FEATURES, null);
        // Half-degree steps: a feature edit rarely moves it, so tile lattices of a layer keep lining up.
        double refLat = extent.isNull() ? 0 : Math.round(extent.centre().y * 2) / 2.0;
        return new Layer(key, new DensityLayer(sources, from, to, request.radiusMeters()), refLat);
    }

    /** A layer of another source's points (types optional: empty means all; no weights). */
    private Layer sourceLayer(LayerRequest request) {
        HeatmapPointSource src = pointSources.get(request.source());
        if (src == null) {
            throw ApiProblem.badRequest("heatmap.source.unknown", "unknown source '" + request.source() + "'; known: "
                    + FEATURES + ", " + String.join(", ", pointSources.keySet()), request.source(),
                    FEATURES + ", " + String.join(", ", pointSources.keySet()));
        }
        if (request.weight() != null) {
            throw ApiProblem.badRequest("heatmap.weight.source", "weight applies to features only, not to source "
                    + request.source(), request.source());
        }
        checkRequest(request, false, src.knownTypes());
        String cacheKey = request.source() + "|" + String.join(",", request.types());
        long now = System.nanoTime();
        SourcePoints current = sourcePoints.get(cacheKey);
        if (current == null || now - current.checkedNanos() >= settings.versionCheckInterval().toNanos()) {
            String stamp = src.stamp();
            if (current == null || !current.stamp().equals(stamp)) {
                Growable g = new Growable();
                src.forEach(request.types(), g::add);
                current = new SourcePoints(stamp, now, g.pack());
            } else {
                current = new SourcePoints(stamp, now, current.points());
            }
            sourcePoints.put(cacheKey, current);
        }
        long from = request.from() == null ? Long.MIN_VALUE : request.from().toEpochMilli();
        long to = request.to() == null ? Long.MAX_VALUE : request.to().toEpochMilli();
        LayerKey key = new LayerKey(request.types(), request.radiusMeters(), from, to, null, List.of(), request.source(),
                current.stamp());
        Envelope extent = current.points().size() > 0 ? current.points().extent() : null;
        double refLat = extent == null ? 0 : Math.round(extent.centre().y * 2) / 2.0;
        return new Layer(key, new DensityLayer(List.of(new DensityLayer.Source(current.points(), null)), from, to,
                request.radiusMeters()), refLat);
    }

    /**
     * An edit through this instance's API makes the next tile re-read the type's change stamp before it
     * draws, rather than up to one check interval later; the interval remains for edits made straight
     * in the database. Edits by other instances arrive here too, relayed by the change feed outside any
     * transaction (hence the fallback), when a change feed runs.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onFeaturesChanged(FeaturesChanged event) {
        // A single edit names its types: re-reading the stamps of the others (a scan of each type's
        // rows) after every edit of a trash bin kept the database busy under a stream of edits.
        Set<String> touched = null;
        if (event.countChanges() != null) {
            touched = new HashSet<>();
            for (FeaturesChanged.CountChange c : event.countChanges()) touched.add(c.type());
        }
        Set<String> types = touched;
        store.replaceAll((type, points) -> types == null || types.contains(type) ? points.reported() : points);
    }

    /**
     * The type's points: read when there are none or an edit was reported, else the ones held, whose
     * stamp is checked again in the background once the check interval has passed (the stamp query
     * reads every row of the type, about 0.1 s for 250,000, which no tile request should wait for).
     */
    private TypePoints points(String type) {
        long now = System.nanoTime();
        TypePoints current = store.get(type);
        if (current != null && !current.changeReported()) {
            if (now - current.checkedNanos() >= settings.versionCheckInterval().toNanos()) checkInBackground(type);
            return current;
        }
        return checkNow(type, false);
    }

    private void checkInBackground(String type) {
        if (!backgroundChecks.add(type)) return;
        try {
            stampChecker.execute(() -> {
                try {
                    TypePoints current = store.get(type);
                    if (current != null && !current.changeReported()) checkNow(type, true);
                } catch (RuntimeException e) {
                    log.warn("checking whether the {} features changed failed; the next tile tries again", type, e);
                } finally {
                    backgroundChecks.remove(type);
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            backgroundChecks.remove(type);
        }
    }

    /**
     * Reads the type's stamp now, and its points when the stamp moved. {@code periodic}: the check of points held
     * for a while, which may answer from the embedded store's modification id; after a reported edit, or with no
     * points yet, the stamp is read from the rows.
     */
    private TypePoints checkNow(String type, boolean periodic) {
        long now = System.nanoTime();
        TypePoints current = store.get(type);
        FeatureStamps.Stamp stamp = periodic ? stamps.check(type) : stamps.of(type);
        if (current != null && current.stamp().equals(stamp)) {
            TypePoints checked = current.checkedAt(now);
            store.put(type, checked);
            return checked;
        }
        synchronized (this) {
            TypePoints again = store.get(type);
            if (again != null && again.stamp().equals(stamp)) {
                TypePoints checked = again.checkedAt(now);
                store.put(type, checked);
                return checked;
            }
            // Read the stamp before the rows: a change during the load shows at the next check.
            TypePoints loaded = new TypePoints(stamp, now, load(type), new ConcurrentHashMap<>(), false);
            store.put(type, loaded);
            tiles.removeType(type);
            synchronized (summaries) {
                summaries.keySet().removeIf(k -> k.types().contains(type));
            }
            return loaded;
        }
    }

    @PreDestroy
    void stop() {
        stampChecker.shutdownNow();
    }

    private PackedPoints load(String type) {
        Growable g = new Growable();
        // Position, id and creation time are all a density needs; reading whole rows took three times as long.
        features.forEach(new FeatureFilter(List.of(type), null, null, "active"),
                EnumSet.of(FeatureProperty.CREATED_AT), Integer.MAX_VALUE, 0,
                f -> g.add(f.lon(), f.lat(), f.createdAt() == null ? 0 : f.createdAt().toEpochMilli(), f.id()));
        return g.pack();
    }

    /**
     * Weights of one type from a numeric property of the features' attributes, indexed like the
     * type's points; null when no feature has the property. A feature without it weighs 0.
     */
    private double[] weights(String type, TypePoints tp, String property) {
        double[] cached = tp.weights().get(property);
        if (cached != null) {
            return cached.length == 0 ? null : cached;
        }
        double[] w = new double[tp.points().size()];
        boolean[] any = {false};
        features.forEach(new FeatureFilter(List.of(type), null, null, "active"), Integer.MAX_VALUE, 0, f -> {
            int at = tp.points().positionOfId(f.id());
            if (at < 0 || f.attributesJson() == null) {
                return;
            }
            JsonNode v = JSON.readTree(f.attributesJson()).get(property);
            if (v == null || v.isNull()) {
                return;
            }
            any[0] = true;
            if (!v.isNumber() || !(v.doubleValue() >= 0) || Double.isInfinite(v.doubleValue())) {
                String shown = v.toString();
                throw ApiProblem.badRequest("heatmap.weight.notNumeric", "property '" + property + "' of feature "
                                + f.id() + " is not a non-negative number (" + shown + ")", property, f.id(),
                        shown.length() > 40 ? shown.substring(0, 40) + "…" : shown)
                        .with("featureId", f.id());
            }
            w[at] = v.doubleValue();
        });
        tp.weights().put(property, any[0] ? w : new double[0]);
        return any[0] ? w : null;
    }

    private void checkRequest(LayerRequest r) {
        checkRequest(r, true);
    }

    private void checkRequest(LayerRequest r, boolean typesRequired) {
        checkRequest(r, typesRequired, null);
    }

    /** {@code knownTypes}: the keys {@code types} may name; null for the feature types. */
    private void checkRequest(LayerRequest r, boolean typesRequired, List<String> knownTypes) {
        if (typesRequired && r.types().isEmpty()) {
            throw ApiProblem.badRequest("heatmap.type.required", "name at least one feature type (type=...)");
        }
        for (String t : r.types()) {
            if (!(knownTypes != null ? knownTypes.contains(t) : isFeatureType(t))) {
                List<String> known = knownTypes != null ? knownTypes : featureTypeKeys();
                throw ApiProblem.badRequest("heatmap.type.unknown", "unknown feature type '" + t + "'; known types: "
                        + String.join(", ", known), t, String.join(", ", known));
            }
        }
        if (!(r.radiusMeters() >= MIN_RADIUS_METERS && r.radiusMeters() <= MAX_RADIUS_METERS)) {
            throw ApiProblem.badRequest("heatmap.radius.range", "radius must be " + MIN_RADIUS_METERS + "-"
                    + MAX_RADIUS_METERS + " metres, got " + r.radiusMeters(), (int) MIN_RADIUS_METERS,
                    (int) MAX_RADIUS_METERS, String.valueOf(r.radiusMeters()));
        }
        if (r.from() != null && r.to() != null && r.from().isAfter(r.to())) {
            throw ApiProblem.badRequest("heatmap.window.order", "from (" + r.from() + ") is after to (" + r.to() + ")",
                    r.from().toString(), r.to().toString());
        }
        if (r.weight() != null && !PROPERTY.matcher(r.weight()).matches()) {
            throw ApiProblem.badRequest("heatmap.weight.invalid", "weight must be a property name (letters, digits, _)",
                    r.weight());
        }
        if (r.max() != null && !(r.max() > 0 && r.max() < Double.POSITIVE_INFINITY)) {
            throw ApiProblem.badRequest("heatmap.max.invalid", "max must be a positive number, got " + r.max(),
                    String.valueOf(r.max()));
        }
    }

    /**
     * Feature types seen in the store. Types are only ever added, never removed, so a type once seen stays known;
     * one not seen yet (added since, maybe through another instance) sends a read of the list. Every tile used to
     * read the list from the store.
     */
    private final Set<String> featureTypesSeen = ConcurrentHashMap.newKeySet();

    private boolean isFeatureType(String type) {
        return featureTypesSeen.contains(type) || featureTypeKeys().contains(type);
    }

    private List<String> featureTypeKeys() {
        List<String> keys = features.types().stream().map(FeatureTypeView::key).toList();
        featureTypesSeen.addAll(keys);
        return keys;
    }

    static void checkTile(int z, long x, long y) {
        if (z < 0 || z > MAX_ZOOM) {
            throw ApiProblem.badRequest("heatmap.tile.zoom", "zoom must be 0-" + MAX_ZOOM + ", got " + z, MAX_ZOOM, z);
        }
        long n = 1L << z;
        if (x < 0 || y < 0 || x >= n || y >= n) {
            throw ApiProblem.badRequest("heatmap.tile.xy", "at zoom " + z + " x and y must be 0-" + (n - 1) + ", got "
                    + x + "/" + y, n - 1, x, y, z);
        }
    }

    private static <K, V> Map<K, V> lru(int entries) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > entries;
            }
        };
    }

    /** PNGs by tile, least recently used dropped beyond a byte budget. */
    private static final class TileCache {
        private final long maxBytes;
        private final LinkedHashMap<TileKey, byte[]> map = new LinkedHashMap<>(256, 0.75f, true);
        private long bytes;

        TileCache(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        synchronized byte[] get(TileKey k) {
            return map.get(k);
        }

        synchronized boolean contains(TileKey k) {
            return map.containsKey(k);
        }

        synchronized void put(TileKey k, byte[] png) {
            byte[] old = map.put(k, png);
            bytes += png.length - (old == null ? 0 : old.length);
            Iterator<byte[]> it = map.values().iterator();
            while (bytes > maxBytes && it.hasNext()) {
                bytes -= it.next().length;
                it.remove();
            }
        }

        synchronized void removeType(String type) {
            Iterator<Map.Entry<TileKey, byte[]>> it = map.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<TileKey, byte[]> e = it.next();
                if (e.getKey().layer().types().contains(type)) {
                    bytes -= e.getValue().length;
                    it.remove();
                }
            }
        }
    }

    /** Parallel arrays that grow while rows stream in. */
    private static final class Growable {
        double[] lons = new double[1024];
        double[] lats = new double[1024];
        long[] times = new long[1024];
        long[] ids = new long[1024];
        int n;

        void add(double lon, double lat, long time, long id) {
            if (n == lons.length) {
                lons = Arrays.copyOf(lons, n * 2);
                lats = Arrays.copyOf(lats, n * 2);
                times = Arrays.copyOf(times, n * 2);
                ids = Arrays.copyOf(ids, n * 2);
            }
            lons[n] = lon;
            lats[n] = lat;
            times[n] = time;
            ids[n] = id;
            n++;
        }

        PackedPoints pack() {
            return new PackedPoints(Arrays.copyOf(lons, n), Arrays.copyOf(lats, n), Arrays.copyOf(times, n),
                    Arrays.copyOf(ids, n));
        }
    }
}
