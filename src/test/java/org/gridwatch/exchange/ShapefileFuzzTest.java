package org.gridwatch.exchange;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing (Jazzer) of the shapefile reader's geometry side: the .shp and its .shx
 * index are fuzzed together against a valid .dbf. The reader reads every record or refuses with
 * {@link ExchangeFormatException}; any other exception, or a hang, is a finding.
 *
 * <p>Input layout: two bytes (big-endian) giving the .shx length, the .shx, then the .shp. Seeds and
 * regression inputs: {@code src/test/resources/org/gridwatch/exchange/ShapefileFuzzTestInputs/}.
 */
class ShapefileFuzzTest {

    @FuzzTest(maxDuration = "")
    void shpAndShxAreReadOrRefusedCleanly(byte[] input) throws IOException {
        int shxLength = input.length < 2 ? 0 : Math.min(input.length - 2, ByteBuffer.wrap(input, 0, 2).getShort() & 0xFFFF);
        int from = Math.min(2, input.length);
        byte[] shx = Arrays.copyOfRange(input, from, from + shxLength);
        byte[] shp = Arrays.copyOfRange(input, from + shxLength, input.length);
        ShapefileFuzzing.readOrRefuse(shp, shx, ShapefileFuzzing.valid(".dbf"));
    }

    /** The seed layout for a valid pair, for writing seed files. */
    static byte[] frame(byte[] shx, byte[] shp) {
        return ByteBuffer.allocate(2 + shx.length + shp.length).putShort((short) shx.length).put(shx).put(shp).array();
    }
}
