package org.gridwatch.feature;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.gridwatch.support.H2TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The embedded store's box condition (tiles plus the exact test) finds exactly the points in the box,
 * those on its edges and on tile edges included, in both its forms, through the tile index.
 */
@SpringBootTest(properties = "gridwatch.sample.enabled=false")
class FeatureBoxTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    FeatureBox box;

    @Test
    void findsExactlyThePointsInTheBoxThroughTheTileIndex() {
        // Points on a 0.001 degree lattice: every second one sits on a tile edge (0.002 degrees).
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i <= 40; i++) {
            for (int j = 0; j <= 40; j++) points.add(new double[]{150.0 + i * 0.001, -40.0 + j * 0.001});
        }
        jdbc.batchUpdate("INSERT INTO feature (type_key, geom, status, created_at, updated_at) VALUES ('trash_bin', "
                        + "ST_SetSRID(ST_MakePoint(?, ?), 4326), 'active', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                points.stream().map(p -> new Object[]{p[0], p[1]}).toList());
        try {
            SplittableRandom random = new SplittableRandom(3);
            List<double[]> boxes = new ArrayList<>(List.of(
                    new double[]{150.002, -39.998, 150.01, -39.99},     // edges on tile edges
                    new double[]{150.0, -40.0, 150.04, -39.96},         // the whole lattice
                    new double[]{150.0105, -39.9805, 150.0115, -39.9795})); // inside one tile, one point
            for (int i = 0; i < 20; i++) {
                double x = 150.0 + random.nextInt(40) * 0.001, y = -40.0 + random.nextInt(40) * 0.001;
                boxes.add(new double[]{x, y, x + random.nextInt(1, 20) * 0.001, y + random.nextInt(1, 20) * 0.001});
            }
            for (double[] b : boxes) {
                long expected = points.stream()
                        .filter(p -> p[0] >= b[0] && p[0] <= b[2] && p[1] >= b[1] && p[1] <= b[3]).count();
                List<Object> args = new ArrayList<>();
                String sql = "SELECT COUNT(*) FROM feature WHERE " + box.condition(b[0], b[1], b[2], b[3], args);
                assertThat(jdbc.queryForObject(sql, Long.class, args.toArray())).as("box %s,%s,%s,%s", b[0], b[1], b[2], b[3])
                        .isEqualTo(expected).isPositive();
                assertThat(jdbc.queryForObject("EXPLAIN " + sql, String.class, args.toArray()))
                        .contains("FEATURE_GEOM_TILE_IDX");
            }
            // A box of more tiles than one IN list takes: the column range form, still exact and indexed.
            List<Object> args = new ArrayList<>();
            String sql = "SELECT COUNT(*) FROM feature WHERE " + box.condition(149.9, -40.1, 150.02, -39.99, args);
            assertThat(sql).contains("BETWEEN");
            long expected = points.stream().filter(p -> p[0] <= 150.02 && p[1] <= -39.99).count();
            assertThat(jdbc.queryForObject(sql, Long.class, args.toArray())).isEqualTo(expected);
            assertThat(jdbc.queryForObject("EXPLAIN " + sql, String.class, args.toArray())).contains("FEATURE_GEOM_TILE_IDX");
        } finally {
            jdbc.update("DELETE FROM feature WHERE ST_X(geom) BETWEEN 149 AND 151");
        }
    }

    @Test
    void aMovedPointMovesToItsNewTile() {
        jdbc.update("INSERT INTO feature (type_key, geom, status, created_at, updated_at) VALUES ('trash_bin', "
                + "ST_SetSRID(ST_MakePoint(151.5, -41.5), 4326), 'active', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        try {
            jdbc.update("UPDATE feature SET geom = ST_SetSRID(ST_MakePoint(151.6, -41.4), 4326) WHERE ST_X(geom) = 151.5");
            assertThat(jdbc.queryForObject("SELECT geom_tile FROM feature WHERE ST_X(geom) = 151.6", Long.class))
                    .isEqualTo(org.gridwatch.geo.PointTiles.tile(151.6, -41.4));
            List<Object> args = new ArrayList<>();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM feature WHERE "
                    + box.condition(151.45, -41.55, 151.55, -41.45, args), Long.class, args.toArray())).isZero();
        } finally {
            jdbc.update("DELETE FROM feature WHERE ST_X(geom) BETWEEN 151 AND 152");
        }
    }
}
