package org.sealpost.server.identity;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the identity levels.
 *
 * @param dnsResolver the DNS resolver asked for domain-control TXT records ({@code identity.dns-resolver});
 *                    empty: the system's first name server
 * @param dnsTimeout  how long to wait for it ({@code identity.dns-timeout})
 */
public record IdentitySettings(Optional<InetSocketAddress> dnsResolver, Duration dnsTimeout) {
    public static final Duration DEFAULT_DNS_TIMEOUT = Duration.ofSeconds(5);

    public IdentitySettings {
        Objects.requireNonNull(dnsResolver, "dnsResolver");
        Objects.requireNonNull(dnsTimeout, "dnsTimeout");
    }

    /** The system's resolver, 5 seconds. */
    public static IdentitySettings defaults() {
        return new IdentitySettings(Optional.empty(), DEFAULT_DNS_TIMEOUT);
    }
}
