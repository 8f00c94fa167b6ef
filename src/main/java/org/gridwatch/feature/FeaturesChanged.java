package org.gridwatch.feature;

import org.locationtech.jts.geom.Envelope;

/**
 * Published inside the writing transaction after features were added, moved, edited or deleted
 * through {@link FeatureService}: whatever summarises features (the map's low-zoom counts) must be
 * recomputed within {@code area} (lon/lat). Imports that write to the store directly do not publish it.
 *
 * @param remote true when another instance made the change and the change feed relays it here after
 *               that instance committed: caches must refresh, but nothing may be written again
 */
public record FeaturesChanged(Envelope area, boolean remote) {

    /** A change made by this instance. */
    public FeaturesChanged(Envelope area) {
        this(area, false);
    }
}
