package org.gridwatch.map;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import org.gridwatch.feature.FeaturesChanged;
import org.gridwatch.geo.BoundingBox;
import org.gridwatch.grid.GridService;
import org.gridwatch.grid.GridsChanged;
import org.gridwatch.grid.GridView;
import org.gridwatch.system.ApiProblem;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Point;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Answers the map's own questions: settings, feature counts, search.
 *
 * <p>Feature counts for views up to {@link #EXACT_MAX_AREA_KM2} are counted feature by feature in
 * the database. Larger views may hold a whole city of a million features, which no database scans
 * on every pan; they are answered from a {@link GridCountIndex} (counts per small grid) kept in
 * memory. The index is rebuilt in the background after features or grids changed, and the stale
 * one answers meanwhile, so those answers say {@code approximate} and {@code asOf}.
 */
@Service
public class MapService {

    /** The most cluster cells one request may ask for: far more than a screen can show as bubbles. */
    public static final long MAX_CELLS = 20_000;
    /** The most answers the search box returns per kind. */
    public static final int MAX_SEARCH_HITS = 50;
    /** Views up to this size are counted exactly; a map at zoom 16 on a laptop screen shows about 4 km². */
    public static final double EXACT_MAX_AREA_KM2 = 4;
    private static final double EARTH_RADIUS_METERS = 6_371_008.8;
    /**
     * Reading a city's counts again takes about a second of database time; changes that cannot be
     * applied in place (bulk loads) trigger it at most this often, which keeps other instances within
     * the second the multi-instance setup promises for small stores.
     */
    static final long MIN_REBUILD_INTERVAL_NANOS = 500_000_000L;

    private final MapQueries queries;
    private final GridService grids;
    private final AtomicBoolean indexStale = new AtomicBoolean(true);
    private final AtomicBoolean indexBuilding = new AtomicBoolean();
    private final ExecutorService indexBuilder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "map-count-index");
        t.setDaemon(true);
        return t;
    });
    private volatile GridCountIndex index;
    private volatile List<GridCountIndex.LabelPoint> labelPoints;
    private final AtomicBoolean labelPointsStale = new AtomicBoolean();
    /** Orders in-place adjustments against the swap to a rebuilt index, so that none is lost or applied twice. */
    private final Object countLock = new Object();
    private List<FeaturesChanged.CountChange> changesDuringRebuild;
    private volatile long lastRebuildStartNanos = System.nanoTime() - MIN_REBUILD_INTERVAL_NANOS;

    MapService(MapQueries queries, GridService grids) {
        this.queries = queries;
        this.grids = grids;
    }

    /**
     * Feature counts: the number of features and the groups they fall into.
     *
     * @param outsideGrids features in no group because they lie in no small grid: in the bbox when
     *                     grouped by grid; anywhere when grouped by cell approximately; else 0
     * @param approximate  true when answered from the in-memory index, which may lag recent edits
     * @param asOf         when the counts were read (approximate answers only)
     */
    public record FeatureCounts(String groupedBy, long total, long outsideGrids, boolean approximate, Instant asOf,
                                List<CountGroups.CountGroup> groups) {
    }

    /** Counts active features of {@code types} (empty = all) in {@code bbox} per cluster cell {@code cellDeg} wide. */
    @Transactional(readOnly = true)
    public FeatureCounts countByCell(BoundingBox bbox, List<String> types, double cellDeg) {
        if (!(cellDeg > 0) || !Double.isFinite(cellDeg) || cellDeg > 10) {
            throw ApiProblem.badRequest("map.cell.invalid", "cell must be a number of degrees above 0 and at most 10",
                    String.valueOf(cellDeg));
        }
        ClusterLattice lattice = ClusterLattice.squareOnScreen(bbox, cellDeg);
        long cells = lattice.cellsIn(bbox);
        if (cells > MAX_CELLS) {
            throw ApiProblem.badRequest("map.cell.tooMany",
                    "the bbox holds " + cells + " cells of that size; at most " + MAX_CELLS + " may be asked for",
                    cells, MAX_CELLS);
        }
        CountGroups groups = new CountGroups();
        if (areaKm2(bbox) <= EXACT_MAX_AREA_KM2) {
            queries.countByCell(bbox, types, lattice, groups);
            return new FeatureCounts("cell", groups.total(), 0, false, null, groups.groups());
        }
        GridCountIndex current = currentIndex();
        Set<String> wanted = Set.copyOf(types);
        current.countByCell(bbox, wanted, lattice, groups);
        return new FeatureCounts("cell", groups.total(), current.outsideGrids(wanted), true, current.asOf(),
                groups.groups());
    }

    /** Counts active features of {@code types} (empty = all) in {@code bbox} per small grid, exactly. */
    @Transactional(readOnly = true)
    public FeatureCounts countByGrid(BoundingBox bbox, List<String> types) {
        CountGroups groups = new CountGroups();
        long[] outside = new long[1];
        queries.countByGrid(bbox, types, groups, outside);
        return new FeatureCounts("grid", groups.total() + outside[0], outside[0], false, null, groups.groups());
    }

    /** The area of a lon/lat rectangle on the sphere, km². */
    static double areaKm2(BoundingBox b) {
        double m2 = EARTH_RADIUS_METERS * EARTH_RADIUS_METERS * Math.toRadians(b.maxLon() - b.minLon())
                * Math.abs(Math.sin(Math.toRadians(b.maxLat())) - Math.sin(Math.toRadians(b.minLat())));
        return m2 / 1e6;
    }

    /** The index, built now when there is none, else the current one (rebuilt in the background when stale). */
    GridCountIndex currentIndex() {
        GridCountIndex current = index;
        if (current == null) {
            synchronized (this) {
                if (index == null) rebuildIndex();
                return index;
            }
        }
        if (indexStale.get() && System.nanoTime() - lastRebuildStartNanos >= MIN_REBUILD_INTERVAL_NANOS) {
            rebuildIndexInBackground();
        }
        return current;
    }

    private void rebuildIndexInBackground() {
        if (indexBuilding.compareAndSet(false, true)) {
            indexBuilder.execute(() -> {
                try {
                    rebuildIndex();
                } finally {
                    indexBuilding.set(false);
                }
            });
        }
    }

    /**
     * Reads the counts (and, after grids changed, the label points) again. Edits committed while the
     * counts are read are kept aside and applied to the new index too; one committed in the instant
     * between noting the start and the database taking its snapshot may count twice until the next
     * rebuild, which the answers' {@code approximate} allows.
     */
    synchronized void rebuildIndex() {
        indexStale.set(false);
        lastRebuildStartNanos = System.nanoTime();
        Instant asOf = Instant.now();
        List<FeaturesChanged.CountChange> duringRead = new ArrayList<>();
        synchronized (countLock) {
            changesDuringRebuild = duringRead;
        }
        List<GridCountIndex.Row> rows = queries.countRowsPerGrid();
        List<GridCountIndex.LabelPoint> labels = labelPoints;
        if (labels == null || labelPointsStale.getAndSet(false)) {
            labels = new ArrayList<>();
            for (GridView g : grids.smallGridsIn(new Envelope(-180, 180, -90, 90))) {
                Point p = g.geometry().getInteriorPoint();
                labels.add(new GridCountIndex.LabelPoint(g.code(), p.getX(), p.getY()));
            }
            labelPoints = labels;
        }
        GridCountIndex built = new GridCountIndex(labels, rows, asOf);
        synchronized (countLock) {
            for (FeaturesChanged.CountChange c : duringRead) {
                if (!built.adjust(c.gridCode(), c.type(), c.delta())) indexStale.set(true);
            }
            changesDuringRebuild = null;
            index = built;
        }
    }

    /**
     * A single edit, made here or relayed from another instance, adjusts the counts in place; a change
     * whose counts are not listed (a bulk load) or name a type the index does not know makes the index
     * stale, and it is read again at most every {@link #MIN_REBUILD_INTERVAL_NANOS}.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onFeaturesChanged(FeaturesChanged event) {
        if (event.countChanges() == null) {
            indexStale.set(true);
            return;
        }
        synchronized (countLock) {
            GridCountIndex current = index;
            if (current != null) {
                for (FeaturesChanged.CountChange c : event.countChanges()) {
                    if (!current.adjust(c.gridCode(), c.type(), c.delta())) indexStale.set(true);
                }
            }
            if (changesDuringRebuild != null) changesDuringRebuild.addAll(event.countChanges());
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onGridsChanged(GridsChanged event) {
        labelPointsStale.set(true);
        indexStale.set(true);
    }

    /**
     * Imports at start write to the store directly, without events; building the index now means the
     * first zoomed-out view of a large city does not wait for it (a million features: seconds).
     */
    @EventListener
    void onReady(ApplicationReadyEvent event) {
        indexStale.set(true);
        rebuildIndexInBackground();
    }

    @PreDestroy
    void stop() {
        indexBuilder.shutdownNow();
    }

    /** The lon/lat extent of the district's grids, or null while there are none. */
    @Transactional(readOnly = true)
    public BoundingBox extent() {
        return queries.gridExtent();
    }

    /** Grids by code or name, then features by name, each kind at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<SearchHit> search(String query, int limit) {
        String q = query == null ? "" : query.trim();
        if (q.isEmpty() || q.length() > 100) {
            throw ApiProblem.badRequest("map.search.query", "q must hold 1 to 100 characters");
        }
        if (limit < 1 || limit > MAX_SEARCH_HITS) {
            throw ApiProblem.badRequest("map.search.limit", "limit must be 1-" + MAX_SEARCH_HITS, MAX_SEARCH_HITS);
        }
        List<SearchHit> hits = new ArrayList<>(queries.searchGrids(q, limit));
        hits.addAll(queries.searchFeatures(q, limit));
        return hits;
    }
}
