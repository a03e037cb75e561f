package org.sealpost.server.auth;

import java.time.Duration;

/**
 * How tolerant token checks are.
 *
 * @param clockSkew how far a device's clock may differ from the service's: a token is accepted from
 *                  {@code iat - clockSkew} until {@code exp + clockSkew}; between 0 and 2 minutes
 */
public record DeviceAuthPolicy(Duration clockSkew) {
    /** Devices keep time by NTP; half a minute covers their drift without stretching a token's life much. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(2);

    public DeviceAuthPolicy {
        if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("the clock skew allowance must be between 0 and "
                    + MAX_CLOCK_SKEW.toSeconds() + " s, not " + clockSkew.toSeconds() + " s");
        }
    }

    public static DeviceAuthPolicy defaults() {
        return new DeviceAuthPolicy(DEFAULT_CLOCK_SKEW);
    }
}
