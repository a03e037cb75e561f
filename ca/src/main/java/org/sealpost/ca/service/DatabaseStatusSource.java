package org.sealpost.ca.service;

import java.math.BigInteger;
import org.sealpost.ca.revocation.CertificateStatus;
import org.sealpost.ca.revocation.CertificateStatusSource;
import org.sealpost.ca.revocation.RevocationReason;
import org.sealpost.ca.store.CertificateRepository;
import org.sealpost.ca.store.StoredCertificate;
import org.sealpost.storage.Database;

/**
 * OCSP statuses read from the certificate table at every request, so a revocation made by any
 * process sharing the database (the CLI while the server runs) is answered at once.
 */
public final class DatabaseStatusSource implements CertificateStatusSource {
    private final Database db;
    private final CertificateRepository repository;
    private final String issuer;

    /** @param issuer the CA whose certificates this source vouches for */
    public DatabaseStatusSource(Database db, CertificateRepository repository, String issuer) {
        this.db = db;
        this.repository = repository;
        this.issuer = issuer;
    }

    @Override
    public CertificateStatus status(BigInteger serial) {
        var found = db.inTransaction(c -> repository.find(c, serial));
        if (found.isEmpty() || !found.get().issuer().equals(issuer)) {
            return CertificateStatus.unknown();
        }
        StoredCertificate cert = found.get();
        return cert.revocation()
                .map(r -> CertificateStatus.revoked(r.revokedAt(), RevocationReason.parse(r.reason())))
                .orElseGet(CertificateStatus::good);
    }
}
