package org.gridwatch.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.gridwatch.inspection.InspectionOutcome;
import org.gridwatch.inspection.OutcomeClassifier;

class WorkSummaryCalculatorTest {

    static InspectionOutcome r(long feature, boolean positive, boolean cleared, String kind) {
        return new InspectionOutcome(feature, positive, cleared, kind);
    }

    @Test
    void countsProblemsFoundAndClosedAndSitesHandled() {
        WorkSummaryCalculator c = new WorkSummaryCalculator();
        // feature 1: positive, positive again, then clean → 2 found, 2 closed
        c.accept(r(1, true, false, "small_water"));
        c.accept(r(1, true, false, "small_water"));
        c.accept(r(1, false, false, "small_water"));
        // feature 2: positive and cleared on the spot, cleared again later → 1 found 1 closed; one site handled
        c.accept(r(2, true, true, "small_water"));
        c.accept(r(2, false, true, "small_water"));
        // feature 3: positive, still positive at the end → open
        c.accept(r(3, false, false, "sewer_well"));
        c.accept(r(3, true, false, "sewer_well"));
        // feature 4: rodent sign cleared; feature 5: garbage point positive, then cleared but still positive
        c.accept(r(4, true, true, "rodent_sign"));
        c.accept(r(5, true, false, "garbage_point"));
        c.accept(r(5, true, true, "garbage_point"));
        // feature 6: a bin (no site kind) cleared does not count as a breeding site
        c.accept(r(6, false, true, null));
        assertThat(c.inspections()).isEqualTo(11);
        assertThat(c.problemsFound()).isEqualTo(7);
        // closed: f1 ×2, f2 ×1, f4 ×1, f5: the cleared record closes itself and the open one before it
        assertThat(c.problemsClosed()).isEqualTo(6);
        assertThat(c.breedingSitesHandled()).containsExactly(Map.entry("small_water", 1L), Map.entry("sewer_well", 0L),
                Map.entry("drain_inlet", 0L), Map.entry("garbage_point", 1L), Map.entry("rodent_sign", 1L));
    }

    @Test
    void nothingRecordedCountsNothing() {
        WorkSummaryCalculator c = new WorkSummaryCalculator();
        assertThat(c.inspections()).isZero();
        assertThat(c.problemsFound()).isZero();
        assertThat(c.breedingSitesHandled().values()).containsOnly(0L);
    }

    @Test
    void recordsOutOfFeatureOrderAreRefused() {
        WorkSummaryCalculator c = new WorkSummaryCalculator();
        c.accept(r(5, false, false, null));
        assertThatThrownBy(() -> c.accept(r(4, false, false, null))).isInstanceOf(IllegalArgumentException.class);
    }
}
