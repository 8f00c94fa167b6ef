package org.gridwatch.street;

import java.util.Locale;

import org.gridwatch.system.ApiProblem;
import org.locationtech.jts.geom.Geometry;

/**
 * A street as a client or an import gives it: name, class, one-way rule, lon/lat centreline and, for an
 * edit, the version it edits.
 *
 * @param oneway as OSM writes it: {@code yes}/{@code true}/{@code 1}, {@code -1}/{@code reverse},
 *               {@code no}/{@code false}/{@code 0} or empty; {@link #normalOneway} reduces it to
 *               {@code yes}, {@code -1} or null
 */
public record StreetDraft(String name, String streetClass, String oneway, Geometry geometry, Long expectedVersion) {

    /** The one-way rule as stored: {@code yes}, {@code -1} or null (both ways); refuses anything else. */
    public static String normalOneway(String oneway) {
        if (oneway == null) return null;
        String v = oneway.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "no", "false", "0" -> null;
            case "yes", "true", "1" -> "yes";
            case "-1", "reverse" -> "-1";
            default -> throw ApiProblem.badRequest("street.oneway.invalid",
                    "oneway must be yes, -1 or no, was " + oneway, oneway);
        };
    }
}
