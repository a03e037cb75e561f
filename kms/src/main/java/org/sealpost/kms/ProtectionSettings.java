package org.sealpost.kms;

import java.time.Duration;
import java.util.Objects;

/**
 * Lock-out rules of the protection password.
 *
 * @param argon2    cost of new verifiers
 * @param maxTries  wrong tries before release locks, at least 1
 * @param baseDelay the first lock-out; each further lock-out doubles it
 * @param maxDelay  the longest lock-out, at least {@code baseDelay}
 */
public record ProtectionSettings(Argon2Settings argon2, int maxTries, Duration baseDelay, Duration maxDelay) {
    public ProtectionSettings {
        Objects.requireNonNull(argon2, "argon2");
        if (maxTries < 1) {
            throw new IllegalArgumentException("maxTries must be at least 1, got " + maxTries);
        }
        if (baseDelay.isNegative() || baseDelay.isZero()) {
            throw new IllegalArgumentException("the lock-out delay must be positive, got " + baseDelay);
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("the longest lock-out (" + maxDelay + ") is shorter than the first (" + baseDelay + ")");
        }
    }

    /** Default Argon2id, 5 tries, then 1 min, 2, 4, ... up to 24 h. */
    public static ProtectionSettings defaults() {
        return new ProtectionSettings(Argon2Settings.defaults(), 5, Duration.ofMinutes(1), Duration.ofHours(24));
    }

    /** The length of lock-out number {@code lockout} (1 for the first): base × 2^(lockout-1), capped. */
    public Duration delay(int lockout) {
        if (lockout < 1) {
            throw new IllegalArgumentException("lock-outs are counted from 1, got " + lockout);
        }
        // Beyond 2^40 the cap has long been reached; stop shifting before the multiplication overflows.
        int shift = Math.min(lockout - 1, 40);
        try {
            Duration d = baseDelay.multipliedBy(1L << shift);
            return d.compareTo(maxDelay) > 0 ? maxDelay : d;
        } catch (ArithmeticException e) {
            return maxDelay;
        }
    }
}
