package org.sealpost.ca.profile;

import java.time.Duration;
import java.util.Map;

/**
 * Operator settings that shape issuance: the lifetime of each profile's certificates, and whether the
 * CA/Browser Forum S/MIME Baseline Requirements' 825-day maximum applies to every certificate.
 *
 * @param lifetimes  lifetime per profile name; a profile not named here uses its default
 * @param cabfStrict caps every lifetime (and the linter's limit) at {@link #CABF_MAX_VALIDITY}
 */
public record CaPolicy(Map<String, Duration> lifetimes, boolean cabfStrict) {
    /** SBR 6.3.2: a Subscriber certificate is valid for at most 825 days. */
    public static final Duration CABF_MAX_VALIDITY = Duration.ofDays(825);

    public CaPolicy {
        lifetimes = Map.copyOf(lifetimes);
        lifetimes.forEach((name, d) -> {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("lifetime of profile " + name + " must be positive");
            }
        });
    }

    /** Profile defaults, no 825-day cap. */
    public static CaPolicy defaults() {
        return new CaPolicy(Map.of(), false);
    }

    /** This policy with the cap switched on or off. */
    public CaPolicy withCabfStrict(boolean strict) {
        return new CaPolicy(lifetimes, strict);
    }

    /** This policy with {@code profile}'s lifetime set. */
    public CaPolicy withLifetime(String profile, Duration lifetime) {
        var m = new java.util.HashMap<>(lifetimes);
        m.put(profile, lifetime);
        return new CaPolicy(m, cabfStrict);
    }

    /**
     * The lifetime given to a certificate of {@code profile}, which is also the longest validity the
     * linter accepts for it: the configured or default lifetime, capped at 825 days when strict.
     */
    public Duration lifetime(CertificateProfile profile) {
        Duration d = lifetimes.getOrDefault(profile.name(), profile.defaultLifetime());
        return cabfStrict && d.compareTo(CABF_MAX_VALIDITY) > 0 ? CABF_MAX_VALIDITY : d;
    }
}
