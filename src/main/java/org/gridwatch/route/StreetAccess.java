package org.gridwatch.route;

import java.util.Locale;
import java.util.Set;

import org.gridwatch.street.StreetView;

/**
 * Who may travel a stored street which way: the {@link StreetGraph#WALK_FORWARD}… bits of its edges.
 * People walk every street both ways. Vehicles keep off the classes made for feet (OSM {@code footway},
 * {@code path}, {@code steps}, {@code pedestrian}, {@code cycleway}, {@code track}, {@code bridleway},
 * {@code corridor}) and obey the one-way rule: {@code yes} only along the line, {@code -1} only against it.
 */
final class StreetAccess {

    static final Set<String> NOT_FOR_VEHICLES = Set.of("footway", "path", "steps", "pedestrian", "cycleway", "track",
            "bridleway", "corridor");

    private StreetAccess() {
    }

    static int of(StreetView street) {
        return of(street.streetClass(), street.oneway());
    }

    static int of(String streetClass, String oneway) {
        int bits = StreetGraph.WALK_FORWARD | StreetGraph.WALK_BACKWARD;
        if (streetClass != null && NOT_FOR_VEHICLES.contains(streetClass.toLowerCase(Locale.ROOT))) return bits;
        if ("yes".equals(oneway)) return bits | StreetGraph.DRIVE_FORWARD;
        if ("-1".equals(oneway)) return bits | StreetGraph.DRIVE_BACKWARD;
        return bits | StreetGraph.DRIVE_FORWARD | StreetGraph.DRIVE_BACKWARD;
    }
}
