package org.sealpost.directory;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.ca.profile.Profiles;
import org.sealpost.ca.service.CertificateRecords;
import org.sealpost.ca.store.StoredCertificate;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditEvent;
import org.sealpost.storage.audit.AuditLog;

/**
 * The directory's look-ups and the publication of the CA's own encryption certificates.
 *
 * <p>Look-ups are exact matches on an address's match key ({@link DirectoryAddress}); there is no
 * listing or prefix search. Everything is in the database, so any number of instances (one per API
 * node) over one database answer alike. Thread-safe.
 */
public final class Directory {
    /** The audit actor of the directory's own actions. */
    public static final String ACTOR = "directory";

    private final Database db;
    private final CertificateRecords records;
    private final AuditLog audit;
    private final Clock clock;
    private final DirectoryStore store = new DirectoryStore();

    public Directory(Database db, CertificateRecords records, AuditLog audit, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.records = Objects.requireNonNull(records, "records");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What the directory has for {@code address}: its valid, unrevoked certificates, newest first, and
     * its provisional key when it has no certificate and the key has not expired.
     *
     * @throws IllegalArgumentException when {@code address} is not a mail address
     */
    public DirectoryAnswer lookup(String address) {
        DirectoryAddress parsed = DirectoryAddress.parse(address);
        return db.inTransaction(c -> answer(c, parsed, clock.instant()));
    }

    /**
     * {@link #lookup} for several addresses in one transaction, answers in the order asked. Every
     * address is parsed before anything is read.
     *
     * @throws IllegalArgumentException naming the first address that is not a mail address
     */
    public List<DirectoryAnswer> lookupAll(List<String> addresses) {
        List<DirectoryAddress> parsed = new ArrayList<>();
        for (String address : addresses) {
            try {
                parsed.add(DirectoryAddress.parse(address));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("address " + (parsed.size() + 1) + ": " + e.getMessage(), e);
            }
        }
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            List<DirectoryAnswer> answers = new ArrayList<>();
            for (DirectoryAddress a : parsed) {
                answers.add(answer(c, a, now));
            }
            return answers;
        });
    }

    private DirectoryAnswer answer(java.sql.Connection c, DirectoryAddress address, Instant now) throws java.sql.SQLException {
        List<PublishedCertificate> certificates = store.current(c, address.key(), now);
        Optional<ProvisionalKey> provisional = certificates.isEmpty()
                ? store.provisional(c, address.key()).filter(p -> p.expiresAt().isAfter(now))
                : Optional.empty();
        return new DirectoryAnswer(address, certificates, provisional);
    }

    /**
     * Publishes an encryption certificate this service's CA issued, under every address of its SAN,
     * and retires those addresses' provisional entries (their owner has enrolled). Idempotent. The
     * certificate disappears from answers the moment the CA revokes it.
     *
     * @param level the level of the validation behind it ({@link Level#V1} for a mailbox challenge)
     * @throws IllegalArgumentException when the CA has no record of the certificate, it was not issued
     *                                  under the encryption profile, it names no address, or
     *                                  {@code level} is {@link Level#EXTERNAL}
     */
    public void publishIssued(X509Certificate certificate, Level level) {
        Objects.requireNonNull(certificate, "certificate");
        if (Objects.requireNonNull(level, "level") == Level.EXTERNAL) {
            throw new IllegalArgumentException("a certificate of this CA is published with its level V1 to V4");
        }
        StoredCertificate stored = records.find(certificate.getSerialNumber())
                .filter(s -> java.util.Arrays.equals(s.der(), encoded(certificate)))
                .orElseThrow(() -> new IllegalArgumentException("certificate " + certificate.getSerialNumber().toString(16)
                        + " is not one this CA issued"));
        if (!Profiles.ENCRYPTION.equals(stored.profile())) {
            throw new IllegalArgumentException("certificate " + stored.serialHex() + " is a " + stored.profile()
                    + " certificate; the directory publishes encryption certificates");
        }
        List<DirectoryAddress> addresses = SanAddresses.of(certificate);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("certificate " + stored.serialHex() + " names no mail address");
        }
        PublishedCertificate published = new PublishedCertificate(stored.der(), PublishedCertificate.fingerprint(certificate),
                Source.ISSUED, level, certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
        Instant now = clock.instant();
        db.inTransaction(c -> {
            for (DirectoryAddress address : addresses) {
                if (store.insert(c, DirectoryStore.Row.issued(address, published, stored.serialHex()), now)) {
                    audit.append(c, new AuditEvent(ACTOR, "directory.publish", published.fingerprint(),
                            "address=" + address.key() + " source=issued serial=" + stored.serialHex() + " level=" + level.value()));
                }
                store.deleteProvisional(c, address.key());
            }
            return null;
        });
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded", e);
        }
    }
}
