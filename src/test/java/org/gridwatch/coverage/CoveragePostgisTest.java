package org.gridwatch.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.HashMap;
import java.util.Map;

import org.gridwatch.support.PostgisTestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * The coverage API on PostGIS, and its figures against PostGIS computing the same thing in SQL:
 * counts equal, areas within 0.1% of {@code ST_Area(geography)}.
 */
@SpringBootTest(properties = "gridwatch.sample.enabled=false")
@AutoConfigureMockMvc
@ActiveProfiles("postgis")
class CoveragePostgisTest extends CoverageApiContract {

    @BeforeAll
    static void needsPostgis() {
        PostgisTestDatabase.assumeAvailable();
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgisTestDatabase.register(registry);
    }

    @Test
    void countsAndCoveredAreasAgreeWithPostgisSql() throws Exception {
        Patch p = patch();
        city(p, 21, 400);
        double radius = 20;
        Map<String, JsonNode> rows = rows(json(mvc.perform(get("/api/coverage").param("level", "small")
                .param("type", "rat_bait_station").param("radius", "20")).andReturn()), p);
        assertThat(rows).hasSize(6);

        Map<String, Integer> sqlCounts = new HashMap<>();
        jdbc.query("""
                SELECT g.code, f.type_key, COUNT(*) FROM grid g
                  JOIN feature f ON f.geom && g.geom AND ST_Intersects(g.geom, f.geom)
                 WHERE g.level = 'small' AND f.status = 'active' AND g.code LIKE ?
                 GROUP BY g.code, f.type_key""", rs -> {
            sqlCounts.put(rs.getString(1) + "/" + rs.getString(2), rs.getInt(3));
        }, p.prefix() + "-%");
        for (Map.Entry<String, JsonNode> row : rows.entrySet()) {
            for (String type : new String[]{"trash_bin", "sewer_well", "rat_bait_station", "stagnant_water"}) {
                assertThat(row.getValue().at("/counts/" + type).intValue()).as(row.getKey() + " " + type)
                        .isEqualTo(sqlCounts.getOrDefault(row.getKey() + "/" + type, 0));
            }
        }

        // PostGIS builds the same thing: 8-segment-per-quadrant circles of R metres in a transverse
        // Mercator centred on the patch, their union clipped to the grid, measured as geography.
        String tm = "+proj=tmerc +lat_0=" + (p.lat() + 0.0018) + " +lon_0=" + (p.lon() + 0.003)
                + " +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs";
        Map<String, Double> area = byCode("SELECT code, ST_Area(geom::geography) FROM grid WHERE code LIKE ? AND level = 'small'",
                p.prefix() + "-%");
        Map<String, Double> covered = byCode("""
                SELECT g.code, COALESCE((
                    SELECT ST_Area(ST_Transform(ST_Intersection(ST_Transform(g.geom, ?),
                                   ST_Union(ST_Buffer(ST_Transform(f.geom, ?), ?, 'quad_segs=8'))), ?, 4326)::geography)
                      FROM feature f
                     WHERE f.type_key = 'rat_bait_station' AND f.status = 'active'
                       AND ST_DWithin(f.geom::geography, g.geom::geography, ?)), 0)
                  FROM grid g WHERE g.level = 'small' AND g.code LIKE ?""",
                tm, tm, radius, tm, radius, p.prefix() + "-%");
        double anyCovered = 0;
        for (Map.Entry<String, JsonNode> row : rows.entrySet()) {
            double a = row.getValue().get("areaM2").doubleValue();
            double mine = a - row.getValue().get("uncoveredAreaM2").doubleValue();
            double theirs = covered.get(row.getKey());
            assertThat(a).as("area " + row.getKey()).isCloseTo(area.get(row.getKey()), within(area.get(row.getKey()) * 0.001));
            // 0.1% of the covered area, and at least 0.05 m² for the rounding of the response.
            assertThat(mine).as("covered " + row.getKey()).isCloseTo(theirs, within(Math.max(0.05, theirs * 0.001)));
            anyCovered += theirs;
        }
        assertThat(anyCovered).isGreaterThan(1000);
    }

    @Test
    void topologyAreasAgreeWithPostgisGeography() throws Exception {
        Patch p = patch();
        Map<String, JsonNode> mine = buildProblemsAndReport(p);
        String x = p.prefix();
        double gap = jdbc.queryForObject("""
                SELECT ST_Area(ST_Difference(l.geom, (SELECT ST_Union(s.geom) FROM grid s WHERE s.parent_code = l.code))::geography)
                  FROM grid l WHERE l.code = ?""", Double.class, x + "-L1");
        double overlap = jdbc.queryForObject("SELECT ST_Area(ST_Intersection(a.geom, b.geom)::geography) FROM grid a, grid b "
                + "WHERE a.code = ? AND b.code = ?", Double.class, x + "-C", x + "-D");
        double outside = jdbc.queryForObject("SELECT ST_Area(ST_Difference(a.geom, b.geom)::geography) FROM grid a, grid b "
                + "WHERE a.code = ? AND b.code = ?", Double.class, x + "-E", x + "-L3");
        double unowned = jdbc.queryForObject("SELECT ST_Area(geom::geography) FROM grid WHERE code = ?", Double.class, x + "-D");
        check(mine.get("gap:" + x + "-L1"), gap);
        check(mine.get("overlap:" + x + "-C"), overlap);
        check(mine.get("outsideParent:" + x + "-E"), outside);
        check(mine.get("noResponsiblePerson:" + x + "-D"), unowned);
    }

    private static void check(JsonNode problem, double geographyM2) {
        assertThat(problem.at("/properties/areaM2").doubleValue()).as(problem.at("/properties/kind").asString())
                .isCloseTo(geographyM2, within(geographyM2 * 0.001));
    }
}
