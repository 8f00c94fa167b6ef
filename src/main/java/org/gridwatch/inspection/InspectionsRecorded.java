package org.gridwatch.inspection;

import java.util.List;

/**
 * Published inside the transaction that stored new inspections (never for a retried clientId, never
 * for generated sample activity). Listeners that act on them (the case loop opens cases for positive
 * outcomes) should listen after the commit, so their failure cannot undo the inspections.
 */
public record InspectionsRecorded(List<Inspection> inspections) {
}
