package org.sealpost.ca.service;

import java.security.cert.CRLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sealpost.ca.revocation.RevocationSigner;
import org.sealpost.ca.revocation.CrlGenerator;
import org.sealpost.ca.revocation.RevocationReason;
import org.sealpost.ca.revocation.RevokedCertificate;
import org.sealpost.ca.store.CertificateRepository;
import org.sealpost.ca.store.StoredCrl;
import org.sealpost.storage.Database;
import org.sealpost.storage.StorageException;

/**
 * Generates each CA's CRL from the certificate table and keeps the newest in the database, where
 * every process (server, CLI) finds it. A CRL is regenerated after each revocation and whenever
 * the stored one has used up half of its validity, so relying parties never hold an expired one.
 */
public final class CrlPublisher {
    /** Concurrent publishers of one CA's CRL each retry this often before giving up. */
    private static final int MAX_ATTEMPTS = 10;

    private final Database db;
    private final CertificateRepository repository;
    private final CrlGenerator generator;
    private final Map<String, RevocationSigner> signers;
    private final Duration validity;
    private final Clock clock;

    /**
     * @param signers  the CAs by name ({@code issuing}, {@code root}) with their keys
     * @param validity time from thisUpdate to nextUpdate
     */
    public CrlPublisher(Database db, CertificateRepository repository, CrlGenerator generator,
            Map<String, RevocationSigner> signers, Duration validity, Clock clock) {
        this.db = db;
        this.repository = repository;
        this.generator = generator;
        this.signers = Map.copyOf(signers);
        this.validity = validity;
        this.clock = clock;
    }

    /** The names of the CAs this publisher signs CRLs for. */
    public java.util.Set<String> issuers() {
        return signers.keySet();
    }

    /** The CRL to serve now for an issuer: the stored one while fresh, else a new one. Empty for an unknown CA. */
    public Optional<StoredCrl> current(String issuer) {
        if (!signers.containsKey(issuer)) {
            return Optional.empty();
        }
        Optional<StoredCrl> latest = db.inTransaction(c -> repository.latestCrl(c, issuer));
        if (latest.isPresent() && fresh(latest.get())) {
            return latest;
        }
        return Optional.of(regenerate(issuer));
    }

    /** Signs and stores a new CRL for an issuer now. */
    public StoredCrl regenerate(String issuer) {
        RevocationSigner signer = signers.get(issuer);
        if (signer == null) {
            throw new IllegalArgumentException("no such CA: " + issuer);
        }
        // Another process (a CLI revocation beside the server) may take the same CRL number first. Its
        // CRL may predate a revocation this call must publish, so adopting it would be wrong: try
        // again with the next number, re-reading the revoked certificates.
        StorageException last = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                return attempt(issuer, signer);
            } catch (StorageException numberTaken) {
                last = numberTaken;
            }
        }
        throw last;
    }

    private StoredCrl attempt(String issuer, RevocationSigner signer) {
        return db.inTransaction(c -> {
            Instant now = clock.instant();
            long number = repository.latestCrl(c, issuer).map(StoredCrl::number).orElse(0L) + 1;
            List<RevokedCertificate> revoked = repository.revokedUnexpired(c, issuer, now).stream()
                    .map(e -> new RevokedCertificate(e.serial(), e.revokedAt(), RevocationReason.parse(e.reason())))
                    .toList();
            Instant nextUpdate = now.plus(validity);
            byte[] der;
            try {
                der = generator.generate(signer, number, now, nextUpdate, revoked).getEncoded();
            } catch (CRLException e) {
                throw new IllegalStateException("cannot encode the CRL of " + issuer, e);
            }
            StoredCrl crl = new StoredCrl(issuer, number, now, nextUpdate, der);
            repository.insertCrl(c, crl);
            return crl;
        });
    }

    private boolean fresh(StoredCrl crl) {
        Instant now = clock.instant();
        Duration lived = Duration.between(crl.thisUpdate(), now);
        return now.isBefore(crl.nextUpdate()) && lived.compareTo(validity.dividedBy(2)) < 0;
    }
}
