package org.gridwatch.inspection;

import java.time.Instant;

import org.locationtech.jts.geom.Geometry;

/** A patrol as a client sends it; {@code track} (lon/lat) may be null: the grid's planned route is used. */
public record PatrolDraft(String clientId, String inspector, String gridCode, Instant startedAt, Instant endedAt,
                          Geometry track) {
}
