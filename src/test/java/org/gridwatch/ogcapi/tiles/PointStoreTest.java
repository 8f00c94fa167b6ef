package org.gridwatch.ogcapi.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

/** The in-memory points of the tiles against a plain scan over the same points. */
class PointStoreTest {

    private static final List<String> TYPES = List.of("a", "b", "c");

    private static List<PointStore.Row> randomRows(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<PointStore.Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new PointStore.Row(i + 1, TYPES.get(r.nextInt(3)), 114 + r.nextDouble() * 0.1, 22.5 + r.nextDouble() * 0.1,
                    "name " + i, r.nextBoolean() ? "active" : "removed", "G-" + r.nextInt(40)));
        }
        return rows;
    }

    /** A tile's points by a scan: the tile at its level holding each point (deeper than the cells, its box). */
    private static List<PointStore.Row> scan(List<PointStore.Row> rows, WebMercatorQuad.Tile t) {
        List<PointStore.Row> out = new ArrayList<>();
        for (PointStore.Row p : rows) {
            boolean in = t.z() <= PointStore.CELL_ZOOM ? WebMercatorQuad.tileAt(p.lon(), p.lat(), t.z()).equals(t)
                    : t.lonLat().covers(p.lon(), p.lat());
            if (in) out.add(p);
        }
        return out;
    }

    private static Map<Long, PointStore.Row> visited(PointStore store, WebMercatorQuad.Tile t) {
        Map<Long, PointStore.Row> out = new TreeMap<>();
        store.visit(t, null, (id, type, lon, lat, name, status, grid) ->
                out.put(id, new PointStore.Row(id, store.types().get(type), lon, lat, name, status, grid)));
        return out;
    }

    private static Map<Long, PointStore.Row> byId(List<PointStore.Row> rows) {
        Map<Long, PointStore.Row> out = new TreeMap<>();
        rows.forEach(r -> out.put(r.id(), r));
        return out;
    }

    @Test
    void tilesHoldTheirPointsWithTheirAttributesAndCountsAtEveryLevel() {
        List<PointStore.Row> rows = randomRows(20000, 3);
        PointStore store = new PointStore(rows);
        assertThat(store.size()).isEqualTo(rows.size());
        for (int z : new int[] {0, 8, 11, 13, 14, 16, 17, 19}) {
            WebMercatorQuad.Tile t = WebMercatorQuad.tileAt(rows.get(0).lon(), rows.get(0).lat(), z);
            List<PointStore.Row> expected = scan(rows, t);
            assertThat(expected).as("z" + z).isNotEmpty();
            assertThat(visited(store, t)).as("z" + z).isEqualTo(byId(expected));
            long[] counts = store.counts(t);
            for (int ty = 0; ty < counts.length; ty++) {
                String type = store.types().get(ty);
                assertThat(counts[ty]).as("z" + z + " " + type).isEqualTo(expected.stream().filter(p -> p.type().equals(type)).count());
            }
        }
    }

    /** At low levels clusters come from the cells' sums: the same clusters as adding the points one by one. */
    @Test
    void clustersFromCellSumsEqualClustersOfThePointsOneByOne() {
        List<PointStore.Row> rows = randomRows(20000, 5);
        PointStore store = new PointStore(rows);
        for (int z : new int[] {6, 9, 10, 12, 15}) {
            WebMercatorQuad.Tile t = WebMercatorQuad.tileAt(114.031, 22.547, z);
            PointClusters fromStore = new PointClusters(64);
            store.cluster(t, new boolean[] {true, false, true}, fromStore);
            PointClusters byHand = new PointClusters(64);
            for (PointStore.Row p : scan(rows, t)) {
                if (p.type().equals("b")) continue;
                byHand.addPoint(p.type(), t.tileX(p.lon(), MvtEncoder.EXTENT), t.tileY(p.lat(), MvtEncoder.EXTENT),
                        MvtEncoder.EXTENT, p.lon(), p.lat());
            }
            Map<String, PointClusters.Cluster> expected = new HashMap<>();
            byHand.clusters().forEach(c -> expected.put(c.type() + c.lon() + "/" + c.count(), c));
            assertThat(fromStore.clusters()).as("z" + z).hasSameSizeAs(byHand.clusters());
            assertThat(fromStore.clusters()).noneMatch(c -> c.type().equals("b"));
            long total = fromStore.clusters().stream().mapToLong(PointClusters.Cluster::count).sum();
            assertThat(total).isEqualTo(byHand.clusters().stream().mapToLong(PointClusters.Cluster::count).sum()).isPositive();
            // the same cells with the same counts and mean positions
            List<PointClusters.Cluster> a = new ArrayList<>(fromStore.clusters()), b = new ArrayList<>(byHand.clusters());
            java.util.Comparator<PointClusters.Cluster> order = java.util.Comparator.comparing(PointClusters.Cluster::type)
                    .thenComparingDouble(PointClusters.Cluster::lon).thenComparingDouble(PointClusters.Cluster::lat);
            a.sort(order);
            b.sort(order);
            for (int i = 0; i < a.size(); i++) {
                assertThat(a.get(i).count()).isEqualTo(b.get(i).count());
                assertThat(a.get(i).lon()).isCloseTo(b.get(i).lon(), within(1e-9));
                assertThat(a.get(i).lat()).isCloseTo(b.get(i).lat(), within(1e-9));
            }
        }
    }

    /** A lattice emptied with clear() and used for other tiles gives what a new one gives, in the same order. */
    @Test
    void clearedClustersAreTheSameAsNewOnes() {
        PointStore store = new PointStore(randomRows(20000, 6));
        PointClusters reused = new PointClusters(64);
        for (int z : new int[] {9, 12, 10, 15, 12}) {
            WebMercatorQuad.Tile t = WebMercatorQuad.tileAt(114.031 + z * 0.001, 22.547, z);
            boolean[] chosen = z % 2 == 0 ? new boolean[] {true, false, true} : new boolean[] {false, true, true};
            PointClusters fresh = new PointClusters(64);
            store.cluster(t, chosen, fresh);
            reused.clear();
            store.cluster(t, chosen, reused);
            assertThat(reused.clusters()).as("z" + z).isNotEmpty().isEqualTo(fresh.clusters());
        }
    }

    /** Points in tile coordinates: the very numbers tileX and tileY give, for the same points in the same order. */
    @Test
    void pointsInTileCoordinatesAreExactlyTheirProjection() {
        List<PointStore.Row> rows = randomRows(20000, 13);
        PointStore store = new PointStore(rows);
        for (int z : new int[] {8, 14, 16, 18}) {
            WebMercatorQuad.Tile t = WebMercatorQuad.tileAt(rows.get(0).lon(), rows.get(0).lat(), z);
            List<String> expected = new ArrayList<>(), actual = new ArrayList<>();
            store.visit(t, new boolean[] {true, true, false}, (id, type, lon, lat, name, status, grid) ->
                    expected.add(id + " " + type + " " + t.tileX(lon, MvtEncoder.EXTENT) + " " + t.tileY(lat, MvtEncoder.EXTENT)
                            + " " + name + " " + status + " " + grid));
            store.visitInTile(t, new boolean[] {true, true, false}, MvtEncoder.EXTENT, (id, type, x, y, name, status, grid) ->
                    actual.add(id + " " + type + " " + x + " " + y + " " + name + " " + status + " " + grid));
            assertThat(actual).as("z" + z).isNotEmpty().isEqualTo(expected);
        }
    }

    /** Edits applied area by area leave the same points as reading everything again. */
    @Test
    void replacingTheAreasOfEditsGivesWhatAFreshReadGives() {
        List<PointStore.Row> rows = new ArrayList<>(randomRows(20000, 7));
        PointStore store = new PointStore(rows);
        SplittableRandom r = new SplittableRandom(11);
        for (int edit = 0; edit < 300; edit++) {
            int i = r.nextInt(rows.size());
            PointStore.Row old = rows.get(i);
            Envelope touched = new Envelope(old.lon(), old.lon(), old.lat(), old.lat());
            switch (edit % 3) {
                case 0 -> { // moved (far, across cells) and renamed
                    PointStore.Row moved = new PointStore.Row(old.id(), old.type(), 114 + r.nextDouble() * 0.1,
                            22.5 + r.nextDouble() * 0.1, "moved " + edit, "active", "G-" + r.nextInt(40));
                    rows.set(i, moved);
                    store.replace(grown(touched), inArea(rows, grown(touched)));
                    Envelope at = new Envelope(moved.lon(), moved.lon(), moved.lat(), moved.lat());
                    store.replace(grown(at), inArea(rows, grown(at)));
                }
                case 1 -> { // deleted
                    rows.remove(i);
                    store.replace(grown(touched), inArea(rows, grown(touched)));
                }
                default -> { // created, of a type the store has not seen
                    PointStore.Row created = new PointStore.Row(100000 + edit, "d", 114 + r.nextDouble() * 0.1,
                            22.5 + r.nextDouble() * 0.1, "new", "active", null);
                    rows.add(created);
                    Envelope at = new Envelope(created.lon(), created.lon(), created.lat(), created.lat());
                    store.replace(grown(at), inArea(rows, grown(at)));
                }
            }
        }
        // a wider area too: a grid edit re-reads its area with new grid codes
        Envelope grid = new Envelope(114.02, 114.03, 22.52, 22.53);
        for (int i = 0; i < rows.size(); i++) {
            PointStore.Row p = rows.get(i);
            if (grid.covers(p.lon(), p.lat())) rows.set(i, new PointStore.Row(p.id(), p.type(), p.lon(), p.lat(), p.name(), p.status(), "NEW"));
        }
        store.replace(grid, inArea(rows, grid));
        PointStore fresh = new PointStore(rows);
        assertThat(store.size()).isEqualTo(rows.size());
        for (int z : new int[] {10, 13, 15, 17}) {
            for (double[] at : new double[][] {{114.025, 22.525}, {114.07, 22.58}, {114.01, 22.51}}) {
                WebMercatorQuad.Tile t = WebMercatorQuad.tileAt(at[0], at[1], z);
                assertThat(visited(store, t)).as(t.toString()).isEqualTo(visited(fresh, t)).isEqualTo(byId(scan(rows, t)));
            }
        }
        assertThat(store.types()).contains("d");
    }

    @Test
    void anEmptyStoreHasEmptyTiles() {
        PointStore store = new PointStore(List.of());
        WebMercatorQuad.Tile t = WebMercatorQuad.tileAt(114, 22.5, 3);
        assertThat(store.counts(t)).isEmpty();
        PointClusters c = new PointClusters(64);
        store.cluster(t, new boolean[0], c);
        assertThat(c.clusters()).isEmpty();
        assertThat(PointStore.cellsMet(new Envelope(114, 114, 22.5, 22.5))).isEqualTo(1);
    }

    private static Envelope grown(Envelope e) {
        Envelope g = new Envelope(e);
        g.expandBy(1e-9);
        return g;
    }

    private static List<PointStore.Row> inArea(List<PointStore.Row> rows, Envelope area) {
        return rows.stream().filter(p -> area.covers(p.lon(), p.lat())).toList();
    }
}
