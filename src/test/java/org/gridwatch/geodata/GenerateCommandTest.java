package org.gridwatch.geodata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return GenerateCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void writesTheFourFiles(@TempDir Path directory) throws Exception {
        Path target = directory.resolve("city");
        assertEquals(0, run("generate", "--out", target.toString(), "--large", "2", "--small", "20",
                "--features", "30", "--streets", "40", "--seed", "7"));
        for (String name : DistrictGenerator.FILE_NAMES) {
            assertTrue(Files.size(target.resolve(name)) > 0, name);
        }
        assertEquals(30, GeoJsonTestFiles.read(target.resolve(DistrictGenerator.FEATURES_FILE)).size());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("done"));
    }

    @Test
    void missingOutIsAnError() {
        assertEquals(2, run("generate", "--large", "2"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--out DIR is required"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage:"));
    }

    @Test
    void badArgumentsAreErrors() {
        assertEquals(2, run());
        assertEquals(2, run("serve"));
        assertEquals(2, run("generate", "--out"));
        assertEquals(2, run("generate", "--out", "x", "--features", "many"));
        assertEquals(2, run("generate", "--out", "x", "--colour", "red"));
        assertEquals(2, run("generate", "--out", "x", "--large", "10", "--small", "5"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("smallGrids (5) must be at least largeGrids (10)"));
    }
}
