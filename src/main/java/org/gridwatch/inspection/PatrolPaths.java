package org.gridwatch.inspection;

/**
 * What the patrols of a grid in a period contribute to its path indices: the metres walked on a
 * recorded track (GPS or GPX) and the number of patrols recorded without one, which count as patrols
 * but add no path length (crediting them with the planned route lowered the path index and improved
 * the grade).
 */
public record PatrolPaths(double trackedMetres, long tracklessPatrols) {

    public static final PatrolPaths NONE = new PatrolPaths(0, 0);

    public PatrolPaths plus(PatrolPaths other) {
        return new PatrolPaths(trackedMetres + other.trackedMetres, tracklessPatrols + other.tracklessPatrols);
    }

    public double trackedKm() {
        return trackedMetres / 1000;
    }
}
