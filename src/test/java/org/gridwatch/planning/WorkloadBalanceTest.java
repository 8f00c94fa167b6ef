package org.gridwatch.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

class WorkloadBalanceTest {

    @Test
    void gridsFarFromTheMedianAreFlagged() {
        List<WorkloadBalance.Measure> m = List.of(
                new WorkloadBalance.Measure(10000, 400, 10),
                new WorkloadBalance.Measure(10000, 420, 11),
                new WorkloadBalance.Measure(10000, 900, 10),   // more than twice the median walk
                new WorkloadBalance.Measure(10000, 380, 2),    // few stops
                new WorkloadBalance.Measure(10000, 410, 10));
        List<WorkloadBalance.Assessment> a = WorkloadBalance.assess(m, 1.5, 0.5);
        assertThat(WorkloadBalance.medians(m).streetLengthM()).isEqualTo(410.0);
        assertThat(a.get(2).flags()).containsExactly("streetLengthHigh");
        assertThat(a.get(2).streetLengthRatio()).isCloseTo(900 / 410.0, within(1e-9));
        assertThat(a.get(3).flags()).containsExactly("stopsLow");
        assertThat(a.get(0).flags()).isEmpty();
        assertThat(a.get(1).flags()).isEmpty();
    }

    @Test
    void streetsInsideCountWholeAndStreetsAlongTheBorderHalf() {
        Geometry grid = Wkt.box(0, 0, 100, 100);
        double length = WorkloadBalance.streetLengthMeters(grid, Wkt.lines(
                "LINESTRING(50 -20, 50 120)",     // 100 m inside
                "LINESTRING(0 0, 100 0)",         // along the border: 50
                "LINESTRING(200 0, 300 0)"), 0.5); // elsewhere
        assertThat(length).isCloseTo(150, within(1e-6));
    }
}
