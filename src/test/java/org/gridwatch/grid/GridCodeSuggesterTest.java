package org.gridwatch.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class GridCodeSuggesterTest {

    @Test
    void continuesTheSiblingsNumberingWithItsPadding() {
        List<String> siblings = List.of("JNS-01-001", "JNS-01-016", "JNS-01-002");
        assertThat(GridCodeSuggester.next("JNS-01", siblings, Set.copyOf(siblings))).isEqualTo("JNS-01-017");
    }

    @Test
    void skipsCodesInUseElsewhereOrRetired() {
        List<String> siblings = List.of("A-1-08", "A-1-09");
        assertThat(GridCodeSuggester.next("A-1", siblings, Set.of("A-1-08", "A-1-09", "a-1-10", "A-1-11")))
                .isEqualTo("A-1-12");
    }

    @Test
    void followsThePrefixMostSiblingsShare() {
        List<String> siblings = List.of("440304001001", "440304001002", "OLD-7");
        assertThat(GridCodeSuggester.next("X", siblings, Set.copyOf(siblings))).isEqualTo("440304001003");
    }

    @Test
    void startsUnderTheParentWhenNothingIsNumberedYet() {
        assertThat(GridCodeSuggester.next("JNS-07", List.of("park"), Set.of("park"))).isEqualTo("JNS-07-001");
        assertThat(GridCodeSuggester.next(null, List.of(), Set.of())).isEqualTo("01");
        assertThat(GridCodeSuggester.next(null, List.of("JNS-01", "JNS-06"), Set.of("JNS-01", "JNS-06"))).isEqualTo("JNS-07");
    }
}
