package org.gridwatch.history;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.gridwatch.geo.GeoJsonWriter;
import org.gridwatch.system.CurrentActor;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes history entries. Every method joins the caller's transaction and refuses to run without one
 * ({@code MANDATORY}): an entry commits with its change or not at all, so the history never tells of a
 * change the store does not have, nor misses one it has.
 */
@Service
public class ChangeRecorder {

    private final ChangeHistory history;
    private final CurrentActor actor;
    private final int bulkDetailLimit;
    private final Clock clock = Clock.systemUTC();

    ChangeRecorder(ChangeHistory history, CurrentActor actor,
                   @Value("${gridwatch.history.bulk-detail-limit:1000}") int bulkDetailLimit) {
        this.history = history;
        this.actor = actor;
        this.bulkDetailLimit = bulkDetailLimit;
    }

    /**
     * Bulks of at most this many rows get one entry per row (each restorable and listed under its
     * object); larger ones one summary entry, because a million-row import would otherwise double the
     * store and the import time for entries nobody restores one by one.
     */
    public int bulkDetailLimit() {
        return bulkDetailLimit;
    }

    /** Records one change; {@code before} is null for a create, {@code after} null for a delete. Returns the entry id. */
    @Transactional(propagation = Propagation.MANDATORY)
    public long record(String entity, String entityId, ChangeAction action, Snapshot before, Snapshot after) {
        return history.insert(row(entity, entityId, action, before, after, Instant.now(clock), actor.name()));
    }

    /** Records the creation of each object in {@code created} (entity id → state), in JDBC batches. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordCreated(String entity, Map<String, Snapshot> created) {
        Instant now = Instant.now(clock);
        String who = actor.name();
        List<ChangeHistory.Row> rows = new ArrayList<>(created.size());
        created.forEach((id, after) -> rows.add(row(entity, id, ChangeAction.CREATE, null, after, now, who)));
        history.insertAll(rows);
    }

    /**
     * Records a bulk as one entry: {@code count} rows, with {@code summary} (for example the id range)
     * as its after properties.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long recordBatch(String entity, ChangeAction action, int count, Map<String, Object> summary) {
        return history.insert(new ChangeHistory.Row(entity, null, action, actor.name(), Instant.now(clock), count,
                null, null, json(summary), null));
    }

    private static ChangeHistory.Row row(String entity, String entityId, ChangeAction action, Snapshot before,
                                         Snapshot after, Instant at, String who) {
        return new ChangeHistory.Row(entity, entityId, action, who, at, null,
                before == null ? null : json(before.properties()),
                before == null || before.geometry() == null ? null : wkt(before.geometry()),
                after == null ? null : json(after.properties()),
                after == null || after.geometry() == null ? null : wkt(after.geometry()));
    }

    /** WKT at full double precision: the GeoJSON writer rounds to 7 decimals, and a restore must give back
     *  exactly what was stored. */
    private static String wkt(Geometry g) {
        return new WKTWriter().write(g);
    }

    private static String json(Map<String, Object> properties) {
        StringBuilder sb = new StringBuilder(256);
        GeoJsonWriter.writeValue(properties, sb);
        return sb.toString();
    }
}
