package org.gridwatch.route;

import java.util.Locale;

/**
 * Who travels a route: a person walking (the default: every street, footway and steps, either way,
 * one-way streets included) or a vehicle (only streets open to traffic, and one-way streets only
 * their way). Each profile reads its two bits of a {@link StreetGraph} edge's access.
 */
public enum Profile {
    WALKING(StreetGraph.WALK_FORWARD, StreetGraph.WALK_BACKWARD),
    VEHICLE(StreetGraph.DRIVE_FORWARD, StreetGraph.DRIVE_BACKWARD);

    private final int forward;
    private final int backward;

    Profile(int forward, int backward) {
        this.forward = forward;
        this.backward = backward;
    }

    int forward() {
        return forward;
    }

    int backward() {
        return backward;
    }

    /** True when travel may differ by direction (one-way streets). */
    public boolean directed() {
        return this == VEHICLE;
    }

    /** The API's name: {@code walking} or {@code vehicle}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
