package org.sealpost.validation;

import java.time.Duration;
import java.util.Objects;

/**
 * The rules of mailbox challenges.
 *
 * @param challengeLifetime how long a challenge can be answered after it was issued, positive
 * @param maxWrongAnswers   wrong answers that end a challenge, at least 1
 * @param perAddress        challenges per mail address (in look-up form)
 * @param perClient         challenges per client identifier (an IP address, an API client)
 */
public record ValidationSettings(Duration challengeLifetime, int maxWrongAnswers, RateLimit perAddress, RateLimit perClient) {
    public ValidationSettings {
        Objects.requireNonNull(challengeLifetime, "challengeLifetime");
        Objects.requireNonNull(perAddress, "perAddress");
        Objects.requireNonNull(perClient, "perClient");
        if (challengeLifetime.isNegative() || challengeLifetime.isZero()) {
            throw new IllegalArgumentException("the challenge lifetime must be positive, got " + challengeLifetime);
        }
        if (maxWrongAnswers < 1) {
            throw new IllegalArgumentException("maxWrongAnswers must be at least 1, got " + maxWrongAnswers);
        }
    }

    /** 24 hours to answer, 3 wrong answers, 5 challenges per address and 30 per client an hour. */
    public static ValidationSettings defaults() {
        return new ValidationSettings(Duration.ofHours(24), 3,
                new RateLimit(5, Duration.ofHours(1)), new RateLimit(30, Duration.ofHours(1)));
    }

    /** How long a challenge row must be kept: until it expired and left both rate-limit windows. */
    Duration retention() {
        Duration longest = challengeLifetime;
        for (Duration d : new Duration[] {perAddress.window(), perClient.window()}) {
            if (d.compareTo(longest) > 0) {
                longest = d;
            }
        }
        return longest;
    }
}
