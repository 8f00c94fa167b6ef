package org.gridwatch.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;

/** Test steps on the tiles' points in memory: made older than the cache age, checked by a tile, waited for. */
final class AgedPoints {

    /** A tile request, which has old points checked against the store. */
    interface TileRequest {
        void run() throws Exception;
    }

    private AgedPoints() {
    }

    /** Makes the points count as old, requests a tile not drawn before (so they are checked) and waits for the check. */
    static void checkedBy(PointStoreUpdates points, TileRequest tile) throws Exception {
        points.age();
        tile.run();
        awaitIdle(points);
    }

    /** Waits until no check or full read of the points runs. */
    static void awaitIdle(PointStoreUpdates points) throws InterruptedException {
        long until = System.nanoTime() + 30_000_000_000L;
        while (points.busy() && System.nanoTime() < until) Thread.sleep(20);
        assertThat(points.busy()).isFalse();
    }
}
