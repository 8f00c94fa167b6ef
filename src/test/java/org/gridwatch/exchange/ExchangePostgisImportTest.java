package org.gridwatch.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;

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
 * What the new import paths persist, on PostGIS: streets from CSV, features from a GeoPackage the service
 * exported (a round trip), and a refused file leaving the tables as they were. The embedded store is
 * covered by {@link ExchangeFormatsApiTest}. Works at 101°E, 11°N, away from other tests' ground.
 */
@SpringBootTest(properties = "gridwatch.sample.enabled=false")
@AutoConfigureMockMvc
@ActiveProfiles("postgis")
class ExchangePostgisImportTest extends ExchangeMvcTest {

    @BeforeAll
    static void needsPostgis() {
        PostgisTestDatabase.assumeAvailable();
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgisTestDatabase.register(registry);
    }

    @Test
    void streetsFeaturesAndRefusalsOnPostgis() throws Exception {
        String tag = "PG" + System.nanoTime();
        long streets = count("SELECT COUNT(*) FROM street");
        String csv = "name,class,wkt\n" + tag + "路,primary,\"LINESTRING (101.001 11.001, 101.002 11.0015)\"\n";
        assertThat(uploadJson("/api/import/streets", "s.csv", csv.getBytes(StandardCharsets.UTF_8), 201).path("stored").asInt())
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM street")).isEqualTo(streets + 1);
        assertThat(jdbc.queryForObject("SELECT ST_AsText(geom) FROM street WHERE name = ?", String.class, tag + "路"))
                .isEqualTo("LINESTRING(101.001 11.001,101.002 11.0015)");

        String points = "name,type,lon,lat\n" + tag + "-a,trash_bin,101.01,11.01\n" + tag + "-b,trash_bin,101.011,11.01\n";
        uploadJson("/api/import/features", "p.csv", points.getBytes(StandardCharsets.UTF_8), 201);
        byte[] gpkg = mvc.perform(get("/api/export/features?format=gpkg&type=trash_bin")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        long features = count("SELECT COUNT(*) FROM feature");
        long exported = count("SELECT COUNT(*) FROM feature WHERE status = 'active' AND type_key = 'trash_bin'");
        JsonNode back = uploadJson("/api/import/features", "back.gpkg", gpkg, 201);
        assertThat(back.path("stored").asLong()).isEqualTo(exported);
        assertThat(count("SELECT COUNT(*) FROM feature")).isEqualTo(features + exported);
        assertThat(jdbc.queryForObject("SELECT MIN(ST_X(geom)) FROM feature WHERE name = ?", Double.class, tag + "-b"))
                .isCloseTo(101.011, within(1e-9));

        long before = count("SELECT COUNT(*) FROM street");
        String bad = "name,wkt\nok,\"LINESTRING (101.02 11.02, 101.03 11.03)\"\nbad,\"LINESTRING (101.02 11.02)\"\n";
        JsonNode refused = uploadJson("/api/import/streets", "bad.csv", bad.getBytes(StandardCharsets.UTF_8), 400);
        assertThat(refused.path("errors").get(0).path("index").asInt()).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM street")).as("the valid street was rolled back too").isEqualTo(before);
    }
}
