package org.gridwatch.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

class ActiveFeatureSetTest {

    private static ActiveFeatureSet.Feature f(long id, String type, double lon, double lat, String grid) {
        return new ActiveFeatureSet.Feature(id, type, lon, lat, grid);
    }

    @Test
    void countsPerGridAndTypeFollowCreationMoveAndDeletion() {
        ActiveFeatureSet set = new ActiveFeatureSet(List.of(f(1, "trash_bin", 1, 1, "A"), f(2, "trash_bin", 2, 2, "A"),
                f(3, "sewer_well", 3, 3, "B"), f(4, "trash_bin", 9, 9, null)));
        assertThat(set.count("A", "trash_bin")).isEqualTo(2);
        assertThat(set.count("B", "sewer_well")).isEqualTo(1);
        assertThat(set.count(null, "trash_bin")).isEqualTo(1);
        assertThat(set.count("trash_bin")).isEqualTo(3);
        long v = set.version();

        // feature 2 moves from (2,2) in A to (3.5,3.5) in B: the edit's window holds both places
        Envelope move = new Envelope(2, 3.5, 2, 3.5);
        int dropped = set.replaceWithin(move, List.of(f(3, "sewer_well", 3, 3, "B"), f(2, "trash_bin", 3.5, 3.5, "B")));
        assertThat(dropped).isEqualTo(2);
        assertThat(set.count("A", "trash_bin")).isEqualTo(1);
        assertThat(set.count("B", "trash_bin")).isEqualTo(1);
        assertThat(set.count("B", "sewer_well")).isEqualTo(1);
        assertThat(set.size()).isEqualTo(4);
        assertThat(set.version()).isGreaterThan(v);

        // deleting the only feature at (9,9) and creating one of a new type in a new grid
        set.replaceWithin(new Envelope(9, 9, 9, 9), List.of());
        set.replaceWithin(new Envelope(5, 5, 5, 5), List.of(f(5, "rodent_sign", 5, 5, "C")));
        assertThat(set.count(null, "trash_bin")).isZero();
        assertThat(set.count("C", "rodent_sign")).isEqualTo(1);
        assertThat(set.gridCodes()).containsExactlyInAnyOrder("A", "B", "C");
        assertThat(set.count("nowhere", "trash_bin")).isZero();
        assertThat(set.count("A", "no_such_type")).isZero();
    }

    @Test
    void windowEdgesAreInsideLikeTheDatabaseBoxTest() {
        ActiveFeatureSet set = new ActiveFeatureSet(List.of(f(1, "t", 0, 0, "A"), f(2, "t", 1, 1, "A"), f(3, "t", 1.0000001, 1, "A")));
        assertThat(set.replaceWithin(new Envelope(0, 1, 0, 1), List.of())).isEqualTo(2);
        assertThat(set.count("A", "t")).isEqualTo(1);
    }

    /** Random windows replaced by what a store holding the truth returns: the counts always equal a recount. */
    @Test
    void manyRandomReplacementsKeepCountsEqualToARecount() {
        Random random = new Random(3);
        List<ActiveFeatureSet.Feature> truth = new ArrayList<>();
        String[] types = {"a", "b", "c"};
        for (int i = 0; i < 2000; i++) {
            truth.add(f(i, types[random.nextInt(3)], random.nextDouble() * 10, random.nextDouble() * 10, "G" + random.nextInt(20)));
        }
        ActiveFeatureSet set = new ActiveFeatureSet(truth);
        long nextId = 2000;
        for (int round = 0; round < 300; round++) {
            double x = random.nextDouble() * 10, y = random.nextDouble() * 10, w = random.nextDouble() * 2;
            Envelope window = new Envelope(x, x + w, y, y + w);
            // in the store: delete some in the window, add some, move some
            List<ActiveFeatureSet.Feature> next = new ArrayList<>();
            for (ActiveFeatureSet.Feature t : truth) {
                boolean in = window.contains(t.lon(), t.lat());
                if (in && random.nextInt(4) == 0) continue;
                next.add(t);
            }
            for (int k = random.nextInt(5); k > 0; k--) {
                next.add(f(nextId++, types[random.nextInt(3)], x + random.nextDouble() * w, y + random.nextDouble() * w,
                        random.nextInt(5) == 0 ? null : "G" + random.nextInt(25)));
            }
            truth = next;
            set.replaceWithin(window, truth.stream().filter(t -> window.contains(t.lon(), t.lat())).toList());
        }
        assertThat(set.size()).isEqualTo(truth.size());
        for (String type : types) {
            for (int g = -1; g < 25; g++) {
                String code = g < 0 ? null : "G" + g;
                long expected = truth.stream().filter(t -> t.type().equals(type) && java.util.Objects.equals(t.gridCode(), code)).count();
                assertThat(set.count(code, type)).as(code + " " + type).isEqualTo((int) expected);
            }
        }
        double[][] at = set.positions("a");
        assertThat(at[0]).hasSize((int) truth.stream().filter(t -> t.type().equals("a")).count());
        assertThat(set.retainedBytes()).isGreaterThan(2000L * 32);
    }
}
