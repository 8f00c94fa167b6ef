package org.gridwatch.grid;

import org.locationtech.jts.geom.Envelope;

/**
 * Published inside the writing transaction after small grids were added, reshaped or deleted:
 * whatever depends on which grid contains a place (features' grid codes) must be recomputed within
 * {@code area} (lon/lat).
 *
 * @param remote true when another instance made the change and the change feed relays it here after
 *               that instance committed (and already recomputed the grid codes): caches must refresh,
 *               but nothing may be written again
 */
public record GridsChanged(Envelope area, boolean remote) {

    /** A change made by this instance. */
    public GridsChanged(Envelope area) {
        this(area, false);
    }
}
