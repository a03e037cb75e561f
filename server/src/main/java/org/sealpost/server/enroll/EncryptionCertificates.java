package org.sealpost.server.enroll;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.sealpost.ca.CaException;
import org.sealpost.ca.issue.IssuanceRequest;
import org.sealpost.directory.Directory;
import org.sealpost.directory.Level;
import org.sealpost.ca.issue.IssuedCertificate;
import org.sealpost.ca.profile.Profiles;
import org.sealpost.ca.revocation.RevocationReason;
import org.sealpost.ca.service.CaServices;
import org.sealpost.ca.store.StoredCertificate;
import org.sealpost.kms.KeyRecord;
import org.sealpost.storage.Database;
import org.sealpost.storage.StorageException;

/**
 * The encryption certificate of an encryption key (table {@code encryption_certificate}, migration
 * V51): issued once per key and handed to every device of the address; issued again only when the
 * linked one was revoked or is within {@link #RENEW_BEFORE} of its end. Two enrollments racing for
 * the same key may both issue one: the link's primary key lets one win, and the loser revokes its
 * own certificate as superseded and takes the winner's.
 */
final class EncryptionCertificates {
    /** A certificate this close to its end is not handed to a new device. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private final Database db;
    private final CaServices ca;
    private final Directory directory;
    private final Clock clock;

    EncryptionCertificates(Database db, CaServices ca, Directory directory, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.ca = Objects.requireNonNull(ca, "ca");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The key's usable encryption certificate, issued now if it has none, and published in the
     * directory. Publishing is idempotent and happens at every enrollment, so a publication lost to
     * a crash right after issuance is made good by the address's next enrollment.
     *
     * @param actor who asks, for the CA's audit record
     * @throws CaException when the CA cannot issue it
     */
    X509Certificate currentFor(KeyRecord key, String actor) throws CaException {
        X509Certificate certificate = findOrIssue(key, actor);
        // Mailbox control is what stands behind an address's encryption certificate: level V1.
        directory.publishIssued(certificate, Level.V1);
        return certificate;
    }

    private X509Certificate findOrIssue(KeyRecord key, String actor) throws CaException {
        Optional<BigInteger> linkedSerial = linked(key.keyId());
        Optional<StoredCertificate> linked = linkedSerial.flatMap(ca.records()::find);
        if (linked.isPresent() && usable(linked.get())) {
            return decode(linked.get().der());
        }
        IssuedCertificate issued = ca.issuance().issue(IssuanceRequest.forKey(SubjectPublicKeyInfo.getInstance(key.publicKey()),
                Profiles.ENCRYPTION).withEmails(List.of(key.address())), actor);
        if (link(key.keyId(), linkedSerial, issued.serial())) {
            return issued.certificate();
        }
        ca.revocations().revoke(issued.serial(), RevocationReason.SUPERSEDED, actor);
        return linked(key.keyId()).flatMap(ca.records()::find).map(c -> decode(c.der()))
                .orElseThrow(() -> new IllegalStateException("the encryption certificate of key " + key.keyId() + " changed twice at once"));
    }

    private boolean usable(StoredCertificate cert) {
        return cert.revocation().isEmpty() && cert.notAfter().isAfter(clock.instant().plus(RENEW_BEFORE));
    }

    private Optional<BigInteger> linked(String keyId) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT certificate_serial FROM encryption_certificate WHERE key_id = ?")) {
                ps.setString(1, keyId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new BigInteger(rs.getString(1), 16)) : Optional.<BigInteger>empty();
                }
            }
        });
    }

    /** Links {@code serial} to the key, replacing {@code previous}; false when another enrollment changed the link first. */
    private boolean link(String keyId, Optional<BigInteger> previous, BigInteger serial) {
        try {
            return db.inTransaction(c -> {
                String sql = previous.isPresent()
                        ? "UPDATE encryption_certificate SET certificate_serial = ?, linked_at = ? WHERE key_id = ? AND certificate_serial = ?"
                        : "INSERT INTO encryption_certificate (certificate_serial, linked_at, key_id) VALUES (?, ?, ?)";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, serial.toString(16));
                    ps.setObject(2, clock.instant().atOffset(ZoneOffset.UTC));
                    ps.setString(3, keyId);
                    if (previous.isPresent()) {
                        ps.setString(4, previous.get().toString(16));
                    }
                    return ps.executeUpdate() == 1;
                }
            });
        } catch (StorageException e) {
            if (e.isUniqueViolation()) {
                return false;
            }
            throw e;
        }
    }

    private static X509Certificate decode(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException("the CA's record of an encryption certificate cannot be read", e);
        }
    }
}
