package org.sealpost.ca.service;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.sealpost.ca.revocation.RevocationReason;
import org.sealpost.ca.store.CertificateRepository;
import org.sealpost.ca.store.StoredCertificate;
import org.sealpost.ca.store.StoredRevocation;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditEvent;
import org.sealpost.storage.audit.AuditLog;

/**
 * Revokes certificates: the revocation and its audit record commit together, then the issuer's
 * CRL is regenerated so it lists the certificate at once (OCSP reads the table and needs nothing).
 */
public final class RevocationService {
    private final Database db;
    private final CertificateRepository repository;
    private final AuditLog audit;
    private final CrlPublisher crls;
    private final Clock clock;

    public RevocationService(Database db, CertificateRepository repository, AuditLog audit, CrlPublisher crls,
            Clock clock) {
        this.db = db;
        this.repository = repository;
        this.audit = audit;
        this.crls = crls;
        this.clock = clock;
    }

    /**
     * Revokes the certificate with this serial.
     *
     * @param actor who asks, for the audit log (e.g. {@code operator:cli})
     * @throws IllegalArgumentException for a reason that does not apply to the certificate
     *                                  (cACompromise on a subscriber certificate)
     */
    public RevocationOutcome revoke(BigInteger serial, RevocationReason reason, String actor) {
        // Seconds: what a CRL and an OCSP response can carry, so all three agree exactly.
        Instant at = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        RevocationOutcome outcome = db.inTransaction(c -> {
            Optional<StoredCertificate> found = repository.find(c, serial);
            if (found.isEmpty()) {
                return new RevocationOutcome.NotFound(serial);
            }
            StoredCertificate cert = found.get();
            if (!reason.allowedForSubscriber() && !"ca".equals(cert.profile())) {
                throw new IllegalArgumentException(reason.rfcName()
                        + " applies only to CA certificates; certificate " + cert.serialHex() + " is a "
                        + cert.profile() + " certificate");
            }
            if (!repository.markRevoked(c, serial, at, reason.rfcName())) {
                return new RevocationOutcome.AlreadyRevoked(cert);
            }
            audit.append(c, new AuditEvent(actor, "ca.revoke", cert.serialHex(),
                    "reason=" + reason.rfcName() + " profile=" + cert.profile() + " subject=" + cert.subject()));
            return new RevocationOutcome.Revoked(cert, new StoredRevocation(at, reason.rfcName()), null);
        });
        if (outcome instanceof RevocationOutcome.Revoked revoked) {
            return new RevocationOutcome.Revoked(revoked.certificate(), revoked.revocation(),
                    crls.regenerate(revoked.certificate().issuer()));
        }
        return outcome;
    }
}
