package org.gridwatch.ogcapi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.gridwatch.feature.FeatureService;
import org.gridwatch.feature.FeatureTypeView;
import org.gridwatch.feature.FeatureView;
import org.gridwatch.grid.GridLevel;
import org.gridwatch.system.ApiProblem;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The collections of the OGC API and their items, read through {@link OgcQueries}; the feature types
 * and single features come from {@link FeatureService}. Pages are keyset pages ordered by the internal row id, so
 * reading a collection page by page returns every item exactly once even while it grows.
 */
@Service
class OgcApiService {

    /** Extents are whole-table aggregates; a minute-old extent is good enough for a layer's zoom-to. */
    static final Duration EXTENT_TTL = Duration.ofSeconds(60);
    /** Rows fetched per round when point features must be refined against a non-rectangular area. */
    private static final int REFINE_BATCH = 2_000;

    private final OgcQueries queries;
    private final FeatureService features;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, CachedExtent> extents = new ConcurrentHashMap<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();

    OgcApiService(OgcQueries queries, FeatureService features) {
        this.queries = queries;
        this.features = features;
    }

    private record CachedExtent(OgcQueries.Extent extent, Instant computedAt) {
    }

    /** A page of items; {@code nextCursor} is null on the last page; numberMatched is empty when not known cheaply. */
    record ItemPage(List<OgcItem> items, Long nextCursor, OptionalLong numberMatched) {
    }

    /** large_grids, small_grids, streets, then one per feature type (in the types' sort order). */
    /**
     * The collections, kept for {@link #COLLECTIONS_TTL_NANOS}: every tile request names its layers by them, and
     * reading the feature types from the store for each tile was most of what a tile cost beyond its drawing.
     * A type added here is seen at once (the list is dropped when the addition commits); one added through
     * another instance within that time.
     */
    List<CollectionSpec> collections() {
        CachedCollections c = cachedCollections;
        long now = System.nanoTime();
        if (c != null && now - c.readNanos() < COLLECTIONS_TTL_NANOS) return c.collections();
        List<CollectionSpec> all = readCollections();
        cachedCollections = new CachedCollections(all, now);
        return all;
    }

    private static final long COLLECTIONS_TTL_NANOS = 5_000_000_000L;

    private record CachedCollections(List<CollectionSpec> collections, long readNanos) {
    }

    private volatile CachedCollections cachedCollections;

    @org.springframework.transaction.event.TransactionalEventListener(fallbackExecution = true)
    void onFeatureTypesChanged(org.gridwatch.feature.FeatureTypesChanged event) {
        cachedCollections = null;
    }

    private List<CollectionSpec> readCollections() {
        List<CollectionSpec> all = new ArrayList<>(List.of(CollectionSpec.grids(GridLevel.LARGE),
                CollectionSpec.grids(GridLevel.SMALL), CollectionSpec.streets()));
        for (FeatureTypeView t : features.types()) {
            boolean clash = all.stream().anyMatch(c -> c.id().equals(t.key()));
            if (!clash) all.add(CollectionSpec.features(t.key(), t.labelZh(), t.labelEn()));
        }
        return List.copyOf(all);
    }

    CollectionSpec collection(String id) {
        return collections().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("ogcapi.collection.notFound", "no collection '" + id
                        + "'; see /ogcapi/collections", id));
    }

    /**
     * The extent of a collection. Extents are whole-table aggregates (seconds over 1,000,000 features), so
     * they are cached: an entry older than {@link #EXTENT_TTL} is still served while one background
     * refresh replaces it, and only a collection never computed before makes its caller wait.
     */
    OgcQueries.Extent extent(CollectionSpec c) {
        CachedExtent cached = extents.get(c.id());
        if (cached == null) {
            refreshExtents();
            cached = extents.get(c.id());
            return cached == null ? new OgcQueries.Extent(null, null, null) : cached.extent();
        }
        if (cached.computedAt().plus(EXTENT_TTL).isBefore(clock.instant())) {
            refreshInBackground();
        }
        return cached.extent();
    }

    /** Computes every collection's extent in four queries (one pass over the features). */
    synchronized void refreshExtents() {
        Instant now = clock.instant();
        extents.put(CollectionSpec.LARGE_GRIDS, new CachedExtent(queries.gridExtent(GridLevel.LARGE), now));
        extents.put(CollectionSpec.SMALL_GRIDS, new CachedExtent(queries.gridExtent(GridLevel.SMALL), now));
        extents.put(CollectionSpec.STREETS, new CachedExtent(queries.streetExtent(), now));
        Map<String, OgcQueries.Extent> byType = queries.featureExtents();
        for (FeatureTypeView t : features.types()) {
            if (t.key().equals(CollectionSpec.LARGE_GRIDS) || t.key().equals(CollectionSpec.SMALL_GRIDS)
                    || t.key().equals(CollectionSpec.STREETS)) {
                continue;
            }
            extents.put(t.key(), new CachedExtent(byType.getOrDefault(t.key(), new OgcQueries.Extent(null, null, null)), now));
        }
    }

    /** Edits (here or relayed from another instance) change what feature filters match: their counts are dropped. */
    @org.springframework.transaction.event.TransactionalEventListener(
            phase = org.springframework.transaction.event.TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onFeaturesChanged(org.gridwatch.feature.FeaturesChanged event) {
        queries.tableChanged("feature");
    }

    /** Grid edits change grids and the grid codes of the features in them. */
    @org.springframework.transaction.event.TransactionalEventListener(
            phase = org.springframework.transaction.event.TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onGridsChanged(org.gridwatch.grid.GridsChanged event) {
        queries.tableChanged("grid");
        queries.tableChanged("feature");
    }

    /** Computes the extents once the service is up, so that the first client does not wait for them. */
    @EventListener(ApplicationReadyEvent.class)
    void warmExtents() {
        refreshInBackground();
    }

    private void refreshInBackground() {
        if (refreshing.compareAndSet(false, true)) {
            CompletableFuture.runAsync(() -> {
                try {
                    refreshExtents();
                } finally {
                    refreshing.set(false);
                }
            });
        }
    }

    @Transactional(readOnly = true)
    ItemPage items(CollectionSpec c, ItemFilter filter, Long afterCursor, int limit, boolean countMatched) {
        List<OgcItem> rows = switch (c.kind()) {
            case GRIDS -> queries.gridPage(c.level(), filter, afterCursor, limit + 1);
            case STREETS -> queries.streetPage(filter, afterCursor, limit + 1);
            case FEATURES -> featurePage(c, filter, afterCursor, limit + 1);
        };
        Long next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            next = rows.get(limit - 1).cursor();
        }
        OptionalLong matched = OptionalLong.empty();
        if (countMatched) {
            matched = switch (c.kind()) {
                case GRIDS -> OptionalLong.of(queries.gridCount(c.level(), filter));
                case STREETS -> OptionalLong.of(queries.streetCount(filter));
                // The count of a non-rectangular area would need every candidate read; it is left out.
                case FEATURES -> filter.area() != null ? OptionalLong.empty()
                        : OptionalLong.of(queries.featureCount(c.typeKey(), filter));
            };
        }
        return new ItemPage(rows, next, matched);
    }

    @Transactional(readOnly = true)
    OgcItem item(CollectionSpec c, String featureId) {
        ApiProblem notFound = ApiProblem.notFound("ogcapi.item.notFound",
                "collection " + c.id() + " has no item '" + featureId + "'", c.id(), featureId);
        return switch (c.kind()) {
            case GRIDS -> queries.grid(c.level(), featureId).orElseThrow(() -> notFound);
            case STREETS -> queries.street(parseId(featureId).orElseThrow(() -> notFound)).orElseThrow(() -> notFound);
            case FEATURES -> {
                long id = parseId(featureId).orElseThrow(() -> notFound);
                FeatureView f;
                try {
                    f = features.get(id);
                } catch (ApiProblem p) {
                    throw notFound;
                }
                if (!f.type().equals(c.typeKey())) throw notFound;
                yield featureItem(f);
            }
        };
    }

    private List<OgcItem> featurePage(CollectionSpec c, ItemFilter filter, Long afterCursor, int want) {
        if (filter.area() == null) {
            return queries.featurePage(c.typeKey(), filter, afterCursor, want);
        }
        // A bbox in a projected CRS is a rotated quadrilateral in lon/lat: read its envelope in id order and
        // keep the points inside, until the page is full or the candidates run out.
        PreparedGeometry area = PreparedGeometryFactory.prepare(filter.area());
        List<OgcItem> out = new ArrayList<>(Math.min(want, 10_001));
        Long after = afterCursor;
        while (out.size() < want) {
            List<OgcItem> batch = queries.featurePage(c.typeKey(), filter, after, REFINE_BATCH);
            for (OgcItem f : batch) {
                if (out.size() < want && area.covers(f.geometry())) out.add(f);
            }
            if (batch.size() < REFINE_BATCH) break;
            after = batch.get(batch.size() - 1).cursor();
        }
        return out;
    }

    private static OgcItem featureItem(FeatureView f) {
        return new OgcItem(f.id(), f.id(), f.point(), f.properties());
    }

    private static java.util.Optional<Long> parseId(String text) {
        try {
            return java.util.Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
