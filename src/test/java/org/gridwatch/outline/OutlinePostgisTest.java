package org.gridwatch.outline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

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
 * The district outline on PostGIS, and the topology report's areas against PostGIS itself: each finding's
 * area agrees to 0.1% with {@code ST_Area(geography)} of the same ground computed by PostGIS from the
 * stored outline and grids.
 */
@SpringBootTest(properties = "gridwatch.sample.enabled=false")
@AutoConfigureMockMvc
@ActiveProfiles("postgis")
class OutlinePostgisTest extends OutlineApiContract {

    @BeforeAll
    static void needsPostgis() {
        PostgisTestDatabase.assumeAvailable();
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgisTestDatabase.register(registry);
    }

    @Test
    void everyFindingsAreaAgreesWithPostgisGeography() throws Exception {
        var byKind = districtFindings("P");
        String large = "(SELECT ST_Union(geom) FROM grid WHERE level = 'large' AND code LIKE 'P%')";
        double uncoveredAndGap = jdbc.queryForObject("SELECT ST_Area(ST_Difference(o.geom, " + large
                + ")::geography) FROM district_outline o", Double.class);
        double gap = jdbc.queryForObject("SELECT ST_Area(ST_MakePolygon(ST_InteriorRingN(" + large
                + ", 1))::geography)", Double.class);
        double outside = jdbc.queryForObject("SELECT ST_Area(ST_Difference(g.geom, o.geom)::geography) "
                + "FROM grid g, district_outline o WHERE g.code = 'PC'", Double.class);
        double reportedGap = area(byKind.get("largeGap"));
        double reportedUncovered = area(byKind.get("districtUncovered"));
        assertThat(reportedGap).isCloseTo(gap, org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(reportedUncovered).isCloseTo(uncoveredAndGap - gap, org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(area(byKind.get("outsideDistrict"))).isCloseTo(outside,
                org.assertj.core.data.Percentage.withPercentage(0.1));
        // And each reported polygon, measured by PostGIS, is the area the report gives it.
        for (List<JsonNode> findings : byKind.values()) {
            for (JsonNode f : findings) {
                if (!List.of("districtUncovered", "largeGap", "outsideDistrict").contains(f.at("/properties/kind").asString())) {
                    continue;
                }
                double measured = jdbc.queryForObject("SELECT ST_Area(ST_GeomFromGeoJSON(?)::geography)", Double.class,
                        f.get("geometry").toString());
                assertThat(f.at("/properties/areaM2").doubleValue()).isCloseTo(measured,
                        org.assertj.core.data.Percentage.withPercentage(0.1));
            }
        }
    }

    private static double area(List<JsonNode> findings) {
        return findings.stream().mapToDouble(f -> f.at("/properties/areaM2").doubleValue()).sum();
    }
}
