package org.sealpost.directory;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;

/**
 * Asks a harvested certificate's CA whether it revoked it: its OCSP responder first when it names
 * one, its CRLs when it names none or the responder gives no usable answer (unreachable, badly
 * signed, stale, {@code unknown}). A usable OCSP answer ends the check: it is at least as current as
 * the CRL and a few KB instead of up to {@link CrlCheck#MAX_CRL_BYTES}; the CRL is the fallback for a
 * responder that is down. Thread-safe.
 */
final class RevocationCheck {
    /** Which source answered: {@code ocsp}, {@code crl}, or {@code none}. */
    record Answer(RevocationStatus status, String source) {
        /** When the certificate was revoked, if it was. */
        Optional<Instant> revokedAt() {
            return status instanceof RevocationStatus.Revoked r ? Optional.of(r.at()) : Optional.empty();
        }
    }

    private final OcspCheck ocsp;
    private final CrlCheck crls;

    RevocationCheck(OcspCheck ocsp, CrlCheck crls) {
        this.ocsp = ocsp;
        this.crls = crls;
    }

    Answer check(X509Certificate cert, X509Certificate issuer) {
        String ocspWhy = "";
        if (OcspCheck.offered(cert)) {
            RevocationStatus status = ocsp.check(cert, issuer);
            if (!(status instanceof RevocationStatus.Unknown unknown)) {
                return new Answer(status, "ocsp");
            }
            ocspWhy = "OCSP: " + unknown.why() + "; ";
        }
        RevocationStatus status = crls.check(cert, issuer);
        if (status instanceof RevocationStatus.Unknown unknown) {
            return new Answer(new RevocationStatus.Unknown(ocspWhy + "CRL: " + unknown.why()), "none");
        }
        return new Answer(status, "crl");
    }
}
