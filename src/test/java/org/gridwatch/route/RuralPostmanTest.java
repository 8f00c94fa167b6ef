package org.gridwatch.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

class RuralPostmanTest {

    private static final WKTReader WKT = new WKTReader(new GeometryFactory());

    /** Lines prefixed {@code R:} must be walked, the others may be. */
    private static StreetGraph graph(String... wkt) throws ParseException {
        StreetGraphBuilder b = new StreetGraphBuilder();
        for (String w : wkt) {
            boolean required = w.startsWith("R:");
            b.add(WKT.read(required ? w.substring(2) : w), StreetGraph.OPEN | (required ? StreetGraph.REQUIRED : 0));
        }
        return b.build().graph();
    }

    /** A closed walk whose consecutive edges join, using every required edge. */
    private static void assertClosedWalkCovering(StreetGraph g, ChinesePostman.Circuit c) {
        Map<Integer, Integer> walked = new HashMap<>();
        double length = 0;
        for (int i = 0; i < c.edges().length; i++) {
            int e = c.edges()[i];
            walked.merge(e, 1, Integer::sum);
            length += g.edgeLengthM(e);
            int a = c.nodes()[i];
            int b = c.nodes()[i + 1];
            assertThat((g.edgeFrom(e) == a && g.edgeTo(e) == b) || (g.edgeFrom(e) == b && g.edgeTo(e) == a)).isTrue();
        }
        assertThat(c.nodes()[0]).isEqualTo(c.nodes()[c.nodes().length - 1]);
        for (int e = 0; e < g.edgeCount(); e++) if (g.required(e)) assertThat(walked).containsKey(e);
        assertThat(c.lengthM()).isCloseTo(length, within(1e-6));
    }

    @Test
    void twoPiecesOfAGridsStreetsAreJoinedThroughTheStreetBetweenThem() throws ParseException {
        // Two 100 m squares of the grid's streets, 100 m apart, joined by a street outside the grid:
        //   □ --100-- □   one walk: 400 + 100 + 400 + 100 back = 1000 m.
        StreetGraph g = graph("R:LINESTRING (0 0, 100 0, 100 100, 0 100, 0 0)",
                "R:LINESTRING (200 0, 300 0, 300 100, 200 100, 200 0)",
                "LINESTRING (100 0, 200 0)",
                "LINESTRING (0 0, 0 -500, 300 -500, 300 0)");
        ChinesePostman.Result r = RuralPostman.solve(g, new Coordinate(0, 0));
        assertThat(r.circuits()).hasSize(1);
        assertThat(r.pieces()).isEqualTo(2);
        assertThat(r.streetLengthM()).isCloseTo(800, within(1e-6));
        assertThat(r.lengthM()).isCloseTo(1000, within(1e-6));
        assertThat(r.repeatedM()).isCloseTo(200, within(1e-6));
        assertClosedWalkCovering(g, r.circuits().get(0));
        // The Chinese postman over the grid's streets alone walks two separate circuits and leaves the 200 m out.
        StreetGraph requiredOnly = graph("LINESTRING (0 0, 100 0, 100 100, 0 100, 0 0)",
                "LINESTRING (200 0, 300 0, 300 100, 200 100, 200 0)");
        assertThat(ChinesePostman.solve(requiredOnly, null).circuits()).hasSize(2);
    }

    @Test
    void aShortcutOutsideTheGridPairsOddCornersCheaperThanTheGridsOwnStreets() throws ParseException {
        // An open "U" of grid streets (odd ends at (0,100) and (100,100)) closed by a 100 m street
        // outside: walking it once is shorter than walking the U back (300 m).
        StreetGraph g = graph("R:LINESTRING (0 100, 0 0, 100 0, 100 100)", "LINESTRING (0 100, 100 100)");
        ChinesePostman.Result r = RuralPostman.solve(g, null);
        assertThat(r.lengthM()).isCloseTo(400, within(1e-6));
        assertClosedWalkCovering(g, r.circuits().get(0));
    }

    @Test
    void anIslandNoStreetReachesGetsItsOwnCircuit() throws ParseException {
        StreetGraph g = graph("R:LINESTRING (0 0, 100 0, 100 100, 0 100, 0 0)",
                "R:LINESTRING (1000 0, 1100 0, 1100 100, 1000 100, 1000 0)");
        ChinesePostman.Result r = RuralPostman.solve(g, new Coordinate(1000, 0));
        assertThat(r.circuits()).hasSize(2);
        assertThat(r.connected()).isFalse();
        assertThat(g.coordinate(r.circuits().get(0).nodes()[0])).isEqualTo(new Coordinate(1000, 0));
        assertThat(r.lengthM()).isCloseTo(800, within(1e-6));
    }
}
