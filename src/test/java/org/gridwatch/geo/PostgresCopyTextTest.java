package org.gridwatch.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.WKBWriter;

class PostgresCopyTextTest {

    @Test
    void pointsAreTheEwkbJtsWrites() {
        WKBWriter wkb = new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN, true);
        long seed = 5;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 1_000; i++) {
            double lon = r.nextDouble(-180, 180), lat = r.nextDouble(-90, 90);
            String expected = WKBWriter.toHex(wkb.write(GeometryFactories.point(lon, lat)));
            assertThat(PostgresCopyText.point4326(new StringBuilder(), lon, lat).toString()).as("seed %d", seed)
                    .isEqualTo(expected);
        }
    }

    @Test
    void fieldsEscapeWhatCopySplitsOnAndNullIsBackslashN() {
        assertThat(PostgresCopyText.field(new StringBuilder(), "桶\t1\\2\n3\r").toString()).isEqualTo("桶\\t1\\\\2\\n3\\r");
        assertThat(PostgresCopyText.field(new StringBuilder(), null).toString()).isEqualTo("\\N");
        assertThat(PostgresCopyText.field(new StringBuilder(), "").toString()).isEmpty();
    }
}
