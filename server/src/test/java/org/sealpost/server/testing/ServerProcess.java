package org.sealpost.server.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link org.sealpost.server.SealpostServer} in a child JVM on this test's class path
 * ({@link ServerNodeMain}): a second node with its own process, connection pools, key pool and
 * HTTP port. Its standard error goes to a file that a failed start shows.
 */
public final class ServerProcess implements AutoCloseable {
    /** A loaded 2-core machine starts a JVM and a server slowly; not a timing assertion. */
    private static final long PATIENCE_SECONDS = 120;

    private final Process process;
    private final Path stderr;
    private final int port;

    private ServerProcess(Process process, Path stderr, int port) {
        this.process = process;
        this.stderr = stderr;
        this.port = port;
    }

    /**
     * Starts a node over {@code configFile} and {@code dataDir} and waits until it serves.
     *
     * @param dbPassword the database password (given in the environment, never on the command line), or null
     */
    public static ServerProcess start(Path configFile, Path dataDir, char[] dbPassword, Path logDir) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m",
                "-cp", System.getProperty("java.class.path"), ServerNodeMain.class.getName(),
                configFile.toString(), dataDir.toString()));
        Path stderr = logDir.resolve("node-" + System.nanoTime() + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        builder.environment().remove(ServerNodeMain.DB_PASSWORD_VARIABLE);
        if (dbPassword != null) {
            builder.environment().putAll(Map.of(ServerNodeMain.DB_PASSWORD_VARIABLE, new String(dbPassword)));
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a server node", e);
        }
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("node-" + process.pid() + "-out").start(() -> read(process, listening));
        try {
            return new ServerProcess(process, stderr, listening.get(PATIENCE_SECONDS, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while the node started", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            return fail("the server node did not start (" + e.getClass().getSimpleName() + "); its stderr:\n" + text(stderr));
        }
    }

    /** Completes {@code listening} with the port the node reports, then drains its output until it ends. */
    private static void read(Process process, CompletableFuture<Integer> listening) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("listening ")) {
                    listening.complete(Integer.parseInt(line.substring("listening ".length()).strip()));
                }
            }
        } catch (IOException | RuntimeException e) {
            listening.completeExceptionally(e);
        }
        listening.completeExceptionally(new IllegalStateException("the node ended before it listened"));
    }

    /** The port the node's HTTP server listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    /** The node's process id, for messages. */
    public long pid() {
        return process.pid();
    }

    /** Stops the node with SIGTERM (it closes its server), or SIGKILL when it does not end in time. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
