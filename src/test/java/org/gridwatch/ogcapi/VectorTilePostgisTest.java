package org.gridwatch.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.gridwatch.ogcapi.tiles.MvtDecoder;
import org.gridwatch.ogcapi.tiles.WebMercatorQuad;
import org.gridwatch.support.PostgisTestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Vector tiles on PostGIS over the sample district. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "gridwatch.tiles.max-points=" + VectorTileContract.MAX_POINTS)
@ActiveProfiles("postgis")
class VectorTilePostgisTest extends VectorTileContract {

    @BeforeAll
    static void needsPostgis() {
        PostgisTestDatabase.assumeAvailable();
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgisTestDatabase.register(registry);
    }

    @Autowired
    PointStoreUpdates points;

    @Autowired
    TileQueries queries;

    /**
     * On PostGIS the points in memory are read whole again only when the feature table changed without announcing
     * it: past the cache age the table's write counts are read; when they moved, the database's count and digest
     * of the points are compared with the points held, and equal (writes that were announced and applied, or that
     * change nothing a tile shows) keep them; a feature written by hand is read. (Every point read again every
     * minute put z14 tiles of the benchmark city over their target.)
     */
    @Test
    void pointsInMemoryAreReadAgainOnlyWhenTheFeaturesChangedUnannounced() throws Exception {
        Map<String, Object> row = firstTrashBinWithPointsIdle(points);
        double lon = ((Number) row.get("lon")).doubleValue(), lat = ((Number) row.get("lat")).doubleValue();
        long id = ((Number) row.get("id")).longValue();
        long reads = points.fullReads();
        // Tiles of zooms not drawn before at this place: a cached tile is answered without looking at the points.
        agedThenTile(lon, lat, 22);
        assertThat(points.fullReads()).as("unchanged features are kept").isEqualTo(reads);

        // An edit through the API, announced and applied to the points, then a write by hand that changes nothing a
        // tile shows: the write counts moved, the digests are compared and equal, and nothing is read whole.
        String stamp = queries.featuresStamp();
        renameThroughApi(row);
        writeByHand("UPDATE feature SET updated_at = updated_at WHERE id = ?", id);
        assertThat(queries.featuresStamp()).as("write counts").isNotEqualTo(stamp);
        long digestChecks = points.digestChecks();
        agedThenTile(lon, lat, 21);
        assertThat(points.digestChecks()).as("digests compared").isGreaterThan(digestChecks);
        assertThat(points.fullReads()).as("announced edits are not read again whole").isEqualTo(reads);

        // A feature written by hand, as nothing in the service announces: seen at the next check.
        long handId = jdbc.queryForObject("SELECT MAX(id) + 1000 FROM feature", Long.class);
        writeByHand("INSERT INTO feature (id, type_key, geom, name, status, created_at, updated_at) VALUES (?, 'trash_bin', "
                + "ST_GeomFromText(?, 4326), '手写的垃圾桶', 'active', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", handId,
                String.format(java.util.Locale.ROOT, "POINT (%.7f %.7f)", lon, lat));
        try {
            agedThenTile(lon, lat, 20);
            assertThat(points.fullReads()).as("a write that announced nothing is read").isGreaterThan(reads);
            MvtDecoder.Layer bins = tile("/ogcapi/collections/trash_bin/tiles" + path(WebMercatorQuad.tileAt(lon, lat, 19)))
                    .layer("trash_bin");
            List<Long> ids = bins == null ? List.of() : bins.features().stream().map(MvtDecoder.Feature::id).toList();
            assertThat(ids).contains(handId, id);
        } finally {
            writeByHand("DELETE FROM feature WHERE id = ?", handId);
            agedThenTile(lon, lat, 18);
        }
    }

    /**
     * A write in a session of its own, as in psql, whose row counts reach the statistics at once: a session
     * otherwise flushes them when idle, up to 10 s after its commit, and the service sees the write at the first
     * check after that.
     */
    private void writeByHand(String sql, Object... args) {
        jdbc.execute((ConnectionCallback<Void>) c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
                ps.executeUpdate();
            }
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_stat_force_next_flush()");
            }
            return null;
        });
    }

    private void agedThenTile(double lon, double lat, int z) throws Exception {
        AgedPoints.checkedBy(points, () -> tile("/ogcapi/collections/trash_bin/tiles" + path(WebMercatorQuad.tileAt(lon, lat, z))));
    }
}
