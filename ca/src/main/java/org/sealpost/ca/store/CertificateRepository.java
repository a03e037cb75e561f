package org.sealpost.ca.store;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL for issued certificates and CRLs. Every method runs on the caller's connection, so issuance,
 * revocation and their audit records commit (or roll back) together.
 */
public final class CertificateRepository {

    /** Records a newly issued certificate and its addresses. */
    public void insert(Connection c, StoredCertificate cert) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO ca_certificate (serial, issuer, profile, subject, not_before, not_after, issued_at, der)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, cert.serialHex());
            ps.setString(2, cert.issuer());
            ps.setString(3, cert.profile());
            ps.setString(4, cert.subject());
            ps.setObject(5, utc(cert.notBefore()));
            ps.setObject(6, utc(cert.notAfter()));
            ps.setObject(7, utc(cert.issuedAt()));
            ps.setBytes(8, cert.der());
            ps.executeUpdate();
        }
        if (cert.addresses().isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ca_certificate_address (serial, address) VALUES (?, ?)")) {
            for (String address : cert.addresses().stream().distinct().toList()) {
                ps.setString(1, cert.serialHex());
                ps.setString(2, address);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The certificate with this serial, if this CA issued it. */
    public Optional<StoredCertificate> find(Connection c, BigInteger serial) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT serial, issuer, profile, subject, not_before, not_after, issued_at, der, revoked_at, revocation_reason
                FROM ca_certificate WHERE serial = ?""")) {
            ps.setString(1, serial.toString(16));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(certificate(c, rs));
            }
        }
    }

    /** Certificates naming this (normalized) address, newest first. */
    public List<StoredCertificate> findByAddress(Connection c, String address) throws SQLException {
        List<StoredCertificate> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT cc.serial, cc.issuer, cc.profile, cc.subject, cc.not_before, cc.not_after, cc.issued_at, cc.der,
                       cc.revoked_at, cc.revocation_reason
                FROM ca_certificate cc JOIN ca_certificate_address a ON a.serial = cc.serial
                WHERE a.address = ? ORDER BY cc.issued_at DESC""")) {
            ps.setString(1, address);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(certificate(c, rs));
                }
            }
        }
        return found;
    }

    /**
     * Marks a certificate revoked unless it already is.
     *
     * @return true when this call revoked it; false when it was revoked before or does not exist
     */
    public boolean markRevoked(Connection c, BigInteger serial, Instant at, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE ca_certificate SET revoked_at = ?, revocation_reason = ?
                WHERE serial = ? AND revoked_at IS NULL""")) {
            ps.setObject(1, utc(at));
            ps.setString(2, reason);
            ps.setString(3, serial.toString(16));
            return ps.executeUpdate() == 1;
        }
    }

    /** The revoked certificates of one issuer that have not yet expired at {@code now}: what a CRL lists. */
    public List<RevokedEntry> revokedUnexpired(Connection c, String issuer, Instant now) throws SQLException {
        List<RevokedEntry> entries = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT serial, revoked_at, revocation_reason FROM ca_certificate
                WHERE issuer = ? AND revoked_at IS NOT NULL AND not_after > ? ORDER BY revoked_at, serial""")) {
            ps.setString(1, issuer);
            ps.setObject(2, utc(now));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new RevokedEntry(new BigInteger(rs.getString(1), 16), instant(rs, 2), rs.getString(3)));
                }
            }
        }
        return entries;
    }

    /** One line of a CRL. */
    public record RevokedEntry(BigInteger serial, Instant revokedAt, String reason) {
    }

    /** How many certificates this CA has issued (for health and metrics). */
    public long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM ca_certificate");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Stores a CRL; its number must be new for the issuer (the primary key keeps two writers apart). */
    public void insertCrl(Connection c, StoredCrl crl) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO ca_crl (issuer, crl_number, this_update, next_update, der) VALUES (?, ?, ?, ?, ?)""")) {
            ps.setString(1, crl.issuer());
            ps.setLong(2, crl.number());
            ps.setObject(3, utc(crl.thisUpdate()));
            ps.setObject(4, utc(crl.nextUpdate()));
            ps.setBytes(5, crl.der());
            ps.executeUpdate();
        }
    }

    /** The newest CRL of an issuer. */
    public Optional<StoredCrl> latestCrl(Connection c, String issuer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT crl_number, this_update, next_update, der FROM ca_crl
                WHERE issuer = ? ORDER BY crl_number DESC FETCH FIRST 1 ROWS ONLY""")) {
            ps.setString(1, issuer);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredCrl(issuer, rs.getLong(1), instant(rs, 2), instant(rs, 3), rs.getBytes(4)));
            }
        }
    }

    private StoredCertificate certificate(Connection c, ResultSet rs) throws SQLException {
        String serial = rs.getString(1);
        Instant revokedAt = rs.getObject(9) == null ? null : instant(rs, 9);
        Optional<StoredRevocation> revocation = revokedAt == null
                ? Optional.empty() : Optional.of(new StoredRevocation(revokedAt, rs.getString(10)));
        return new StoredCertificate(new BigInteger(serial, 16), rs.getString(2), rs.getString(3), rs.getString(4),
                addresses(c, serial), instant(rs, 5), instant(rs, 6), instant(rs, 7), rs.getBytes(8), revocation);
    }

    private static List<String> addresses(Connection c, String serial) throws SQLException {
        List<String> addresses = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT address FROM ca_certificate_address WHERE serial = ? ORDER BY address")) {
            ps.setString(1, serial);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    addresses.add(rs.getString(1));
                }
            }
        }
        return addresses;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
