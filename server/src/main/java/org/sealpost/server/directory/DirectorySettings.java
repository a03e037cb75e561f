package org.sealpost.server.directory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.directory.Quota;

/**
 * How the directory runs ({@code directory.*} settings, docs/DIRECTORY.md).
 *
 * @param trustStore          PEM bundle of the roots trusted for harvested certificates; none: nothing is harvested
 * @param anonymous           look-ups per client address for callers without a device token or API key
 * @param device              look-ups per enrolled device (a batch counts one per address)
 * @param business            look-ups per business API key (a batch counts one per address)
 * @param provisionalPerSender provisional keys one device may have made
 * @param provisionalPerKey   provisional keys one business API key may have made
 * @param provisionalLifetime how long an unclaimed provisional key is offered
 * @param batchMax            the most addresses one batch look-up may ask for
 * @param cacheMaxAge         {@code Cache-Control: max-age} of look-up answers
 * @param maintenanceInterval how often expired certificates and unclaimed provisional keys are cleaned up, and due
 *                            harvested certificates re-checked
 * @param recheckInterval     how often each harvested certificate is checked against its CA's CRLs
 */
public record DirectorySettings(Optional<Path> trustStore, Quota anonymous, Quota device, Quota business,
        Quota provisionalPerSender, Quota provisionalPerKey, Duration provisionalLifetime, int batchMax, Duration cacheMaxAge,
        Duration maintenanceInterval, Duration recheckInterval) {
    /** Distinct callers whose buckets are remembered per quota; beyond that the least recent are forgotten. */
    static final int MAX_TRACKED_CLIENTS = 100_000;

    public DirectorySettings {
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(anonymous, "anonymous");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(business, "business");
        Objects.requireNonNull(provisionalPerSender, "provisionalPerSender");
        Objects.requireNonNull(provisionalPerKey, "provisionalPerKey");
        Objects.requireNonNull(provisionalLifetime, "provisionalLifetime");
        Objects.requireNonNull(cacheMaxAge, "cacheMaxAge");
        Objects.requireNonNull(maintenanceInterval, "maintenanceInterval");
        Objects.requireNonNull(recheckInterval, "recheckInterval");
        if (batchMax < 1 || batchMax > 1000) {
            throw new IllegalArgumentException("the batch size limit must be 1 to 1000, got " + batchMax);
        }
    }

    /** The defaults of the configuration file. */
    public static DirectorySettings defaults() {
        return new DirectorySettings(Optional.empty(), Quota.parse("60/min"), Quota.parse("600/min"), Quota.parse("6000/min"),
                Quota.parse("20/h"), Quota.parse("1000/h"), Duration.ofDays(90), 100, Duration.ofSeconds(60), Duration.ofHours(1),
                Duration.ofDays(1));
    }
}
