package org.gridwatch.geodata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.gridwatch.geo.GeoJsonFormatException;
import org.gridwatch.support.H2TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Loading generator output: everything or nothing, with the bad record named. */
@SpringBootTest(properties = "gridwatch.sample.enabled=false")
class DistrictImporterTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @Autowired
    DistrictImporter importer;

    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path dir;

    private long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    @Test
    void aBrokenRecordLoadsNothingAndTheGoodFilesLoadEverything() throws Exception {
        DistrictSpec spec = DistrictSpec.sample().withCounts(2, 80, 300, 150).withSeed(7);
        new DistrictGenerator(spec).writeTo(dir);

        Path broken = Files.createDirectories(dir.resolve("broken"));
        for (String f : new String[]{"large_grids.geojson", "small_grids.geojson", "streets.geojson"}) {
            Files.copy(dir.resolve(f), broken.resolve(f));
        }
        String features = Files.readString(dir.resolve("features.geojson"), StandardCharsets.UTF_8);
        // Corrupt one feature's type far into the file: grids and streets before it must be rolled back too.
        int at = features.indexOf("\"type\":\"trash_bin\"", features.length() / 2);
        Files.writeString(broken.resolve("features.geojson"),
                features.substring(0, at) + "\"type\":\"unicorn\"" + features.substring(at + "\"type\":\"trash_bin\"".length()),
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> importer.load(DistrictImporter.directory(broken)))
                .isInstanceOf(GeoJsonFormatException.class)
                .hasMessageContaining("features.geojson record")
                .hasMessageContaining("unicorn");
        assertThat(count("grid")).isZero();
        assertThat(count("street")).isZero();
        assertThat(count("feature")).isZero();

        DistrictImporter.Counts loaded = importer.load(DistrictImporter.directory(dir));
        assertThat(loaded.largeGrids()).isEqualTo(2);
        assertThat(loaded.smallGrids()).isEqualTo(80);
        assertThat(loaded.streets()).isEqualTo(150);
        assertThat(loaded.features()).isEqualTo(300);
        assertThat(loaded.featuresOutsideGrids()).isZero();
        assertThat(count("feature")).isEqualTo(300);
        // The grid code stored is the one the service computed, and agrees with the generator's.
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM feature WHERE grid_code IS NULL", Long.class)).isZero();
    }

    @Test
    void anImportACrashInterruptedIsClearedAtTheNextStart() throws Exception {
        new DistrictGenerator(DistrictSpec.sample().withCounts(1, 40, 50, 60).withSeed(3)).writeTo(dir);
        assertThat(importer.clearInterruptedImport()).isFalse();
        // What a kill -9 in the middle of a chunked embedded import leaves: rows, and a run never finished.
        jdbc.update("DELETE FROM feature");
        jdbc.update("DELETE FROM street");
        jdbc.update("DELETE FROM grid");
        importer.load(DistrictImporter.directory(dir));
        jdbc.update("INSERT INTO district_import (source, started_at) VALUES ('crashed', CURRENT_TIMESTAMP)");
        assertThat(count("feature")).isEqualTo(50);

        assertThat(importer.clearInterruptedImport()).isTrue();
        assertThat(count("grid")).isZero();
        assertThat(count("feature")).isZero();
        assertThat(count("district_import")).isZero();
        // The point index survived the clearing (a viewport query can still use it), and no R-tree is
        // back: H2's are not crash safe (migration V87).
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES
                 WHERE TABLE_NAME = 'FEATURE' AND INDEX_NAME = 'FEATURE_GEOM_TILE_IDX'""", Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES
                 WHERE TABLE_SCHEMA = SCHEMA() AND INDEX_TYPE_NAME = 'SPATIAL INDEX'""", Long.class)).isZero();
    }
}
