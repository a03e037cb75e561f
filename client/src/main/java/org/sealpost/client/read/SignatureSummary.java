package org.sealpost.client.read;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The signature of a message in one verdict: the best signer (the most validated good one, else the first).
 *
 * @param valid     the message verified: intact, and its signer validated by a trusted CA
 * @param level     the best signer's validation level, when it is good
 * @param signer    the address that signed
 * @param timestamp when a valid RFC 3161 timestamp says it was signed
 * @param words     the verdict in plain words
 */
public record SignatureSummary(boolean valid, Optional<ValidationLevel> level, String signer, Optional<Instant> timestamp, String words) {
    public SignatureSummary {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(words, "words");
    }
}
