package org.gridwatch.feature;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.SplittableRandom;

import org.gridwatch.geo.GeoJsonWriter;
import org.junit.jupiter.api.Test;

/** The direct writer against the general one it replaces on the viewport path: the same text, byte for byte. */
class FeatureGeoJsonTest {

    private static final String[] TEXTS = {null, "", "垃圾桶1号", "quote \" and back\\slash", "tab\tnew\nline\r",
            "\u0001control", "西乡一街144号附近", "emoji 🐀"};
    private static final String[] ATTRIBUTES = {null, "", "{}", "{\"lidded\":true}", "{\"baitType\":\"溴敌隆\",\"n\":3}"};

    @Test
    void everyPropertyGivesTheSameTextAsTheGeneralWriter() {
        long seed = 20261124;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 5_000; i++) {
            FeatureView f = new FeatureView(r.nextLong(1, Long.MAX_VALUE), pick(r, TEXTS), r.nextDouble(-180, 180),
                    r.nextDouble(-90, 90), pick(r, TEXTS), pick(r, TEXTS), pick(r, TEXTS), pick(r, new String[]{"active", "removed"}),
                    pick(r, ATTRIBUTES), pick(r, TEXTS), instant(r), instant(r), r.nextLong(0, 1000));
            StringBuilder direct = new StringBuilder();
            FeatureGeoJson.write(f, FeatureProperty.all(), direct);
            assertThat(direct.toString()).as("seed %d, feature %d", seed, i)
                    .isEqualTo(GeoJsonWriter.feature(f.id(), f.point(), f.properties()));
        }
    }

    @Test
    void instantsAreWrittenAsInstantToStringWrites() {
        long seed = 7;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 20_000; i++) {
            Instant t = instant(r);
            StringBuilder sb = new StringBuilder();
            FeatureGeoJson.instant(t, sb);
            assertThat(sb.toString()).as("seed %d", seed).isEqualTo(t == null ? "null" : "\"" + t + "\"");
        }
        for (Instant t : new Instant[]{Instant.EPOCH, Instant.parse("2000-02-29T23:59:59.999999999Z"),
                Instant.parse("1969-12-31T23:59:59.5Z"), Instant.parse("9999-12-31T00:00:00Z"),
                Instant.parse("0000-01-01T00:00:00.001Z"), Instant.parse("2026-11-24T00:00:00.000100Z")}) {
            StringBuilder sb = new StringBuilder();
            FeatureGeoJson.instant(t, sb);
            assertThat(sb.toString()).isEqualTo("\"" + t + "\"");
        }
    }

    @Test
    void aChoiceWritesThoseMembersOnlyInTheFixedOrder() {
        FeatureView f = new FeatureView(5, "trash_bin", 114.05, 22.5, "桶", null, null, "active", null, "G-1",
                Instant.EPOCH, Instant.EPOCH, 3);
        StringBuilder sb = new StringBuilder();
        FeatureGeoJson.write(f, EnumSet.of(FeatureProperty.VERSION, FeatureProperty.TYPE), sb);
        assertThat(sb.toString()).isEqualTo("{\"type\":\"Feature\",\"id\":5,\"geometry\":{\"type\":\"Point\","
                + "\"coordinates\":[114.05,22.5]},\"properties\":{\"type\":\"trash_bin\",\"version\":3}}");
        sb.setLength(0);
        FeatureGeoJson.write(f, EnumSet.noneOf(FeatureProperty.class), sb);
        assertThat(sb.toString()).endsWith("\"properties\":{}}");
    }

    private static Instant instant(SplittableRandom r) {
        long seconds = r.nextLong(-62_000_000_000L, 253_000_000_000L);
        int nanos = switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> r.nextInt(1000) * 1_000_000;
            case 2 -> r.nextInt(1_000_000) * 1000;
            default -> r.nextInt(1_000_000_000);
        };
        return r.nextInt(10) == 0 ? null : Instant.ofEpochSecond(seconds, nanos);
    }

    private static <T> T pick(SplittableRandom r, T[] options) {
        return options[r.nextInt(options.length)];
    }
}
