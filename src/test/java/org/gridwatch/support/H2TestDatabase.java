package org.gridwatch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Gives a test context its own H2GIS file database in a fresh temporary directory: the running
 * service's file is locked, and contexts must not see each other's writes.
 */
public final class H2TestDatabase {

    private H2TestDatabase() {
    }

    public static Path register(DynamicPropertyRegistry registry) {
        try {
            Path dir = Files.createTempDirectory("gridwatch-test-");
            dir.toFile().deleteOnExit();
            registry.add("gridwatch.data-dir", dir::toString);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
