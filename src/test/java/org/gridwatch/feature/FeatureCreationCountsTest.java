package org.gridwatch.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@link FeatureCreationCounts} on a hand-made set: buckets before, between and after two bounds. */
class FeatureCreationCountsTest {

    private static final Instant A = Instant.parse("2024-01-01T00:00:00Z"), B = Instant.parse("2024-02-01T00:00:00Z");

    private static FeatureCreationCounts counts() {
        Map<String, Map<String, long[]>> counts = new HashMap<>();
        // buckets: before A, in [A, B), at or after B
        counts.put("G1", Map.of("trash_bin", new long[]{2, 1, 0}, "rat_bait_station", new long[]{0, 3, 1}));
        counts.put("G2", Map.of("trash_bin", new long[]{0, 0, 4}));
        counts.put(null, Map.of("trash_bin", new long[]{1, 0, 0}));
        return new FeatureCreationCounts(List.of(A, B), counts);
    }

    @Test
    void countsTheScopesAndPeriodsAsked() {
        FeatureCreationCounts c = counts();
        // everywhere (outside every grid too), created before B: a stock at B
        assertThat(c.countByType(null, null, B)).containsExactly(Map.entry("rat_bait_station", 3L), Map.entry("trash_bin", 4L));
        assertThat(c.countByType(null, null, null)).containsExactly(Map.entry("rat_bait_station", 4L), Map.entry("trash_bin", 8L));
        // created in [A, B) in G1 and G2; a code named twice counts twice, as the list is summed code by code
        assertThat(c.countByType(List.of("G1", "G2"), A, B)).containsExactly(Map.entry("rat_bait_station", 3L),
                Map.entry("trash_bin", 1L));
        assertThat(c.countByType(List.of("G2", "G2"), B, null)).containsExactly(Map.entry("trash_bin", 8L));
        // types without any left out; unknown grids add nothing
        assertThat(c.countByType(List.of("G2", "nowhere"), null, A)).isEmpty();
        assertThat(c.countByType(Arrays.asList("G1", null), null, A)).containsExactly(Map.entry("trash_bin", 3L));
    }

    @Test
    void aTimeThatIsNoBoundIsRefused() {
        assertThatThrownBy(() -> counts().countByType(null, null, A.plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
