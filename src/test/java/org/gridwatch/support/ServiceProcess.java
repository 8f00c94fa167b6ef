package org.gridwatch.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The service as a separate JVM on the test classpath, for tests that must kill it (SIGKILL through
 * {@link Process#destroyForcibly()} on Linux) and start it again on the same store.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    public final int port;

    private ServiceProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                Path log = Path.of("target", "service-process-" + port + ".log");
                try (var out = java.nio.file.Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                        out.write(line);
                        out.newLine();
                    }
                }
            } catch (IOException ignored) {
                // the process was killed
            }
        }, "service-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the service with {@code args} (plus a free port) and waits until it says it is ready. */
    public static ServiceProcess start(Duration timeout, String... args) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // Surefire runs tests from a manifest-only jar; the real classpath is in this property.
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m", "-XX:+UseSerialGC",
                // These processes live seconds and are killed: the quick compiler alone starts them ~30% sooner.
                "-XX:TieredStopAtLevel=1",
                "-cp", classpath, "org.gridwatch.GridwatchApplication", "--server.port=" + port,
                "--spring.main.banner-mode=off",
                // The first admin, so requests can sign in with TestIdentity's Basic header.
                "--gridwatch.security.admin-password=" + TestIdentity.ADMIN_PASSWORD));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        ServiceProcess service = new ServiceProcess(p, port);
        service.awaitLine(l -> l.contains("gridwatch is ready"), timeout);
        return service;
    }

    /** Waits until the service prints a line matching {@code test}; fails with the output on timeout or exit. */
    public String awaitLine(Predicate<String> test, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            for (; seen < lines.size(); seen++) {
                if (test.test(lines.get(seen))) return lines.get(seen);
            }
            if (!process.isAlive()) break;
            Thread.sleep(20);
        }
        throw new AssertionError("the service did not print the awaited line (alive: " + process.isAlive()
                + "); all its output is in target/service-process-" + port + ".log; the last lines:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** SIGKILL: no shutdown hooks, no H2 close, exactly what a power cut or the OOM killer does. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) kill();
        }
    }
}
