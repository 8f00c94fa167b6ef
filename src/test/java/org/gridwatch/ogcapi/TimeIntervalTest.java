package org.gridwatch.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class TimeIntervalTest {

    private static Instant t(String s) {
        return Instant.parse(s);
    }

    @Test
    void instantsDatesAndIntervals() {
        assertThat(TimeInterval.parse("2026-05-01T08:00:00Z")).isEqualTo(
                new TimeInterval(t("2026-05-01T08:00:00Z"), t("2026-05-01T08:00:00Z")));
        assertThat(TimeInterval.parse("2026-05-01T16:00:00+08:00").from()).isEqualTo(t("2026-05-01T08:00:00Z"));
        assertThat(TimeInterval.parse("2026-05-01")).isEqualTo(
                new TimeInterval(t("2026-05-01T00:00:00Z"), t("2026-05-01T23:59:59.999999999Z")));
        assertThat(TimeInterval.parse("2026-05-01/2026-05-03")).isEqualTo(
                new TimeInterval(t("2026-05-01T00:00:00Z"), t("2026-05-03T23:59:59.999999999Z")));
        assertThat(TimeInterval.parse("../2026-05-01T00:00:00Z")).isEqualTo(new TimeInterval(null, t("2026-05-01T00:00:00Z")));
        assertThat(TimeInterval.parse("2026-05-01T00:00:00Z/..")).isEqualTo(new TimeInterval(t("2026-05-01T00:00:00Z"), null));
        assertThat(TimeInterval.parse("2026-05-01T00:00:00Z/")).isEqualTo(new TimeInterval(t("2026-05-01T00:00:00Z"), null));
        assertThat(TimeInterval.parse(" ")).isNull();
    }

    @Test
    void containsIncludesBothEnds() {
        TimeInterval i = TimeInterval.parse("2026-05-01T00:00:00Z/2026-05-02T00:00:00Z");
        assertThat(i.contains(t("2026-05-01T00:00:00Z"))).isTrue();
        assertThat(i.contains(t("2026-05-02T00:00:00Z"))).isTrue();
        assertThat(i.contains(t("2026-05-02T00:00:00.001Z"))).isFalse();
        assertThat(i.contains(null)).isFalse();
    }

    @Test
    void refusesWhatIsNotAnInstantOrInterval() {
        for (String bad : new String[]{"yesterday", "2026-13-01", "2026-05-01T08:00:00", "../..", "/", "..",
                "2026-05-03/2026-05-01", "2026-05-01/2026-05-02/2026-05-03", "2026-02-30"}) {
            assertThatThrownBy(() -> TimeInterval.parse(bad)).as(bad).isInstanceOf(TimeInterval.InvalidException.class);
        }
    }
}
