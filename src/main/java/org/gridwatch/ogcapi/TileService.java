package org.gridwatch.ogcapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gridwatch.feature.FeaturesChanged;
import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.grid.GridsChanged;
import org.gridwatch.ogcapi.tiles.MvtEncoder;
import org.gridwatch.ogcapi.tiles.PointClusters;
import org.gridwatch.ogcapi.tiles.TileCache;
import org.gridwatch.ogcapi.tiles.TileGeometry;
import org.gridwatch.ogcapi.tiles.WebMercatorQuad;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
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

    TileService(TileQueries queries, OgcApiService collections,
                @Value("${gridwatch.tiles.detail-zoom:13}") int detailZoom,
                @Value("${gridwatch.tiles.max-points:2000}") int maxPoints,
                @Value("${gridwatch.tiles.cache-entries:20000}") int cacheEntries,
                @Value("${gridwatch.tiles.cache-megabytes:128}") long cacheMegabytes,
                @Value("${gridwatch.tiles.cache-seconds:60}") long cacheSeconds) {
        this.queries = queries;
        this.collections = collections;
        this.detailZoom = detailZoom;
        this.maxPoints = maxPoints;
        this.cache = new TileCache(cacheEntries, cacheMegabytes << 20, cacheSeconds * 1_000_000_000L, System::nanoTime);
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

    /** The tile of some collections, one layer each, in their order; zero bytes when all are empty. */
    @Transactional(readOnly = true)
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

    private byte[] encode(List<CollectionSpec> layers, WebMercatorQuad.Tile t) {
        MvtEncoder mvt = new MvtEncoder();
        TileGeometry projection = new TileGeometry(t, GeometryFactories.WGS84);
        Map<String, MvtEncoder.Layer> pointLayers = new LinkedHashMap<>();
        for (CollectionSpec c : layers) {
            MvtEncoder.Layer layer = mvt.layer(c.id());
            if (t.z() < minZoom(c)) continue;
            switch (c.kind()) {
                case GRIDS -> shapes(layer, queries.grids(c.level(), projection.readBox()), projection);
                case STREETS -> shapes(layer, queries.streets(projection.readBox()), projection);
                case FEATURES -> pointLayers.put(c.typeKey(), layer);
            }
        }
        if (!pointLayers.isEmpty()) points(pointLayers, projection);
        return mvt.encode();
    }

    private static void shapes(MvtEncoder.Layer layer, List<TileQueries.ShapeRow> rows, TileGeometry projection) {
        for (TileQueries.ShapeRow r : rows) {
            Geometry g = projection.project(r.geometry());
            if (g != null) layer.add(r.id(), g, r.properties());
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
        PointClusters clusters = new PointClusters(CLUSTER_CELLS);
        if (projection.tile().z() < detailZoom) {
            queries.featureCells(layers.keySet(), box, clusters);
        } else {
            Map<String, List<TileQueries.PointRow>> byType = new LinkedHashMap<>();
            for (TileQueries.PointRow p : queries.features(layers.keySet(), box)) {
                byType.computeIfAbsent(p.type(), k -> new ArrayList<>()).add(p);
            }
            byType.forEach((type, rows) -> {
                MvtEncoder.Layer layer = layers.get(type);
                for (TileQueries.PointRow p : rows) {
                    if (rows.size() > maxPoints) {
                        clusters.addPoint(type, projection.x(p.lon()), projection.y(p.lat()), MvtEncoder.EXTENT, p.lon(), p.lat());
                        continue;
                    }
                    Map<String, Object> props = new LinkedHashMap<>();
                    props.put("type", p.type());
                    props.put("name", p.name());
                    props.put("status", p.status());
                    props.put("gridCode", p.gridCode());
                    props.put("count", 1L);
                    layer.add(p.id(), point(projection, p.lon(), p.lat()), props);
                }
            });
        }
        for (PointClusters.Cluster c : clusters.clusters()) {
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("type", c.type());
            props.put("count", c.count());
            layers.get(c.type()).add(null, point(projection, c.lon(), c.lat()), props);
        }
    }

    private static Geometry point(TileGeometry projection, double lon, double lat) {
        return GeometryFactories.WGS84.createPoint(new Coordinate(projection.x(lon), projection.y(lat)));
    }

    // ---------------------------------------------------------------- invalidation

    /** Point edits (here, or relayed from another instance) drop the cached point tiles over the edited area. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onFeaturesChanged(FeaturesChanged event) {
        Set<String> pointLayers = pointLayerIds();
        cache.invalidate(event.area(), pointLayers::contains);
    }

    /** Grid edits change grids and the small-grid codes of the points within them. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onGridsChanged(GridsChanged event) {
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

    int cachedTiles() {
        return cache.size();
    }
}
