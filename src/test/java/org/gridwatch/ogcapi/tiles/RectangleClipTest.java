package org.gridwatch.ogcapi.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.algorithm.Area;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/** The box clip against JTS's overlay on random shapes: the same area inside the box, the same length of line. */
class RectangleClipTest {

    private static final GeometryFactory F = new GeometryFactory();

    @Test
    void aClippedRingCoversExactlyWhatTheOverlayKeepsInsideTheBox() {
        SplittableRandom random = new SplittableRandom(11);
        RectangleClip clip = new RectangleClip(0, 0, 100, 60);
        Geometry box = F.toGeometry(new org.locationtech.jts.geom.Envelope(0, 100, 0, 60));
        int crossing = 0;
        for (int run = 0; run < 2000; run++) {
            Polygon star = star(random, random.nextDouble(-40, 140), random.nextDouble(-40, 100), random.nextInt(3, 25));
            double[] clipped = clip.ring(flat(star.getExteriorRing().getCoordinates()));
            double expected = star.intersection(box).getArea();
            if (clipped == null) {
                assertThat(expected).as("run %d: nothing left, the overlay agrees", run).isLessThan(1e-9);
                continue;
            }
            assertThat(clipped[0]).isEqualTo(clipped[clipped.length - 2]);
            assertThat(clipped[1]).isEqualTo(clipped[clipped.length - 1]);
            for (int i = 0; i < clipped.length; i += 2) {
                assertThat(clipped[i]).isBetween(0.0, 100.0);
                assertThat(clipped[i + 1]).isBetween(0.0, 60.0);
            }
            assertThat(Area.ofRing(coordinates(clipped))).as("run %d", run).isCloseTo(expected, within(1e-6 * (1 + expected)));
            if (!clip.contains(flat(star.getExteriorRing().getCoordinates()))) crossing++;
        }
        assertThat(crossing).as("most stars cross the box's sides").isGreaterThan(500);
    }

    @Test
    void aClippedLineIsThePiecesOfItInsideTheBox() {
        SplittableRandom random = new SplittableRandom(5);
        RectangleClip clip = new RectangleClip(-10, -10, 50, 30);
        Geometry box = F.toGeometry(new org.locationtech.jts.geom.Envelope(-10, 50, -10, 30));
        int several = 0;
        for (int run = 0; run < 2000; run++) {
            int n = random.nextInt(2, 12);
            Coordinate[] cs = new Coordinate[n];
            for (int i = 0; i < n; i++) cs[i] = new Coordinate(random.nextDouble(-60, 100), random.nextDouble(-50, 70));
            LineString line = F.createLineString(cs);
            List<double[]> pieces = clip.line(flat(cs));
            Geometry expected = line.intersection(box);
            double length = 0;
            for (double[] p : pieces) {
                assertThat(p.length).isGreaterThanOrEqualTo(4);
                for (int i = 0; i < p.length; i += 2) {
                    assertThat(p[i]).isBetween(-10.0, 50.0);
                    assertThat(p[i + 1]).isBetween(-10.0, 30.0);
                }
                length += F.createLineString(coordinates(p)).getLength();
            }
            assertThat(length).as("run %d", run).isCloseTo(expected.getLength(), within(1e-6));
            if (pieces.size() > 1) several++;
        }
        assertThat(several).as("lines leaving and re-entering the box give several pieces").isGreaterThan(100);
    }

    @Test
    void aLineOrRingInsideIsKeptAndOneOutsideVanishes() {
        RectangleClip clip = new RectangleClip(0, 0, 10, 10);
        double[] inside = {1, 1, 9, 1, 9, 9, 1, 1};
        assertThat(clip.contains(inside)).isTrue();
        assertThat(clip.ring(inside)).containsExactly(inside);
        assertThat(clip.line(new double[] {1, 1, 5, 5, 9, 2})).singleElement()
                .satisfies(p -> assertThat(p).containsExactly(1, 1, 5, 5, 9, 2));
        assertThat(clip.ring(new double[] {20, 20, 30, 20, 30, 30, 20, 20})).isNull();
        assertThat(clip.line(new double[] {20, 20, 30, 20})).isEmpty();
        // Around the box's corner without entering: nothing of the ring is inside.
        assertThat(clip.ring(new double[] {11, -5, 15, -5, 15, 5, 11, -5})).isNull();
        assertThatThrownBy(() -> new RectangleClip(0, 0, 0, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void simplifyingKeepsTheEndsAndEveryVertexFartherThanTheTolerance() {
        double[] line = {0, 0, 5, 0.1, 10, 0, 10, 5, 10.2, 10};
        assertThat(RectangleClip.simplify(line, 0.25)).containsExactly(0, 0, 10, 0, 10.2, 10);
        assertThat(RectangleClip.simplify(line, 0.05)).containsExactly(0, 0, 5, 0.1, 10, 0, 10, 5, 10.2, 10);
        double[] ring = {0, 0, 4, 0, 8, 0, 8, 8, 0, 8, 0, 0};
        assertThat(RectangleClip.simplify(ring, 0.25)).containsExactly(0, 0, 8, 0, 8, 8, 0, 8, 0, 0);
    }

    /** A star-shaped (so valid) polygon around a centre, often concave. */
    private static Polygon star(SplittableRandom random, double cx, double cy, int n) {
        Coordinate[] cs = new Coordinate[n + 1];
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * i / n, r = random.nextDouble(5, 60);
            cs[i] = new Coordinate(cx + r * Math.cos(a), cy + r * Math.sin(a));
        }
        cs[n] = cs[0];
        return F.createPolygon(cs);
    }

    private static double[] flat(Coordinate[] cs) {
        double[] xy = new double[2 * cs.length];
        for (int i = 0; i < cs.length; i++) {
            xy[2 * i] = cs[i].x;
            xy[2 * i + 1] = cs[i].y;
        }
        return xy;
    }

    private static Coordinate[] coordinates(double[] xy) {
        Coordinate[] cs = new Coordinate[xy.length / 2];
        for (int i = 0; i < cs.length; i++) cs[i] = new Coordinate(xy[2 * i], xy[2 * i + 1]);
        return cs;
    }
}
