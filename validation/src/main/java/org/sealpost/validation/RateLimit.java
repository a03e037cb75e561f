package org.sealpost.validation;

import java.time.Duration;
import java.util.Objects;

/**
 * At most {@code max} challenges in any sliding {@code window}.
 *
 * @param max    challenges allowed per window, at least 1
 * @param window the length of the window, positive
 */
public record RateLimit(int max, Duration window) {
    public RateLimit {
        Objects.requireNonNull(window, "window");
        if (max < 1) {
            throw new IllegalArgumentException("a rate limit must allow at least 1 challenge, got " + max);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a rate-limit window must be positive, got " + window);
        }
    }
}
