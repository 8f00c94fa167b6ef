package org.gridwatch.coverage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import org.gridwatch.feature.FeaturesChanged;
import org.gridwatch.grid.GridLevel;
import org.gridwatch.grid.GridService;
import org.gridwatch.grid.GridView;
import org.gridwatch.grid.GridsChanged;
import org.locationtech.jts.geom.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * What the coverage table is computed from, kept in memory and current, so that {@code GET /api/coverage} reads
 * no feature rows: the active features ({@link ActiveFeatureSet}, with counts per grid and type), the grids
 * of each level, and the coverage shares already measured per (level, type, radius).
 *
 * <p>Kept current by the same change events the map's count index follows: after a feature change commits
 * (here, or on another instance, relayed by the change feed) the active features inside the change's window are
 * read again (one indexed window query) and replace those held there; the coverage shares of the grids within
 * the radius of that window are measured again on the next request. A grid change also drops the grid lists
 * (the features' grid codes in its window were reassigned in the same transaction and are read again too).
 * Built at start in the background; a request before that waits for it. Nothing is shared between
 * instances but the database: each builds its own at start and follows the others through the feed.
 */
@Component
public class CoverageIndex {

    private static final Logger log = LoggerFactory.getLogger(CoverageIndex.class);

    private final ActiveFeatureQueries queries;
    private final GridService grids;
    /** Changes (write lock) against readers computing a table (read lock). */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ExecutorService builder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "coverage-index");
        t.setDaemon(true);
        return t;
    });
    private volatile ActiveFeatureSet features;
    private final Map<GridLevel, List<GridView>> gridsByLevel = new HashMap<>();
    private long gridsVersion;
    private final Map<String, Shares> shares = new HashMap<>();
    private final Map<String, CoverageCalculator.Stations> stations = new HashMap<>();
    private long stationsVersion = -1;

    CoverageIndex(ActiveFeatureQueries queries, GridService grids) {
        this.queries = queries;
        this.grids = grids;
    }

    /** The coverage shares of one level's grids for one type and radius, and which must be measured again. */
    private static final class Shares {
        final long gridsVersion;
        final double radiusMeters;
        final CoverageCalculator.GridCoverage[] measured;
        final Envelope[] envelopes;

        Shares(long gridsVersion, double radiusMeters, List<GridView> grids) {
            this.gridsVersion = gridsVersion;
            this.radiusMeters = radiusMeters;
            this.measured = new CoverageCalculator.GridCoverage[grids.size()];
            this.envelopes = grids.stream().map(g -> g.geometry().getEnvelopeInternal()).toArray(Envelope[]::new);
        }

        /** Forgets the shares of the grids a station within {@code window} may reach. */
        void forget(Envelope window) {
            Envelope reach = grow(window, radiusMeters);
            for (int g = 0; g < envelopes.length; g++) {
                if (measured[g] != null && envelopes[g].intersects(reach)) measured[g] = null;
            }
        }
    }

    /** What a reader sees, under the read lock; valid only inside {@link #read}. */
    interface View {
        ActiveFeatureSet features();

        /** The grids of {@code level} (from the store, cached until grids change). */
        List<GridView> grids(GridLevel level);

        /** Changes whenever the features or the grids change: a table computed at one stamp holds while it stays. */
        String stamp();

        /** The coverage share of each grid of {@code level}, measured now only where not known yet. */
        CoverageCalculator.GridCoverage[] coverage(GridLevel level, String type, double radiusMeters);
    }

    /** Runs {@code reader} against the current state, which no change alters meanwhile. */
    <T> T read(Function<View, T> reader) {
        ActiveFeatureSet set = ensureBuilt();
        lock.readLock().lock();
        try {
            return reader.apply(new View() {
                @Override
                public ActiveFeatureSet features() {
                    return set;
                }

                @Override
                public String stamp() {
                    synchronized (shares) {
                        return set.version() + "/" + gridsVersion;
                    }
                }

                @Override
                public List<GridView> grids(GridLevel level) {
                    return gridsOf(level);
                }

                @Override
                public CoverageCalculator.GridCoverage[] coverage(GridLevel level, String type, double radiusMeters) {
                    return coverageOf(set, level, type, radiusMeters);
                }
            });
        } finally {
            lock.readLock().unlock();
        }
    }

    private List<GridView> gridsOf(GridLevel level) {
        synchronized (gridsByLevel) {
            return gridsByLevel.computeIfAbsent(level, l -> grids.list(l, null, null));
        }
    }

    private CoverageCalculator.GridCoverage[] coverageOf(ActiveFeatureSet set, GridLevel level, String type,
                                                          double radiusMeters) {
        List<GridView> levelGrids = gridsOf(level);
        Shares known;
        synchronized (shares) {
            String key = level.key() + "|" + type + "|" + radiusMeters;
            known = shares.get(key);
            if (known == null || known.gridsVersion != gridsVersion) {
                known = new Shares(gridsVersion, radiusMeters, levelGrids);
                shares.put(key, known);
            }
        }
        synchronized (known) {
            List<Integer> missing = new ArrayList<>();
            for (int g = 0; g < known.measured.length; g++) if (known.measured[g] == null) missing.add(g);
            if (!missing.isEmpty()) {
                CoverageCalculator.GridCoverage[] fresh = CoverageCalculator.coverage(
                        missing.stream().map(g -> levelGrids.get(g).geometry()).toList(), stationsOf(set, type),
                        radiusMeters, CoverageCalculator.DEFAULT_QUADRANT_SEGMENTS);
                for (int k = 0; k < fresh.length; k++) known.measured[missing.get(k)] = fresh[k];
            }
            return known.measured.clone();
        }
    }

    private CoverageCalculator.Stations stationsOf(ActiveFeatureSet set, String type) {
        synchronized (stations) {
            if (stationsVersion != set.version()) {
                stations.clear();
                stationsVersion = set.version();
            }
            return stations.computeIfAbsent(type, t -> {
                double[][] at = set.positions(t);
                return CoverageCalculator.Stations.of(at[0], at[1]);
            });
        }
    }

    private ActiveFeatureSet ensureBuilt() {
        ActiveFeatureSet set = features;
        if (set != null) return set;
        synchronized (this) {
            if (features == null) build();
            return features;
        }
    }

    /** Reads every active feature and starts over. */
    private synchronized void build() {
        long t0 = System.nanoTime();
        lock.writeLock().lock();
        try {
            ActiveFeatureSet set = new ActiveFeatureSet(queries.active(null));
            features = set;
            forgetGrids();
            log.info("coverage index: {} active features read in {} ms", set.size(), (System.nanoTime() - t0) / 1_000_000);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The active features within {@code window} are read again; the shares they may change are forgotten. */
    private void refresh(Envelope changed) {
        // a change that names no window may have touched anything
        Envelope window = changed == null || changed.isNull() ? new Envelope(-180, 180, -90, 90) : changed;
        lock.writeLock().lock();
        try {
            // Not built yet: the build reads them. A build under way holds the lock until it has read.
            ActiveFeatureSet set = features;
            if (set == null) return;
            set.replaceWithin(window, queries.active(window));
            synchronized (shares) {
                for (Shares s : shares.values()) {
                    synchronized (s) {
                        s.forget(window);
                    }
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void forgetGrids() {
        synchronized (gridsByLevel) {
            gridsByLevel.clear();
        }
        synchronized (shares) {
            shares.clear();
            gridsVersion++;
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onFeaturesChanged(FeaturesChanged event) {
        refresh(event.area());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onGridsChanged(GridsChanged event) {
        lock.writeLock().lock();
        try {
            forgetGrids();
            // the features' grid codes within the window were reassigned with the grids
            refresh(event.area());
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Imports at start write straight to the store: read everything once it is up, before the first request. */
    @EventListener
    void onReady(ApplicationReadyEvent event) {
        builder.execute(this::ensureBuilt);
    }

    @PreDestroy
    void stop() {
        builder.shutdownNow();
    }

    /** The window {@code radiusMeters} wider on every side (degrees, 1% to spare). */
    static Envelope grow(Envelope window, double radiusMeters) {
        double maxAbsLat = Math.min(89, Math.max(Math.abs(window.getMinY()), Math.abs(window.getMaxY())) + radiusMeters / 110_574.0);
        double dLat = radiusMeters / 110_574.0 * 1.01;
        double dLon = radiusMeters / (111_320.0 * Math.cos(Math.toRadians(maxAbsLat))) * 1.01;
        return new Envelope(window.getMinX() - dLon, window.getMaxX() + dLon, window.getMinY() - dLat,
                window.getMaxY() + dLat);
    }

    /**
     * Active features per grid code and type, counted by creation between the ascending {@code bounds}, as
     * {@link org.gridwatch.feature.FeatureService#countByGridAndCreation} reads them from the store: what the work
     * summary's stocks and new bait stations of many scopes add up, without a million rows per request.
     */
    public org.gridwatch.feature.FeatureCreationCounts countByGridAndCreation(List<java.time.Instant> bounds) {
        long[] micros = new long[bounds.size()];
        for (int i = 0; i < micros.length; i++) {
            micros[i] = bounds.get(i).getEpochSecond() * 1_000_000L + bounds.get(i).getNano() / 1_000;
        }
        ActiveFeatureSet set = ensureBuilt();
        lock.readLock().lock();
        try {
            return new org.gridwatch.feature.FeatureCreationCounts(List.copyOf(bounds), set.countByGridTypeAndCreation(micros));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The heap this index keeps for its features (grids and shares excluded), bytes. */
    public long retainedBytes() {
        ActiveFeatureSet set = features;
        return set == null ? 0 : set.retainedBytes();
    }

    /** What it holds, for diagnostics. */
    public String describe() {
        ActiveFeatureSet set = features;
        synchronized (shares) {
            return (set == null ? "not built" : set.size() + " active features, version " + set.version())
                    + "; " + shares.size() + " coverage tables measured";
        }
    }
}
