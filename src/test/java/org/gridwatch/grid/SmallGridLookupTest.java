package org.gridwatch.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.gridwatch.support.H2TestDatabase;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On the embedded store points are located in the small grids held in memory: the same answers as the
 * database's query on the sample district (inside every grid, on shared vertices and edges, outside), and a
 * change nobody announced (grids written in SQL) is seen at once, also inside the transaction that made it.
 */
@SpringBootTest
class SmallGridLookupTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerSampleDistrict(registry);
    }

    @Autowired
    GridService grids;
    @Autowired
    Grids repository;
    @Autowired
    SmallGridLookup lookup;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;

    @Test
    void answersAsTheDatabaseAndSeesUnannouncedChanges() throws Exception {
        assertThat(lookup.awaitCurrent(30_000)).isTrue();
        List<GridView> small = grids.list(GridLevel.SMALL, null, null);
        assertThat(small).hasSizeGreaterThan(100);
        List<Coordinate> probes = new ArrayList<>();
        for (GridView g : small) {
            Point inside = g.geometry().getInteriorPoint();
            probes.add(inside.getCoordinate());
            Coordinate[] ring = g.geometry().getCoordinates();
            probes.add(ring[0]);                                       // a vertex, often shared
            probes.add(new Coordinate((ring[0].x + ring[1].x) / 2, (ring[0].y + ring[1].y) / 2));  // on an edge
        }
        probes.add(new Coordinate(0, 0));                              // outside every grid
        int onEdges = 0;
        for (Coordinate c : probes) {
            List<String> sql = repository.findSmallGridCodesAt(c.x, c.y);
            assertThat(grids.smallGridCodeAt(c.x, c.y).orElse(null)).as("%s", c)
                    .isEqualTo(sql.isEmpty() ? null : sql.get(0));
            if (sql.size() > 1) onEdges++;
        }
        assertThat(onEdges).as("probes on borders shared by two grids").isGreaterThan(50);
        assertThat(lookup.current()).as("the copy is of the current grids").isNotNull();

        GridView victim = small.get(small.size() / 2);
        Coordinate inVictim = victim.geometry().getInteriorPoint().getCoordinate();
        assertThat(grids.smallGridCodeAt(inVictim.x, inVictim.y)).contains(victim.code());
        // Deleted in SQL inside a transaction, no event: that transaction no longer finds it, nor does anyone
        // after the commit, though the copy built before still holds it.
        tx.executeWithoutResult(status -> {
            jdbc.update("DELETE FROM grid WHERE code = ?", victim.code());
            assertThat(lookup.current()).isNull();
            assertThat(grids.smallGridCodeAt(inVictim.x, inVictim.y)).isEmpty();
            status.setRollbackOnly();
        });
        assertThat(grids.smallGridCodeAt(inVictim.x, inVictim.y)).contains(victim.code());
        tx.executeWithoutResult(status -> jdbc.update("UPDATE grid SET version = version + 1, geom = ST_GeomFromText(?, 4326) "
                + "WHERE code = ?", shrunk(victim.geometry()).toText(), victim.code()));
        Coordinate corner = victim.geometry().getEnvelopeInternal().centre();
        List<String> now = repository.findSmallGridCodesAt(inVictim.x, inVictim.y);
        assertThat(grids.smallGridCodeAt(inVictim.x, inVictim.y).orElse(null))
                .isEqualTo(now.isEmpty() ? null : now.get(0));
        assertThat(lookup.awaitCurrent(30_000)).isTrue();
        for (Coordinate c : List.of(inVictim, corner)) {
            List<String> sql = repository.findSmallGridCodesAt(c.x, c.y);
            assertThat(grids.smallGridCodeAt(c.x, c.y).orElse(null)).isEqualTo(sql.isEmpty() ? null : sql.get(0));
        }
    }

    /** The grid shrunk to a tenth of its size around its interior point: the rest of its ground is no grid's. */
    private static Geometry shrunk(Geometry g) {
        Coordinate c = g.getInteriorPoint().getCoordinate();
        org.locationtech.jts.geom.util.AffineTransformation t = org.locationtech.jts.geom.util.AffineTransformation
                .scaleInstance(0.1, 0.1, c.x, c.y);
        return t.transform(g);
    }
}
