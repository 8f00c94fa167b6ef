package org.gridwatch.history;

import org.locationtech.jts.geom.Geometry;
import tools.jackson.databind.JsonNode;

/**
 * Brings one kind of object back to a state from its history. Each feature package that records history
 * provides one as a bean; {@link HistoryService} picks it by {@link #entity()}.
 */
public interface Restorer {

    /** The entity name the history uses, e.g. {@code grid}. */
    String entity();

    /**
     * Makes the object {@code entityId} equal to the given state, re-creating it under its old id when it
     * is gone, applying the same rules as any write (a refusal is an {@code ApiProblem} and changes nothing),
     * and records a {@link ChangeAction#RESTORE} entry. Runs inside the caller's transaction.
     *
     * @param properties the snapshot's properties as stored (JSON object)
     * @param geometry   the snapshot's geometry, lon/lat
     */
    void restore(String entityId, JsonNode properties, Geometry geometry);
}
