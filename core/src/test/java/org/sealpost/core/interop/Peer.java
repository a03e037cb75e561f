package org.sealpost.core.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external peer (openssl, gpgsm) in a working directory and collects exit code, stdout and
 * stderr. No shell is involved: arguments go to the program as given.
 */
final class Peer {
    private static final long TIMEOUT_SECONDS = 60;

    private final Path workDir;
    private final Map<String, String> environment;

    Peer(Path workDir, Map<String, String> environment) {
        this.workDir = workDir;
        this.environment = Map.copyOf(environment);
    }

    Peer(Path workDir) {
        this(workDir, Map.of());
    }

    /** The outcome of one run. */
    record Result(List<String> command, int exit, byte[] stdout, String stderr) {
        boolean ok() {
            return exit == 0;
        }

        String out() {
            return new String(stdout, StandardCharsets.ISO_8859_1);
        }

        /** For assertion messages: what ran and what it said. */
        String describe() {
            return String.join(" ", command) + " -> exit " + exit + "\nstderr: " + stderr.strip();
        }
    }

    Result run(String... command) {
        return run(null, command);
    }

    /** Runs {@code command}, feeding {@code stdin} (or nothing) to it. */
    Result run(byte[] stdin, String... command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().putAll(environment);
        try {
            Process p = pb.start();
            CompletableFuture<byte[]> out = drain(p.getInputStream());
            CompletableFuture<byte[]> err = drain(p.getErrorStream());
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            } catch (IOException e) {
                // the peer exited without reading its input; its exit code tells why
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(List.of(command), p.exitValue(), out.join(),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command[0], e);
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                in.transferTo(buf);
                return buf.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> Thread.ofPlatform().daemon().name("peer-output").start(task));
    }
}
