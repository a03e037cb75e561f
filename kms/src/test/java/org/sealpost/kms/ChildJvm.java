package org.sealpost.kms;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A test main class run as a real child JVM on this test's class path, its standard output read
 * line by line as it comes. {@link #kill()} sends SIGKILL ({@link ProcessHandle#destroyForcibly()} on
 * Linux): the child gets no chance to finish a write, close a file or roll back.
 *
 * <p>The child side calls {@link #exitWithParent()}, so that a child never outlives a test JVM that
 * died without killing it.
 */
final class ChildJvm implements AutoCloseable {
    /** How long to wait for a line: generous, a loaded 2-core machine starts a JVM slowly. Not a timing assertion. */
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String ENDED = "\0ended";

    private final String name;
    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
    private final List<String> output = new ArrayList<>();
    private final Thread reader;

    private ChildJvm(String name, Process process, Path stderr) {
        this.name = name;
        this.process = process;
        this.stderr = stderr;
        this.reader = Thread.ofPlatform().daemon().name("child-" + name).start(this::read);
    }

    /**
     * Starts {@code main} with {@code args}; its standard error goes to {@code logDir/<name>.err}.
     *
     * @param env extra environment variables (secrets go here, never on the command line)
     */
    static ChildJvm start(String name, Class<?> main, Map<String, String> env, Path logDir, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Quick start-up matters more than peak speed for these short-lived children.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Path stderr = logDir.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        builder.environment().putAll(env);
        try {
            return new ChildJvm(name, builder.start(), stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (output) {
                    output.add(line);
                }
                unread.add(line);
            }
        } catch (IOException e) {
            // The child is gone; what was read stays.
        } finally {
            unread.add(ENDED);
        }
    }

    /**
     * Waits for the next line that matches and returns it; earlier lines are passed over (they stay in
     * {@link #output()}). Fails the test with the child's standard error when it exits first.
     */
    String await(Predicate<String> wanted, String what) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                String line = unread.poll(200, TimeUnit.MILLISECONDS);
                if (line == ENDED) {
                    unread.add(ENDED);
                    return fail(name + " ended (exit " + exitCode() + ") before " + what + "; its stderr:\n" + stderrText());
                }
                if (line != null && wanted.test(line)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return fail(name + " did not report " + what + " within " + PATIENCE.toSeconds() + " s; its stderr:\n" + stderrText());
    }

    /** Kills the child with SIGKILL and waits until it is gone and its output is read to the end. */
    void kill() {
        // Through the handle: Process.destroyForcibly() would also close our end of the pipe, and the
        // lines the child wrote just before it died would be lost.
        process.toHandle().destroyForcibly();
        awaitEnd("SIGKILL");
    }

    /** Stops the child with SIGTERM (its shutdown hooks run: H2 closes its file) and waits until it is gone. */
    void stop() {
        process.destroy();
        awaitEnd("SIGTERM");
    }

    private void awaitEnd(String signal) {
        try {
            if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                fail(name + " did not end after " + signal);
            }
            reader.join(PATIENCE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every line read so far (all of them after {@link #kill()}). */
    List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    private String exitCode() {
        return process.isAlive() ? "still running" : Integer.toString(process.exitValue());
    }

    private String stderrText() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return "ChildJvm[" + name + ", pid " + process.pid() + "]";
    }

    /**
     * For the child's {@code main}: halts this JVM when the parent closes its standard input, as it
     * does when the test JVM dies, so that no child is left running.
     */
    static void exitWithParent() {
        Thread.ofPlatform().daemon().name("parent-watch").start(() -> {
            try {
                while (System.in.read() >= 0) {
                    // Nothing is sent; only the end matters.
                }
            } catch (IOException e) {
                // Treated as the end.
            }
            Runtime.getRuntime().halt(2);
        });
    }
}
