package org.sealpost.directory;

import java.time.Duration;
import java.util.Objects;

/**
 * A rate limit: {@code requests} per {@code period}, refilled gradually, the full amount allowed as a burst.
 *
 * @param requests how many in one period, at least 1
 * @param period   the period, positive
 */
public record Quota(long requests, Duration period) {
    public Quota {
        Objects.requireNonNull(period, "period");
        if (requests < 1) {
            throw new IllegalArgumentException("a quota allows at least 1 request, got " + requests);
        }
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a quota's period must be positive, got " + period);
        }
    }

    /**
     * Parses {@code N/UNIT} with UNIT one of {@code s}, {@code min}, {@code h}, {@code d} (e.g. {@code 60/min}).
     *
     * @throws IllegalArgumentException saying what the form is
     */
    public static Quota parse(String text) {
        String t = text == null ? "" : text.strip();
        int slash = t.indexOf('/');
        if (slash > 0) {
            Duration unit = switch (t.substring(slash + 1).strip()) {
                case "s" -> Duration.ofSeconds(1);
                case "min", "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                case "d" -> Duration.ofDays(1);
                default -> null;
            };
            try {
                if (unit != null) {
                    return new Quota(Long.parseLong(t.substring(0, slash).strip()), unit);
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a quota; write requests/unit, e.g. 60/min (units: s, min, h, d)");
    }

    @Override
    public String toString() {
        return requests + " per " + period;
    }
}
