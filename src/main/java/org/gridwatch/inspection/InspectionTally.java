package org.gridwatch.inspection;

import java.util.Arrays;

/**
 * What inspection records add up to for the density indicators: a fixed vector of counts
 * ({@link Item}), one per record, summed per grid and period. Kept per record (one column each in
 * the {@code inspection} table) so a period's indices over thousands of grids are one SQL sum.
 * Mutable; not thread-safe.
 */
public final class InspectionTally {

    /** The counts, each with its column in the {@code inspection} table. */
    public enum Item {
        /** Rodent signs seen: a bait station's rodentSigns plus each rodent_sign record's count. */
        RODENT_SIGNS("t_rodent_signs"),
        /** Bait stations checked for rodent signs (rodentSigns recorded). */
        STATIONS("t_stations"),
        /** ... of which with at least one sign. */
        STATIONS_WITH_SIGNS("t_stations_with_signs"),
        BAIT_CHECKED("t_bait_checked"),
        NO_BAIT("t_no_bait"),
        EFFECT_CHECKED("t_effect_checked"),
        INEFFECTIVE("t_ineffective"),
        PLACE_CHECKED("t_place_checked"),
        MISPLACED("t_misplaced"),
        SIGN_CHECKED("t_sign_checked"),
        NO_SIGN("t_no_sign"),
        /** Small water bodies (containers) found with larvae or pupae. */
        SMALL_WATER_POSITIVE("t_small_water_pos"),
        /** Dips taken in large/medium water bodies. */
        DIPS("t_dips"),
        POSITIVE_DIPS("t_positive_dips"),
        /** Larvae and pupae counted in those dips. */
        DIP_LARVAE("t_dip_larvae"),
        /** Sewer wells and drain inlets checked for larvae. */
        SEWER_CHECKED("t_sewer_checked"),
        SEWER_POSITIVE("t_sewer_positive"),
        /** Outdoor fly breeding sites checked: garbage points and bins checked for overflowing. */
        FLY_SITES("t_fly_sites"),
        FLY_SITES_POSITIVE("t_fly_sites_positive"),
        BINS_CHECKED("t_bins_checked"),
        BINS_LIDDED("t_bins_lidded"),
        /** Large/medium water bodies dipped (1 per record with dips). */
        WATER_BODIES("t_water_bodies"),
        /** Key units with a room check (1 per record with roomsChecked). */
        KEY_UNITS("t_key_units"),
        /** Rooms checked in key units, and of them with rodent signs, flies, adult/nymph cockroaches,
         * egg cases, cockroach signs. */
        ROOMS("t_rooms"),
        ROOMS_RODENT("t_rooms_rodent"),
        ROOMS_FLIES("t_rooms_flies"),
        ROOMS_COCKROACH("t_rooms_roach"),
        ROOMS_EGG_CASE("t_rooms_eggcase"),
        ROOMS_COCKROACH_SIGN("t_rooms_roach_sign"),
        /** Rat-proofing and fly-proofing facilities checked and compliant. */
        RAT_PROOFING_CHECKED("t_ratproof_checked"),
        RAT_PROOFING_OK("t_ratproof_ok"),
        FLY_PROOFING_CHECKED("t_flyproof_checked"),
        FLY_PROOFING_OK("t_flyproof_ok"),
        /** Landing sites checked (1 per record), person-checks made there and mosquitoes landed. */
        LANDING_SITES("t_landing_sites"),
        LANDING_CHECKS("t_landing_checks"),
        LANDING_MOSQUITOES("t_landing_mosquitoes"),
        /** Households checked for the Breteau index, and containers with Aedes larvae found. */
        HOUSEHOLDS("t_households"),
        POSITIVE_CONTAINERS("t_positive_containers");

        private final String column;

        Item(String column) {
            this.column = column;
        }

        public String column() {
            return column;
        }
    }

    private static final Item[] ITEMS = Item.values();

    /**
     * The counts a path index puts over the km walked: what each walk found, summed over every record
     * (as the km are summed over every walk). All other counts are of distinct things: each feature by
     * its latest record in the period.
     */
    public static final java.util.Set<Item> PER_WALK = java.util.EnumSet.of(Item.RODENT_SIGNS, Item.SMALL_WATER_POSITIVE);

    private final long[] counts = new long[ITEMS.length];

    public long get(Item item) {
        return counts[item.ordinal()];
    }

    /** Sets one count (the per-walk counts of a path index come from every record; see InspectionQueries). */
    public InspectionTally set(Item item, long n) {
        counts[item.ordinal()] = n;
        return this;
    }

    public InspectionTally add(Item item, long n) {
        counts[item.ordinal()] += n;
        return this;
    }

    /** Adds every count of {@code other} to this one; returns this. */
    public InspectionTally add(InspectionTally other) {
        for (int i = 0; i < counts.length; i++) counts[i] += other.counts[i];
        return this;
    }

    public static int size() {
        return ITEMS.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InspectionTally t && Arrays.equals(counts, t.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Tally{");
        for (Item i : ITEMS) {
            if (counts[i.ordinal()] != 0) s.append(i).append('=').append(counts[i.ordinal()]).append(' ');
        }
        return s.append('}').toString();
    }
}
