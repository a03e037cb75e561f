package org.sealpost.kms;

/**
 * Argon2id cost parameters of the protection-password verifier. Stored with each verifier, so that
 * changing the settings only affects passwords set afterwards.
 *
 * @param memoryKib   memory in KiB, at least 8 per lane
 * @param iterations  passes over the memory, at least 1
 * @param parallelism lanes, 1 to 16
 */
public record Argon2Settings(int memoryKib, int iterations, int parallelism) {
    public Argon2Settings {
        if (parallelism < 1 || parallelism > 16) {
            throw new IllegalArgumentException("Argon2 parallelism must be 1 to 16, got " + parallelism);
        }
        if (memoryKib < 8 * parallelism || memoryKib > 4 * 1024 * 1024) {
            throw new IllegalArgumentException("Argon2 memory must be " + 8 * parallelism + " KiB to 4 GiB, got " + memoryKib + " KiB");
        }
        if (iterations < 1 || iterations > 100) {
            throw new IllegalArgumentException("Argon2 iterations must be 1 to 100, got " + iterations);
        }
    }

    /**
     * 64 MiB, 2 passes, 1 lane: RFC 9106's second recommended option (64 MiB, t = 3) trimmed to about
     * 90 ms on one core of the 2-core test machine (Bouncy Castle 1.87, Java 25; 1 pass took 52 ms).
     * A release is rare, but every try holds the address's row lock and 64 MiB while it runs.
     */
    public static Argon2Settings defaults() {
        return new Argon2Settings(64 * 1024, 2, 1);
    }
}
