package org.gridwatch.ogcapi.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKTReader;

/** The encoder against the command examples of the MVT 2.1 specification and hand-made geometries, read back by {@link MvtDecoder}. */
class MvtEncoderTest {

    private static final GeometryFactory GF = new GeometryFactory();

    private static Geometry wkt(String text) throws Exception {
        return new WKTReader(GF).read(text);
    }

    private static MvtDecoder.Feature single(Geometry g, Map<String, ?> props) {
        MvtEncoder e = new MvtEncoder();
        assertThat(e.layer("l").add(7L, g, props)).isTrue();
        MvtDecoder.Tile t = MvtDecoder.decode(e.encode());
        assertThat(t.layers()).hasSize(1);
        return t.layers().get(0).features().get(0);
    }

    @Test
    void pointsLinesAndPolygonsGiveTheCommandsOfTheSpecificationExamples() throws Exception {
        assertThat(single(wkt("POINT (25 17)"), Map.of()).commands()).containsExactly(9, 50, 34);
        assertThat(single(wkt("MULTIPOINT ((5 7), (3 2))"), Map.of()).commands()).containsExactly(17, 10, 14, 3, 9);
        assertThat(single(wkt("LINESTRING (2 2, 2 10, 10 10)"), Map.of()).commands())
                .containsExactly(9, 4, 4, 18, 0, 16, 16, 0);
        assertThat(single(wkt("MULTILINESTRING ((2 2, 2 10, 10 10), (1 1, 3 5))"), Map.of()).commands())
                .containsExactly(9, 4, 4, 18, 0, 16, 16, 0, 9, 17, 17, 10, 4, 8);
        assertThat(single(wkt("POLYGON ((3 6, 8 12, 20 34, 3 6))"), Map.of()).commands())
                .containsExactly(9, 6, 12, 18, 10, 12, 24, 44, 15);
        MvtDecoder.Feature f = single(wkt("POINT (25 17)"), Map.of());
        assertThat(f.type()).isEqualTo(1);
        assertThat(f.id()).isEqualTo(7L);
    }

    @Test
    void exteriorRingsAreWoundClockwiseOnScreenAndHolesTheOtherWay() throws Exception {
        // Counter-clockwise on screen (y down): 0,0 -> 0,10 -> 10,10 -> 10,0 has negative surveyor's area.
        MvtDecoder.Feature f = single(wkt("POLYGON ((0 0, 0 10, 10 10, 10 0, 0 0), (2 2, 8 2, 8 8, 2 8, 2 2))"), Map.of());
        assertThat(f.type()).isEqualTo(3);
        assertThat(f.paths()).hasSize(2);
        assertThat(area2(f.paths().get(0))).isEqualTo(200);
        assertThat(area2(f.paths().get(1))).isEqualTo(-72);
        // The rings are closed by ClosePath: the closing point is not repeated.
        assertThat(f.paths().get(0)).hasSize(4);
        assertThat(f.commands()).containsExactly(9, 0, 0, 26, 20, 0, 0, 20, 19, 0, 15, 9, 4, 15, 26, 0, 12, 12, 0, 0, 11, 15);
    }

    @Test
    void geometriesThatCollapseOnTheIntegerGridAreDropped() throws Exception {
        MvtEncoder e = new MvtEncoder();
        MvtEncoder.Layer l = e.layer("l");
        assertThat(l.add(1L, wkt("LINESTRING (1.1 1.1, 1.2 1.3, 0.9 1.0)"), Map.of())).isFalse();
        assertThat(l.add(2L, wkt("POLYGON ((1.1 1.1, 1.4 1.2, 1.2 1.4, 1.1 1.1))"), Map.of())).isFalse();
        // Three distinct points on one line: zero area.
        assertThat(l.add(3L, wkt("POLYGON ((0 0, 5 5, 10 10, 0 0))"), Map.of())).isFalse();
        assertThat(l.add(4L, wkt("LINESTRING (0 0, 0.4 0.2, 3 4)"), Map.of())).isTrue();
        MvtDecoder.Tile t = MvtDecoder.decode(e.encode());
        assertThat(t.layers().get(0).features()).extracting(MvtDecoder.Feature::id).containsExactly(4L);
        List<int[]> path = t.layers().get(0).features().get(0).paths().get(0);
        assertThat(path).hasSize(2);
        assertThat(path.get(1)).containsExactly(3, 4);
        // A polygon hole that collapses is dropped, its shell kept.
        MvtDecoder.Feature f = single(wkt("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (5 5, 5.2 5, 5.1 5.1, 5 5))"), Map.of());
        assertThat(f.paths()).hasSize(1);
    }

    @Test
    void layersCarryVersionExtentNameAndSharedKeysAndValues() throws Exception {
        MvtEncoder e = new MvtEncoder();
        MvtEncoder.Layer a = e.layer("trash_bin");
        Map<String, Object> p1 = new LinkedHashMap<>();
        p1.put("name", "一号桶");
        p1.put("count", 3L);
        p1.put("area", 12.5);
        p1.put("ok", true);
        p1.put("none", null);
        p1.put("neg", -2);
        a.add(1L, GF.createPoint(new Coordinate(1, 2)), p1);
        a.add(2L, GF.createPoint(new Coordinate(3, 4)), Map.of("name", "一号桶", "count", 1L));
        e.layer("empty");
        e.layer("streets").add(null, wkt("LINESTRING (0 0, 4096 4096)"), Map.of("class", "primary"));
        MvtDecoder.Tile t = MvtDecoder.decode(e.encode());
        assertThat(t.layers()).extracting(MvtDecoder.Layer::name).containsExactly("trash_bin", "streets");
        MvtDecoder.Layer l = t.layer("trash_bin");
        assertThat(l.version()).isEqualTo(2);
        assertThat(l.extent()).isEqualTo(4096);
        assertThat(l.features().get(0).properties()).containsExactly(Map.entry("name", "一号桶"), Map.entry("count", 3L),
                Map.entry("area", 12.5), Map.entry("ok", true), Map.entry("neg", -2L));
        assertThat(l.features().get(1).properties()).containsEntry("name", "一号桶").containsEntry("count", 1L);
        assertThat(t.layer("streets").features().get(0).id()).isNull();
        assertThat(new MvtEncoder().encode()).isEmpty();
    }

    @Test
    void aPointAddedByItsCoordinatesIsTheSameBytesAsOneAddedAsAGeometryWithAMap() {
        // Many points, names repeated and missing, ids large and none, so the shared keys and values and the
        // reused buffers are exercised over several features.
        String[] keys = {"type", "name", "status", "gridCode", "count"};
        MvtEncoder fast = new MvtEncoder(), plain = new MvtEncoder();
        MvtEncoder.Layer f = fast.layer("p"), p = plain.layer("p");
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < 500; i++) {
            double x = random.nextDouble(-64, 4160), y = random.nextDouble(-64, 4160);
            long id = i % 7 == 0 ? -1 : random.nextLong(0, Long.MAX_VALUE);
            Object[] values = {"trash_bin", i % 5 == 0 ? null : "桶" + (i % 13), "active", "G-" + (i % 3), 1L};
            f.addPoint(id, x, y, keys, values);
            Map<String, Object> props = new LinkedHashMap<>();
            for (int k = 0; k < keys.length; k++) props.put(keys[k], values[k]);
            p.add(id < 0 ? null : id, GF.createPoint(new Coordinate(x, y)), props);
        }
        assertThat(fast.encode()).isEqualTo(plain.encode());
        MvtDecoder.Layer decoded = MvtDecoder.decode(fast.encode()).layer("p");
        assertThat(decoded.features()).hasSize(500);
        assertThat(decoded.features().get(1).properties()).containsEntry("name", "桶1").containsEntry("count", 1L);
    }

    @Test
    void zigzagMatchesTheSpecification() {
        assertThat(MvtEncoder.zigzag(0)).isZero();
        assertThat(MvtEncoder.zigzag(-1)).isEqualTo(1);
        assertThat(MvtEncoder.zigzag(1)).isEqualTo(2);
        assertThat(MvtEncoder.zigzag(-2)).isEqualTo(3);
    }

    private static long area2(List<int[]> ring) {
        long s = 0;
        for (int i = 0; i < ring.size(); i++) {
            int[] a = ring.get(i), b = ring.get((i + 1) % ring.size());
            s += (long) a[0] * b[1] - (long) b[0] * a[1];
        }
        return s;
    }
}
