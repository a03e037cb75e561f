package org.sealpost.ca.revocation;

import java.math.BigInteger;

/**
 * Looks up the status of a certificate issued by one CA, by serial number. The integrator backs
 * it with the certificate database; tests use a map.
 *
 * <p>Implementations must be thread-safe: the OCSP responder calls them concurrently. They should
 * return {@link CertificateStatus.Unknown} for serial numbers the CA never issued. An exception
 * thrown here makes the responder answer {@code internalError} rather than guess.
 */
@FunctionalInterface
public interface CertificateStatusSource {

    /** The status of the certificate with this serial number; never null. */
    CertificateStatus status(BigInteger serial);
}
