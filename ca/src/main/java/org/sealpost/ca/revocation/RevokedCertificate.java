package org.sealpost.ca.revocation;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a CRL: the serial number of a revoked certificate, when it was revoked and why.
 *
 * @param serial    the certificate's serial number (positive)
 * @param revokedAt when the revocation took effect
 * @param reason    why; {@link RevocationReason#UNSPECIFIED} is encoded without a reason code
 */
public record RevokedCertificate(BigInteger serial, Instant revokedAt, RevocationReason reason) {

    /** Validates the components. */
    public RevokedCertificate {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(reason, "reason");
        if (serial.signum() <= 0) {
            throw new IllegalArgumentException("a certificate serial number must be positive, got " + serial);
        }
    }
}
