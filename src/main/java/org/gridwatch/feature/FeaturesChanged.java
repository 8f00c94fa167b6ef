package org.gridwatch.feature;

import java.util.List;

import org.locationtech.jts.geom.Envelope;

/**
 * Published inside the writing transaction after features were added, moved, edited or deleted
 * through {@link FeatureService}: whatever summarises features (the map's low-zoom counts) must be
 * recomputed within {@code area} (lon/lat). Imports that write to the store directly do not publish it.
 *
 * @param remote       true when another instance made the change and the change feed relays it here after
 *                     that instance committed: caches must refresh, but nothing may be written again
 * @param countChanges how the number of active features per small grid and type changed, when the
 *                     change is small enough to list (single edits); null when not listed (bulk loads,
 *                     changes relayed from another instance): whoever counts must count again
 */
public record FeaturesChanged(Envelope area, boolean remote, List<CountChange> countChanges) {

    /** {@code delta} more (negative: fewer) active features of {@code type} in small grid {@code gridCode} (null: none). */
    public record CountChange(String gridCode, String type, int delta) {
    }

    /** A change made by this instance, counts not listed. */
    public FeaturesChanged(Envelope area) {
        this(area, false, null);
    }

    /** A change, counts not listed. */
    public FeaturesChanged(Envelope area, boolean remote) {
        this(area, remote, null);
    }

    /** A change made by this instance from feature {@code before} (null: created) to {@code after} (null: deleted). */
    static FeaturesChanged edit(Envelope area, FeatureView before, FeatureView after) {
        List<CountChange> changes = new java.util.ArrayList<>(2);
        if (before != null && "active".equals(before.status())) {
            changes.add(new CountChange(before.gridCode(), before.type(), -1));
        }
        if (after != null && "active".equals(after.status())) {
            changes.add(new CountChange(after.gridCode(), after.type(), 1));
        }
        return new FeaturesChanged(area, false, List.copyOf(changes));
    }
}
