package org.sealpost.server.keys;

import java.time.Duration;
import java.util.Objects;
import org.sealpost.kms.KeyPoolSettings;
import org.sealpost.kms.KeySpec;

/**
 * How the server runs its key service.
 *
 * @param vaults           where the shares of every key go (n = {@code vaults.size()})
 * @param threshold        k, the shares needed to rebuild a key: 2 ≤ k ≤ n
 * @param keySpec          the kind of key pair made for an address
 * @param pool             the pre-generated key pairs kept in memory
 * @param cleanupInterval  how often partial writes (pending keys) are looked for
 * @param cleanupOlderThan how old a pending key must be before the clean-up removes it; longer than
 *                         any create takes
 */
public record KmsSettings(VaultTopology vaults, int threshold, KeySpec keySpec, KeyPoolSettings pool,
        Duration cleanupInterval, Duration cleanupOlderThan) {
    /** k of the embedded default (2-of-2). */
    public static final int DEFAULT_THRESHOLD = 2;
    /** n of the embedded default. */
    public static final int DEFAULT_EMBEDDED_VAULTS = 2;
    public static final Duration DEFAULT_CLEANUP_INTERVAL = Duration.ofMinutes(5);
    /** Well above the longest create (a few vault writes of at most 10 s each). */
    public static final Duration DEFAULT_CLEANUP_OLDER_THAN = Duration.ofMinutes(15);

    public KmsSettings {
        Objects.requireNonNull(vaults, "vaults");
        Objects.requireNonNull(keySpec, "keySpec");
        Objects.requireNonNull(pool, "pool");
        if (threshold < 2) {
            throw new IllegalArgumentException("the threshold must be at least 2 (one share alone must reveal nothing), not "
                    + threshold);
        }
        if (threshold > vaults.size()) {
            throw new IllegalArgumentException("the threshold " + threshold + " is more than the " + vaults.size()
                    + " vaults configured: no key could ever be rebuilt");
        }
        requirePositive(cleanupInterval, "clean-up interval");
        requirePositive(cleanupOlderThan, "clean-up age");
    }

    private static void requirePositive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("the " + what + " must be positive, not " + d);
        }
    }

    /** The embedded default: 2-of-2 vaults in this process, RSA-2048, the default pool and clean-up. */
    public static KmsSettings defaults() {
        return new KmsSettings(new VaultTopology.Embedded(DEFAULT_EMBEDDED_VAULTS), DEFAULT_THRESHOLD, KeySpec.DEFAULT,
                KeyPoolSettings.defaults(), DEFAULT_CLEANUP_INTERVAL, DEFAULT_CLEANUP_OLDER_THAN);
    }
}
