package org.sealpost.ca.revocation;

import java.time.Instant;
import java.util.Objects;

/** What the CA knows about one certificate serial number, as reported by OCSP. */
public sealed interface CertificateStatus {

    /** Issued by this CA and not revoked. */
    record Good() implements CertificateStatus {
    }

    /**
     * Issued by this CA and revoked.
     *
     * @param at     when the revocation took effect
     * @param reason why
     */
    record Revoked(Instant at, RevocationReason reason) implements CertificateStatus {
        /** Validates the components. */
        public Revoked {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Not known to this CA: never issued, or not (yet) recorded. OCSP must then not answer
     * {@code good}, so that a serial nobody issued is never vouched for.
     */
    record Unknown() implements CertificateStatus {
    }

    /** The {@link Good} status. */
    static CertificateStatus good() {
        return new Good();
    }

    /** The {@link Unknown} status. */
    static CertificateStatus unknown() {
        return new Unknown();
    }

    /** A {@link Revoked} status. */
    static CertificateStatus revoked(Instant at, RevocationReason reason) {
        return new Revoked(at, reason);
    }
}
