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

class ChinesePostmanTest {

    private static final WKTReader WKT = new WKTReader(new GeometryFactory());

    private static StreetGraph graph(String... wkt) throws ParseException {
        StreetGraphBuilder b = new StreetGraphBuilder();
        for (String w : wkt) b.add(WKT.read(w));
        return b.build().graph();
    }

    /** Every edge walked at least once, consecutive edges joined, back at the start. */
    private static void assertCovers(StreetGraph g, ChinesePostman.Circuit c) {
        Map<Integer, Integer> walked = new HashMap<>();
        for (int i = 0; i < c.edges().length; i++) {
            int e = c.edges()[i];
            walked.merge(e, 1, Integer::sum);
            int a = c.nodes()[i];
            int b = c.nodes()[i + 1];
            assertThat((g.edgeFrom(e) == a && g.edgeTo(e) == b) || (g.edgeFrom(e) == b && g.edgeTo(e) == a)).isTrue();
        }
        assertThat(c.nodes()[0]).isEqualTo(c.nodes()[c.nodes().length - 1]);
        for (int node : c.nodes()) {
            for (int i = 0; i < g.degree(node); i++) assertThat(walked).containsKey(g.edgeAt(node, i));
        }
    }

    @Test
    void squareIsAnEulerCircuitWithNothingRepeated() throws ParseException {
        //  (0,100) ---- (100,100)
        //     |             |
        //  (0,0) ------ (100,0)
        StreetGraph g = graph("LINESTRING (0 0, 100 0, 100 100)", "LINESTRING (100 100, 0 100, 0 0)");
        ChinesePostman.Result r = ChinesePostman.solve(g, new Coordinate(0, 0));
        assertThat(r.connected()).isTrue();
        assertThat(r.lengthM()).isCloseTo(400, within(1e-9));
        assertThat(r.repeatedM()).isCloseTo(0, within(1e-9));
        assertCovers(g, r.circuits().get(0));
        assertThat(g.coordinate(r.circuits().get(0).nodes()[0])).isEqualTo(new Coordinate(0, 0));
    }

    @Test
    void ladderRepeatsOnlyTheCheapestPairingOfOddCorners() {
        // A 2×1 ladder, 100 m cells; the four corners a,c,d,f have degree 2, b and e degree 3:
        //
        //  d ---- e ---- f
        //  |      |      |
        //  a ---- b ---- c
        //
        // Odd nodes: b, e (degree 3). Best pairing walks b–e again: 100 m. Streets: 700 m.
        StreetGraph g;
        try {
            g = graph("LINESTRING (0 0, 100 0, 200 0)", "LINESTRING (0 100, 100 100, 200 100)",
                    "LINESTRING (0 0, 0 100)", "LINESTRING (100 0, 100 100)", "LINESTRING (200 0, 200 100)");
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
        ChinesePostman.Result r = ChinesePostman.solve(g, new Coordinate(0, 0));
        assertThat(r.streetLengthM()).isCloseTo(700, within(1e-9));
        assertThat(r.repeatedM()).isCloseTo(100, within(1e-9));
        assertThat(r.lengthM()).isCloseTo(800, within(1e-9));
        assertCovers(g, r.circuits().get(0));
    }

    @Test
    void threeByThreeLatticeHasTheKnownOptimum() throws ParseException {
        // A 3×3 lattice of nodes, 100 m apart (12 edges, 1200 m):
        //
        //  g -- h -- i
        //  |    |    |
        //  d -- e -- f
        //  |    |    |
        //  a -- b -- c
        //
        // Odd nodes: b, d, f, h (degree 3). Pairing b–d and f–h costs 200 + 200; b–f or d–h 200 each
        // too; so the optimum repeats 400 m: 1600 m in all.
        StreetGraph g = graph("LINESTRING (0 0, 100 0, 200 0)", "LINESTRING (0 100, 100 100, 200 100)",
                "LINESTRING (0 200, 100 200, 200 200)", "LINESTRING (0 0, 0 100, 0 200)",
                "LINESTRING (100 0, 100 100, 100 200)", "LINESTRING (200 0, 200 100, 200 200)");
        ChinesePostman.Result r = ChinesePostman.solve(g, null);
        assertThat(r.repeatedM()).isCloseTo(400, within(1e-9));
        assertThat(r.lengthM()).isCloseTo(1600, within(1e-9));
        assertCovers(g, r.circuits().get(0));
    }

    @Test
    void disconnectedStreetsAreCoveredPieceByPieceNearestFirst() throws ParseException {
        //  a ---- b          x ---- y      (two separate streets, 100 m and 50 m, far apart)
        StreetGraph g = graph("LINESTRING (0 0, 100 0)", "LINESTRING (1000 0, 1050 0)");
        ChinesePostman.Result r = ChinesePostman.solve(g, new Coordinate(1040, 5));
        assertThat(r.connected()).isFalse();
        assertThat(r.circuits()).hasSize(2);
        // Each dead-end street is walked there and back.
        assertThat(r.circuits().get(0).lengthM()).isCloseTo(100, within(1e-9));
        assertThat(r.circuits().get(1).lengthM()).isCloseTo(200, within(1e-9));
        assertThat(r.lengthM()).isCloseTo(300, within(1e-9));
        assertThat(g.coordinate(r.circuits().get(0).nodes()[0])).isEqualTo(new Coordinate(1050, 0));
        r.circuits().forEach(c -> assertCovers(g, c));
    }
}
