package org.gridwatch.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.io.WKTReader;

class StreetCoverageCalculatorTest {

    static LineString line(String wkt) throws Exception {
        return (LineString) new WKTReader().read(wkt);
    }

    static Geometry geom(String wkt) throws Exception {
        return new WKTReader().read(wkt);
    }

    @Test
    void coveredIsTheStreetLengthWithinTheBufferOfATrack() throws Exception {
        // two 100 m streets; a track 10 m beside the first one's western half
        List<LineString> streets = List.of(line("LINESTRING (0 0, 100 0)"), line("LINESTRING (0 50, 100 50)"));
        StreetCoverageCalculator.Coverage c = StreetCoverageCalculator.compute(streets,
                List.of(geom("LINESTRING (0 10, 50 10)")), 20);
        assertThat(c.streetLengthM()).isEqualTo(200);
        // the buffer's round end reaches sqrt(20² − 10²) = 17.32 m beyond x = 50 (8 segments per quarter: within 0.5 m)
        assertThat(c.coveredM()).isCloseTo(50 + 17.32 + 17.32 * 0 + 0, within(0.5));
        assertThat(c.share()).isCloseTo(67.32 / 200, within(0.003));
    }

    @Test
    void aTrackFartherThanTheBufferCoversNothingAndOverlapsCountOnce() throws Exception {
        List<LineString> streets = List.of(line("LINESTRING (0 0, 100 0)"));
        assertThat(StreetCoverageCalculator.compute(streets, List.of(geom("LINESTRING (0 30, 100 30)")), 20).coveredM())
                .isZero();
        StreetCoverageCalculator.Coverage twice = StreetCoverageCalculator.compute(streets,
                List.of(geom("LINESTRING (-50 5, 150 5)"), geom("MULTILINESTRING ((-50 -5, 150 -5))")), 20);
        assertThat(twice.coveredM()).isCloseTo(100, within(1e-9));
        assertThat(twice.share()).isCloseTo(1, within(1e-12));
    }

    @Test
    void noStreetsOrNoTracks() throws Exception {
        assertThat(StreetCoverageCalculator.compute(List.of(), List.of(geom("LINESTRING (0 0, 1 1)")), 20).share()).isZero();
        StreetCoverageCalculator.Coverage none = StreetCoverageCalculator.compute(List.of(line("LINESTRING (0 0, 40 0)")),
                List.of(), 20);
        assertThat(none.streetLengthM()).isEqualTo(40);
        assertThat(none.coveredM()).isZero();
    }
}
