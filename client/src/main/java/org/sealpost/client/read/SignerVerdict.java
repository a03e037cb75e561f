package org.sealpost.client.read;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One signer of a message as the reader judged it.
 *
 * @param signer      the address the signature vouches for (the certificate's), or its subject when it names none
 * @param subject     the signer certificate's subject, for display
 * @param issuer      the signer certificate's issuer, for display
 * @param intact      the signature value is correct over the content and binds the sender (core's {@code valid})
 * @param trusted     the certificate chains to a trust anchor of the local store
 * @param revoked     this service's CRL lists the certificate (at the signing time, when a timestamp proves it)
 * @param level       how far the identity is validated, when the signer is good
 * @param timestamp   the time of a valid, trusted RFC 3161 timestamp over the signature
 * @param issuedByUs  the certificate was issued by this client's service
 * @param reason      "ok" or what is wrong, in one sentence
 * @param words       the whole verdict in plain words, e.g. "signed by alice@example.org, address validated (V1), timestamped at ..."
 * @param certificate the signer certificate, when the message held it
 * @param others      the other certificates the signature carried (intermediates)
 */
public record SignerVerdict(String signer, String subject, String issuer, boolean intact, boolean trusted, boolean revoked,
                            Optional<ValidationLevel> level, Optional<Instant> timestamp, boolean issuedByUs, String reason, String words,
                            Optional<X509Certificate> certificate, List<X509Certificate> others) {
    public SignerVerdict {
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(words, "words");
        Objects.requireNonNull(certificate, "certificate");
        others = List.copyOf(others);
    }

    /** Intact, trusted and not revoked: the signer is who the level says. */
    public boolean valid() {
        return intact && trusted && !revoked;
    }

    /** Altered, not the sender's, or revoked: the message must not be taken at its word. */
    public boolean bad() {
        return !intact || revoked;
    }
}
