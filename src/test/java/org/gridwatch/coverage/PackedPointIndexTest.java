package org.gridwatch.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class PackedPointIndexTest {

    @Test
    void windowQueriesReturnExactlyThePointsABruteForceScanFinds() {
        long seed = 20240601L;
        Random random = new Random(seed);
        int n = 5_000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            // Some points on a coarse lattice so window edges hit points exactly.
            x[i] = i % 7 == 0 ? Math.floor(random.nextDouble() * 10) : random.nextDouble() * 10;
            y[i] = i % 7 == 0 ? Math.floor(random.nextDouble() * 5) : random.nextDouble() * 5;
        }
        PackedPointIndex index = new PackedPointIndex(x, y, 6);
        for (int q = 0; q < 300; q++) {
            double x0 = Math.floor(random.nextDouble() * 12) - 1;
            double y0 = Math.floor(random.nextDouble() * 7) - 1;
            double x1 = x0 + Math.floor(random.nextDouble() * 4);
            double y1 = y0 + Math.floor(random.nextDouble() * 3);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (x[i] >= x0 && x[i] <= x1 && y[i] >= y0 && y[i] <= y1) expected.add(i);
            }
            List<Integer> found = new ArrayList<>();
            index.query(x0, y0, x1, y1, (slot, px, py) -> {
                assertThat(px).isEqualTo(x[index.originalIndex(slot)]);
                found.add(index.originalIndex(slot));
            });
            assertThat(found).as("seed %d window %s,%s %s,%s", seed, x0, y0, x1, y1)
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void permuteReordersPerPointValuesIntoSlotOrder() {
        double[] x = {3, 1, 2, 0};
        double[] y = {0, 0, 0, 0};
        PackedPointIndex index = new PackedPointIndex(x, y, 1);
        int[] label = {30, 10, 20, 0};
        int[] bySlot = index.permute(label);
        for (int s = 0; s < 4; s++) assertThat(bySlot[s]).isEqualTo((int) index.x(s) * 10);
    }

    @Test
    void emptyAndDegenerateInputsWork() {
        PackedPointIndex empty = new PackedPointIndex(new double[0], new double[0], 4);
        empty.query(-1, -1, 1, 1, (s, px, py) -> {
            throw new AssertionError("no points");
        });
        PackedPointIndex same = new PackedPointIndex(new double[]{5, 5, 5}, new double[]{7, 7, 7}, 1);
        int[] hits = new int[1];
        same.query(5, 7, 5, 7, (s, px, py) -> hits[0]++);
        assertThat(hits[0]).isEqualTo(3);
    }
}
