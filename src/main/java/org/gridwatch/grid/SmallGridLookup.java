package org.gridwatch.grid;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import org.gridwatch.geo.GeometryFactories;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The small grid at a point, from the small grids held in memory ({@link SmallGridLocator}), on the embedded
 * store only. H2 has no spatial index (V87), so the SQL lookup reads and parses every small grid's polygon: at
 * 20,000 grids that took 200-700 ms under load, most of what a case report or an inspection of a new place
 * cost, and it capped reports at 13 a second. PostGIS answers the same query from its GiST index in about a
 * millisecond and is not served from here.
 *
 * <p>Each lookup first reads a stamp of the small grids (count, summed versions, latest update, highest id;
 * about 1-4 ms at 20,000 grids) on the caller's connection, so it sees what the caller's transaction sees.
 * The copy is used only when its stamp is that one; otherwise a new copy is built in the background and the
 * caller asks the database, as before. No announcement is relied on: a district import, a restore or a
 * transaction still open with its own grid edits all change the stamp.
 */
@Component
class SmallGridLookup {

    private static final Logger log = LoggerFactory.getLogger(SmallGridLookup.class);
    private static final String STAMP = "SELECT COUNT(*) || ':' || COALESCE(SUM(version), 0) || ':' "
            + "|| COALESCE(CAST(MAX(updated_at) AS VARCHAR), '') || ':' || COALESCE(MAX(id), 0) FROM grid WHERE level = 'small'";

    private record Copy(String stamp, SmallGridLocator locator) {
    }

    private final JdbcTemplate jdbc;
    private final boolean embedded;
    private final AtomicBoolean building = new AtomicBoolean();
    private volatile Copy copy;
    private final ExecutorService builder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "small-grid-lookup");
        t.setDaemon(true);
        return t;
    });

    SmallGridLookup(JdbcTemplate jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.embedded = isEmbedded(dataSource);
    }

    /**
     * The small grids as the caller sees them, in memory; null on PostgreSQL, and while the copy held is not of
     * these grids (then a new copy is being built and the caller asks the database).
     */
    SmallGridLocator current() {
        if (!embedded) return null;
        String stamp = jdbc.queryForObject(STAMP, String.class);
        Copy c = copy;
        if (c != null && c.stamp().equals(stamp)) return c.locator();
        build();
        return null;
    }

    /** For tests: waits until the copy held is of the committed grids; false when not within the time given. */
    boolean awaitCurrent(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            if (current() != null) return true;
            Thread.sleep(10);
        }
        return false;
    }

    private void build() {
        if (!building.compareAndSet(false, true)) return;
        try {
            builder.execute(() -> {
                try {
                    // The stamp first, then the grids: a change between the two reads leaves a stamp older than
                    // the grids, which the next lookup finds different and builds again.
                    String stamp = jdbc.queryForObject(STAMP, String.class);
                    List<SmallGridLocator.Area> areas = jdbc.query("SELECT code, ST_AsBinary(geom) FROM grid WHERE level = 'small'",
                            (rs, i) -> new SmallGridLocator.Area(rs.getString(1), wkb(rs.getBytes(2))));
                    copy = new Copy(stamp, new SmallGridLocator(areas));
                } catch (RuntimeException e) {
                    log.warn("the in-memory small grid lookup could not be built ({}); points are located in the database",
                            e.toString());
                } finally {
                    building.set(false);
                }
            });
        } catch (RuntimeException rejected) {
            building.set(false);
        }
    }

    private static Geometry wkb(byte[] bytes) {
        try {
            return new WKBReader(GeometryFactories.WGS84).read(bytes);
        } catch (ParseException e) {
            throw new IllegalStateException("a stored grid geometry is not valid WKB", e);
        }
    }

    private static boolean isEmbedded(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return !c.getMetaData().getDatabaseProductName().equals("PostgreSQL");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database holds the grids: " + e.getMessage(), e);
        }
    }

    @PreDestroy
    void stop() {
        builder.shutdownNow();
    }
}
