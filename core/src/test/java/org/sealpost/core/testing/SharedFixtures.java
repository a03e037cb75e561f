package org.sealpost.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Access to what lives outside the project: the shared conformance vectors in ../shared/vectors and
 * external peers such as openssl and gpgsm. On a developer machine without them the tests are
 * skipped with a visible notice; under .ci/run (sealpost.requireVectors=true) they are mandatory
 * and their absence fails the build.
 */
public final class SharedFixtures {
    private SharedFixtures() {
    }

    /** Whether missing vectors or tools must fail instead of skip. */
    public static boolean required() {
        return Boolean.getBoolean("sealpost.requireVectors")
                || "true".equalsIgnoreCase(System.getenv("SEALPOST_REQUIRE_VECTORS"));
    }

    /** The ../shared/vectors directory, or a skip/failure when it is absent. */
    public static Path vectors() {
        String configured = System.getProperty("sealpost.shared");
        Path shared = configured != null ? Path.of(configured) : Path.of("..", "..", "shared");
        Path vectors = shared.resolve("vectors").normalize();
        if (!Files.isDirectory(vectors)) {
            unavailable("shared conformance vectors not found at " + vectors.toAbsolutePath());
        }
        return vectors;
    }

    /** Fails or skips unless {@code tool} runs. */
    public static void requireTool(String tool, String... versionArgs) {
        try {
            Process p = new ProcessBuilder(concat(tool, versionArgs)).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                unavailable(tool + " does not run");
            }
        } catch (java.io.IOException e) {
            unavailable(tool + " is not installed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unavailable("interrupted while probing " + tool);
        }
    }

    private static String[] concat(String tool, String[] args) {
        String[] out = new String[args.length + 1];
        out[0] = tool;
        System.arraycopy(args, 0, out, 1, args.length);
        return out;
    }

    private static void unavailable(String what) {
        if (required()) {
            fail(what + " (mandatory under .ci/run)");
        }
        System.err.println("NOTICE: " + what + ": test skipped. Run .ci/run to make it mandatory.");
        Assumptions.abort("NOTICE: " + what);
    }
}
