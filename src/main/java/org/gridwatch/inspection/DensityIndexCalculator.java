package org.gridwatch.inspection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes the vector density indicators of one grid and period from the summed record counts
 * ({@link InspectionTally}) and the length of path patrolled, and grades them with
 * {@link LevelGrader}. Stateless, thread-safe.
 *
 * <p>The indicators (value; sample size):
 * <ul>
 * <li>rodent_path_index: rodent signs per km of path (signs / km; km)</li>
 * <li>rodent_sign_rate: % of bait-station checks with rodent signs (checks)</li>
 * <li>bait_no_bait_rate, bait_ineffective_rate, bait_misplaced_rate, bait_no_sign_rate: % of
 * bait-station checks with that defect (checks of that item)</li>
 * <li>mosquito_small_water_path_index: small water bodies with larvae per km of path (km)</li>
 * <li>mosquito_positive_dip_rate: % of dips in large/medium water bodies with larvae (dips)</li>
 * <li>mosquito_larvae_per_positive_dip: larvae and pupae per positive dip (dips taken; 0 when
 * dips were taken and none was positive)</li>
 * <li>mosquito_sewer_positive_rate: % of sewer wells and drain inlets with larvae (checks)</li>
 * <li>fly_breeding_site_positive_rate: % of outdoor breeding sites (garbage points, bins checked
 * for overflowing) positive (checks)</li>
 * <li>fly_lidded_bin_rate: % of bins lidded (checks)</li>
 * </ul>
 * A value whose denominator is 0 is null (not measured) and grades INSUFFICIENT.
 */
public final class DensityIndexCalculator {

    public static final List<String> VECTORS = List.of("rodent", "mosquito", "fly");

    /** One indicator of one grid: value in {@code unit}, its fraction, sample size and grade. */
    public record Indicator(String key, String vector, Double value, String unit, double numerator,
                            double denominator, double sampleSize, LevelGrader.Grade grade) {
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", key);
            m.put("vector", vector);
            m.put("value", value == null ? null : round(value, 4));
            m.put("unit", unit);
            m.put("numerator", round(numerator, 3));
            m.put("denominator", round(denominator, 3));
            m.put("sampleSize", round(sampleSize, 3));
            m.put("grade", grade.name());
            return m;
        }
    }

    /** All indicators of a grid, the vector levels and the verdict against level C. */
    public record Result(List<Indicator> indicators, Map<String, LevelGrader.Grade> vectors,
                         LevelGrader.Verdict verdict) {
        public Indicator indicator(String key) {
            return indicators.stream().filter(i -> i.key().equals(key)).findFirst().orElseThrow();
        }
    }

    private DensityIndexCalculator() {
    }

    /**
     * @param tally      the summed counts of the grid's inspections in the period
     * @param pathKm     km of path patrolled in the grid in the period
     * @param thresholds by indicator key; an indicator without a threshold is left out
     */
    public static Result compute(InspectionTally tally, double pathKm, Map<String, Threshold> thresholds) {
        List<Indicator> out = new ArrayList<>();
        InspectionTally t = tally;
        perKm(out, thresholds, "rodent_path_index", t.get(InspectionTally.Item.RODENT_SIGNS), pathKm);
        percent(out, thresholds, "rodent_sign_rate", t.get(InspectionTally.Item.STATIONS_WITH_SIGNS),
                t.get(InspectionTally.Item.STATIONS));
        percent(out, thresholds, "bait_no_bait_rate", t.get(InspectionTally.Item.NO_BAIT),
                t.get(InspectionTally.Item.BAIT_CHECKED));
        percent(out, thresholds, "bait_ineffective_rate", t.get(InspectionTally.Item.INEFFECTIVE),
                t.get(InspectionTally.Item.EFFECT_CHECKED));
        percent(out, thresholds, "bait_misplaced_rate", t.get(InspectionTally.Item.MISPLACED),
                t.get(InspectionTally.Item.PLACE_CHECKED));
        percent(out, thresholds, "bait_no_sign_rate", t.get(InspectionTally.Item.NO_SIGN),
                t.get(InspectionTally.Item.SIGN_CHECKED));
        perKm(out, thresholds, "mosquito_small_water_path_index", t.get(InspectionTally.Item.SMALL_WATER_POSITIVE), pathKm);
        long dips = t.get(InspectionTally.Item.DIPS);
        long positiveDips = t.get(InspectionTally.Item.POSITIVE_DIPS);
        percent(out, thresholds, "mosquito_positive_dip_rate", positiveDips, dips);
        Threshold larvae = thresholds.get("mosquito_larvae_per_positive_dip");
        if (larvae != null) {
            long count = t.get(InspectionTally.Item.DIP_LARVAE);
            Double value = positiveDips > 0 ? Double.valueOf((double) count / positiveDips) : dips > 0 ? Double.valueOf(0) : null;
            out.add(new Indicator(larvae.indicator(), larvae.vector(), value, "larvae_per_dip", count, positiveDips,
                    dips, LevelGrader.grade(value, dips, larvae)));
        }
        percent(out, thresholds, "mosquito_sewer_positive_rate", t.get(InspectionTally.Item.SEWER_POSITIVE),
                t.get(InspectionTally.Item.SEWER_CHECKED));
        percent(out, thresholds, "fly_breeding_site_positive_rate", t.get(InspectionTally.Item.FLY_SITES_POSITIVE),
                t.get(InspectionTally.Item.FLY_SITES));
        percent(out, thresholds, "fly_lidded_bin_rate", t.get(InspectionTally.Item.BINS_LIDDED),
                t.get(InspectionTally.Item.BINS_CHECKED));
        Map<String, LevelGrader.Grade> vectors = new LinkedHashMap<>();
        for (String v : VECTORS) {
            vectors.put(v, LevelGrader.worst(out.stream().filter(i -> i.vector().equals(v)).map(Indicator::grade).toList()));
        }
        return new Result(out, vectors, LevelGrader.verdict(vectors));
    }

    private static void perKm(List<Indicator> out, Map<String, Threshold> thresholds, String key, long count,
                              double km) {
        Threshold t = thresholds.get(key);
        if (t == null) return;
        Double value = km > 0 ? count / km : null;
        out.add(new Indicator(key, t.vector(), value, "per_km", count, km, km, LevelGrader.grade(value, km, t)));
    }

    private static void percent(List<Indicator> out, Map<String, Threshold> thresholds, String key, long positive,
                                long checked) {
        Threshold t = thresholds.get(key);
        if (t == null) return;
        Double value = checked > 0 ? 100.0 * positive / checked : null;
        out.add(new Indicator(key, t.vector(), value, "percent", positive, checked, checked,
                LevelGrader.grade(value, checked, t)));
    }

    public static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
