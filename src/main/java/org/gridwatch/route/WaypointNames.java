package org.gridwatch.route;

/**
 * Names GPX waypoints the way a patroller reads them on a phone: the stop's place in the walk, then the
 * feature's name and its type ({@code 3. 花园路垃圾桶1号（垃圾桶）}, {@code 3. Garden Rd bin 1 (Trash bin)}),
 * never a database id. A feature without name or code is named by its type alone; a stop given as a
 * point has only its number. {@code prefix} tells the patrollers of a split apart ({@code 2-3. ...}).
 */
final class WaypointNames {

    private WaypointNames() {
    }

    static String name(String prefix, int sequence, String featureName, String typeLabel, boolean chinese) {
        StringBuilder out = new StringBuilder(prefix).append(sequence);
        if (featureName == null && typeLabel == null) return out.toString();
        out.append(". ");
        if (featureName == null) return out.append(typeLabel).toString();
        out.append(featureName);
        if (typeLabel != null) out.append(chinese ? "（" : " (").append(typeLabel).append(chinese ? "）" : ")");
        return out.toString();
    }
}
