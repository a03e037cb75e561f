package org.sealpost.directory;

import java.util.List;
import java.util.Objects;

/** What became of one submitted certificate. */
public sealed interface HarvestOutcome {
    /** The SHA-256 fingerprint of the certificate, or empty when it could not even be read. */
    String fingerprint();

    /**
     * Published under {@code addresses}; {@code merged} when the directory already had it for every one
     * of them (a duplicate submission, nothing new stored).
     */
    record Published(String fingerprint, List<String> addresses, boolean merged) implements HarvestOutcome {
        public Published {
            Objects.requireNonNull(fingerprint, "fingerprint");
            addresses = List.copyOf(addresses);
        }
    }

    /** Not published, for {@code reason}. */
    record Refused(String fingerprint, String reason) implements HarvestOutcome {
        public Refused {
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
