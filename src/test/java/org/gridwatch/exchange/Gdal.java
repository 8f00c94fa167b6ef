package org.gridwatch.exchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs GDAL's command-line tools ({@code ogrinfo}, {@code ogr2ogr}; Debian package gdal-bin) for tests
 * that prove a file with an independent reader. Without GDAL the tests are skipped with a message,
 * except in CI ({@code CI=true}), where .ci/run installs gdal-bin and a missing tool is a failure.
 */
final class Gdal {

    private Gdal() {
    }

    static void assumeAvailable() {
        String problem = null;
        try {
            Process p = new ProcessBuilder("ogrinfo", "--version").redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) problem = "ogrinfo --version failed";
        } catch (IOException | InterruptedException e) {
            problem = e.getMessage();
        }
        if (problem == null) return;
        String message = "GDAL tests need ogrinfo/ogr2ogr on PATH (Debian: apt-get install gdal-bin): " + problem;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }

    /** Runs a GDAL tool and returns its standard output (UTF-8); fails the test on a non-zero exit. */
    static String run(String... command) {
        try {
            List<String> cmd = new ArrayList<>(List.of(command));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("LC_ALL", "C.UTF-8");
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                Assertions.fail(String.join(" ", command) + " timed out");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                Assertions.fail(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
