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
}
