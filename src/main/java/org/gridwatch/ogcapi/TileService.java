package org.gridwatch.ogcapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.gridwatch.feature.FeaturesChanged;
import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.grid.GridsChanged;
import org.gridwatch.ogcapi.tiles.MvtEncoder;
import org.gridwatch.ogcapi.tiles.ShapeValues;
import org.gridwatch.ogcapi.tiles.PointClusters;
import org.gridwatch.ogcapi.tiles.PointStore;
import org.gridwatch.ogcapi.tiles.ShapeIndex;
import org.gridwatch.ogcapi.tiles.TileCache;
import org.gridwatch.ogcapi.tiles.TileGeometry;
import org.gridwatch.ogcapi.tiles.TileShape;
import org.gridwatch.ogcapi.tiles.WebMercatorQuad;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Mapbox vector tiles of the collections: one layer per collection, named by its id. Points are written
 * one by one with their id, type, name, status and small grid, or, at zooms below
 * {@code gridwatch.tiles.detail-zoom} and wherever a tile holds more than {@code gridwatch.tiles.max-points}
 * points of a type, as clusters on a 64 × 64 lattice of the tile with their {@code count} (the counts of a
 * tile add up to its points). Small grids and streets start at zooms where a tile holds a readable number
 * of them ({@link #minZoom}). Encoded tiles are cached and dropped when an edit touches them.
 */
@Service
class TileService {

    /** Cells across a tile into which points are clustered. */
    static final int CLUSTER_CELLS = 64;

    private final TileQueries queries;
    private final OgcApiService collections;
    private final TileCache cache;
    private final int detailZoom;
    private final int maxPoints;
    private final long indexMaxAgeNanos;
    /** The points in memory, kept current by {@link PointStoreUpdates}. */
    private final PointStoreUpdates points;

    TileService(TileQueries queries, OgcApiService collections, PointStoreUpdates points,
                @Value("${gridwatch.tiles.detail-zoom:13}") int detailZoom,
                @Value("${gridwatch.tiles.max-points:2000}") int maxPoints,
                @Value("${gridwatch.tiles.cache-entries:20000}") int cacheEntries,
                @Value("${gridwatch.tiles.cache-megabytes:128}") long cacheMegabytes,
                @Value("${gridwatch.tiles.cache-seconds:60}") long cacheSeconds) {
        this.queries = queries;
        this.collections = collections;
        this.points = points;
        this.detailZoom = detailZoom;
        this.maxPoints = maxPoints;
        this.cache = new TileCache(cacheEntries, cacheMegabytes << 20, cacheSeconds * 1_000_000_000L, System::nanoTime);
        this.indexMaxAgeNanos = cacheSeconds * 1_000_000_000L;
    }

    /** The lowest zoom at which a collection's tiles hold anything (below it they are empty). */
    static int minZoom(CollectionSpec c) {
        return switch (c.kind()) {
            case GRIDS -> c.level() == org.gridwatch.grid.GridLevel.LARGE ? 0 : 11;
            case STREETS -> 12;
            case FEATURES -> 0;
        };
    }

    int detailZoom() {
        return detailZoom;
    }

    /**
     * The tile of some collections, one layer each, in their order; zero bytes when all are empty. Not in a
     * transaction: a tile is usually drawn from memory alone, and beginning and ending one took a connection and
     * round trips to the store for every tile; the reads of a tile drawn from the store are each consistent.
     */
    byte[] tile(List<CollectionSpec> layers, WebMercatorQuad.Tile t) {
        StringBuilder key = new StringBuilder();
        for (CollectionSpec c : layers) key.append(c.id()).append(',');
        key.append(t.z()).append('/').append(t.x()).append('/').append(t.y());
        byte[] cached = cache.get(key.toString());
        if (cached != null) return cached;
        long generation = cache.generation();
        byte[] tile = encode(layers, t);
        Set<String> ids = new LinkedHashSet<>();
        layers.forEach(c -> ids.add(c.id()));
        cache.put(key.toString(), tile, t.lonLat(TileGeometry.BUFFER, MvtEncoder.EXTENT), ids, generation);
        return tile;
    }

    /** Encoders kept for reuse, with their grown buffers and dictionaries (a few: one per tile being encoded). */
    private final BlockingQueue<MvtEncoder> encoders = new ArrayBlockingQueue<>(4);

    private byte[] encode(List<CollectionSpec> layers, WebMercatorQuad.Tile t) {
        MvtEncoder mvt = encoders.poll();
        if (mvt == null) mvt = new MvtEncoder();
        mvt.reset();
        try {
            return encode(mvt, layers, t);
        } finally {
            encoders.offer(mvt);
        }
    }

    private byte[] encode(MvtEncoder mvt, List<CollectionSpec> layers, WebMercatorQuad.Tile t) {
        TileGeometry projection = new TileGeometry(t, GeometryFactories.WGS84);
        Map<String, MvtEncoder.Layer> pointLayers = new LinkedHashMap<>();
        for (CollectionSpec c : layers) {
            MvtEncoder.Layer layer = mvt.layer(c.id());
            if (t.z() < minZoom(c)) continue;
            switch (c.kind()) {
                case GRIDS, STREETS -> shapes(layer, shapesIn(c, projection.readBox()), projection);
                case FEATURES -> pointLayers.put(c.typeKey(), layer);
            }
        }
        if (!pointLayers.isEmpty()) points(pointLayers, projection);
        return mvt.encode();
    }

    private static void shapes(MvtEncoder.Layer layer, List<TileShape> shapes, TileGeometry projection) {
        for (TileShape s : shapes) {
            TileGeometry.Parts parts = projection.parts(s);
            if (parts != null) layer.add(s, parts);
        }
    }

    /**
     * Points of all requested types in one query whatever their number: below the detail zoom the database
     * groups them into cells; from it they are read one by one (a tile there is small) and a type with more
     * than {@code maxPoints} in the tile is clustered here. Counting first would read every point twice.
     */
    private void points(Map<String, MvtEncoder.Layer> layers, TileGeometry projection) {
        // Points only in the tile itself, so that every point is in exactly one tile of a zoom
        // (the clusters' counts add up); a symbol crossing the edge is drawn from the tile it is in.
        Envelope box = projection.tile().lonLat();
        PointClusters clusters = clusterSums.poll();
        if (clusters == null) clusters = new PointClusters(CLUSTER_CELLS);
        try {
            points(layers, projection, box, clusters);
        } finally {
            clusters.clear();
            clusterSums.offer(clusters);
        }
    }

    /** Cluster lattices kept for reuse with their arrays, as the encoders are. */
    private final BlockingQueue<PointClusters> clusterSums = new ArrayBlockingQueue<>(4);

    private void points(Map<String, MvtEncoder.Layer> layers, TileGeometry projection, Envelope box, PointClusters clusters) {
        PointStore memory = points.current();
        if (memory != null) {
            fromMemory(memory, layers, projection, clusters);
        } else if (projection.tile().z() < detailZoom) {
            queries.featureCells(layers.keySet(), box, clusters);
        } else {
            Map<String, List<TileQueries.PointRow>> byType = new LinkedHashMap<>();
            for (TileQueries.PointRow p : queries.features(layers.keySet(), box)) {
                byType.computeIfAbsent(p.type(), k -> new ArrayList<>()).add(p);
            }
            byType.forEach((type, rows) -> {
                for (TileQueries.PointRow p : rows) {
                    if (rows.size() > maxPoints) {
                        clusters.addPoint(type, projection.x(p.lon()), projection.y(p.lat()), MvtEncoder.EXTENT, p.lon(), p.lat());
                    } else {
                        single(layers.get(type), p.id(), p.type(), p.lon(), p.lat(), p.name(), p.status(), p.gridCode(), projection);
                    }
                }
            });
        }
        clusters.forEach((type, count, lon, lat) ->
                // The bytes of add(null, a JTS point, {type, count}) without the point and the map.
                layers.get(type).addPoint(-1, projection.x(lon), projection.y(lat), CLUSTER_KEYS, new Object[] {type, count}));
    }

    /**
     * From the points in memory: counted there, then each type clustered or written point by point; nothing is
     * read from the store.
     */
    private void fromMemory(PointStore memory, Map<String, MvtEncoder.Layer> layers, TileGeometry projection,
                            PointClusters clusters) {
        WebMercatorQuad.Tile tile = projection.tile();
        List<String> types = memory.types();
        long[] counts = memory.counts(tile);
        boolean[] toCluster = new boolean[types.size()];
        boolean[] toWrite = new boolean[types.size()];
        boolean anyCluster = false, anySingle = false;
        for (String type : layers.keySet()) {
            int t = types.indexOf(type);
            if (t < 0 || t >= counts.length || counts[t] == 0) continue;
            if (tile.z() < detailZoom || counts[t] > maxPoints) {
                toCluster[t] = true;
                anyCluster = true;
            } else {
                toWrite[t] = true;
                anySingle = true;
            }
        }
        if (anyCluster) memory.cluster(tile, toCluster, clusters);
        if (anySingle) {
            MvtEncoder.Layer[] byType = new MvtEncoder.Layer[types.size()];
            for (int t = 0; t < byType.length; t++) byType[t] = layers.get(types.get(t));
            memory.visitInTile(tile, toWrite, MvtEncoder.EXTENT, (id, type, x, y, name, status, grid) ->
                    byType[type].addPoint(id, x, y, POINT_KEYS, new Object[] {types.get(type), name, status, grid, ONE}));
        }
    }

    /** The properties of a single point, in the order they are written. */
    private static final String[] POINT_KEYS = {"type", "name", "status", "gridCode", "count"};
    private static final Long ONE = 1L;
    private static final String[] CLUSTER_KEYS = {"type", "count"};

    private static void single(MvtEncoder.Layer layer, long id, String type, double lon, double lat, String name,
                               String status, String gridCode, TileGeometry projection) {
        layer.addPoint(id, projection.x(lon), projection.y(lat), POINT_KEYS, new Object[] {type, name, status, gridCode, ONE});
    }

    // ---------------------------------------------------------------- the in-memory grids and streets

    /** Shapes in memory: read after grid change {@code change}, with the stamp read before them, checked at {@code checkedNanos}. */
    private record Shapes(ShapeIndex<TileShape> index, long change, long checkedNanos, String stamp) {
    }

    private final Map<String, Shapes> shapeIndexes = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<String> shapesBuilding = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong gridChanges = new java.util.concurrent.atomic.AtomicLong();

    /**
     * The grids or streets meeting a box: from memory (an R-tree) when read since the last grid edit, else from
     * the store while they are read again in the background. Streets change only by import, which announces
     * nothing, and the store may be changed by hand: once the shapes in memory are older than the cache age, a
     * stamp of them is read in the background and they are read again only when it changed (reading 100,000
     * streets every minute competed with the tiles on a small machine).
     */
    private List<TileShape> shapesIn(CollectionSpec c, Envelope box) {
        Shapes s = shapeIndexes.get(c.id());
        long change = gridChanges.get();
        boolean fresh = s != null && s.change() == change;
        if (!fresh) buildShapesInBackground(c);
        else if (System.nanoTime() - s.checkedNanos() > indexMaxAgeNanos) checkShapesInBackground(c, s);
        if (fresh) return s.index().query(box);
        return prepared(c.kind() == CollectionSpec.Kind.GRIDS ? queries.grids(c.level(), box) : queries.streets(box));
    }

    /** Shapes read for one tile. */
    private static List<TileShape> prepared(List<TileQueries.ShapeRow> rows) {
        return prepared(rows, null);
    }

    /** Shapes to hold in memory: their values numbered in {@code table} ({@link ShapeValues}; null: not numbered). */
    private static List<TileShape> prepared(List<TileQueries.ShapeRow> rows, ShapeValues table) {
        List<TileShape> out = new ArrayList<>(rows.size());
        for (TileQueries.ShapeRow r : rows) out.add(TileShape.of(r.id(), r.geometry(), r.properties(), table));
        return out;
    }

    private final java.util.concurrent.atomic.AtomicLong shapeReads = new java.util.concurrent.atomic.AtomicLong();

    /** For tests: how many times a layer of grids or the streets were read whole into memory. */
    long shapeReads() {
        return shapeReads.get();
    }

    /** For tests: the shapes in memory count as older than the cache age (their stamp is read at the next tile). */
    void ageShapes() {
        shapeIndexes.replaceAll((id, s) -> new Shapes(s.index(), s.change(), s.checkedNanos() - indexMaxAgeNanos - 1, s.stamp()));
    }

    /** For tests: whether grids or streets are being checked or read now. */
    boolean shapesBusy() {
        return !shapesBuilding.isEmpty();
    }

    /** Reads the stamp of shapes held since a while: still the same, they are kept (and checked again later), else read again. */
    private void checkShapesInBackground(CollectionSpec c, Shapes held) {
        if (!shapesBuilding.add(c.id())) return;
        java.util.concurrent.CompletableFuture.runAsync(() -> {
            boolean same;
            try {
                same = held.stamp().equals(queries.shapesStamp(c));
                if (same) shapeIndexes.replace(c.id(), held, new Shapes(held.index(), held.change(), System.nanoTime(), held.stamp()));
            } finally {
                shapesBuilding.remove(c.id());
            }
            if (!same) buildShapesInBackground(c);
        });
    }

    private void buildShapesInBackground(CollectionSpec c) {
        if (!shapesBuilding.add(c.id())) return;
        java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                long change = gridChanges.get();
                // The stamp first, then the shapes: a change between the two leaves a stamp older than the
                // shapes, so the next check reads them again rather than missing the change.
                String stamp = queries.shapesStamp(c);
                Envelope world = new Envelope(-180, 180, -90, 90);
                List<TileQueries.ShapeRow> rows = c.kind() == CollectionSpec.Kind.GRIDS
                        ? queries.grids(c.level(), world) : queries.streets(world);
                Shapes before = shapeIndexes.put(c.id(), new Shapes(ShapeIndex.byEnvelope(prepared(rows, new ShapeValues()),
                        TileShape::lonLat), change, System.nanoTime(), stamp));
                shapeReads.incrementAndGet();
                // Shapes changed without an event (an import, the store edited by hand): the cached tiles drawn
                // from the old ones go too.
                if (before != null && !before.stamp().equals(stamp)) cache.invalidate(world, c.id()::equals);
            } finally {
                shapesBuilding.remove(c.id());
            }
        });
    }

    // ---------------------------------------------------------------- start and waiting

    /** The index is read once the service is up, so that the first zoomed-out tiles need not read every point. */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void onReady() {
        points.rebuildInBackground();
        for (CollectionSpec c : collections.collections()) {
            if (c.kind() != CollectionSpec.Kind.FEATURES) buildShapesInBackground(c);
        }
    }

    /** For tests and benchmarks: waits until the point, grid and street indexes are current; false when not within the time given. */
    boolean awaitPointIndex(java.time.Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            boolean shapesFresh = true;
            for (CollectionSpec c : collections.collections()) {
                if (c.kind() == CollectionSpec.Kind.FEATURES) continue;
                Shapes s = shapeIndexes.get(c.id());
                if (s == null || s.change() != gridChanges.get()) {
                    shapesFresh = false;
                    buildShapesInBackground(c);
                }
            }
            if (shapesFresh && points.current() != null) return true;
            Thread.sleep(50);
        }
        return false;
    }

    private static Geometry point(TileGeometry projection, double lon, double lat) {
        return GeometryFactories.WGS84.createPoint(new Coordinate(projection.x(lon), projection.y(lat)));
    }

    // ---------------------------------------------------------------- invalidation

    /** Point edits (here, or relayed from another instance) drop the cached point tiles over the edited area. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onFeaturesChanged(FeaturesChanged event) {
        // The points in memory first, then the cache: a tile read from the old points after this is not cached
        // (the cache's generation moved on), and one read after it sees the edit.
        points.changed(event.area(), event.countChanges() != null);
        Set<String> pointLayers = pointLayerIds();
        cache.invalidate(event.area(), pointLayers::contains);
    }

    /** Grid edits change grids and the small-grid codes of the points within them. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onGridsChanged(GridsChanged event) {
        gridChanges.incrementAndGet();
        points.changed(event.area(), false);
        Set<String> affected = pointLayerIds();
        affected.add(CollectionSpec.LARGE_GRIDS);
        affected.add(CollectionSpec.SMALL_GRIDS);
        cache.invalidate(event.area(), affected::contains);
    }

    private Set<String> pointLayerIds() {
        Set<String> ids = new java.util.HashSet<>();
        for (CollectionSpec c : collections.collections()) {
            if (c.kind() == CollectionSpec.Kind.FEATURES) ids.add(c.id());
        }
        return ids;
    }

    /** Whether tiles of points are answered from memory now (false before the first read and after a bulk change). */
    boolean pointsInMemory() {
        return points.current() != null;
    }

    int cachedTiles() {
        return cache.size();
    }
}
