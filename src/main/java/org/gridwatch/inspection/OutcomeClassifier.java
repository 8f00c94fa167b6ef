package org.gridwatch.inspection;

import tools.jackson.databind.JsonNode;

/**
 * Reads an inspection's outcome the way the density indicators and the work summary need it: is it
 * a positive (defect) finding, was the site cleared, which kind of breeding site it is, and what it
 * adds to the indicator counts ({@link InspectionTally}). Fields not recorded (absent or null) add
 * nothing and make nothing positive. Types other than the seeded ones are never positive. Stateless.
 *
 * <p>Positive means: a bait station without bait, with ineffective or misplaced bait, without a
 * warning sign, or with rodent signs; a rodent_sign record with count ≥ 1 (count defaults to 1);
 * stagnant water or a sewer well with larvae, a large body with a positive dip; a sewer well whose
 * cover is broken; a bin not lidded, overflowing or dirty; a garbage point with exposed garbage.
 */
public final class OutcomeClassifier {

    /** Kinds of breeding site the work summary counts (stagnant water split by container type). */
    public static final String SMALL_WATER = "small_water";
    public static final String DRAIN_INLET = "drain_inlet";
    public static final String LARGE_WATER = "large_water";
    public static final String SEWER_WELL = "sewer_well";
    public static final String GARBAGE_POINT = "garbage_point";
    public static final String RODENT_SIGN = "rodent_sign";
    /** Feature types of the indoor room checks, the landing index and the Breteau index. */
    public static final String KEY_UNIT = "key_unit";
    public static final String LANDING_SITE = "landing_site";
    public static final String HOUSEHOLD_SURVEY = "household_survey";

    /** The reading of one record. {@code siteKind} is null for types that are not breeding sites. */
    public record Classification(boolean positive, boolean cleared, String siteKind, InspectionTally tally) {
    }

    private OutcomeClassifier() {
    }

    public static Classification classify(String typeKey, JsonNode outcome) {
        InspectionTally t = new InspectionTally();
        boolean cleared = Boolean.TRUE.equals(bool(outcome, "cleared"));
        switch (typeKey) {
            case "rat_bait_station" -> {
                Long signs = integer(outcome, "rodentSigns");
                if (signs != null) {
                    t.add(InspectionTally.Item.RODENT_SIGNS, signs).add(InspectionTally.Item.STATIONS, 1)
                            .add(InspectionTally.Item.STATIONS_WITH_SIGNS, signs > 0 ? 1 : 0);
                }
                boolean bad = signs != null && signs > 0;
                bad |= check(t, outcome, "baitPresent", InspectionTally.Item.BAIT_CHECKED, InspectionTally.Item.NO_BAIT);
                bad |= check(t, outcome, "baitEffective", InspectionTally.Item.EFFECT_CHECKED, InspectionTally.Item.INEFFECTIVE);
                bad |= check(t, outcome, "placedCorrectly", InspectionTally.Item.PLACE_CHECKED, InspectionTally.Item.MISPLACED);
                bad |= check(t, outcome, "warningSign", InspectionTally.Item.SIGN_CHECKED, InspectionTally.Item.NO_SIGN);
                return new Classification(bad, cleared, null, t);
            }
            case "rodent_sign" -> {
                Long count = integer(outcome, "count");
                long n = count == null ? 1 : count;
                t.add(InspectionTally.Item.RODENT_SIGNS, n);
                return new Classification(n > 0, cleared, RODENT_SIGN, t);
            }
            case "stagnant_water" -> {
                String container = text(outcome, "containerType");
                boolean larvae = Boolean.TRUE.equals(bool(outcome, "larvaePositive"));
                if ("large_water_body".equals(container)) {
                    Long dips = integer(outcome, "dips");
                    Long positiveDips = integer(outcome, "positiveDips");
                    Long larvaeCount = integer(outcome, "larvaeCount");
                    long pd = positiveDips == null ? 0 : positiveDips;
                    if (dips != null) {
                        t.add(InspectionTally.Item.WATER_BODIES, dips > 0 ? 1 : 0);
                        t.add(InspectionTally.Item.DIPS, dips).add(InspectionTally.Item.POSITIVE_DIPS, pd)
                                .add(InspectionTally.Item.DIP_LARVAE, pd > 0 && larvaeCount != null ? larvaeCount : 0);
                    }
                    return new Classification(larvae || pd > 0, cleared, LARGE_WATER, t);
                }
                if ("drain".equals(container)) {
                    if (bool(outcome, "larvaePositive") != null) {
                        t.add(InspectionTally.Item.SEWER_CHECKED, 1).add(InspectionTally.Item.SEWER_POSITIVE, larvae ? 1 : 0);
                    }
                    return new Classification(larvae, cleared, DRAIN_INLET, t);
                }
                // No container type recorded: a stagnant-water site is a small water body unless said otherwise.
                t.add(InspectionTally.Item.SMALL_WATER_POSITIVE, larvae ? 1 : 0);
                return new Classification(larvae, cleared, SMALL_WATER, t);
            }
            case "sewer_well" -> {
                Boolean larvae = bool(outcome, "larvaePositive");
                if (larvae != null) {
                    t.add(InspectionTally.Item.SEWER_CHECKED, 1).add(InspectionTally.Item.SEWER_POSITIVE, larvae ? 1 : 0);
                }
                boolean bad = Boolean.TRUE.equals(larvae) || Boolean.FALSE.equals(bool(outcome, "coverIntact"));
                return new Classification(bad, cleared, SEWER_WELL, t);
            }
            case "trash_bin" -> {
                Boolean lidded = bool(outcome, "lidded");
                if (lidded != null) {
                    t.add(InspectionTally.Item.BINS_CHECKED, 1).add(InspectionTally.Item.BINS_LIDDED, lidded ? 1 : 0);
                }
                Boolean overflowing = bool(outcome, "overflowing");
                if (overflowing != null) {
                    t.add(InspectionTally.Item.FLY_SITES, 1).add(InspectionTally.Item.FLY_SITES_POSITIVE, overflowing ? 1 : 0);
                }
                boolean bad = Boolean.FALSE.equals(lidded) || Boolean.TRUE.equals(overflowing)
                        || Boolean.FALSE.equals(bool(outcome, "clean"));
                return new Classification(bad, cleared, null, t);
            }
            case "garbage_point" -> {
                Boolean exposed = bool(outcome, "exposedGarbage");
                if (exposed != null) {
                    t.add(InspectionTally.Item.FLY_SITES, 1).add(InspectionTally.Item.FLY_SITES_POSITIVE, exposed ? 1 : 0);
                }
                return new Classification(Boolean.TRUE.equals(exposed), cleared, GARBAGE_POINT, t);
            }
            case KEY_UNIT -> {
                boolean bad = false;
                Long rooms = integer(outcome, "roomsChecked");
                if (rooms != null && rooms > 0) {
                    t.add(InspectionTally.Item.KEY_UNITS, 1).add(InspectionTally.Item.ROOMS, rooms);
                    bad |= rooms(t, outcome, "roomsWithRodentSigns", InspectionTally.Item.ROOMS_RODENT);
                    bad |= rooms(t, outcome, "roomsWithFlies", InspectionTally.Item.ROOMS_FLIES);
                    bad |= rooms(t, outcome, "roomsWithCockroaches", InspectionTally.Item.ROOMS_COCKROACH);
                    bad |= rooms(t, outcome, "roomsWithEggCases", InspectionTally.Item.ROOMS_EGG_CASE);
                    bad |= rooms(t, outcome, "roomsWithCockroachSigns", InspectionTally.Item.ROOMS_COCKROACH_SIGN);
                }
                bad |= facilities(t, outcome, "ratProofing", InspectionTally.Item.RAT_PROOFING_CHECKED,
                        InspectionTally.Item.RAT_PROOFING_OK);
                bad |= facilities(t, outcome, "flyProofing", InspectionTally.Item.FLY_PROOFING_CHECKED,
                        InspectionTally.Item.FLY_PROOFING_OK);
                return new Classification(bad, cleared, null, t);
            }
            case LANDING_SITE -> {
                Long checks = integer(outcome, "personChecks");
                Long mosquitoes = integer(outcome, "mosquitoes");
                if (checks != null && checks > 0) {
                    t.add(InspectionTally.Item.LANDING_SITES, 1).add(InspectionTally.Item.LANDING_CHECKS, checks)
                            .add(InspectionTally.Item.LANDING_MOSQUITOES, mosquitoes == null ? 0 : mosquitoes);
                }
                return new Classification(mosquitoes != null && mosquitoes > 0, cleared, null, t);
            }
            case HOUSEHOLD_SURVEY -> {
                Long households = integer(outcome, "households");
                Long containers = integer(outcome, "positiveContainers");
                if (households != null && households > 0) {
                    t.add(InspectionTally.Item.HOUSEHOLDS, households)
                            .add(InspectionTally.Item.POSITIVE_CONTAINERS, containers == null ? 0 : containers);
                }
                return new Classification(containers != null && containers > 0, cleared, null, t);
            }
            default -> {
                return new Classification(false, cleared, null, t);
            }
        }
    }

    /** Adds the rooms of a room-check field; returns whether any room was positive. */
    private static boolean rooms(InspectionTally t, JsonNode outcome, String field, InspectionTally.Item item) {
        Long n = integer(outcome, field);
        if (n == null) return false;
        t.add(item, n);
        return n > 0;
    }

    /** Adds facilities checked and compliant ({@code prefix}Checked, {@code prefix}Compliant); true when some fail. */
    private static boolean facilities(InspectionTally t, JsonNode outcome, String prefix, InspectionTally.Item checked,
                                      InspectionTally.Item ok) {
        Long c = integer(outcome, prefix + "Checked");
        if (c == null || c == 0) return false;
        Long good = integer(outcome, prefix + "Compliant");
        long g = good == null ? c : good;
        t.add(checked, c).add(ok, g);
        return g < c;
    }

    /** Counts a yes/no check whose "no" is the defect; returns whether it was a defect. */
    private static boolean check(InspectionTally t, JsonNode outcome, String field, InspectionTally.Item checked,
                                 InspectionTally.Item defect) {
        Boolean v = bool(outcome, field);
        if (v == null) return false;
        t.add(checked, 1).add(defect, v ? 0 : 1);
        return !v;
    }

    private static Boolean bool(JsonNode o, String field) {
        JsonNode v = o == null ? null : o.get(field);
        return v != null && v.isBoolean() ? v.booleanValue() : null;
    }

    private static Long integer(JsonNode o, String field) {
        JsonNode v = o == null ? null : o.get(field);
        return v != null && v.isNumber() ? v.longValue() : null;
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o == null ? null : o.get(field);
        return v != null && v.isString() ? v.asString() : null;
    }
}
