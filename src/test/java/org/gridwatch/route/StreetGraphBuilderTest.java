package org.gridwatch.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

class StreetGraphBuilderTest {

    private static final WKTReader WKT = new WKTReader(new GeometryFactory());

    @Test
    void streetsSharingAnEndpointMeetAtOneNodeAndSnapsSplitTheirPiece() throws ParseException {
        //          c (100,100)
        //          |
        //  a ------b------ (200,0)
        //  (0,0)  (100,0)
        //      s1 above (30,0) at 20 m; s2 above (60,0) at 5 m; s3 exactly at b
        StreetGraphBuilder builder = new StreetGraphBuilder()
                .add(WKT.read("LINESTRING (0 0, 100 0)"))
                .add(WKT.read("LINESTRING (100 0, 200 0)"))
                .add(WKT.read("LINESTRING (100 0.001, 100 100)")); // 1 mm off b: still the same node
        int s1 = builder.snap(new Coordinate(30, 20));
        int s2 = builder.snap(new Coordinate(60, -5));
        int s3 = builder.snap(new Coordinate(100, 0));
        StreetGraphBuilder.Built built = builder.build();
        StreetGraph g = built.graph();
        // a, b, (200,0), c, plus the two split points.
        assertThat(g.nodeCount()).isEqualTo(6);
        assertThat(g.edgeCount()).isEqualTo(5);
        assertThat(g.totalLengthM()).isCloseTo(300, within(1e-3));
        assertThat(built.snap(s1).distanceM()).isCloseTo(20, within(1e-9));
        assertThat(built.snap(s2).distanceM()).isCloseTo(5, within(1e-9));
        assertThat(g.coordinate(built.snap(s1).node())).isEqualTo(new Coordinate(30, 0));
        assertThat(g.degree(built.snap(s3).node())).isEqualTo(3);

        Dijkstra search = new Dijkstra(g);
        search.run(built.snap(s1).node(), null, Double.POSITIVE_INFINITY);
        assertThat(search.distanceM(built.snap(s2).node())).isCloseTo(30, within(1e-9));
        assertThat(search.distanceM(built.snap(s3).node())).isCloseTo(70, within(1e-9));
        assertThat(search.pathEdges(built.snap(s3).node())).hasSize(2);
    }

    @Test
    void boundedSearchLeavesFarNodesUnreached() throws ParseException {
        //  a --100-- b --100-- c
        StreetGraphBuilder builder = new StreetGraphBuilder().add(WKT.read("LINESTRING (0 0, 100 0, 200 0)"));
        int a = builder.snap(new Coordinate(0, 0));
        int c = builder.snap(new Coordinate(200, 0));
        StreetGraphBuilder.Built built = builder.build();
        double[][] m = ShortestPathMatrix.compute(built.graph(),
                new int[]{built.snap(a).node(), built.snap(c).node()}, 150);
        assertThat(m[0][1]).isEqualTo(Double.POSITIVE_INFINITY);
        m = ShortestPathMatrix.compute(built.graph(), new int[]{built.snap(a).node(), built.snap(c).node()}, 250);
        assertThat(m[0][1]).isCloseTo(200, within(1e-9));
    }
}
