package org.gridwatch.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.gridwatch.ogcapi.tiles.MvtDecoder;
import org.gridwatch.ogcapi.tiles.WebMercatorQuad;
import org.gridwatch.support.H2TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Vector tiles on the embedded store (H2GIS) over the sample district. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "gridwatch.tiles.max-points=" + VectorTileContract.MAX_POINTS)
class VectorTileTest extends VectorTileContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerSampleDistrict(registry);
    }

    @Autowired
    PointStoreUpdates points;

    /**
     * On the embedded store the points in memory are read whole again only when the feature table changed without
     * announcing it: past the cache age its stamp is read, and the same stamp, or a stamp moved by announced edits
     * (already applied one by one), keeps them. (Reading a million points every minute made long GC pauses.)
     */
    @Test
    void pointsInMemoryAreReadAgainOnlyWhenTheFeaturesChangedUnannounced() throws Exception {
        Map<String, Object> row = firstTrashBinWithPointsIdle(points);
        double lon = ((Number) row.get("lon")).doubleValue(), lat = ((Number) row.get("lat")).doubleValue();
        long reads = points.fullReads();
        // Tiles of zooms not drawn before at this place: a cached tile is answered without looking at the points.
        agedThenTile(lon, lat, 22);
        assertThat(points.fullReads()).as("unchanged features are kept").isEqualTo(reads);

        // An edit through the API is announced and applied to the points: no reading of every point for it.
        long id = ((Number) row.get("id")).longValue();
        renameThroughApi(row);
        agedThenTile(lon, lat, 21);
        assertThat(points.fullReads()).as("an announced edit is not read again whole").isEqualTo(reads);

        // A feature written to the store by hand, as nothing in the service announces: seen after the stamp is read.
        // At the edited bin's place: the edit dropped the cached tiles there.
        double newLon = lon;
        long handId = jdbc.queryForObject("SELECT MAX(id) + 1000 FROM feature", Long.class);
        jdbc.update("INSERT INTO feature (id, type_key, geom, name, status, created_at, updated_at) VALUES (?, 'trash_bin', "
                + "ST_GeomFromText(?, 4326), '手写的垃圾桶', 'active', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", handId,
                String.format(java.util.Locale.ROOT, "POINT (%.7f %.7f)", newLon, lat));
        try {
            agedThenTile(newLon, lat, 20);
            assertThat(points.fullReads()).as("a write that announced nothing is read").isGreaterThan(reads);
            MvtDecoder.Layer bins = tile("/ogcapi/collections/trash_bin/tiles" + path(WebMercatorQuad.tileAt(newLon, lat, 19)))
                    .layer("trash_bin");
            List<Long> ids = bins == null ? List.of() : bins.features().stream().map(MvtDecoder.Feature::id).toList();
            assertThat(ids).contains(handId, id);
        } finally {
            jdbc.update("DELETE FROM feature WHERE id = ?", handId);
            agedThenTile(newLon, lat, 18);
        }
    }

    /** Draws the trash bins' tile at {@code z} with the points older than the cache age (so the stamp is checked). */
    private void agedThenTile(double lon, double lat, int z) throws Exception {
        AgedPoints.checkedBy(points, () -> tile("/ogcapi/collections/trash_bin/tiles" + path(WebMercatorQuad.tileAt(lon, lat, z))));
    }
}
