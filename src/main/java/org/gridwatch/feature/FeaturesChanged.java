package org.gridwatch.feature;

import org.locationtech.jts.geom.Envelope;

/**
 * Published inside the writing transaction after features were added, moved, edited or deleted
 * through {@link FeatureService}: whatever summarises features (the map's low-zoom counts) must be
 * recomputed within {@code area} (lon/lat). Imports that write to the store directly do not publish it.
 */
public record FeaturesChanged(Envelope area) {
}
