package org.gridwatch.cases.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PercentileTest {

    @Test
    void interpolatesBetweenNeighbours() {
        // 10 values 1..10: rank 0.9 × 9 = 8.1 → 9 + 0.1 × 1
        assertEquals(9.1, Percentile.cont(new long[] {10, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 0.9), 1e-12);
        assertEquals(5.5, Percentile.cont(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.5), 1e-12);
    }

    @Test
    void edges() {
        assertNull(Percentile.cont(new long[0], 0.9));
        assertEquals(42.0, Percentile.cont(new long[] {42}, 0.9), 0);
        assertEquals(1.0, Percentile.cont(new long[] {3, 1, 2}, 0), 0);
        assertEquals(3.0, Percentile.cont(new long[] {3, 1, 2}, 1), 0);
        assertThrows(IllegalArgumentException.class, () -> Percentile.cont(new long[] {1}, 1.5));
    }

    @Test
    void leavesItsInputAlone() {
        long[] values = {3, 1, 2};
        Percentile.cont(values, 0.9);
        assertEquals(3, values[0]);
    }
}
