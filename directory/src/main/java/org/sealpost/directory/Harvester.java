package org.sealpost.directory;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.storage.Database;
import org.sealpost.storage.StorageException;
import org.sealpost.storage.audit.AuditEvent;
import org.sealpost.storage.audit.AuditLog;

/**
 * Publishes certificates that clients found in signed mail they verified, once the directory has
 * checked them itself ({@link HarvestChecks}): a client's word is never enough. Each certificate is
 * judged on its own; the published ones are stored and audited in one transaction per certificate.
 * Thread-safe.
 */
public final class Harvester {
    /** The most certificates one submission may carry. */
    public static final int MAX_CERTIFICATES = 20;
    /** The most intermediates one submission may carry. */
    public static final int MAX_INTERMEDIATES = 10;

    private final Database db;
    private final AuditLog audit;
    private final Clock clock;
    private final HarvestChecks checks;
    private final DirectoryStore store = new DirectoryStore();

    public Harvester(Database db, AuditLog audit, TrustStore trust, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.checks = new HarvestChecks(Objects.requireNonNull(trust, "trust"));
    }

    /**
     * Judges and publishes {@code certificates} (PEM, one each), in order.
     *
     * @param intermediates PEM CA certificates that came with them in the mail, to build paths with
     * @param submitter     who submitted them, for the audit trail
     * @return one outcome per certificate, in the order given
     * @throws IllegalArgumentException when a list is empty or too long, or an intermediate is unreadable
     *                                  (nothing is stored then)
     */
    public List<HarvestOutcome> harvest(List<String> certificates, List<String> intermediates, String submitter) {
        if (certificates == null || certificates.isEmpty()) {
            throw new IllegalArgumentException("no certificates given");
        }
        if (certificates.size() > MAX_CERTIFICATES) {
            throw new IllegalArgumentException("at most " + MAX_CERTIFICATES + " certificates per submission, got " + certificates.size());
        }
        List<String> chainPems = intermediates == null ? List.of() : intermediates;
        if (chainPems.size() > MAX_INTERMEDIATES) {
            throw new IllegalArgumentException("at most " + MAX_INTERMEDIATES + " intermediates per submission, got " + chainPems.size());
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (int i = 0; i < chainPems.size(); i++) {
            try {
                chain.add(PemCertificates.parse(chainPems.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("intermediate " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        Instant now = clock.instant();
        List<HarvestOutcome> outcomes = new ArrayList<>();
        for (String pem : certificates) {
            outcomes.add(harvestOne(pem, chain, submitter, now));
        }
        return outcomes;
    }

    private HarvestOutcome harvestOne(String pem, List<X509Certificate> chain, String submitter, Instant now) {
        X509Certificate cert;
        try {
            cert = PemCertificates.parse(pem);
        } catch (IllegalArgumentException e) {
            return new HarvestOutcome.Refused("", e.getMessage());
        }
        String fingerprint = PublishedCertificate.fingerprint(cert);
        X509Certificate issuer;
        switch (checks.judge(cert, chain, Date.from(now))) {
            case HarvestChecks.Verdict.Refused refused -> {
                return new HarvestOutcome.Refused(fingerprint, refused.reason());
            }
            case HarvestChecks.Verdict.Accepted accepted -> issuer = accepted.issuer();
        }
        List<DirectoryAddress> addresses = SanAddresses.of(cert);
        byte[] der = encoded(cert);
        PublishedCertificate published = new PublishedCertificate(der, fingerprint, Source.HARVESTED, Level.EXTERNAL,
                cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
        byte[] issuerDer = encoded(issuer);
        try {
            return store(published, issuerDer, addresses, submitter, now);
        } catch (StorageException e) {
            // Two nodes storing the same certificate at once: the loser's insert violates the key; the row exists now.
            if (e.isUniqueViolation()) {
                return store(published, issuerDer, addresses, submitter, now);
            }
            throw e;
        }
    }

    private HarvestOutcome store(PublishedCertificate published, byte[] issuerDer, List<DirectoryAddress> addresses, String submitter,
            Instant now) {
        return db.inTransaction(c -> {
            boolean any = false;
            for (DirectoryAddress address : addresses) {
                if (store.insert(c, DirectoryStore.Row.harvested(address, published, issuerDer), now)) {
                    any = true;
                    audit.append(c, new AuditEvent(submitter, "directory.harvest", published.fingerprint(),
                            "address=" + address.key() + " source=harvested not-after=" + published.notAfter()));
                }
            }
            return new HarvestOutcome.Published(published.fingerprint(), addresses.stream().map(DirectoryAddress::written).toList(), !any);
        });
    }

    private static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded", e);
        }
    }
}
