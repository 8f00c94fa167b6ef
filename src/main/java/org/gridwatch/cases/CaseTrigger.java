package org.gridwatch.cases;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * One rule "an inspection of this feature type whose outcome field matches opens a case of this
 * class". {@code equals} compares the field's JSON text ({@code true}, {@code false}, a number, an
 * enum value); {@code atLeast} needs a number at or above it. Exactly one of the two is set.
 */
public record CaseTrigger(String featureType, String field, String equals, Double atLeast, String classCode) {

    /** The defaults: stagnant water with larvae opens 积水/蚊蝇孳生地, and so on (docs/cases.md). */
    public static final List<CaseTrigger> DEFAULTS = List.of(
            new CaseTrigger("stagnant_water", "larvaePositive", "true", null, "breeding_site"),
            new CaseTrigger("sewer_well", "larvaePositive", "true", null, "breeding_site"),
            new CaseTrigger("sewer_well", "coverIntact", "false", null, "well_cover"),
            new CaseTrigger("rat_bait_station", "baitPresent", "false", null, "bait_station"),
            new CaseTrigger("rodent_sign", "count", null, 1.0, "rodent_signs"),
            new CaseTrigger("trash_bin", "overflowing", "true", null, "bin_overflow"),
            new CaseTrigger("trash_bin", "lidded", "false", null, "bin_overflow"),
            new CaseTrigger("garbage_point", "exposedGarbage", "true", null, "exposed_garbage"));

    /** Whether an inspection of {@code typeKey} with this outcome object matches. */
    public boolean matches(String typeKey, JsonNode outcome) {
        if (!featureType.equals(typeKey) || outcome == null || !outcome.has(field)) return false;
        JsonNode value = outcome.get(field);
        if (value == null || value.isNull()) return false;
        if (atLeast != null) return value.isNumber() && value.asDouble() >= atLeast;
        return equals != null && equals.equals(value.isString() ? value.stringValue() : value.toString());
    }
}
