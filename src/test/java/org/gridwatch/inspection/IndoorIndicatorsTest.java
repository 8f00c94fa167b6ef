package org.gridwatch.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.inspection.DensityIndexCalculatorTest.SEEDED;
import static org.gridwatch.inspection.DensityIndexCalculatorTest.records;
import static org.gridwatch.inspection.LevelGrader.Grade.A;
import static org.gridwatch.inspection.LevelGrader.Grade.B;
import static org.gridwatch.inspection.LevelGrader.Grade.C;
import static org.gridwatch.inspection.LevelGrader.Grade.FAIL;
import static org.gridwatch.inspection.LevelGrader.Grade.INSUFFICIENT;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The indoor indicators of GB/T 27770, 27772 and 27773 from key-unit room checks, the landing index
 * and the Breteau index, each on a hand-made record set with its exact value and level boundaries.
 */
class IndoorIndicatorsTest {

    /** Four key units of 25 rooms (100 rooms), with {@code field} positive in {@code positive} rooms. */
    static InspectionTally rooms(String field, int positive) {
        InspectionTally t = new InspectionTally();
        for (int u = 0; u < 4; u++) {
            int here = Math.min(25, Math.max(0, positive - 25 * u));
            records(t, 1, "key_unit", "{\"roomsChecked\":25,\"" + field + "\":" + here + "}");
        }
        return t;
    }

    static DensityIndexCalculator.Indicator roomRate(String field, int positive, String key) {
        return DensityIndexCalculator.compute(rooms(field, positive), 0, SEEDED).indicator(key);
    }

    @Test
    void rodentSignRateIsRoomsWithSignsOfRoomsChecked() {
        DensityIndexCalculator.Indicator i = roomRate("roomsWithRodentSigns", 1, "rodent_sign_rate");
        assertThat(i.value()).isEqualTo(1.0);
        assertThat(i.numerator()).isEqualTo(1);
        assertThat(i.denominator()).isEqualTo(100);
        assertThat(i.sampleSize()).isEqualTo(100);
        assertThat(i.sampleUnit()).isEqualTo("rooms");
        assertThat(i.grade()).isEqualTo(A); // ≤1 %
        assertThat(roomRate("roomsWithRodentSigns", 2, "rodent_sign_rate").grade()).isEqualTo(B);
        assertThat(roomRate("roomsWithRodentSigns", 3, "rodent_sign_rate").grade()).isEqualTo(B); // ≤3 %
        assertThat(roomRate("roomsWithRodentSigns", 5, "rodent_sign_rate").grade()).isEqualTo(C); // ≤5 %
        assertThat(roomRate("roomsWithRodentSigns", 6, "rodent_sign_rate").grade()).isEqualTo(FAIL);
        // 49 rooms are fewer than the 50 the table asks for
        InspectionTally few = records(new InspectionTally(), 1, "key_unit", "{\"roomsChecked\":49,\"roomsWithRodentSigns\":0}");
        DensityIndexCalculator.Result r = DensityIndexCalculator.compute(few, 0, SEEDED);
        assertThat(r.indicator("rodent_sign_rate").value()).isEqualTo(0.0);
        assertThat(r.indicator("rodent_sign_rate").grade()).isEqualTo(INSUFFICIENT);
        assertThat(r.vectors().get("rodent")).isEqualTo(INSUFFICIENT);
    }

    static DensityIndexCalculator.Indicator proofing(String prefix, int checked, int compliant, String key) {
        InspectionTally t = records(new InspectionTally(), 1, "key_unit",
                "{\"" + prefix + "Checked\":" + checked + ",\"" + prefix + "Compliant\":" + compliant + "}");
        return DensityIndexCalculator.compute(t, 0, SEEDED).indicator(key);
    }

    @Test
    void proofingComplianceRatesAreCompliantOfChecked() {
        DensityIndexCalculator.Indicator rat = proofing("ratProofing", 100, 97, "rodent_proofing_rate");
        assertThat(rat.value()).isEqualTo(97.0);
        assertThat(rat.sampleSize()).isEqualTo(100);
        assertThat(rat.sampleUnit()).isEqualTo("facilities");
        assertThat(rat.grade()).isEqualTo(A); // ≥97 %
        assertThat(proofing("ratProofing", 100, 96, "rodent_proofing_rate").grade()).isEqualTo(B);
        assertThat(proofing("ratProofing", 100, 95, "rodent_proofing_rate").grade()).isEqualTo(B);
        assertThat(proofing("ratProofing", 100, 93, "rodent_proofing_rate").grade()).isEqualTo(C);
        assertThat(proofing("ratProofing", 100, 92, "rodent_proofing_rate").grade()).isEqualTo(FAIL);
        assertThat(proofing("ratProofing", 19, 19, "rodent_proofing_rate").grade()).isEqualTo(INSUFFICIENT);

        assertThat(proofing("flyProofing", 50, 49, "fly_proofing_rate").value()).isEqualTo(98.0);
        assertThat(proofing("flyProofing", 50, 49, "fly_proofing_rate").grade()).isEqualTo(A); // ≥98 %
        assertThat(proofing("flyProofing", 100, 97, "fly_proofing_rate").grade()).isEqualTo(B);
        assertThat(proofing("flyProofing", 100, 95, "fly_proofing_rate").grade()).isEqualTo(B);
        assertThat(proofing("flyProofing", 100, 90, "fly_proofing_rate").grade()).isEqualTo(C);
        assertThat(proofing("flyProofing", 100, 89, "fly_proofing_rate").grade()).isEqualTo(FAIL);
    }

    @Test
    void roomsWithFlies() {
        DensityIndexCalculator.Indicator i = roomRate("roomsWithFlies", 3, "fly_room_rate");
        assertThat(i.value()).isEqualTo(3.0);
        assertThat(i.grade()).isEqualTo(A); // ≤3 %
        assertThat(roomRate("roomsWithFlies", 4, "fly_room_rate").grade()).isEqualTo(B);
        assertThat(roomRate("roomsWithFlies", 6, "fly_room_rate").grade()).isEqualTo(B);
        assertThat(roomRate("roomsWithFlies", 9, "fly_room_rate").grade()).isEqualTo(C);
        assertThat(roomRate("roomsWithFlies", 10, "fly_room_rate").value()).isEqualTo(10.0);
        assertThat(roomRate("roomsWithFlies", 10, "fly_room_rate").grade()).isEqualTo(FAIL);
    }

    @Test
    void cockroachLevelIsTheWorstOfItsThreeRates() {
        assertThat(roomRate("roomsWithCockroaches", 1, "cockroach_infestation_rate").grade()).isEqualTo(A);
        assertThat(roomRate("roomsWithCockroaches", 3, "cockroach_infestation_rate").grade()).isEqualTo(B);
        assertThat(roomRate("roomsWithCockroaches", 5, "cockroach_infestation_rate").grade()).isEqualTo(C);
        assertThat(roomRate("roomsWithCockroaches", 6, "cockroach_infestation_rate").grade()).isEqualTo(FAIL);
        assertThat(roomRate("roomsWithEggCases", 1, "cockroach_egg_case_rate").grade()).isEqualTo(A);
        assertThat(roomRate("roomsWithEggCases", 2, "cockroach_egg_case_rate").grade()).isEqualTo(B);
        assertThat(roomRate("roomsWithEggCases", 3, "cockroach_egg_case_rate").grade()).isEqualTo(C);
        assertThat(roomRate("roomsWithEggCases", 4, "cockroach_egg_case_rate").grade()).isEqualTo(FAIL);
        assertThat(roomRate("roomsWithCockroachSigns", 3, "cockroach_sign_rate").grade()).isEqualTo(A);
        assertThat(roomRate("roomsWithCockroachSigns", 5, "cockroach_sign_rate").grade()).isEqualTo(B);
        assertThat(roomRate("roomsWithCockroachSigns", 7, "cockroach_sign_rate").grade()).isEqualTo(C);
        assertThat(roomRate("roomsWithCockroachSigns", 8, "cockroach_sign_rate").grade()).isEqualTo(FAIL);

        // 100 rooms in two units: 1 infested (A), 2 with egg cases (B), 6 with signs (C) → cockroaches at C
        InspectionTally t = records(new InspectionTally(), 1, "key_unit", "{\"roomsChecked\":60,\"roomsWithCockroaches\":1,"
                + "\"roomsWithEggCases\":2,\"roomsWithCockroachSigns\":6}");
        records(t, 1, "key_unit", "{\"roomsChecked\":40,\"roomsWithCockroaches\":0,\"roomsWithEggCases\":0,"
                + "\"roomsWithCockroachSigns\":0}");
        DensityIndexCalculator.Result r = DensityIndexCalculator.compute(t, 0, SEEDED);
        assertThat(r.indicator("cockroach_infestation_rate").value()).isEqualTo(1.0);
        assertThat(r.indicator("cockroach_egg_case_rate").value()).isEqualTo(2.0);
        assertThat(r.indicator("cockroach_sign_rate").value()).isEqualTo(6.0);
        assertThat(r.vectors().get("cockroach")).isEqualTo(C);
        // the same rooms also gave rodent and fly figures (0 of 100: A), mosquitoes were not assessed
        assertThat(r.vectors().get("rodent")).isEqualTo(A);
        assertThat(r.vectors().get("fly")).isEqualTo(A);
        assertThat(r.vectors().get("mosquito")).isEqualTo(INSUFFICIENT);
        assertThat(r.verdict()).isEqualTo(LevelGrader.Verdict.PARTIAL);
        assertThat(r.notAssessedVectors()).containsExactly("mosquito");
    }

    static DensityIndexCalculator.Indicator landing(int mosquitoes, int sites) {
        InspectionTally t = new InspectionTally();
        for (int s = 0; s < sites; s++) {
            // 10 person-checks in all, the mosquitoes at the first site
            int checks = s == 0 ? 10 - 2 * (sites - 1) : 2;
            records(t, 1, "landing_site", "{\"personChecks\":" + checks + ",\"mosquitoes\":" + (s == 0 ? mosquitoes : 0) + "}");
        }
        return DensityIndexCalculator.compute(t, 0, SEEDED).indicator("mosquito_landing_index");
    }

    @Test
    void landingIndexIsMosquitoesPerPersonCheck() {
        DensityIndexCalculator.Indicator i = landing(5, 3);
        assertThat(i.value()).isEqualTo(0.5);
        assertThat(i.numerator()).isEqualTo(5);
        assertThat(i.denominator()).isEqualTo(10);
        assertThat(i.sampleSize()).isEqualTo(3);
        assertThat(i.sampleUnit()).isEqualTo("sites");
        assertThat(i.grade()).isEqualTo(A); // ≤0.5
        assertThat(landing(6, 3).grade()).isEqualTo(B);
        assertThat(landing(10, 3).grade()).isEqualTo(B); // ≤1.0
        assertThat(landing(15, 3).grade()).isEqualTo(C); // ≤1.5
        assertThat(landing(16, 3).grade()).isEqualTo(FAIL);
        assertThat(landing(0, 2).grade()).isEqualTo(INSUFFICIENT); // 2 sites < 3
    }

    @Test
    void breteauIndexIsPositiveContainersPer100HouseholdsAndALocalFigure() {
        InspectionTally t = records(new InspectionTally(), 1, "household_survey", "{\"households\":30,\"positiveContainers\":2}");
        records(t, 1, "household_survey", "{\"households\":20,\"positiveContainers\":1}");
        DensityIndexCalculator.Result r = DensityIndexCalculator.compute(t, 0, SEEDED);
        DensityIndexCalculator.Indicator bi = r.indicator("mosquito_breteau_index");
        assertThat(bi.value()).isEqualTo(6.0);
        assertThat(bi.sampleSize()).isEqualTo(50);
        assertThat(bi.unit()).isEqualTo("per_100_households");
        assertThat(bi.grade()).isNull();
        assertThat(bi.targetStatus()).isEqualTo(DensityIndexCalculator.TargetStatus.NO_TARGET);
        assertThat(r.vectors().get("mosquito")).isEqualTo(INSUFFICIENT);
        Map<String, Threshold> dengue = new LinkedHashMap<>(SEEDED);
        dengue.put("mosquito_breteau_index", new Threshold("mosquito_breteau_index", "mosquito", null, null, null, "max",
                false, 50, Threshold.LOCAL, "households", 5.0));
        assertThat(DensityIndexCalculator.compute(t, 0, dengue).indicator("mosquito_breteau_index").targetStatus())
                .isEqualTo(DensityIndexCalculator.TargetStatus.MISSED);
        dengue.put("mosquito_breteau_index", new Threshold("mosquito_breteau_index", "mosquito", null, null, null, "max",
                true, 50, Threshold.LOCAL, "households", 6.0));
        assertThat(DensityIndexCalculator.compute(t, 0, dengue).indicator("mosquito_breteau_index").targetStatus())
                .isEqualTo(DensityIndexCalculator.TargetStatus.MET);
    }
}
