package org.sealpost.kms;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How many pre-generated key pairs {@link KeyPool} keeps and how many threads refill them.
 *
 * @param targets     the number of pooled key pairs to keep per spec; a spec absent here is not
 *                    pooled (its keys are generated on demand); each value 0 to 10,000
 * @param threads     refill threads, at least 1; the pool never uses more than the number of cores
 */
public record KeyPoolSettings(Map<KeySpec, Integer> targets, int threads) {
    /** Default pool size for the default spec: a burst of 50 sign-ups is served without waiting. */
    public static final int DEFAULT_TARGET = 50;
    /** Upper bound on one spec's target, so that a typo cannot fill the heap with keys. */
    public static final int MAX_TARGET = 10_000;

    public KeyPoolSettings {
        Objects.requireNonNull(targets, "targets");
        targets.forEach((spec, target) -> {
            Objects.requireNonNull(spec, "spec");
            if (target == null || target < 0 || target > MAX_TARGET) {
                throw new IllegalArgumentException("key pool target for " + spec.settingName() + " must be 0 to " + MAX_TARGET + ", got " + target);
            }
        });
        if (threads < 1) {
            throw new IllegalArgumentException("key pool threads must be at least 1, got " + threads);
        }
        targets = targets.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(targets));
    }

    /** {@value #DEFAULT_TARGET} {@link KeySpec#DEFAULT} keys, one refill thread. */
    public static KeyPoolSettings defaults() {
        return new KeyPoolSettings(Map.of(KeySpec.DEFAULT, DEFAULT_TARGET), 1);
    }

    /** The target for {@code spec}; 0 when it is not pooled. */
    public int target(KeySpec spec) {
        return targets.getOrDefault(spec, 0);
    }
}
