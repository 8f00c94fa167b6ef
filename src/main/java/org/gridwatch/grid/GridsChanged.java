package org.gridwatch.grid;

import org.locationtech.jts.geom.Envelope;

/**
 * Published inside the writing transaction after small grids were added, reshaped or deleted:
 * whatever depends on which grid contains a place (features' grid codes) must be recomputed within
 * {@code area} (lon/lat).
 */
public record GridsChanged(Envelope area) {
}
