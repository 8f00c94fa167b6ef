package org.gridwatch.ogcapi.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.gridwatch.geo.GeometryFactories;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

/** Tile matrix set arithmetic, clipping to a tile, point clusters and the tile cache. */
class TilePiecesTest {

    @Test
    void webMercatorQuadTilesAndCoordinates() {
        WebMercatorQuad.Tile world = new WebMercatorQuad.Tile(0, 0, 0);
        Envelope w = world.lonLat();
        assertThat(w.getMinX()).isCloseTo(-180, within(1e-9));
        assertThat(w.getMaxY()).isCloseTo(WebMercatorQuad.MAX_LAT, within(1e-9));
        // Level 1: the tile south-east of 0°, 0° is column 1, row 1.
        assertThat(WebMercatorQuad.tileAt(10, -10, 1)).isEqualTo(new WebMercatorQuad.Tile(1, 1, 1));
        assertThat(WebMercatorQuad.tileAt(-10, 10, 1)).isEqualTo(new WebMercatorQuad.Tile(1, 0, 0));
        // Shanghai at z14: the OSM slippy-map formula gives x 13720, y 6694 for 121.47, 31.23.
        WebMercatorQuad.Tile t = WebMercatorQuad.tileAt(121.47, 31.23, 14);
        assertThat(t).isEqualTo(new WebMercatorQuad.Tile(14, 13720, 6694));
        Envelope b = t.lonLat();
        assertThat(t.tileX(b.getMinX(), 4096)).isCloseTo(0, within(1e-6));
        assertThat(t.tileX(b.getMaxX(), 4096)).isCloseTo(4096, within(1e-6));
        assertThat(t.tileY(b.getMaxY(), 4096)).isCloseTo(0, within(1e-6));
        assertThat(t.tileY(b.getMinY(), 4096)).isCloseTo(4096, within(1e-6));
        assertThat(WebMercatorQuad.valid(3, 8, 0)).isFalse();
        assertThat(WebMercatorQuad.valid(23, 0, 0)).isFalse();
        assertThatThrownBy(() -> new WebMercatorQuad.Tile(2, 4, 0)).isInstanceOf(IllegalArgumentException.class);
        double[] m = WebMercatorQuad.mercator(180, 0);
        assertThat(m[0]).isCloseTo(WebMercatorQuad.ORIGIN, within(1e-3));
        @SuppressWarnings("unchecked")
        List<java.util.Map<String, Object>> matrices = (List<java.util.Map<String, Object>>) WebMercatorQuad.definition().get("tileMatrices");
        assertThat(matrices).hasSize(WebMercatorQuad.MAX_ZOOM + 1);
        assertThat((Double) matrices.get(0).get("scaleDenominator")).isCloseTo(559082264.0287178, within(1e-3));
        assertThat(matrices.get(14).get("matrixWidth")).isEqualTo(16384L);
    }

    @Test
    void linesAndPolygonsAreClippedToTheTileAndItsBuffer() throws Exception {
        WebMercatorQuad.Tile t = WebMercatorQuad.tileAt(121.47, 31.23, 14);
        TileGeometry g = new TileGeometry(t, GeometryFactories.WGS84);
        Envelope b = t.lonLat();
        // A polygon four tiles wide around the tile: clipped to the buffered tile.
        double w = b.getWidth(), h = b.getHeight();
        Geometry big = new WKTReader(GeometryFactories.WGS84).read(String.format(java.util.Locale.ROOT,
                "POLYGON ((%f %f, %f %f, %f %f, %f %f, %f %f))", b.getMinX() - 2 * w, b.getMinY() - 2 * h,
                b.getMaxX() + 2 * w, b.getMinY() - 2 * h, b.getMaxX() + 2 * w, b.getMaxY() + 2 * h,
                b.getMinX() - 2 * w, b.getMaxY() + 2 * h, b.getMinX() - 2 * w, b.getMinY() - 2 * h));
        Envelope clipped = g.project(big).getEnvelopeInternal();
        assertThat(clipped.getMinX()).isCloseTo(-TileGeometry.BUFFER, within(1e-6));
        assertThat(clipped.getMaxY()).isCloseTo(4096 + TileGeometry.BUFFER, within(1e-6));
        // A line passing outside the buffered tile is dropped.
        Geometry away = new WKTReader(GeometryFactories.WGS84).read(String.format(java.util.Locale.ROOT,
                "LINESTRING (%f %f, %f %f)", b.getMaxX() + w, b.getMinY(), b.getMaxX() + w, b.getMaxY()));
        assertThat(g.project(away)).isNull();
        assertThat(g.readBox().contains(b)).isTrue();
    }

    @Test
    void clustersKeepEveryPointOnce() {
        PointClusters c = new PointClusters(4);
        c.addPoint("a", 0, 0, 4096, 1, 1);
        c.addPoint("a", 1000, 1000, 4096, 3, 3);
        c.addPoint("b", 1000, 1000, 4096, 5, 5);
        c.addPoint("a", 4096, 4096, 4096, 7, 7);
        c.add("a", 99, -3, 2, 10, 20);
        List<PointClusters.Cluster> out = c.clusters();
        assertThat(out.stream().mapToLong(PointClusters.Cluster::count).sum()).isEqualTo(6);
        assertThat(out).contains(new PointClusters.Cluster("a", 2, 2, 2), new PointClusters.Cluster("b", 1, 5, 5));
        // (4096, 4096) is on the edge and joins the last cell; (99, -3) is clamped to column 3, row 0.
        assertThat(out).contains(new PointClusters.Cluster("a", 1, 7, 7), new PointClusters.Cluster("a", 2, 5, 10));
    }

    /** A shape prepared in world fractions projects to exactly the coordinates its lon/lat geometry does, clipped or not. */
    @Test
    void preparedShapesProjectExactlyAsTheirLonLatGeometry() throws Exception {
        WKTReader wkt = new WKTReader(GeometryFactories.WGS84);
        WebMercatorQuad.Tile t = WebMercatorQuad.tileAt(121.47, 31.23, 14);
        Envelope b = t.lonLat();
        double x0 = b.getMinX(), y0 = b.getMinY(), w = b.getWidth(), h = b.getHeight();
        java.util.function.BiFunction<Double, Double, String> at = (fx, fy) ->
                String.format(java.util.Locale.ROOT, "%.9f %.9f", x0 + fx * w, y0 + fy * h);
        List<String> shapes = List.of(
                "LINESTRING (" + at.apply(0.1, 0.1) + ", " + at.apply(0.5, 0.7) + ", " + at.apply(0.9, 0.3) + ")",
                "LINESTRING (" + at.apply(-0.5, 0.2) + ", " + at.apply(0.5, 0.4) + ", " + at.apply(1.5, 0.3) + ")",
                "POLYGON ((" + at.apply(0.2, 0.2) + ", " + at.apply(0.4, 0.2) + ", " + at.apply(0.4, 0.4) + ", "
                        + at.apply(0.2, 0.2) + "))",
                "POLYGON ((" + at.apply(0.8, 0.8) + ", " + at.apply(1.3, 0.8) + ", " + at.apply(1.3, 1.2) + ", "
                        + at.apply(0.8, 1.2) + ", " + at.apply(0.8, 0.8) + "))",
                "LINESTRING (" + at.apply(2.0, 2.0) + ", " + at.apply(3.0, 3.0) + ")");
        TileGeometry g = new TileGeometry(t, GeometryFactories.WGS84);
        for (String s : shapes) {
            Geometry lonLat = wkt.read(s);
            TileShape prepared = TileShape.of(7, lonLat, java.util.Map.of("name", "x"));
            Geometry expected = g.project(lonLat), actual = g.project(prepared);
            if (expected == null) {
                assertThat(actual).as(s).isNull();
            } else {
                assertThat(actual.equalsExact(expected)).as(s + " -> " + actual + " vs " + expected).isTrue();
            }
            assertThat(lonLat.equalsExact(wkt.read(s))).as("the lon/lat geometry is left as it was").isTrue();
        }
    }

    @Test
    void shapeIndexFindsTheShapesWhoseBoxMeetsTheQuery() throws Exception {
        WKTReader wkt = new WKTReader(GeometryFactories.WGS84);
        List<Geometry> shapes = List.of(wkt.read("LINESTRING (0 0, 1 1)"), wkt.read("LINESTRING (5 5, 6 6)"),
                wkt.read("POLYGON ((2 2, 3 2, 3 3, 2 3, 2 2))"));
        ShapeIndex<Geometry> index = new ShapeIndex<>(shapes, g -> g);
        assertThat(index.size()).isEqualTo(3);
        assertThat(index.query(new Envelope(0.5, 2.5, 0.5, 2.5))).containsExactlyInAnyOrder(shapes.get(0), shapes.get(2));
        assertThat(index.query(new Envelope(10, 11, 10, 11))).isEmpty();
        assertThat(new ShapeIndex<Geometry>(List.of(), g -> g).query(new Envelope(0, 1, 0, 1))).isEmpty();
    }

    @Test
    void cacheDropsOnlyTilesTouchedByAnEditOfTheirLayers() {
        AtomicLong now = new AtomicLong();
        TileCache c = new TileCache(3, 1_000, 100, now::get);
        c.put("p1", new byte[] {1}, new Envelope(0, 1, 0, 1), Set.of("trash_bin"), c.generation());
        c.put("p2", new byte[] {2}, new Envelope(5, 6, 5, 6), Set.of("trash_bin"), c.generation());
        c.put("g1", new byte[] {3}, new Envelope(0, 1, 0, 1), Set.of("small_grids"), c.generation());
        c.invalidate(new Envelope(0.5, 0.5, 0.5, 0.5), Set.of("trash_bin")::contains);
        assertThat(c.get("p1")).isNull();
        assertThat(c.get("p2")).containsExactly(2);
        assertThat(c.get("g1")).containsExactly(3);
        // A tile read before an invalidation is not stored after it.
        long before = c.generation();
        c.invalidate(new Envelope(50, 50, 50, 50), x -> true);
        c.put("late", new byte[] {4}, new Envelope(0, 1, 0, 1), Set.of("trash_bin"), before);
        assertThat(c.get("late")).isNull();
        // Bounded: the least recently used goes first.
        c.put("a", new byte[] {5}, new Envelope(), Set.of("x"), c.generation());
        c.put("b", new byte[] {6}, new Envelope(), Set.of("x"), c.generation());
        assertThat(c.size()).isEqualTo(3);
        assertThat(c.get("p2")).isNull();
        // Old entries are read again.
        now.addAndGet(101);
        assertThat(c.get("a")).isNull();
        TileCache small = new TileCache(10, 3, 100, now::get);
        small.put("a", new byte[2], new Envelope(), Set.of("x"), 0);
        small.put("b", new byte[2], new Envelope(), Set.of("x"), 0);
        assertThat(small.size()).isEqualTo(1);
        assertThat(small.get("b")).hasSize(2);
    }

    /**
     * A prepared shape written from its plain parts is the same bytes as written from its JTS geometry in the tile:
     * lines and polygons with holes, inside, across the tile's edges and away from it, in Chinese and English.
     */
    @Test
    void shapesWrittenFromTheirPartsAreTheSameBytesAsFromTheirGeometry() throws Exception {
        WKTReader wkt = new WKTReader(GeometryFactories.WGS84);
        WebMercatorQuad.Tile t = WebMercatorQuad.tileAt(121.47, 31.23, 13);
        Envelope b = t.lonLat();
        double x0 = b.getMinX(), y0 = b.getMinY(), w = b.getWidth(), h = b.getHeight();
        java.util.function.BiFunction<Double, Double, String> at = (fx, fy) ->
                String.format(java.util.Locale.ROOT, "%.9f %.9f", x0 + fx * w, y0 + fy * h);
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        List<String> shapes = new java.util.ArrayList<>(List.of(
                "POLYGON ((" + at.apply(-0.2, -0.2) + ", " + at.apply(1.2, -0.2) + ", " + at.apply(1.2, 1.2) + ", "
                        + at.apply(-0.2, 1.2) + ", " + at.apply(-0.2, -0.2) + "), (" + at.apply(0.3, 0.3) + ", "
                        + at.apply(0.3, 0.6) + ", " + at.apply(0.6, 0.6) + ", " + at.apply(0.3, 0.3) + "))",
                "MULTILINESTRING ((" + at.apply(-0.5, 0.5) + ", " + at.apply(0.5, 0.5) + ", " + at.apply(0.5, 1.5) + "), ("
                        + at.apply(0.1, 0.1) + ", " + at.apply(0.2, 0.15) + "))",
                "LINESTRING (" + at.apply(3.0, 3.0) + ", " + at.apply(4.0, 4.0) + ")"));
        for (int i = 0; i < 300; i++) {
            // Random quadrilaterals and lines around the tile, many crossing its edges.
            double cx = random.nextDouble(-0.5, 1.5), cy = random.nextDouble(-0.5, 1.5), r = random.nextDouble(0.001, 0.6);
            if (i % 2 == 0) {
                shapes.add("POLYGON ((" + at.apply(cx - r, cy) + ", " + at.apply(cx, cy - r / 2) + ", " + at.apply(cx + r, cy)
                        + ", " + at.apply(cx, cy + r) + ", " + at.apply(cx - r, cy) + "))");
            } else {
                shapes.add("LINESTRING (" + at.apply(cx - r, cy - r) + ", " + at.apply(cx, cy + r / 3) + ", "
                        + at.apply(cx + r, cy - r) + ")");
            }
        }
        TileGeometry g = new TileGeometry(t, GeometryFactories.WGS84);
        MvtEncoder fromGeometry = new MvtEncoder(), fromParts = new MvtEncoder(), numbered = new MvtEncoder();
        // The numbering encoder has drawn another tile before (its dictionaries must start empty again).
        ShapeValues table = new ShapeValues();
        WebMercatorQuad.Tile before = new WebMercatorQuad.Tile(13, t.x() + 1, t.y());
        TileGeometry gBefore = new TileGeometry(before, GeometryFactories.WGS84);
        MvtEncoder.Layer earlier = numbered.layer("small_grids");
        MvtEncoder.Layer a = fromGeometry.layer("small_grids"), c = fromParts.layer("small_grids");
        List<TileShape> inTable = new java.util.ArrayList<>();
        int written = 0;
        for (int i = 0; i < shapes.size(); i++) {
            java.util.Map<String, Object> props = new java.util.LinkedHashMap<>();
            props.put("code", "JNS-01-" + i);
            props.put("name", i % 3 == 0 ? "凤盛社区第" + i + "网格" : "Grid " + i);
            props.put("level", "small");
            props.put("area", i * 1.5);
            props.put("responsiblePerson", i % 5 == 0 ? null : "彭文博");
            TileShape shape = TileShape.of(i, wkt.read(shapes.get(i)), props);
            Geometry projected = g.project(shape);
            TileGeometry.Parts parts = g.parts(shape);
            assertThat(parts == null).as(shapes.get(i)).isEqualTo(projected == null);
            if (projected == null) continue;
            boolean x = a.add(shape, projected), y = c.add(shape, parts);
            assertThat(y).as(shapes.get(i)).isEqualTo(x);
            if (x) written++;
            inTable.add(TileShape.of(i, wkt.read(shapes.get(i)), props, table));
        }
        assertThat(written).as("most shapes reach the tile").isGreaterThan(150);
        byte[] expected = fromGeometry.encode();
        assertThat(fromParts.encode()).isEqualTo(expected);
        for (TileShape shape : inTable) {
            TileGeometry.Parts parts = gBefore.parts(shape);
            if (parts != null) earlier.add(shape, parts);
        }
        assertThat(earlier.featureCount()).isGreaterThan(50);
        numbered.encode();
        numbered.reset();
        MvtEncoder.Layer again = numbered.layer("small_grids");
        for (TileShape shape : inTable) {
            TileGeometry.Parts parts = g.parts(shape);
            if (parts != null) again.add(shape, parts);
        }
        assertThat(table.size()).as("repeated values are numbered once").isLessThan(4 * shapes.size());
        assertThat(numbered.encode()).as("values numbered in a table, by an encoder used before").isEqualTo(expected);
    }
}
