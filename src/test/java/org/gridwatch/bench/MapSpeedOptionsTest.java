package org.gridwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browser benchmark's command line: defaults, and a clear refusal of every bad option before anything starts. */
class MapSpeedOptionsTest {

    @Test
    void defaultsAreTheSampleDistrictOnH2AtALaptopsWindow() {
        MapSpeedOptions o = MapSpeedOptions.parse(new String[0]);
        assertThat(o).isEqualTo(new MapSpeedOptions(null, "h2", null, null, 5, 1366, 768, "admin", null));
    }

    @Test
    void takesACityOnPostgisInAKeptSchema(@TempDir Path city) throws Exception {
        for (String f : new String[] {"large_grids", "small_grids", "streets", "features"}) {
            Files.writeString(city.resolve(f + ".geojson"), "{}");
        }
        MapSpeedOptions o = MapSpeedOptions.parse(new String[] {"--city", city.toString(), "--store", "postgis",
                "--schema", "tiles_bench", "--runs", "1", "--window", "1920x1080", "--user", "planner", "--password", "pw-of-the-planner"});
        assertThat(o).isEqualTo(new MapSpeedOptions(city, "postgis", null, "tiles_bench", 1, 1920, 1080, "planner", "pw-of-the-planner"));
    }

    @Test
    void refusesEachBadOptionWithTheReason(@TempDir Path empty) {
        check("unknown option --cty", "--cty", "/tmp/x");
        check("--runs needs a value", "--runs");
        check("--runs needs a whole number from 1 to 1000, not 0", "--runs", "0");
        check("--runs needs a whole number from 1 to 1000, not five", "--runs", "five");
        check("--store must be h2 or postgis, not mysql", "--store", "mysql");
        check("--schema is for --store postgis", "--schema", "s");
        check("--data-dir is for --store h2", "--store", "postgis", "--data-dir", "/tmp/d");
        check("--schema must be a lower-case SQL name", "--store", "postgis", "--schema", "x; drop schema public");
        check("--window must be WIDTHxHEIGHT in pixels, not 1366", "--window", "1366");
        check("--window must be at least 320x320 pixels, not 200x800", "--window", "200x800");
        check("--city " + empty + " holds no large_grids.geojson", "--city", empty.toString());
        check("--runs is given twice", "--runs", "2", "--runs", "3");
    }

    private static void check(String expected, String... args) {
        assertThatThrownBy(() -> MapSpeedOptions.parse(args)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expected);
    }
}
