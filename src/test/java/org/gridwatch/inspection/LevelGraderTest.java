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

class LevelGraderTest {

    static final Threshold PATH = new Threshold("rodent_path_index", "rodent", 1, 3, 5, "max", true, 1);
    static final Threshold LARVAE = new Threshold("mosquito_larvae_per_positive_dip", "mosquito", 3, 5, 8, "max", false, 30);
    static final Threshold LIDDED = new Threshold("fly_lidded_bin_rate", "fly", 98, 95, 90, "min", true, 20);

    @Test
    void inclusiveMaximumPutsEachBoundaryInTheBetterLevel() {
        assertThat(LevelGrader.grade(0.0, 5, PATH)).isEqualTo(A);
        assertThat(LevelGrader.grade(1.0, 5, PATH)).isEqualTo(A);
        assertThat(LevelGrader.grade(1.0001, 5, PATH)).isEqualTo(B);
        assertThat(LevelGrader.grade(3.0, 5, PATH)).isEqualTo(B);
        assertThat(LevelGrader.grade(3.0001, 5, PATH)).isEqualTo(C);
        assertThat(LevelGrader.grade(5.0, 5, PATH)).isEqualTo(C);
        assertThat(LevelGrader.grade(5.0001, 5, PATH)).isEqualTo(FAIL);
    }

    @Test
    void strictMaximumPutsEachBoundaryInTheWorseLevel() {
        assertThat(LevelGrader.grade(2.999, 30, LARVAE)).isEqualTo(A);
        assertThat(LevelGrader.grade(3.0, 30, LARVAE)).isEqualTo(B);
        assertThat(LevelGrader.grade(5.0, 30, LARVAE)).isEqualTo(C);
        assertThat(LevelGrader.grade(7.999, 30, LARVAE)).isEqualTo(C);
        assertThat(LevelGrader.grade(8.0, 30, LARVAE)).isEqualTo(FAIL);
    }

    @Test
    void minimumDirectionGradesHigherValuesBetter() {
        assertThat(LevelGrader.grade(100.0, 20, LIDDED)).isEqualTo(A);
        assertThat(LevelGrader.grade(98.0, 20, LIDDED)).isEqualTo(A);
        assertThat(LevelGrader.grade(97.99, 20, LIDDED)).isEqualTo(B);
        assertThat(LevelGrader.grade(95.0, 20, LIDDED)).isEqualTo(B);
        assertThat(LevelGrader.grade(90.0, 20, LIDDED)).isEqualTo(C);
        assertThat(LevelGrader.grade(89.99, 20, LIDDED)).isEqualTo(FAIL);
    }

    @Test
    void valuesOffByBinaryRoundingLandOnTheBoundary() {
        // 7 / 100 * 100 is 7.000000000000001 in binary, and 1.3 km walked as 0.1 + 0.6 + 0.6 km is 1.2999999999999998,
        // so 3.9 signs per 1.3 km come out as 3.000000000000001: neither may fall a level for rounding.
        Threshold rate = new Threshold("bait_no_bait_rate", "rodent", 3, 5, 7, "max", true, 20);
        assertThat(7.0 / 100 * 100).isNotEqualTo(7.0);
        assertThat(LevelGrader.grade(7.0 / 100 * 100, 100, rate)).isEqualTo(C);
        assertThat(LevelGrader.grade(8.0, 100, rate)).isEqualTo(FAIL);
        double km = 0.1 + 0.6 + 0.6;
        assertThat(3.9 / km).isGreaterThan(3.0);
        assertThat(LevelGrader.grade(3.9 / km, km, PATH)).isEqualTo(B);
        assertThat(LevelGrader.grade(4.0 / km, km, PATH)).isEqualTo(C);
    }

    @Test
    void tooSmallASampleIsNotALevel() {
        assertThat(LevelGrader.grade(0.0, 0.999, PATH)).isEqualTo(INSUFFICIENT);
        assertThat(LevelGrader.grade(0.0, 1.0, PATH)).isEqualTo(A);
        assertThat(LevelGrader.grade(null, 10, PATH)).isEqualTo(INSUFFICIENT);
        assertThat(LevelGrader.grade(1.0, 29, LARVAE)).isEqualTo(INSUFFICIENT);
        assertThat(LevelGrader.grade(1.0, 0, new Threshold("x", "fly", 1, 2, 3, "max", true, 0))).isEqualTo(INSUFFICIENT);
    }

    @Test
    void vectorIsItsWorstJudgedIndicatorAndVerdictNamesWhatItCovers() {
        assertThat(LevelGrader.worst(List.of(A, INSUFFICIENT, B))).isEqualTo(B);
        assertThat(LevelGrader.worst(List.of(C, FAIL, A))).isEqualTo(FAIL);
        assertThat(LevelGrader.worst(List.of(INSUFFICIENT, INSUFFICIENT))).isEqualTo(INSUFFICIENT);
        assertThat(LevelGrader.worst(List.of())).isEqualTo(INSUFFICIENT);
        Map<String, LevelGrader.Grade> v = new LinkedHashMap<>();
        v.put("rodent", A);
        v.put("mosquito", C);
        v.put("fly", B);
        v.put("cockroach", A);
        assertThat(LevelGrader.verdict(v)).isEqualTo(LevelGrader.Verdict.PASS);
        // a vector without data is not assessed: the others can pass, the grid does not
        v.put("fly", INSUFFICIENT);
        assertThat(LevelGrader.verdict(v)).isEqualTo(LevelGrader.Verdict.PARTIAL);
        v.put("rodent", FAIL);
        assertThat(LevelGrader.verdict(v)).isEqualTo(LevelGrader.Verdict.FAIL);
        v.replaceAll((k, g) -> INSUFFICIENT);
        assertThat(LevelGrader.verdict(v)).isEqualTo(LevelGrader.Verdict.INSUFFICIENT);
    }
}
