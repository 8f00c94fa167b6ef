package org.gridwatch.route;

import org.gridwatch.street.StreetView;

/** Who may travel a stored street which way: the {@link StreetGraph#WALK_FORWARD}… bits of its edges. */
final class StreetAccess {

    private StreetAccess() {
    }

    static int of(StreetView street) {
        return StreetGraph.OPEN;
    }
}
