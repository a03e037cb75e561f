package org.sealpost.ca.service;

import java.math.BigInteger;
import org.sealpost.ca.store.StoredCertificate;
import org.sealpost.ca.store.StoredCrl;
import org.sealpost.ca.store.StoredRevocation;

/** What a revocation request did. */
public sealed interface RevocationOutcome {

    /** Revoked now; {@code crl} is the new CRL that lists it. */
    record Revoked(StoredCertificate certificate, StoredRevocation revocation, StoredCrl crl) implements RevocationOutcome {
    }

    /** It was revoked before; nothing changed (the first revocation's time and reason stand). */
    record AlreadyRevoked(StoredCertificate certificate) implements RevocationOutcome {
    }

    /** This CA never issued a certificate with that serial. */
    record NotFound(BigInteger serial) implements RevocationOutcome {
    }
}
