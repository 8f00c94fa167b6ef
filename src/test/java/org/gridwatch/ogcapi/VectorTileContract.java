package org.gridwatch.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gridwatch.ogcapi.tiles.MvtDecoder;
import org.gridwatch.ogcapi.tiles.WebMercatorQuad;
import org.gridwatch.support.Shapes;
import org.gridwatch.support.TestIdentity;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OGC API – Tiles over the sample district, the same on both stores: tiles decoded and compared with the
 * features the rest of the API finds in the tile's box, clusters adding up, tiles changing after an edit,
 * metadata, refusals, and GDAL's MVT driver reading a tile. Subclasses start the service on a store with
 * {@code gridwatch.tiles.max-points=} {@link #MAX_POINTS}, so that a tile of the small district clusters at
 * detail zooms too.
 */
abstract class VectorTileContract {

    static final int MAX_POINTS = 40;
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TileService tileService;

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).GET()
                .header("Authorization", TestIdentity.adminBasicHeader());
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return java.net.http.HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    JsonNode json(String path) throws Exception {
        HttpResponse<byte[]> r = get(path);
        assertThat(r.statusCode()).as(path + " -> " + new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    MvtDecoder.Tile tile(String path) throws Exception {
        HttpResponse<byte[]> r = get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/vnd.mapbox-vector-tile");
        return MvtDecoder.decode(r.body());
    }

    /** Ids of the active and removed features of a type in a lon/lat box, through /api/features. */
    Map<Long, JsonNode> featuresIn(String type, Envelope e) throws Exception {
        JsonNode page = json("/api/features?status=all&limit=5000&type=" + type + "&bbox=" + e.getMinX() + "," + e.getMinY()
                + "," + e.getMaxX() + "," + e.getMaxY());
        Map<Long, JsonNode> out = new HashMap<>();
        page.path("features").forEach(f -> out.put(f.path("id").asLong(), f));
        assertThat(out).hasSize(page.path("numberMatched").asInt());
        return out;
    }

    /** A tile at {@code z} holding the first feature of a type. */
    WebMercatorQuad.Tile tileOfAFeature(String type, int z) {
        Map<String, Object> f = jdbc.queryForMap("SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM feature WHERE type_key = ? "
                + "ORDER BY id LIMIT 1", type);
        return WebMercatorQuad.tileAt(((Number) f.get("lon")).doubleValue(), ((Number) f.get("lat")).doubleValue(), z);
    }

    static String path(WebMercatorQuad.Tile t) {
        return "/WebMercatorQuad/" + t.z() + "/" + t.y() + "/" + t.x();
    }

    // ------------------------------------------------------------------ tiles against the features

    @Test
    void aDetailTileHoldsExactlyTheFeaturesInItsBoxAtTheirPositions() throws Exception {
        WebMercatorQuad.Tile t = tileOfAFeature("trash_bin", 17);
        Map<Long, JsonNode> expected = featuresIn("trash_bin", t.lonLat());
        assertThat(expected).isNotEmpty().hasSizeLessThanOrEqualTo(MAX_POINTS);
        MvtDecoder.Layer layer = tile("/ogcapi/collections/trash_bin/tiles" + path(t)).layer("trash_bin");
        assertThat(layer.version()).isEqualTo(2);
        assertThat(layer.extent()).isEqualTo(4096);
        Map<Long, MvtDecoder.Feature> byId = new HashMap<>();
        layer.features().forEach(f -> byId.put(f.id(), f));
        assertThat(byId.keySet()).isEqualTo(expected.keySet());
        for (Map.Entry<Long, JsonNode> e : expected.entrySet()) {
            MvtDecoder.Feature f = byId.get(e.getKey());
            JsonNode g = e.getValue();
            assertThat(f.type()).isEqualTo(1);
            double lon = g.at("/geometry/coordinates/0").asDouble(), lat = g.at("/geometry/coordinates/1").asDouble();
            int[] xy = f.paths().get(0).get(0);
            assertThat((double) xy[0]).isCloseTo(t.tileX(lon, 4096), within(0.51));
            assertThat((double) xy[1]).isCloseTo(t.tileY(lat, 4096), within(0.51));
            assertThat(f.properties()).containsEntry("type", "trash_bin").containsEntry("count", 1L)
                    .containsEntry("name", g.at("/properties/name").asString());
            if (!g.at("/properties/gridCode").isNull()) {
                assertThat(f.properties()).containsEntry("gridCode", g.at("/properties/gridCode").asString());
            }
        }
    }

    @Test
    void zoomedOutTilesClusterPointsAndTheCountsAddUpToTheFeaturesInTheTile() throws Exception {
        // From the in-memory point index, then, after an edit made it stale, from the store until it is read
        // again (other tiles: the cache holds those).
        assertThat(tileService.awaitPointIndex(java.time.Duration.ofSeconds(60))).isTrue();
        clustersAddUp(new int[] {10, 12, 14});
        Map<String, Object> row = jdbc.queryForMap("SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat, version FROM feature "
                + "WHERE type_key = 'stagnant_water' ORDER BY id LIMIT 1");
        String body = Shapes.pointFeature("stagnant_water", ((Number) row.get("lon")).doubleValue(),
                ((Number) row.get("lat")).doubleValue(), "同一处积水点");
        body = body.substring(0, body.length() - 2) + ",\"version\":" + row.get("version") + "}}";
        HttpResponse<String> r = TestIdentity.send(TestIdentity.adminHttpClient(), port, "PUT", "/api/features/" + row.get("id"), body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        clustersAddUp(new int[] {11, 13, 15});
    }

    private void clustersAddUp(int[] zooms) throws Exception {
        for (int z : zooms) {
            WebMercatorQuad.Tile t = tileOfAFeature("sewer_well", z);
            MvtDecoder.Tile tile = tile("/ogcapi/tiles" + path(t));
            for (String type : List.of("trash_bin", "sewer_well", "rat_bait_station", "stagnant_water")) {
                Map<Long, JsonNode> expected = featuresIn(type, t.lonLat());
                MvtDecoder.Layer layer = tile.layer(type);
                if (expected.isEmpty()) {
                    assertThat(layer).isNull();
                    continue;
                }
                long sum = 0;
                for (MvtDecoder.Feature f : layer.features()) {
                    assertThat(f.properties()).containsEntry("type", type);
                    sum += (Long) f.properties().get("count");
                }
                assertThat(sum).as("z%d %s", z, type).isEqualTo(expected.size());
                boolean clustered = z < 13 || expected.size() > MAX_POINTS;
                if (clustered) {
                    assertThat(layer.features()).allSatisfy(f -> assertThat(f.id()).isNull());
                    // 64 × 64 cells: never more clusters than cells, and fewer than points where points share cells.
                    assertThat(layer.features().size()).isLessThanOrEqualTo(Math.min(64 * 64, expected.size()));
                } else {
                    assertThat(layer.features()).extracting(MvtDecoder.Feature::id)
                            .containsExactlyInAnyOrderElementsOf(expected.keySet());
                }
            }
        }
        // The district at a low zoom is one or two tiles: its sewer wells end up in far fewer clusters than wells.
        WebMercatorQuad.Tile t = tileOfAFeature("sewer_well", zooms[0]);
        MvtDecoder.Layer wells = tile("/ogcapi/collections/sewer_well/tiles" + path(t)).layer("sewer_well");
        assertThat(wells.features().stream().mapToLong(f -> (Long) f.properties().get("count")).max().orElse(0)).isGreaterThan(1);
    }

    @Test
    void gridAndStreetTilesHoldTheShapesMeetingTheTile() throws Exception {
        WebMercatorQuad.Tile t = tileOfAFeature("trash_bin", 15);
        Envelope box = t.lonLat();
        String bbox = box.getMinX() + "," + box.getMinY() + "," + box.getMaxX() + "," + box.getMaxY();
        Set<String> expectedGrids = new HashSet<>();
        json("/ogcapi/collections/small_grids/items?limit=1000&bbox=" + bbox).path("features")
                .forEach(f -> expectedGrids.add(f.path("id").asString()));
        MvtDecoder.Layer grids = tile("/ogcapi/collections/small_grids/tiles" + path(t)).layer("small_grids");
        Set<String> codes = new HashSet<>();
        for (MvtDecoder.Feature f : grids.features()) {
            assertThat(f.type()).isEqualTo(3);
            codes.add((String) f.properties().get("code"));
            for (List<int[]> ring : f.paths()) {
                for (int[] xy : ring) assertThat(xy[0]).isBetween(-64, 4096 + 64);
            }
        }
        // Every grid meeting the tile, and beyond those only grids within the tile's buffer.
        assertThat(codes).containsAll(expectedGrids);
        Envelope buffered = t.lonLat(64, 4096);
        Set<String> inBuffer = new HashSet<>();
        json("/ogcapi/collections/small_grids/items?limit=1000&bbox=" + buffered.getMinX() + "," + buffered.getMinY() + ","
                + buffered.getMaxX() + "," + buffered.getMaxY()).path("features").forEach(f -> inBuffer.add(f.path("id").asString()));
        assertThat(inBuffer).containsAll(codes);

        MvtDecoder.Layer streets = tile("/ogcapi/collections/streets/tiles" + path(t)).layer("streets");
        Set<Long> streetIds = new HashSet<>();
        json("/ogcapi/collections/streets/items?limit=1000&bbox=" + bbox).path("features")
                .forEach(f -> streetIds.add(f.path("id").asLong()));
        assertThat(streets.features()).allSatisfy(f -> assertThat(f.type()).isEqualTo(2));
        assertThat(streets.features()).extracting(MvtDecoder.Feature::id).containsAll(streetIds);
        // Below their first zoom, small grids and streets are left out of the tile.
        WebMercatorQuad.Tile far = tileOfAFeature("trash_bin", 9);
        assertThat(get("/ogcapi/collections/streets/tiles" + path(far)).body()).isEmpty();
        assertThat(tile("/ogcapi/tiles" + path(far)).layer("large_grids")).isNotNull();
    }

    @Test
    void aTileChangesWhenAFeatureInItMoves() throws Exception {
        assertThat(tileService.awaitPointIndex(java.time.Duration.ofSeconds(60))).isTrue();
        Map<String, Object> row = jdbc.queryForMap("SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat, version FROM feature "
                + "WHERE type_key = 'rat_bait_station' ORDER BY id DESC LIMIT 1");
        long id = ((Number) row.get("id")).longValue();
        double lon = ((Number) row.get("lon")).doubleValue(), lat = ((Number) row.get("lat")).doubleValue();
        WebMercatorQuad.Tile t = WebMercatorQuad.tileAt(lon, lat, 16);
        String layerPath = "/ogcapi/collections/rat_bait_station/tiles" + path(t);
        String allPath = "/ogcapi/tiles" + path(t);
        assertThat(tile(layerPath).layer("rat_bait_station").features()).extracting(MvtDecoder.Feature::id).contains(id);
        assertThat(tile(allPath).layer("rat_bait_station").features()).extracting(MvtDecoder.Feature::id).contains(id);
        // Cached now: the same bytes again.
        assertThat(get(layerPath).body()).isEqualTo(get(layerPath).body());

        // Two tiles east (about 1.2 km at z16).
        double newLon = t.lonLat().getMaxX() + t.lonLat().getWidth() * 1.5;
        long version = ((Number) row.get("version")).longValue();
        String body = Shapes.pointFeature("rat_bait_station", newLon, lat, "搬走的毒饵站");
        body = body.substring(0, body.length() - 2) + ",\"version\":" + version + "}}";
        HttpResponse<String> r = TestIdentity.send(TestIdentity.adminHttpClient(), port, "PUT", "/api/features/" + id, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        MvtDecoder.Layer after = tile(layerPath).layer("rat_bait_station");
        assertThat(after == null ? List.<Long>of() : after.features().stream().map(MvtDecoder.Feature::id).toList()).doesNotContain(id);
        MvtDecoder.Layer all = tile(allPath).layer("rat_bait_station");
        assertThat(all == null ? List.<Long>of() : all.features().stream().map(MvtDecoder.Feature::id).toList()).doesNotContain(id);
        WebMercatorQuad.Tile there = WebMercatorQuad.tileAt(newLon, lat, 16);
        MvtDecoder.Feature moved = tile("/ogcapi/collections/rat_bait_station/tiles" + path(there)).layer("rat_bait_station")
                .features().stream().filter(f -> f.id() == id).findFirst().orElseThrow();
        assertThat(moved.properties()).containsEntry("name", "搬走的毒饵站");
        // The edit was applied to the points in memory (not by dropping them and reading the store).
        assertThat(tileService.pointsInMemory()).isTrue();
    }

    /** A trash bin of the sample (id, lon, lat, version) once the points are held and no read of them is under way. */
    Map<String, Object> firstTrashBinWithPointsIdle(PointStoreUpdates points) throws Exception {
        assertThat(tileService.awaitPointIndex(java.time.Duration.ofSeconds(60))).isTrue();
        Map<String, Object> bin = jdbc.queryForMap("SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat, version FROM feature "
                + "WHERE type_key = 'trash_bin' ORDER BY id LIMIT 1");
        AgedPoints.awaitIdle(points);
        return bin;
    }

    /** Renames {@code bin} through the API: an edit the service announces and applies to the points. */
    void renameThroughApi(Map<String, Object> bin) throws Exception {
        String body = Shapes.pointFeature("trash_bin", ((Number) bin.get("lon")).doubleValue(),
                ((Number) bin.get("lat")).doubleValue(), "改过名的垃圾桶");
        body = body.substring(0, body.length() - 2) + ",\"version\":" + bin.get("version") + "}}";
        HttpResponse<String> r = TestIdentity.send(TestIdentity.adminHttpClient(), port, "PUT", "/api/features/" + bin.get("id"), body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /**
     * Streets held in memory are read again only when the store's streets changed (an import announces nothing):
     * past the cache age their stamp is read, and the same stamp keeps them.
     */
    @Test
    void streetsInMemoryAreReadAgainOnlyWhenTheStreetsChanged() throws Exception {
        assertThat(tileService.awaitPointIndex(java.time.Duration.ofSeconds(60))).isTrue();
        Map<String, Object> some = jdbc.queryForMap("SELECT ST_X(ST_Centroid(geom)) AS lon, ST_Y(ST_Centroid(geom)) AS lat "
                + "FROM street ORDER BY id LIMIT 1");
        double lon = ((Number) some.get("lon")).doubleValue(), lat = ((Number) some.get("lat")).doubleValue();
        WebMercatorQuad.Tile t = WebMercatorQuad.tileAt(lon, lat, 16);
        String streetsPath = "/ogcapi/collections/streets/tiles" + path(t);
        tile(streetsPath);
        awaitShapesIdle();
        long reads = tileService.shapeReads();
        tileService.ageShapes();
        tile(streetsPath);
        awaitShapesIdle();
        assertThat(tileService.shapeReads()).as("unchanged streets are kept").isEqualTo(reads);

        // A street written to the store by hand, as an import does: seen once the stamp is read again.
        long id = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) + 1000 FROM street", Long.class);
        jdbc.update("INSERT INTO street (id, name, street_class, geom) VALUES (?, ?, 'residential', ST_GeomFromText(?, 4326))",
                id, "新修的路", String.format(java.util.Locale.ROOT, "LINESTRING (%.7f %.7f, %.7f %.7f)", lon, lat, lon + 0.0005, lat));
        try {
            tileService.ageShapes();
            // A tile not drawn before (a cached one is answered without looking at the shapes) has the stamp read.
            tile("/ogcapi/collections/streets/tiles" + path(WebMercatorQuad.tileAt(lon, lat, 17)));
            long until = System.nanoTime() + 30_000_000_000L;
            boolean seen = false;
            while (!seen && System.nanoTime() < until) {
                MvtDecoder.Layer streets = tile(streetsPath).layer("streets");
                seen = streets != null && streets.features().stream().anyMatch(f -> f.id() == id);
                if (!seen) Thread.sleep(100);
            }
            assertThat(seen).as("the new street is drawn").isTrue();
            assertThat(tileService.shapeReads()).isGreaterThan(reads);
        } finally {
            jdbc.update("DELETE FROM street WHERE id = ?", id);
        }
    }

    private void awaitShapesIdle() throws InterruptedException {
        long until = System.nanoTime() + 30_000_000_000L;
        while (tileService.shapesBusy() && System.nanoTime() < until) Thread.sleep(20);
        assertThat(tileService.shapesBusy()).isFalse();
    }

    /** The collections are kept between tile requests; a type added through the API is a collection with tiles at once. */
    @Test
    void aFeatureTypeAddedIsAtOnceACollectionWithTiles() throws Exception {
        WebMercatorQuad.Tile t = WebMercatorQuad.tileAt(114.05, 22.55, 14);
        assertThat(get("/ogcapi/tiles" + path(t)).statusCode()).isEqualTo(200); // the list is read and kept
        String key = "trap_" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        HttpResponse<String> added = TestIdentity.send(TestIdentity.adminHttpClient(), port, "POST", "/api/feature-types",
                "{\"key\":\"" + key + "\",\"labelZh\":\"诱蚊灯\",\"labelEn\":\"Mosquito trap\",\"symbol\":\"dot\",\"color\":\"#123456\",\"sortOrder\":50}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(new String(get("/ogcapi/collections").body(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"" + key + "\"");
        assertThat(get("/ogcapi/collections/" + key + "/tiles" + path(t)).statusCode()).isIn(200, 204);
        assertThat(get("/ogcapi/collections/no_such_type/tiles" + path(t)).statusCode()).isEqualTo(404);
    }

    // ------------------------------------------------------------------ metadata

    @Test
    void metadataDescribesTheTileMatrixSetTilesetsAndLayers() throws Exception {
        JsonNode landing = json("/ogcapi");
        assertThat(landing.path("links").toString()).contains("http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes")
                .contains("/ogcapi/tiles?f=json");
        assertThat(json("/ogcapi/conformance").path("conformsTo").toString())
                .contains("ogcapi-tiles-1/1.0/conf/core", "conf/tileset", "conf/tilesets-list", "conf/geodata-tilesets",
                        "conf/dataset-tilesets", "conf/mvt");
        assertThat(json("/ogcapi/collections/trash_bin").path("links").toString()).contains("/ogcapi/collections/trash_bin/tiles");

        JsonNode sets = json("/ogcapi/tileMatrixSets");
        assertThat(sets.at("/tileMatrixSets/0/id").asString()).isEqualTo("WebMercatorQuad");
        JsonNode tms = json("/ogcapi/tileMatrixSets/WebMercatorQuad");
        assertThat(tms.path("crs").asString()).isEqualTo("http://www.opengis.net/def/crs/EPSG/0/3857");
        assertThat(tms.path("tileMatrices")).hasSize(WebMercatorQuad.MAX_ZOOM + 1);
        assertThat(tms.at("/tileMatrices/14/matrixWidth").asLong()).isEqualTo(16384);
        assertThat(tms.at("/tileMatrices/0/cellSize").asDouble()).isCloseTo(156543.03392804097, within(1e-6));

        JsonNode list = json("/ogcapi/collections/small_grids/tiles");
        assertThat(list.at("/tilesets/0/dataType").asString()).isEqualTo("vector");
        assertThat(list.at("/tilesets/0/tileMatrixSetURI").asString()).isEqualTo(WebMercatorQuad.URI);
        JsonNode ts = json("/ogcapi/collections/small_grids/tiles/WebMercatorQuad");
        String template = null;
        for (JsonNode l : ts.path("links")) {
            if (l.path("rel").asString().equals("item")) template = l.path("href").asString();
        }
        assertThat(template).endsWith("/ogcapi/collections/small_grids/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}");
        assertThat(ts.at("/layers/0/id").asString()).isEqualTo("small_grids");
        assertThat(ts.at("/layers/0/geometryDimension").asInt()).isEqualTo(2);
        assertThat(ts.at("/layers/0/propertiesSchema/properties/code/type").asString()).isEqualTo("string");
        assertThat(ts.at("/boundingBox/lowerLeft/0").asDouble()).isBetween(-180.0, 180.0);
        // The tile behind the template is served.
        WebMercatorQuad.Tile t = tileOfAFeature("trash_bin", 15);
        String concrete = template.replace("{tileMatrix}", "" + t.z()).replace("{tileRow}", "" + t.y())
                .replace("{tileCol}", "" + t.x());
        assertThat(MvtDecoder.decode(get(concrete.substring(concrete.indexOf("/ogcapi"))).body()).layer("small_grids")).isNotNull();

        JsonNode all = json("/ogcapi/tiles/WebMercatorQuad");
        List<String> layerIds = new ArrayList<>();
        all.path("layers").forEach(l -> layerIds.add(l.path("id").asString()));
        List<String> collectionIds = new ArrayList<>();
        json("/ogcapi/collections").path("collections").forEach(c -> collectionIds.add(c.path("id").asString()));
        assertThat(layerIds).isEqualTo(collectionIds);
        assertThat(json("/ogcapi/tiles").at("/tilesets/0/links/0/href").asString()).contains("/ogcapi/tiles/WebMercatorQuad");
    }

    @Test
    void badTileRequestsAreRefusedInTheCallersLanguage() throws Exception {
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("/ogcapi/collections/trash_bin/tiles/WebMercatorQuad/23/0/0", new Object[] {400, "ogcapi.tiles.zoomInvalid"});
        cases.put("/ogcapi/collections/trash_bin/tiles/WebMercatorQuad/-1/0/0", new Object[] {400, "ogcapi.tiles.zoomInvalid"});
        cases.put("/ogcapi/collections/trash_bin/tiles/WebMercatorQuad/abc/0/0", new Object[] {400, "ogcapi.tiles.zoomInvalid"});
        cases.put("/ogcapi/collections/trash_bin/tiles/WebMercatorQuad/3/8/0", new Object[] {404, "ogcapi.tiles.outOfRange"});
        cases.put("/ogcapi/collections/trash_bin/tiles/WebMercatorQuad/3/0/8", new Object[] {404, "ogcapi.tiles.outOfRange"});
        cases.put("/ogcapi/tiles/WebMercatorQuad/3/-1/0", new Object[] {404, "ogcapi.tiles.outOfRange"});
        cases.put("/ogcapi/tiles/WebMercatorQuad/3/0/x", new Object[] {404, "ogcapi.tiles.outOfRange"});
        cases.put("/ogcapi/collections/trash_bin/tiles/WorldCRS84Quad/3/0/0", new Object[] {404, "ogcapi.tiles.tmsNotFound"});
        cases.put("/ogcapi/tileMatrixSets/WorldCRS84Quad", new Object[] {404, "ogcapi.tiles.tmsNotFound"});
        cases.put("/ogcapi/tiles/EuropeanETRS89_LAEAQuad", new Object[] {404, "ogcapi.tiles.tmsNotFound"});
        cases.put("/ogcapi/collections/nope/tiles/WebMercatorQuad/3/0/0", new Object[] {404, "ogcapi.collection.notFound"});
        cases.put("/ogcapi/collections/nope/tiles", new Object[] {404, "ogcapi.collection.notFound"});
        cases.put("/ogcapi/tiles/WebMercatorQuad/3/0/0?f=png", new Object[] {400, "ogcapi.tiles.formatUnsupported"});
        cases.put("/ogcapi/tiles/WebMercatorQuad?f=html", new Object[] {400, "ogcapi.tiles.formatUnsupported"});
        cases.put("/ogcapi/tiles/WebMercatorQuad/3/0/0?bbox=1,2,3,4", new Object[] {400, "ogcapi.parameter.unknown"});
        cases.put("/ogcapi/tileMatrixSets?f=json&f=json", new Object[] {400, "ogcapi.parameter.repeated"});
        for (Map.Entry<String, Object[]> c : cases.entrySet()) {
            String zh = problem(c.getKey(), (Integer) c.getValue()[0], (String) c.getValue()[1], "zh-CN");
            String en = problem(c.getKey(), (Integer) c.getValue()[0], (String) c.getValue()[1], "en");
            assertThat(zh).as(c.getKey()).isNotEqualTo(en).containsPattern("\\p{IsHan}");
            assertThat(en).as(c.getKey()).doesNotContainPattern("\\p{IsHan}");
        }
        assertThat(problem("/ogcapi/tiles/WebMercatorQuad/3/0/9", 404, "ogcapi.tiles.outOfRange", "en"))
                .isEqualTo("Tile matrix 3 has no tile at row 0, column 9; its rows and columns are 0 to 7");
    }

    private String problem(String path, int status, String code, String language) throws Exception {
        HttpResponse<byte[]> r = get(path, "Accept-Language", language);
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(r.statusCode()).as(path + " -> " + body).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("application/problem+json");
        JsonNode p = JSON.readTree(body);
        assertThat(p.path("code").asString()).as(path).isEqualTo(code);
        return p.path("detail").asString();
    }

    // ------------------------------------------------------------------ GDAL

    /**
     * GDAL's MVT driver reads a tile of all layers: the layers and feature counts it lists are the
     * service's, and a point it reads lies where the feature is (EPSG:3857, to a tenth of a metre at z17).
     */
    @Test
    void gdalReadsATileWithTheServicesLayersFeaturesAndPositions() throws Exception {
        GdalSupport.needsOgrinfo();
        WebMercatorQuad.Tile t = tileOfAFeature("trash_bin", 17);
        byte[] bytes = get("/ogcapi/tiles" + path(t)).body();
        MvtDecoder.Tile decoded = MvtDecoder.decode(bytes);
        Path dir = Files.createTempDirectory("gridwatch-mvt-");
        Path file = dir.resolve(t.z() + "/" + t.x() + "/" + t.y() + ".pbf");
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        String out;
        try {
            out = GdalSupport.run(List.of("ogrinfo", "-ro", "-al", "-oo", "Z=" + t.z(), "-oo", "X=" + t.x(),
                    "-oo", "Y=" + t.y(), "-oo", "CLIP=NO", "MVT:" + file));
        } finally {
            Files.delete(file);
            Files.delete(file.getParent());
            Files.delete(file.getParent().getParent());
            Files.delete(dir);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^Layer name: (\\S+)\\s*$[\\s\\S]*?^Feature Count: (\\d+)").matcher(out);
        while (m.find()) counts.put(m.group(1), Integer.parseInt(m.group(2)));
        Map<String, Integer> expected = new LinkedHashMap<>();
        decoded.layers().forEach(l -> expected.put(l.name(), l.features().size()));
        assertThat(counts).as(out).isEqualTo(expected);
        assertThat(counts).containsKey("trash_bin");

        Map<String, Object> f = jdbc.queryForMap("SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM feature "
                + "WHERE type_key = 'trash_bin' ORDER BY id LIMIT 1");
        double[] expectedXy = WebMercatorQuad.mercator(((Number) f.get("lon")).doubleValue(), ((Number) f.get("lat")).doubleValue());
        Matcher p = Pattern.compile("mvt_id \\(Integer64\\) = " + f.get("id") + "\\b[\\s\\S]*?POINT \\(([-\\d.]+) ([-\\d.]+)\\)")
                .matcher(out);
        assertThat(p.find()).as(out).isTrue();
        double resolution = 2 * WebMercatorQuad.ORIGIN / (1L << t.z()) / 4096;
        assertThat(Double.parseDouble(p.group(1))).isCloseTo(expectedXy[0], within(resolution));
        assertThat(Double.parseDouble(p.group(2))).isCloseTo(expectedXy[1], within(resolution));
    }

    /**
     * GDAL's MVT driver reads collection tiles answered from the points in memory: at a detail level exactly the
     * ids, names and statuses of the features in the tile's box (from the store, through /api/features); zoomed out,
     * clusters whose {@code count} attributes add up to the features of the tile.
     */
    @Test
    void gdalReadsCollectionTilesFromMemoryWithTheFeaturesTheyShouldHold() throws Exception {
        GdalSupport.needsOgrinfo();
        assertThat(tileService.awaitPointIndex(java.time.Duration.ofSeconds(60))).isTrue();
        WebMercatorQuad.Tile t = tileOfAFeature("sewer_well", 17);
        Map<Long, JsonNode> expected = featuresIn("sewer_well", t.lonLat());
        assertThat(expected).isNotEmpty();
        String out = ogrinfo(t, get("/ogcapi/collections/sewer_well/tiles" + path(t)).body());
        assertThat(tileService.pointsInMemory()).isTrue();
        Map<Long, String> read = new HashMap<>();
        Matcher m = Pattern.compile("mvt_id \\(Integer64\\) = (\\d+)[\\s\\S]*?name \\(String\\) = ([^\\n]*)").matcher(out);
        while (m.find()) read.put(Long.parseLong(m.group(1)), m.group(2).trim());
        Map<Long, String> names = new HashMap<>();
        expected.forEach((id, f) -> names.put(id, f.at("/properties/name").asString()));
        assertThat(read).as(out).isEqualTo(names);
        assertThat(out).contains("Layer name: sewer_well").doesNotContain("Layer name: trash_bin");

        WebMercatorQuad.Tile low = tileOfAFeature("sewer_well", 12);
        long inTile = featuresIn("sewer_well", low.lonLat()).size();
        assertThat(inTile).isGreaterThan(MAX_POINTS);
        String clustered = ogrinfo(low, get("/ogcapi/collections/sewer_well/tiles" + path(low)).body());
        long sum = 0;
        Matcher c = Pattern.compile("(?m)^\\s*count \\(Integer(?:64)?\\) = (\\d+)").matcher(clustered);
        int clusters = 0;
        while (c.find()) {
            sum += Long.parseLong(c.group(1));
            clusters++;
        }
        assertThat(clusters).as(clustered).isPositive().isLessThan((int) inTile);
        assertThat(sum).as(clustered).isEqualTo(inTile);
    }

    /** ogrinfo's listing of a tile, written where the MVT driver expects it (…/z/x/y.pbf). */
    private static String ogrinfo(WebMercatorQuad.Tile t, byte[] bytes) throws Exception {
        Path dir = Files.createTempDirectory("gridwatch-mvt-");
        Path file = dir.resolve(t.z() + "/" + t.x() + "/" + t.y() + ".pbf");
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        try {
            return GdalSupport.run(List.of("ogrinfo", "-ro", "-al", "-oo", "Z=" + t.z(), "-oo", "X=" + t.x(),
                    "-oo", "Y=" + t.y(), "-oo", "CLIP=NO", "MVT:" + file));
        } finally {
            Files.delete(file);
            Files.delete(file.getParent());
            Files.delete(file.getParent().getParent());
            Files.delete(dir);
        }
    }

    /** ogrinfo present, else skipped (failed in CI, where .ci/run installs gdal-bin). */
    static final class GdalSupport {
        static void needsOgrinfo() {
            boolean present;
            try {
                present = run(List.of("ogrinfo", "--formats")).contains("MVT");
            } catch (IOException | InterruptedException e) {
                present = false;
            }
            if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("ogrinfo with the MVT driver (GDAL, Debian gdal-bin) is required in CI");
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(present, "ogrinfo with the MVT driver not found: install gdal-bin");
        }

        static String run(List<String> command) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new String(out, StandardCharsets.UTF_8);
        }
    }
}
