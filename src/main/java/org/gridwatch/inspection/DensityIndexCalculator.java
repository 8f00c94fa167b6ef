package org.gridwatch.inspection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gridwatch.inspection.InspectionTally.Item;

/**
 * Computes the vector density indicators of one grid and period from the summed record counts
 * ({@link InspectionTally}, one latest record per feature) and the km of track walked, grades the
 * national ones with {@link LevelGrader} and checks the local ones against the district's targets.
 * Stateless, thread-safe.
 *
 * <p>National indicators (GB/T 27770–27773; value; sample size in distinct things):
 * <ul>
 * <li>rodent_path_index 路径指数: rodent signs per km of tracked path (km)</li>
 * <li>rodent_sign_rate 鼠迹阳性率: % of key-unit rooms checked with rodent signs (rooms)</li>
 * <li>rodent_proofing_rate 防鼠设施合格率: % of rat-proofing facilities checked that comply (facilities)</li>
 * <li>mosquito_small_water_path_index 小型积水路径指数: positive small water bodies per km (km)</li>
 * <li>mosquito_positive_dip_rate 阳性勺指数: % of dips in large/medium water bodies with larvae (water bodies)</li>
 * <li>mosquito_larvae_per_positive_dip: larvae and pupae per positive dip, 0 when dips were taken and
 * none was positive (water bodies)</li>
 * <li>mosquito_landing_index 停落指数: mosquitoes landed per person-check (landing sites)</li>
 * <li>fly_room_rate 有蝇房间阳性率: % of rooms checked with flies (rooms)</li>
 * <li>fly_proofing_rate 防蝇设施合格率: % of fly-proofing facilities that comply (facilities)</li>
 * <li>fly_breeding_site_positive_rate 孳生地阳性率: % of outdoor breeding sites positive (sites)</li>
 * <li>cockroach_infestation_rate 成若虫侵害率, cockroach_egg_case_rate 卵鞘查获率,
 * cockroach_sign_rate 蟑迹查获率: % of rooms checked with adult/nymph cockroaches, egg cases,
 * cockroach signs (rooms)</li>
 * </ul>
 * Local (management) figures, never a level: bait_station_sign_rate and bait_no_bait_rate,
 * bait_ineffective_rate, bait_misplaced_rate, bait_no_sign_rate (stations), mosquito_sewer_positive_rate
 * (wells), fly_lidded_bin_rate (bins), mosquito_breteau_index 布雷图指数: positive containers per 100
 * households (households).
 *
 * <p>A value whose denominator is 0 is null (not measured) and grades INSUFFICIENT. A vector's level
 * is the worst of its national indicators' levels; a vector none of whose national indicators is
 * judged is not assessed (INSUFFICIENT).
 */
public final class DensityIndexCalculator {

    public static final List<String> VECTORS = List.of("rodent", "mosquito", "fly", "cockroach");

    /** Where a local figure stands against the district's own target. */
    public enum TargetStatus {
        MET, MISSED, NO_TARGET, INSUFFICIENT
    }

    /**
     * One indicator of one grid: value in {@code unit}, its fraction, sample size (in
     * {@code sampleUnit}) and, for a national indicator, its grade; for a local one the target
     * status (grade null).
     */
    public record Indicator(String key, String vector, Double value, String unit, double numerator,
                            double denominator, double sampleSize, LevelGrader.Grade grade, String kind,
                            String sampleUnit, Double target, TargetStatus targetStatus) {

        public boolean local() {
            return Threshold.LOCAL.equals(kind);
        }

        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", key);
            m.put("vector", vector);
            m.put("kind", kind);
            m.put("value", value == null ? null : round(value, 4));
            m.put("unit", unit);
            m.put("numerator", round(numerator, 3));
            m.put("denominator", round(denominator, 3));
            m.put("sampleSize", round(sampleSize, 3));
            m.put("sampleUnit", sampleUnit);
            m.put("grade", grade == null ? null : grade.name());
            if (local()) {
                m.put("target", target);
                m.put("targetStatus", targetStatus.name());
            }
            return m;
        }
    }

    /** All indicators of a grid, the vector levels (national only) and the verdict against level C. */
    public record Result(List<Indicator> indicators, Map<String, LevelGrader.Grade> vectors,
                         LevelGrader.Verdict verdict) {
        public Indicator indicator(String key) {
            return indicators.stream().filter(i -> i.key().equals(key)).findFirst().orElseThrow();
        }

        /** The vectors with a judged level, in {@link #VECTORS} order. */
        public List<String> assessedVectors() {
            return vectors.entrySet().stream().filter(e -> e.getValue() != LevelGrader.Grade.INSUFFICIENT)
                    .map(Map.Entry::getKey).toList();
        }

        /** The vectors without enough data for a level: "not assessed", never a pass. */
        public List<String> notAssessedVectors() {
            return vectors.entrySet().stream().filter(e -> e.getValue() == LevelGrader.Grade.INSUFFICIENT)
                    .map(Map.Entry::getKey).toList();
        }
    }

    private DensityIndexCalculator() {
    }

    /**
     * @param tally      the summed counts of the grid's records in the period
     * @param pathKm     km of tracked path patrolled in the grid in the period
     * @param thresholds by indicator key; an indicator without a threshold is left out
     */
    public static Result compute(InspectionTally tally, double pathKm, Map<String, Threshold> thresholds) {
        List<Indicator> out = new ArrayList<>();
        InspectionTally t = tally;
        perKm(out, thresholds, "rodent_path_index", t.get(Item.RODENT_SIGNS), pathKm);
        rate(out, thresholds, "rodent_sign_rate", t.get(Item.ROOMS_RODENT), t.get(Item.ROOMS), t.get(Item.ROOMS));
        rate(out, thresholds, "rodent_proofing_rate", t.get(Item.RAT_PROOFING_OK), t.get(Item.RAT_PROOFING_CHECKED),
                t.get(Item.RAT_PROOFING_CHECKED));
        perKm(out, thresholds, "mosquito_small_water_path_index", t.get(Item.SMALL_WATER_POSITIVE), pathKm);
        long dips = t.get(Item.DIPS);
        long positiveDips = t.get(Item.POSITIVE_DIPS);
        long waterBodies = t.get(Item.WATER_BODIES);
        rate(out, thresholds, "mosquito_positive_dip_rate", positiveDips, dips, waterBodies);
        Threshold larvae = thresholds.get("mosquito_larvae_per_positive_dip");
        if (larvae != null) {
            long count = t.get(Item.DIP_LARVAE);
            Double value = positiveDips > 0 ? Double.valueOf((double) count / positiveDips) : dips > 0 ? Double.valueOf(0) : null;
            out.add(indicator(larvae, value, "larvae_per_dip", count, positiveDips, waterBodies));
        }
        ratio(out, thresholds, "mosquito_landing_index", "per_person_check", t.get(Item.LANDING_MOSQUITOES),
                t.get(Item.LANDING_CHECKS), 1, t.get(Item.LANDING_SITES));
        rate(out, thresholds, "fly_room_rate", t.get(Item.ROOMS_FLIES), t.get(Item.ROOMS), t.get(Item.ROOMS));
        rate(out, thresholds, "fly_proofing_rate", t.get(Item.FLY_PROOFING_OK), t.get(Item.FLY_PROOFING_CHECKED),
                t.get(Item.FLY_PROOFING_CHECKED));
        rate(out, thresholds, "fly_breeding_site_positive_rate", t.get(Item.FLY_SITES_POSITIVE), t.get(Item.FLY_SITES),
                t.get(Item.FLY_SITES));
        rate(out, thresholds, "cockroach_infestation_rate", t.get(Item.ROOMS_COCKROACH), t.get(Item.ROOMS), t.get(Item.ROOMS));
        rate(out, thresholds, "cockroach_egg_case_rate", t.get(Item.ROOMS_EGG_CASE), t.get(Item.ROOMS), t.get(Item.ROOMS));
        rate(out, thresholds, "cockroach_sign_rate", t.get(Item.ROOMS_COCKROACH_SIGN), t.get(Item.ROOMS),
                t.get(Item.ROOMS));
        // management figures
        rate(out, thresholds, "bait_station_sign_rate", t.get(Item.STATIONS_WITH_SIGNS), t.get(Item.STATIONS),
                t.get(Item.STATIONS));
        rate(out, thresholds, "bait_no_bait_rate", t.get(Item.NO_BAIT), t.get(Item.BAIT_CHECKED), t.get(Item.BAIT_CHECKED));
        rate(out, thresholds, "bait_ineffective_rate", t.get(Item.INEFFECTIVE), t.get(Item.EFFECT_CHECKED),
                t.get(Item.EFFECT_CHECKED));
        rate(out, thresholds, "bait_misplaced_rate", t.get(Item.MISPLACED), t.get(Item.PLACE_CHECKED),
                t.get(Item.PLACE_CHECKED));
        rate(out, thresholds, "bait_no_sign_rate", t.get(Item.NO_SIGN), t.get(Item.SIGN_CHECKED), t.get(Item.SIGN_CHECKED));
        rate(out, thresholds, "mosquito_sewer_positive_rate", t.get(Item.SEWER_POSITIVE), t.get(Item.SEWER_CHECKED),
                t.get(Item.SEWER_CHECKED));
        rate(out, thresholds, "fly_lidded_bin_rate", t.get(Item.BINS_LIDDED), t.get(Item.BINS_CHECKED),
                t.get(Item.BINS_CHECKED));
        ratio(out, thresholds, "mosquito_breteau_index", "per_100_households", t.get(Item.POSITIVE_CONTAINERS),
                t.get(Item.HOUSEHOLDS), 100, t.get(Item.HOUSEHOLDS));
        Map<String, LevelGrader.Grade> vectors = new LinkedHashMap<>();
        for (String v : VECTORS) {
            vectors.put(v, LevelGrader.worst(out.stream().filter(i -> !i.local() && i.vector().equals(v))
                    .map(Indicator::grade).toList()));
        }
        return new Result(out, vectors, LevelGrader.verdict(vectors));
    }

    private static void perKm(List<Indicator> out, Map<String, Threshold> thresholds, String key, long count,
                              double km) {
        Threshold t = thresholds.get(key);
        if (t == null) return;
        Double value = km > 0 ? count / km : null;
        out.add(indicator(t, value, "per_km", count, km, km));
    }

    private static void rate(List<Indicator> out, Map<String, Threshold> thresholds, String key, long part,
                             long whole, double sample) {
        ratio(out, thresholds, key, "percent", part, whole, 100, sample);
    }

    private static void ratio(List<Indicator> out, Map<String, Threshold> thresholds, String key, String unit,
                              long numerator, long denominator, double scale, double sample) {
        Threshold t = thresholds.get(key);
        if (t == null) return;
        Double value = denominator > 0 ? scale * numerator / denominator : null;
        out.add(indicator(t, value, unit, numerator, denominator, sample));
    }

    private static Indicator indicator(Threshold t, Double value, String unit, double numerator, double denominator,
                                       double sample) {
        if (t.local()) {
            return new Indicator(t.indicator(), t.vector(), value, unit, numerator, denominator, sample, null, t.kind(),
                    t.sampleUnit(), t.target(), LevelGrader.target(value, sample, t));
        }
        return new Indicator(t.indicator(), t.vector(), value, unit, numerator, denominator, sample,
                LevelGrader.grade(value, sample, t), t.kind(), t.sampleUnit(), null, null);
    }

    public static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
