package org.gridwatch.ogcapi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.gridwatch.ogcapi.tiles.PointStore;
import org.locationtech.jts.geom.Envelope;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keeps the tiles' {@link PointStore} equal to the store's features. Read whole once the service is up; then each
 * edit, as announced by a feature or grid change event (here or relayed from another instance), re-reads the
 * points of the area it touched before the edit's tiles leave the cache, so a tile fetched after an edit's
 * answer shows it. A change over a wide area that lists no single edit (an import, a relayed bulk change)
 * reads everything again in the background; tiles read the store meanwhile. Writes that announce nothing (a
 * district loaded into the store, the store edited by hand) are caught once the points are older than the tile
 * cache's age (the old points serve meanwhile, as the cache would): the feature table's stamp is read
 * ({@link TileQueries#featuresStamp}), and an unchanged stamp keeps the points. On the embedded store a moved
 * stamp reads everything again; an announced edit, applied here, takes the stamp along (only this service writes
 * there). On PostGIS the stamp (the table's write counts) also moves for this and other instances' announced
 * edits, which the points already hold, and counts a write only some seconds after its commit; so a moved stamp
 * is followed by the database's count and digest sum of all points ({@link TileQueries#featuresDigest}, one
 * pass on the server, no row sent), compared with the points held, and everything is read only when they differ
 * (twice, a second apart, so that an edit committed but not yet applied here does not count as unannounced).
 * Reading a million points every minute cost young GC pauses of 100-200 ms (embedded store) and put PostGIS's
 * z14 tiles over their target while tiles were being drawn.
 */
@Component
class PointStoreUpdates {

    /** An area meeting more cells than this is not re-read piecewise but as a whole (≈ a 5 km square). */
    static final long MAX_CELLS_PER_UPDATE = 100;
    /** Margin around an edit's area, degrees: an area of a single point has no size, and stored positions are exact. */
    private static final double MARGIN = 1e-9;

    private final TileQueries queries;
    private final long maxAgeNanos;
    private final Object lock = new Object();
    /** Null before the first read and after a bulk change until read again. */
    private volatile PointStore store;
    private volatile long readNanos;
    /** Pause before comparing the digests a second time (an edit committed meanwhile is applied by then). */
    private static final long DIGEST_RETRY_MILLIS = 1_000;

    /** The feature table's stamp that {@link #store} is current with; null: none (read everything when old). */
    private volatile String stamp;
    private final AtomicLong digestChecks = new AtomicLong();
    /** A stamp check runs. */
    private final AtomicBoolean checking = new AtomicBoolean();
    private final AtomicLong fullReads = new AtomicLong();
    /** Guarded by {@link #lock}: a full read runs; areas edited since it began; whether a bulk change came meanwhile. */
    private boolean reading;
    private List<Envelope> editedWhileReading = new ArrayList<>();
    private boolean bulkWhileReading;

    PointStoreUpdates(TileQueries queries, @Value("${gridwatch.tiles.cache-seconds:60}") long maxAgeSeconds) {
        this.queries = queries;
        this.maxAgeNanos = maxAgeSeconds * 1_000_000_000L;
    }

    /** The current points, or null while they are being read (tiles then read the store). */
    PointStore current() {
        PointStore s = store;
        // Null: a read is due (or failed); old: something may have written without announcing it.
        if (s == null) rebuildInBackground();
        else if (System.nanoTime() - readNanos > maxAgeNanos) checkInBackground();
        return s;
    }

    /**
     * Reads the feature table's stamp: unchanged, the points are kept (and checked again later); moved, on PostGIS
     * the points are compared with the store's digest and kept when equal; else everything is read again.
     */
    private void checkInBackground() {
        if (!checking.compareAndSet(false, true)) return;
        CompletableFuture.runAsync(() -> {
            try {
                String now = queries.featuresStamp();
                boolean same;
                synchronized (lock) {
                    same = now != null && now.equals(stamp) && store != null;
                    if (same) readNanos = System.nanoTime();
                }
                if (same) return;
                // The stamp read before the digest: any write it counts had committed, so the digest sees it.
                // (Without a stamp, track_counts off on PostGIS, the digest is compared at every check.)
                if (holdsWhatTheStoreHolds()) {
                    synchronized (lock) {
                        if (store != null && !reading) {
                            stamp = now;
                            readNanos = System.nanoTime();
                            return;
                        }
                    }
                }
                rebuildInBackground();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                checking.set(false);
            }
        });
    }

    /**
     * Whether the points held have the count and digest sum that the store computes now (false where it computes
     * none). Compared again after a pause when they differ: the database's pass sees a moment's state and the
     * points another, and an edit committed between the two, or committed but not yet announced here, would
     * otherwise count as a write that announced nothing.
     */
    private boolean holdsWhatTheStoreHolds() throws InterruptedException {
        for (int attempt = 0; attempt < 2; attempt++) {
            if (attempt > 0) Thread.sleep(DIGEST_RETRY_MILLIS);
            long[] stored = queries.featuresDigest();
            if (stored == null) return false;
            digestChecks.incrementAndGet();
            synchronized (lock) {
                PointStore s = store;
                if (s == null || reading) return false;
                if (s.size() == stored[0] && s.digest() == stored[1]) return true;
            }
        }
        return false;
    }

    /**
     * Features in {@code area} (lon/lat; null: anywhere) changed. {@code singleEdits}: the change is one or two
     * edited points whose positions are the corners of {@code area} (a move spans a box between them, which need
     * not be re-read whole).
     */
    void changed(Envelope area, boolean singleEdits) {
        List<Envelope> parts = new ArrayList<>();
        if (area != null && PointStore.cellsMet(area) <= MAX_CELLS_PER_UPDATE) {
            parts.add(grown(area));
        } else if (area != null && singleEdits) {
            for (double x : new double[] {area.getMinX(), area.getMaxX()}) {
                for (double y : new double[] {area.getMinY(), area.getMaxY()}) parts.add(grown(new Envelope(x, x, y, y)));
            }
        } else {
            synchronized (lock) {
                store = null;
                if (reading) bulkWhileReading = true;
            }
            rebuildInBackground();
            return;
        }
        synchronized (lock) {
            PointStore s = store;
            for (Envelope part : parts) {
                if (s != null) s.replace(part, queries.pointsIn(part));
                if (reading) editedWhileReading.add(part);
            }
            // The points now hold this edit (it committed before it was announced): the stamp after it, so that the
            // next check does not read everything again for an edit already applied. A write that announced nothing
            // in the moments before is taken along with it, which only the embedded store allows (only the service
            // writes there); on PostGIS the next check compares digests instead.
            if (s != null && !reading && queries.embedded()) stamp = queries.featuresStamp();
        }
    }

    /** Reads every point again in the background unless that already runs. */
    void rebuildInBackground() {
        synchronized (lock) {
            if (reading) return;
            reading = true;
            editedWhileReading = new ArrayList<>();
            bulkWhileReading = false;
        }
        CompletableFuture.runAsync(this::readAll).whenComplete((ok, failure) -> {
            boolean again;
            synchronized (lock) {
                reading = false;
                again = bulkWhileReading && failure == null;
            }
            if (again) rebuildInBackground();
        });
    }

    private void readAll() {
        // The stamp first, then the points: a write between the two leaves a stamp older than the points, so the
        // next check reads them again rather than missing the write.
        String before = queries.featuresStamp();
        PointStore built = read();
        fullReads.incrementAndGet();
        synchronized (lock) {
            if (bulkWhileReading) return;
            // Edits that committed while everything was read may or may not be in it: read their areas again.
            for (Envelope part : editedWhileReading) built.replace(part, queries.pointsIn(part));
            store = built;
            stamp = before;
            readNanos = System.nanoTime();
        }
    }

    /** For tests: how many times every point was read. */
    long fullReads() {
        return fullReads.get();
    }

    /** For tests: how many times the store's digest was compared with the points held. */
    long digestChecks() {
        return digestChecks.get();
    }

    /** For tests: the points count as older than the cache age (the next tile has them checked). */
    void age() {
        readNanos = System.nanoTime() - maxAgeNanos - 1;
    }

    /** For tests: whether the points are being checked or read now. */
    boolean busy() {
        synchronized (lock) {
            return reading || checking.get();
        }
    }

    /** A new store of every point (also for measuring its heap size in the benchmark). */
    PointStore read() {
        return new PointStore(queries.allPoints());
    }

    private static Envelope grown(Envelope area) {
        Envelope e = new Envelope(area);
        e.expandBy(MARGIN);
        return e;
    }
}
