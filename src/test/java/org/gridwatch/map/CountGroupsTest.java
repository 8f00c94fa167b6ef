package org.gridwatch.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class CountGroupsTest {

    private static final String[] TYPES = {"trash_bin", "sewer_well", "rat_bait_station"};

    @Test
    void foldsRowsOfOneKeyIntoOneGroupWithTheMeanPosition() {
        CountGroups groups = new CountGroups();
        groups.add("A", "trash_bin", 2, 2 * 114.0, 2 * 22.5);
        groups.add("A", "sewer_well", 1, 114.3, 22.8);
        groups.add("B", "trash_bin", 1, 113.0, 22.0);
        groups.add("C", "trash_bin", 0, 0, 0); // empty rows add nothing

        assertThat(groups.total()).isEqualTo(4);
        List<CountGroups.CountGroup> out = groups.groups();
        assertThat(out).extracting(CountGroups.CountGroup::key).containsExactly("A", "B");
        CountGroups.CountGroup a = out.get(0);
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.lon()).isCloseTo(114.1, within(1e-9));
        assertThat(a.lat()).isCloseTo(22.6, within(1e-9));
        assertThat(a.types()).containsExactly(Map.entry("sewer_well", 1L), Map.entry("trash_bin", 2L));
    }

    @Test
    void equalCountsAreOrderedByKey() {
        CountGroups groups = new CountGroups();
        groups.add("b", "trash_bin", 1, 0, 0);
        groups.add("a", "trash_bin", 1, 0, 0);
        groups.add("c", "trash_bin", 5, 0, 0);
        assertThat(groups.groups()).extracting(CountGroups.CountGroup::key).containsExactly("c", "a", "b");
    }

    /** Random points, counted per cell by the lattice and folded, against counting each point by hand. */
    @Test
    void matchesABruteForceCountOfRandomPoints() {
        long seed = 20261123L;
        SplittableRandom random = new SplittableRandom(seed);
        ClusterLattice lattice = new ClusterLattice(0.01, 0.009);
        Map<String, List<double[]>> byKey = new TreeMap<>();
        Map<String, Map<String, Long>> typesByKey = new HashMap<>();
        Map<String, double[]> sums = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            double lon = random.nextDouble(113.95, 114.05), lat = random.nextDouble(22.5, 22.6);
            String type = TYPES[random.nextInt(TYPES.length)];
            String key = lattice.column(lon) + ":" + lattice.row(lat);
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[]{lon, lat});
            typesByKey.computeIfAbsent(key, k -> new TreeMap<>()).merge(type, 1L, Long::sum);
            double[] s = sums.computeIfAbsent(key + "|" + type, k -> new double[3]);
            s[0]++;
            s[1] += lon;
            s[2] += lat;
        }
        CountGroups groups = new CountGroups();
        sums.forEach((keyType, s) -> {
            String[] parts = keyType.split("\\|");
            groups.add(parts[0], parts[1], (long) s[0], s[1], s[2]);
        });

        assertThat(groups.total()).as("seed %d", seed).isEqualTo(5_000);
        List<CountGroups.CountGroup> out = groups.groups();
        assertThat(out).hasSize(byKey.size());
        for (CountGroups.CountGroup g : out) {
            List<double[]> points = byKey.get(g.key());
            assertThat(g.count()).isEqualTo(points.size());
            assertThat(g.lon()).isCloseTo(points.stream().mapToDouble(p -> p[0]).average().orElseThrow(), within(1e-9));
            assertThat(g.lat()).isCloseTo(points.stream().mapToDouble(p -> p[1]).average().orElseThrow(), within(1e-9));
            assertThat(g.types()).isEqualTo(typesByKey.get(g.key()));
        }
        for (int i = 1; i < out.size(); i++) {
            assertThat(out.get(i - 1).count()).isGreaterThanOrEqualTo(out.get(i).count());
        }
    }
}
