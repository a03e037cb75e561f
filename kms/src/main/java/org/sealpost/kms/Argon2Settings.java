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
     * 64 MiB, 1 pass, 1 lane: RFC 9106's second recommended option scaled to about 100 ms on one core
     * of a small server (a release is rare, but every try holds the address's row lock while it runs).
     */
    public static Argon2Settings defaults() {
        return new Argon2Settings(64 * 1024, 1, 1);
    }
}
