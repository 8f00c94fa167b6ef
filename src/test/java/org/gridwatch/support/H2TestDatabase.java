package org.gridwatch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.gridwatch.GridwatchApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Gives a test context its own H2GIS file database in a fresh temporary directory: the running
 * service's file is locked, and contexts must not see each other's writes.
 * <p>
 * A context may start from a copy of a store in which the service has already started once (made once
 * per test JVM): it skips the migrations and, with the sample district, the sample load, which took half
 * a minute of every such class. Only for a context with no property that changes what a first start
 * stores (sample, activity, admin account); {@code SampleDistrictTest}, {@code InspectionSampleDistrictTest}
 * and the classes with such properties start from an empty directory ({@link #register}).
 */
public final class H2TestDatabase {

    /** The embedded store's file in gridwatch.data-dir (DataSourceConfig). */
    private static final String STORE_FILE = "gridwatch.mv.db";

    /** Started-once stores by the arguments they were started with. */
    private static final Map<List<String>, Path> TEMPLATES = new HashMap<>();

    private H2TestDatabase() {
    }

    /** An empty directory: the context migrates a new store and runs its first start itself. */
    public static Path register(DynamicPropertyRegistry registry) {
        Path dir = newDirectory();
        registry.add("gridwatch.data-dir", dir::toString);
        return dir;
    }

    /** A copy of the bundled sample district with its generated patrols and inspections, after a first start. */
    public static Path registerSampleDistrict(DynamicPropertyRegistry registry) {
        return registerCopy(registry, template(List.of()));
    }

    /** A copy of a store with no district after a first start, for a context with gridwatch.sample.enabled=false. */
    public static Path registerEmptyStore(DynamicPropertyRegistry registry) {
        return registerCopy(registry, template(List.of("--gridwatch.sample.enabled=false")));
    }

    private static Path registerCopy(DynamicPropertyRegistry registry, Path template) {
        Path dir = newDirectory();
        try {
            // The store file only: a trace file H2 may have left is not part of the store.
            Path copy = Files.copy(template.resolve(STORE_FILE), dir.resolve(STORE_FILE), StandardCopyOption.COPY_ATTRIBUTES);
            copy.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("gridwatch.data-dir", dir::toString);
        return dir;
    }

    private static synchronized Path template(List<String> extraArguments) {
        Path made = TEMPLATES.get(extraArguments);
        if (made != null) return made;
        Path dir = newDirectory();
        // The service itself, as a test context would start it (TestIdentity's admin, no base map), then
        // closed so that the file is complete before it is copied. Command-line arguments: they outrank
        // application.yml's ${PORT:8080} and ${GRIDWATCH_DATA_DIR:./data}.
        List<String> args = new ArrayList<>(List.of("--gridwatch.data-dir=" + dir, "--server.port=0",
                "--gridwatch.map.default-base-map=none",
                "--gridwatch.security.admin-username=" + TestIdentity.ADMIN_USERNAME,
                "--gridwatch.security.admin-password=" + TestIdentity.ADMIN_PASSWORD));
        args.addAll(extraArguments);
        try (ConfigurableApplicationContext ignored = new SpringApplicationBuilder(GridwatchApplication.class)
                .run(args.toArray(String[]::new))) {
            // started: migrations, first admin and (unless switched off) the sample district are stored
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> f.toFile().deleteOnExit());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Files.isRegularFile(dir.resolve(STORE_FILE))) {
            throw new IllegalStateException("the started-once store was not written to " + dir);
        }
        TEMPLATES.put(List.copyOf(extraArguments), dir);
        return dir;
    }

    private static Path newDirectory() {
        try {
            Path dir = Files.createTempDirectory("gridwatch-test-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
