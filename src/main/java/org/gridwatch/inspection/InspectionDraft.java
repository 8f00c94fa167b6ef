package org.gridwatch.inspection;

import java.time.Instant;

import org.locationtech.jts.geom.Point;
import tools.jackson.databind.JsonNode;

/**
 * An inspection as a client sends it: of a stored feature ({@code featureId}) or of a free point,
 * which then becomes a new feature of {@code typeKey}.
 */
public record InspectionDraft(String clientId, Long featureId, String typeKey, Point point, Long patrolId,
                              String patrolClientId, String inspector, Instant inspectedAt, JsonNode outcome,
                              String note) {
}
