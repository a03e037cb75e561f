package org.sealpost.server.identity.external;

import org.sealpost.server.identity.IdentityProblem;

/**
 * Brings in a Vp credential: a certificate and key another, publicly trusted CA issued for an
 * address, used beside the V1-V4 certificate for dual signatures (docs/IDENTITY-LEVELS.md, "Vp").
 *
 * <p>An adapter that requests certificates from a commercial CA's API would implement this; today
 * the one implementation is {@link Pkcs12Import}, which imports a PKCS#12 file the CA delivered.
 * Every implementation returns only credentials that passed the {@link ExternalCertificateCheck}.
 */
public interface ExternalCaConnector {
    /**
     * The checked credential for {@code address}.
     *
     * @throws IdentityProblem INVALID when the credential cannot be read or fails a check, naming which
     */
    ExternalCredential obtain(String address) throws IdentityProblem;
}
