package org.sealpost.server.enroll;

import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.ca.CaException;
import org.sealpost.ca.service.CaServices;
import org.sealpost.ca.store.StoredCertificate;
import org.sealpost.kms.KeyRecord;
import org.sealpost.kms.KeyService;
import org.sealpost.kms.KeySpec;
import org.sealpost.storage.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews encryption certificates by key rotation (docs/ENROLLMENT.md, "Renewal"): an active key
 * whose linked certificate ends within {@link EncryptionCertificates#RENEW_BEFORE} is replaced by a
 * new key (the old one stays in the address's history and keeps being released, so old mail stays
 * readable), whose certificate is issued, linked and published.
 *
 * <p>Safe with several server nodes: a node first claims a key by moving its link's
 * {@code linked_at} from the value it read; only one claim of a reading succeeds, and a rotated key
 * is retired, so no other node picks it up again. A crash after the claim leaves the old key
 * current, and the next run claims it again. Thread-safe.
 */
final class EncryptionRotation {
    private static final Logger LOG = LoggerFactory.getLogger(EncryptionRotation.class);
    private static final String ACTOR = "renewal:encryption";

    private final Database db;
    private final CaServices ca;
    private final KeyService keys;
    private final KeySpec spec;
    private final EncryptionCertificates certificates;
    private final Clock clock;

    EncryptionRotation(Database db, CaServices ca, KeyService keys, KeySpec spec, EncryptionCertificates certificates, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.ca = Objects.requireNonNull(ca, "ca");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.certificates = Objects.requireNonNull(certificates, "certificates");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** An active key's link to its encryption certificate, as read. */
    private record Link(String keyId, String address, BigInteger serial, OffsetDateTime linkedAt) {
    }

    /**
     * Rotates every active key whose certificate is about to end. A failure with one address is
     * logged and does not stop the others; the next run tries it again.
     *
     * @return how many keys were rotated by this call
     */
    int rotateExpiring() {
        int rotated = 0;
        for (Link link : activeLinks()) {
            if (expiring(link) && rotate(link)) {
                rotated++;
            }
        }
        return rotated;
    }

    private boolean expiring(Link link) {
        Optional<StoredCertificate> cert = ca.records().find(link.serial());
        // A revoked certificate is replaced for the same key at the next enrollment: no rotation for it.
        return cert.isPresent() && cert.get().revocation().isEmpty()
                && !cert.get().notAfter().isAfter(clock.instant().plus(EncryptionCertificates.RENEW_BEFORE));
    }

    private boolean rotate(Link link) {
        if (!claim(link)) {
            return false;
        }
        try {
            KeyRecord fresh = keys.rotate(link.address(), spec);
            certificates.currentFor(fresh, ACTOR);
            LOG.info("rotated the encryption key of {}: {} replaces {}", link.address(), fresh.keyId(), link.keyId());
            return true;
        } catch (CaException | RuntimeException e) {
            // After a rotation without a certificate, the next enrollment of the address issues it.
            LOG.error("cannot rotate the encryption key {} of {}; trying again next run", link.keyId(), link.address(), e);
            return false;
        }
    }

    /** True for the one caller that moved the link's {@code linked_at} from the value it read. */
    private boolean claim(Link link) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE encryption_certificate SET linked_at = ? WHERE key_id = ? AND linked_at = ?")) {
                OffsetDateTime now = clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
                ps.setObject(1, now.equals(link.linkedAt()) ? now.plusNanos(1000) : now);
                ps.setString(2, link.keyId());
                ps.setObject(3, link.linkedAt());
                return ps.executeUpdate() == 1;
            }
        });
    }

    private List<Link> activeLinks() {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT e.key_id, k.address, e.certificate_serial, e.linked_at"
                    + " FROM encryption_certificate e JOIN kms_key k ON k.key_id = e.key_id WHERE k.status = 'active'");
                 ResultSet rs = ps.executeQuery()) {
                List<Link> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Link(rs.getString(1), rs.getString(2), new BigInteger(rs.getString(3), 16),
                            rs.getObject(4, OffsetDateTime.class)));
                }
                return out;
            }
        });
    }
}
