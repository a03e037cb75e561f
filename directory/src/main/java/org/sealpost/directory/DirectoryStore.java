package org.sealpost.directory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The directory's tables ({@code V60__directory.sql}). Every statement names the address key, except
 * the scheduled maintenance ones, so look-ups stay within one partition at scale.
 */
final class DirectoryStore {
    /**
     * Certificates an answer may carry: within their validity, not found revoked by the re-check and,
     * for the CA's own, not revoked in the CA's records. Joining {@code ca_certificate} means a
     * revocation hides the certificate in the very next look-up of every node.
     */
    private static final String CURRENT = "SELECT d.der, d.fingerprint, d.source, d.level, d.not_before, d.not_after"
            + " FROM directory_certificate d LEFT JOIN ca_certificate ca ON ca.serial = d.ca_serial"
            + " WHERE d.address_key = ? AND d.not_before <= ? AND d.not_after > ? AND d.revoked_at IS NULL"
            + " AND ca.revoked_at IS NULL ORDER BY d.not_before DESC, d.fingerprint";

    /** A certificate row to write: an issued one names its CA serial, a harvested one its issuer. */
    record Row(DirectoryAddress address, PublishedCertificate certificate, Optional<String> caSerial, Optional<byte[]> issuerDer) {
        static Row issued(DirectoryAddress address, PublishedCertificate certificate, String caSerial) {
            return new Row(address, certificate, Optional.of(caSerial), Optional.empty());
        }

        static Row harvested(DirectoryAddress address, PublishedCertificate certificate, byte[] issuerDer) {
            return new Row(address, certificate, Optional.empty(), Optional.of(issuerDer));
        }
    }

    /** A harvested certificate due for its revocation re-check, with the certificate that issued it. */
    record Due(String addressKey, String fingerprint, byte[] der, byte[] issuerDer) {
    }

    List<PublishedCertificate> current(Connection c, String addressKey, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CURRENT)) {
            ps.setString(1, addressKey);
            ps.setObject(2, utc(now));
            ps.setObject(3, utc(now));
            List<PublishedCertificate> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new PublishedCertificate(rs.getBytes(1), rs.getString(2), Source.of(rs.getString(3)),
                            Level.of(rs.getString(4)), instant(rs, 5), instant(rs, 6)));
                }
            }
            return found;
        }
    }

    /** Writes the row unless this address already has this certificate; true when written. */
    boolean insert(Connection c, Row row, Instant now) throws SQLException {
        PublishedCertificate cert = row.certificate();
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM directory_certificate WHERE address_key = ? AND fingerprint = ?")) {
            ps.setString(1, row.address().key());
            ps.setString(2, cert.fingerprint());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO directory_certificate (address_key, fingerprint, address, source,"
                + " level, ca_serial, not_before, not_after, revoked_at, issuer_der, published_at, checked_at, der)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)")) {
            ps.setString(1, row.address().key());
            ps.setString(2, cert.fingerprint());
            ps.setString(3, row.address().written());
            ps.setString(4, cert.source().value());
            ps.setString(5, cert.level().value());
            ps.setString(6, row.caSerial().orElse(null));
            ps.setObject(7, utc(cert.notBefore()));
            ps.setObject(8, utc(cert.notAfter()));
            ps.setBytes(9, row.issuerDer().orElse(null));
            ps.setObject(10, utc(now));
            ps.setObject(11, utc(now));
            ps.setBytes(12, cert.der());
            ps.executeUpdate();
            return true;
        }
    }

    /**
     * Harvested certificates not found revoked and last checked before {@code before}, least recently
     * checked first.
     */
    List<Due> harvestedDue(Connection c, Instant before, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT address_key, fingerprint, der, issuer_der FROM directory_certificate"
                + " WHERE source = 'harvested' AND revoked_at IS NULL AND checked_at < ?"
                + " ORDER BY checked_at, address_key, fingerprint")) {
            ps.setObject(1, utc(before));
            ps.setMaxRows(limit);
            List<Due> due = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    due.add(new Due(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4)));
                }
            }
            return due;
        }
    }

    /** Records a re-check at {@code now}, and the revocation time when it found one. */
    void markChecked(Connection c, Due due, Optional<Instant> revokedAt, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE directory_certificate SET checked_at = ?, revoked_at = ?"
                + " WHERE address_key = ? AND fingerprint = ?")) {
            ps.setObject(1, utc(now));
            ps.setObject(2, revokedAt.map(DirectoryStore::utc).orElse(null));
            ps.setString(3, due.addressKey());
            ps.setString(4, due.fingerprint());
            ps.executeUpdate();
        }
    }

    /** Deletes certificates of any source that expired before {@code cutoff}; how many. */
    int deleteExpired(Connection c, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM directory_certificate WHERE not_after < ?")) {
            ps.setObject(1, utc(cutoff));
            return ps.executeUpdate();
        }
    }

    Optional<ProvisionalKey> provisional(Connection c, String addressKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT address_key, key_id, public_key, key_identifier, created_at, expires_at"
                + " FROM directory_provisional WHERE address_key = ?")) {
            ps.setString(1, addressKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(provisional(rs)) : Optional.empty();
            }
        }
    }

    void insertProvisional(Connection c, ProvisionalKey key, String requestedBy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO directory_provisional (address_key, key_id, public_key,"
                + " key_identifier, requested_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, key.address());
            ps.setString(2, key.keyId());
            ps.setBytes(3, key.publicKey());
            ps.setString(4, key.keyIdentifier());
            ps.setString(5, requestedBy);
            ps.setObject(6, utc(key.createdAt()));
            ps.setObject(7, utc(key.expiresAt()));
            ps.executeUpdate();
        }
    }

    /** Deletes the provisional entry of an address if it still names {@code keyId}; true when deleted. */
    boolean deleteProvisional(Connection c, String addressKey, String keyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM directory_provisional WHERE address_key = ? AND key_id = ?")) {
            ps.setString(1, addressKey);
            ps.setString(2, keyId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Deletes whatever provisional entry the address has; true when there was one. */
    boolean deleteProvisional(Connection c, String addressKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM directory_provisional WHERE address_key = ?")) {
            ps.setString(1, addressKey);
            return ps.executeUpdate() == 1;
        }
    }

    List<ProvisionalKey> expiredProvisional(Connection c, Instant now, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT address_key, key_id, public_key, key_identifier, created_at, expires_at"
                + " FROM directory_provisional WHERE expires_at <= ? ORDER BY expires_at, address_key")) {
            ps.setObject(1, utc(now));
            ps.setMaxRows(limit);
            List<ProvisionalKey> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(provisional(rs));
                }
            }
            return found;
        }
    }

    private static ProvisionalKey provisional(ResultSet rs) throws SQLException {
        return new ProvisionalKey(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getString(4), instant(rs, 5),
                instant(rs, 6));
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
