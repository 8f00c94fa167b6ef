package org.gridwatch.exchange;

import java.io.IOException;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing (Jazzer) of the dBASE side of the shapefile reader: header, field
 * descriptors, record values (text in any encoding, numbers, dates, logicals), against a valid
 * three-record .shp/.shx. Every record is read or the file refused with {@link ExchangeFormatException}.
 * Seeds and regression inputs: {@code src/test/resources/org/gridwatch/exchange/DbfFuzzTestInputs/}.
 */
class DbfFuzzTest {

    @FuzzTest(maxDuration = "")
    void dbfIsReadOrRefusedCleanly(byte[] dbf) throws IOException {
        ShapefileFuzzing.readOrRefuse(ShapefileFuzzing.valid(".shp"), ShapefileFuzzing.valid(".shx"), dbf);
    }
}
