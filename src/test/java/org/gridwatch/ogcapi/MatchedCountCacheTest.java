package org.gridwatch.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class MatchedCountCacheTest {

    private final AtomicLong now = new AtomicLong();
    private final MatchedCountCache cache = new MatchedCountCache(2, 1000, now::get);

    @Test
    void keepsCountsUntilTheirTableChangesOrTheyAgeAndAtMostTheLatestEntries() {
        cache.put("feature a", 5, cache.generation());
        cache.put("grid b", 7, cache.generation());
        assertThat(cache.get("feature a")).isEqualTo(5);
        cache.invalidate("feature ");
        assertThat(cache.get("feature a")).isNull();
        assertThat(cache.get("grid b")).isEqualTo(7);
        now.addAndGet(1001);
        assertThat(cache.get("grid b")).isNull();
        cache.put("feature a", 1, cache.generation());
        cache.put("feature b", 2, cache.generation());
        cache.put("feature c", 3, cache.generation());
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("feature a")).isNull();
        assertThat(cache.get("feature c")).isEqualTo(3);
    }

    @Test
    void aCountTakenWhileAnEditCommittedIsNotKept() {
        long before = cache.generation();
        cache.invalidate("feature ");
        cache.put("feature a", 5, before);
        assertThat(cache.get("feature a")).isNull();
    }
}
