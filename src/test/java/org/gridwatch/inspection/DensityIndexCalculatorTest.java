package org.gridwatch.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.inspection.LevelGrader.Grade.A;
import static org.gridwatch.inspection.LevelGrader.Grade.B;
import static org.gridwatch.inspection.LevelGrader.Grade.C;
import static org.gridwatch.inspection.LevelGrader.Grade.FAIL;
import static org.gridwatch.inspection.LevelGrader.Grade.INSUFFICIENT;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

/** Each indicator from a small hand-made record set, checked exactly, with the level boundaries. */
class DensityIndexCalculatorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The thresholds V75 and V140 seed (also checked against the store in the API test). */
    static final Map<String, Threshold> SEEDED = new LinkedHashMap<>();

    static {
        for (Threshold t : List.of(
                national("rodent_path_index", "rodent", 1, 3, 5, "max", true, 1, "km"),
                national("rodent_sign_rate", "rodent", 1, 3, 5, "max", true, 50, "rooms"),
                national("rodent_proofing_rate", "rodent", 97, 95, 93, "min", true, 20, "facilities"),
                national("mosquito_small_water_path_index", "mosquito", 0.1, 0.5, 0.8, "max", true, 1, "km"),
                national("mosquito_positive_dip_rate", "mosquito", 1, 3, 5, "max", true, 3, "water_bodies"),
                national("mosquito_larvae_per_positive_dip", "mosquito", 3, 5, 8, "max", false, 3, "water_bodies"),
                national("mosquito_landing_index", "mosquito", 0.5, 1.0, 1.5, "max", true, 3, "sites"),
                national("fly_room_rate", "fly", 3, 6, 9, "max", true, 50, "rooms"),
                national("fly_proofing_rate", "fly", 98, 95, 90, "min", true, 20, "facilities"),
                national("fly_breeding_site_positive_rate", "fly", 1, 3, 5, "max", true, 20, "sites"),
                national("cockroach_infestation_rate", "cockroach", 1, 3, 5, "max", true, 50, "rooms"),
                national("cockroach_egg_case_rate", "cockroach", 1, 2, 3, "max", true, 50, "rooms"),
                national("cockroach_sign_rate", "cockroach", 3, 5, 7, "max", true, 50, "rooms"),
                local("mosquito_breteau_index", "mosquito", "max", 50, "households"),
                local("bait_station_sign_rate", "rodent", "max", 20, "stations"),
                local("bait_no_bait_rate", "rodent", "max", 20, "stations"),
                local("bait_ineffective_rate", "rodent", "max", 20, "stations"),
                local("bait_misplaced_rate", "rodent", "max", 20, "stations"),
                local("bait_no_sign_rate", "rodent", "max", 20, "stations"),
                local("mosquito_sewer_positive_rate", "mosquito", "max", 20, "wells"),
                local("fly_lidded_bin_rate", "fly", "min", 20, "bins"))) {
            SEEDED.put(t.indicator(), t);
        }
    }

    static Threshold national(String key, String vector, double a, double b, double c, String direction,
                              boolean inclusive, double minSample, String unit) {
        return new Threshold(key, vector, a, b, c, direction, inclusive, minSample, Threshold.NATIONAL, unit, null);
    }

    static Threshold local(String key, String vector, String direction, double minSample, String unit) {
        return new Threshold(key, vector, null, null, null, direction, true, minSample, Threshold.LOCAL, unit, null);
    }

    /** Sums the tallies of {@code n} records of one type and outcome onto {@code into}. */
    static InspectionTally records(InspectionTally into, int n, String type, String outcome) {
        for (int i = 0; i < n; i++) into.add(OutcomeClassifier.classify(type, JSON.readTree(outcome)).tally());
        return into;
    }

    static DensityIndexCalculator.Indicator indicator(InspectionTally t, double km, String key) {
        return DensityIndexCalculator.compute(t, km, SEEDED).indicator(key);
    }

    @Test
    void rodentPathIndexIsSignsPerKmWithItsBoundaries() {
        // 4 signs at stations plus a burrow found with 0 → 4 signs over 5 km
        InspectionTally t = records(new InspectionTally(), 2, "rat_bait_station", "{\"rodentSigns\":2}");
        DensityIndexCalculator.Indicator i = indicator(t, 5.0, "rodent_path_index");
        assertThat(i.value()).isEqualTo(0.8);
        assertThat(i.numerator()).isEqualTo(4);
        assertThat(i.denominator()).isEqualTo(5.0);
        assertThat(i.sampleSize()).isEqualTo(5.0);
        assertThat(i.unit()).isEqualTo("per_km");
        assertThat(i.grade()).isEqualTo(A);
        records(t, 1, "rodent_sign", "{}"); // 5 signs / 5 km = 1.0: still A
        assertThat(indicator(t, 5.0, "rodent_path_index").grade()).isEqualTo(A);
        records(t, 1, "rodent_sign", "{\"count\":10}"); // 15 / 5 = 3.0: B
        assertThat(indicator(t, 5.0, "rodent_path_index").value()).isEqualTo(3.0);
        assertThat(indicator(t, 5.0, "rodent_path_index").grade()).isEqualTo(B);
        records(t, 1, "rodent_sign", "{\"count\":10}"); // 25 / 5 = 5.0: C
        assertThat(indicator(t, 5.0, "rodent_path_index").grade()).isEqualTo(C);
        records(t, 1, "rodent_sign", "{}"); // 26 / 5 = 5.2: below C
        assertThat(indicator(t, 5.0, "rodent_path_index").value()).isEqualTo(5.2);
        assertThat(indicator(t, 5.0, "rodent_path_index").grade()).isEqualTo(FAIL);
        assertThat(indicator(t, 0.5, "rodent_path_index").grade()).isEqualTo(INSUFFICIENT);
        assertThat(indicator(t, 0, "rodent_path_index").value()).isNull();
    }

    @Test
    void baitStationRatesArePercentOfTheChecksOfEachItem() {
        // 20 stations: 1 without bait (5 % → B), all effective, 2 misplaced (10 % → FAIL), signs at 1 (5 % → C)
        InspectionTally t = records(new InspectionTally(), 1, "rat_bait_station",
                "{\"baitPresent\":false,\"baitEffective\":true,\"placedCorrectly\":false,\"warningSign\":true,\"rodentSigns\":1}");
        records(t, 1, "rat_bait_station",
                "{\"baitPresent\":true,\"baitEffective\":true,\"placedCorrectly\":false,\"warningSign\":true,\"rodentSigns\":0}");
        records(t, 18, "rat_bait_station",
                "{\"baitPresent\":true,\"baitEffective\":true,\"placedCorrectly\":true,\"warningSign\":true,\"rodentSigns\":0}");
        DensityIndexCalculator.Result r = DensityIndexCalculator.compute(t, 20.0, SEEDED);
        assertThat(r.indicator("bait_no_bait_rate").value()).isEqualTo(5.0);
        assertThat(r.indicator("bait_no_bait_rate").sampleSize()).isEqualTo(20);
        assertThat(r.indicator("bait_no_bait_rate").sampleUnit()).isEqualTo("stations");
        // management figures: no national level, and no target until the district sets one
        assertThat(r.indicator("bait_no_bait_rate").grade()).isNull();
        assertThat(r.indicator("bait_no_bait_rate").targetStatus()).isEqualTo(DensityIndexCalculator.TargetStatus.NO_TARGET);
        assertThat(r.indicator("bait_ineffective_rate").value()).isEqualTo(0.0);
        assertThat(r.indicator("bait_misplaced_rate").value()).isEqualTo(10.0);
        assertThat(r.indicator("bait_station_sign_rate").value()).isEqualTo(5.0);
        assertThat(r.indicator("rodent_path_index").value()).isEqualTo(0.05);
        // 10 % misplaced bait cannot fail the rodent vector: its level rests on the path index alone
        assertThat(r.vectors().get("rodent")).isEqualTo(A);
        assertThat(r.verdict()).isEqualTo(LevelGrader.Verdict.PARTIAL);
        // 20 km walked without a positive small water body grade mosquitoes too; flies and cockroaches had no check
        assertThat(r.assessedVectors()).containsExactly("rodent", "mosquito");
        assertThat(r.notAssessedVectors()).containsExactly("fly", "cockroach");
        // a district target of at most 5 % misplaced: missed at 10 %, met by the 5 % without bait
        Map<String, Threshold> targets = new LinkedHashMap<>(SEEDED);
        targets.put("bait_misplaced_rate", new Threshold("bait_misplaced_rate", "rodent", null, null, null, "max", true, 20,
                Threshold.LOCAL, "stations", 5.0));
        targets.put("bait_no_bait_rate", new Threshold("bait_no_bait_rate", "rodent", null, null, null, "max", true, 20,
                Threshold.LOCAL, "stations", 5.0));
        DensityIndexCalculator.Result withTargets = DensityIndexCalculator.compute(t, 20.0, targets);
        assertThat(withTargets.indicator("bait_misplaced_rate").targetStatus()).isEqualTo(DensityIndexCalculator.TargetStatus.MISSED);
        assertThat(withTargets.indicator("bait_no_bait_rate").targetStatus()).isEqualTo(DensityIndexCalculator.TargetStatus.MET);
        assertThat(withTargets.vectors().get("rodent")).isEqualTo(A);
        // 19 checks are too few for a rate
        InspectionTally few = records(new InspectionTally(), 19, "rat_bait_station", "{\"baitPresent\":true,\"rodentSigns\":0}");
        DensityIndexCalculator.Result f = DensityIndexCalculator.compute(few, 2.0, targets);
        assertThat(f.indicator("bait_no_bait_rate").targetStatus()).isEqualTo(DensityIndexCalculator.TargetStatus.INSUFFICIENT);
        assertThat(f.indicator("bait_no_bait_rate").sampleSize()).isEqualTo(19);
        assertThat(f.indicator("bait_ineffective_rate").value()).isNull();
        assertThat(f.vectors().get("rodent")).isEqualTo(A);
    }

    @Test
    void mosquitoIndicators() {
        // small water path index: 1 positive container over 2 km = 0.5 → B; 2 → 1.0 → FAIL
        InspectionTally t = records(new InspectionTally(), 1, "stagnant_water", "{\"larvaePositive\":true}");
        records(t, 3, "stagnant_water", "{\"larvaePositive\":false,\"containerType\":\"small_container\"}");
        assertThat(indicator(t, 2.0, "mosquito_small_water_path_index").value()).isEqualTo(0.5);
        assertThat(indicator(t, 2.0, "mosquito_small_water_path_index").grade()).isEqualTo(B);
        assertThat(indicator(t, 10.0, "mosquito_small_water_path_index").value()).isEqualTo(0.1);
        assertThat(indicator(t, 10.0, "mosquito_small_water_path_index").grade()).isEqualTo(A);
        records(t, 1, "stagnant_water", "{\"larvaePositive\":true}");
        assertThat(indicator(t, 2.0, "mosquito_small_water_path_index").grade()).isEqualTo(FAIL);

        // dips: 100 dips, 3 positive (3 % → B) holding 9 larvae (3 per positive dip → B, "<3" is strict)
        InspectionTally d = records(new InspectionTally(), 4, "stagnant_water",
                "{\"containerType\":\"large_water_body\",\"dips\":25,\"positiveDips\":0}");
        assertThat(indicator(d, 1, "mosquito_larvae_per_positive_dip").value()).isEqualTo(0.0);
        assertThat(indicator(d, 1, "mosquito_larvae_per_positive_dip").grade()).isEqualTo(A);
        InspectionTally pos = records(new InspectionTally(), 3, "stagnant_water",
                "{\"containerType\":\"large_water_body\",\"dips\":0,\"positiveDips\":1,\"larvaeCount\":3}");
        // positiveDips may not exceed dips in a stored record; summed here only to reach the boundary figures
        d.add(pos);
        DensityIndexCalculator.Result r = DensityIndexCalculator.compute(d, 1, SEEDED);
        assertThat(r.indicator("mosquito_positive_dip_rate").value()).isEqualTo(3.0);
        assertThat(r.indicator("mosquito_positive_dip_rate").denominator()).isEqualTo(100);
        // the sample is the 4 water bodies dipped, not the 100 dips
        assertThat(r.indicator("mosquito_positive_dip_rate").sampleSize()).isEqualTo(4);
        assertThat(r.indicator("mosquito_positive_dip_rate").sampleUnit()).isEqualTo("water_bodies");
        assertThat(r.indicator("mosquito_positive_dip_rate").grade()).isEqualTo(B);
        assertThat(r.indicator("mosquito_larvae_per_positive_dip").value()).isEqualTo(3.0);
        assertThat(r.indicator("mosquito_larvae_per_positive_dip").numerator()).isEqualTo(9);
        assertThat(r.indicator("mosquito_larvae_per_positive_dip").denominator()).isEqualTo(3);
        assertThat(r.indicator("mosquito_larvae_per_positive_dip").grade()).isEqualTo(B);

        // sewer wells and drains: 1 of 20 with larvae = 5 % → C; 1 of 25 = 4 % → C; 0 of 20 → A
        InspectionTally s = records(new InspectionTally(), 1, "sewer_well", "{\"larvaePositive\":true}");
        records(s, 9, "sewer_well", "{\"larvaePositive\":false}");
        records(s, 10, "stagnant_water", "{\"containerType\":\"drain\",\"larvaePositive\":false}");
        records(s, 5, "sewer_well", "{\"coverIntact\":true}"); // larvae not recorded: not a larvae check
        assertThat(indicator(s, 1, "mosquito_sewer_positive_rate").value()).isEqualTo(5.0);
        assertThat(indicator(s, 1, "mosquito_sewer_positive_rate").sampleSize()).isEqualTo(20);
        assertThat(indicator(s, 1, "mosquito_sewer_positive_rate").grade()).isNull();
        assertThat(indicator(s, 1, "mosquito_sewer_positive_rate").kind()).isEqualTo(Threshold.LOCAL);
    }

    @Test
    void flyIndicators() {
        // 50 bins: 49 lidded (98 % → A), 1 overflowing; 50 garbage points, 1 with exposed garbage → 2 of 100 = 2 % → B
        InspectionTally t = records(new InspectionTally(), 48, "trash_bin", "{\"lidded\":true,\"overflowing\":false}");
        records(t, 1, "trash_bin", "{\"lidded\":true,\"overflowing\":true}");
        records(t, 1, "trash_bin", "{\"lidded\":false,\"overflowing\":false}");
        records(t, 49, "garbage_point", "{\"exposedGarbage\":false}");
        records(t, 1, "garbage_point", "{\"exposedGarbage\":true}");
        DensityIndexCalculator.Result r = DensityIndexCalculator.compute(t, 3, SEEDED);
        assertThat(r.indicator("fly_lidded_bin_rate").value()).isEqualTo(98.0);
        assertThat(r.indicator("fly_lidded_bin_rate").grade()).isNull();
        assertThat(r.indicator("fly_breeding_site_positive_rate").value()).isEqualTo(2.0);
        assertThat(r.indicator("fly_breeding_site_positive_rate").sampleSize()).isEqualTo(100);
        assertThat(r.indicator("fly_breeding_site_positive_rate").grade()).isEqualTo(B);
        assertThat(r.vectors().get("fly")).isEqualTo(B);
        records(t, 1, "trash_bin", "{\"lidded\":false}"); // 49 of 51 = 96.08 %: a management figure, never a level
        assertThat(indicator(t, 3, "fly_lidded_bin_rate").value()).isCloseTo(96.0784, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void aGridWithoutRecordsIsInsufficientEverywhere() {
        DensityIndexCalculator.Result r = DensityIndexCalculator.compute(new InspectionTally(), 0, SEEDED);
        assertThat(r.indicators()).hasSize(21).allMatch(i -> i.value() == null && (i.local()
                ? i.targetStatus() == DensityIndexCalculator.TargetStatus.INSUFFICIENT : i.grade() == INSUFFICIENT));
        assertThat(r.vectors()).containsExactly(Map.entry("rodent", INSUFFICIENT), Map.entry("mosquito", INSUFFICIENT),
                Map.entry("fly", INSUFFICIENT), Map.entry("cockroach", INSUFFICIENT));
        assertThat(r.notAssessedVectors()).containsExactly("rodent", "mosquito", "fly", "cockroach");
        assertThat(r.verdict()).isEqualTo(LevelGrader.Verdict.INSUFFICIENT);
    }
}
