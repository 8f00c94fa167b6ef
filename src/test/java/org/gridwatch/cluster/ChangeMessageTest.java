package org.gridwatch.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

class ChangeMessageTest {

    @Test
    void aMessageSurvivesTheWireWithItsBox() {
        ChangeMessage m = new ChangeMessage("id-1", ChangeMessage.Kind.GRIDS, new Envelope(116.1, 116.2, 39.8, 39.9));
        ChangeMessage back = ChangeMessage.decode(m.encode());
        assertThat(back.origin()).isEqualTo("id-1");
        assertThat(back.kind()).isEqualTo(ChangeMessage.Kind.GRIDS);
        assertThat(back.area().getMinX()).isEqualTo(116.1);
        assertThat(back.area().getMaxY()).isEqualTo(39.9);
    }

    @Test
    void anEmptyBoxTravelsAsAnywhere() {
        ChangeMessage m = new ChangeMessage("id-1", ChangeMessage.Kind.FEATURES, new Envelope());
        assertThat(m.encode()).endsWith("|*");
        assertThat(ChangeMessage.decode(m.encode()).area()).isEqualTo(ChangeMessage.WORLD);
    }

    @Test
    void strangersOnTheChannelAreIgnoredNotFatal() {
        assertThat(ChangeMessage.decode(null)).isNull();
        assertThat(ChangeMessage.decode("hello")).isNull();
        assertThat(ChangeMessage.decode("id|ROADS|*")).isNull();
        assertThat(ChangeMessage.decode("id|FEATURES|1,2,3")).isNull();
        assertThat(ChangeMessage.decode("id|FEATURES|1,2,3,NaN")).isNull();
        assertThat(ChangeMessage.decode("|FEATURES|*")).isNull();
    }

    @Test
    void countChangesTravelWithAFeatureEditWhateverTheCodesHoldIn() {
        java.util.List<org.gridwatch.feature.FeaturesChanged.CountChange> counts = java.util.List.of(
                new org.gridwatch.feature.FeaturesChanged.CountChange("西乡-44|292;~!", "trash_bin", -1),
                new org.gridwatch.feature.FeaturesChanged.CountChange(null, "rat bait%", 1));
        ChangeMessage m = new ChangeMessage("id-2", ChangeMessage.Kind.FEATURES, new Envelope(1, 2, 3, 4), counts);
        ChangeMessage back = ChangeMessage.decode(m.encode());
        assertThat(back.counts()).isEqualTo(counts);
        assertThat(back.area()).isEqualTo(new Envelope(1, 2, 3, 4));
        assertThat(m.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(8000);
    }

    @Test
    void messagesWithoutCountsOrWithUnreadableOnesAskTheReceiverToCountAgain() {
        assertThat(ChangeMessage.decode("id|FEATURES|*").counts()).isNull();
        assertThat(ChangeMessage.decode("id|FEATURES|*|G1~bin~x").counts()).isNull();
        assertThat(ChangeMessage.decode("id|FEATURES|*|G1~bin").counts()).isNull();
        assertThat(ChangeMessage.decode("id|FEATURES|*|").counts()).isEmpty();
        assertThat(ChangeMessage.decode("id|FEATURES|*|a|b")).isNull();
        java.util.List<org.gridwatch.feature.FeaturesChanged.CountChange> many = new java.util.ArrayList<>();
        for (int i = 0; i <= ChangeMessage.MAX_COUNTS; i++) {
            many.add(new org.gridwatch.feature.FeaturesChanged.CountChange("G" + i, "bin", 1));
        }
        assertThat(ChangeMessage.decode(new ChangeMessage("id", ChangeMessage.Kind.FEATURES, null, many).encode()).counts())
                .isNull();
    }
}
