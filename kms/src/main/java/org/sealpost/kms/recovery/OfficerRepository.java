package org.sealpost.kms.recovery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of tables {@code kms_recovery_policy} and {@code kms_recovery_officer} (migration V32),
 * on the caller's connection so that changes and their audit records commit together. Stateless.
 */
final class OfficerRepository {
    private static final String OFFICER_COLUMNS = "officer_id, mail_domain, name, public_key, added_at, added_by, removed_at, removed_by";

    /**
     * Locks {@code domain}'s policy row until the transaction ends, creating it without a policy
     * (recovery not available) when the domain has none yet. Every change to a domain's officers and
     * policy holds this lock, so checks such as "no two active officers share a key" cannot race.
     *
     * @return the domain's required approvals, empty when recovery is not available
     */
    Optional<Integer> lockDomain(Connection c, String domain, Instant now, String actor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT required_approvals FROM kms_recovery_policy WHERE mail_domain = ? FOR UPDATE")) {
            ps.setString(1, domain);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    int m = rs.getInt(1);
                    return rs.wasNull() ? Optional.empty() : Optional.of(m);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO kms_recovery_policy (mail_domain, required_approvals, updated_at, updated_by) VALUES (?, NULL, ?, ?)")) {
            ps.setString(1, domain);
            ps.setObject(2, utc(now));
            ps.setString(3, actor);
            ps.executeUpdate();
        }
        return Optional.empty();
    }

    /** Sets (or, with an empty value, withdraws) the domain's required approvals; the row must exist. */
    void setRequiredApprovals(Connection c, String domain, Optional<Integer> required, Instant now, String actor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE kms_recovery_policy SET required_approvals = ?, updated_at = ?, updated_by = ? WHERE mail_domain = ?")) {
            ps.setObject(1, required.orElse(null), Types.SMALLINT);
            ps.setObject(2, utc(now));
            ps.setString(3, actor);
            ps.setString(4, domain);
            ps.executeUpdate();
        }
    }

    /** {@code domain}'s policy, when recovery is available for it. */
    Optional<RecoveryPolicy> policy(Connection c, String domain) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT required_approvals, updated_at, updated_by FROM kms_recovery_policy WHERE mail_domain = ? AND required_approvals IS NOT NULL")) {
            ps.setString(1, domain);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new RecoveryPolicy(domain, rs.getInt(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3)));
            }
        }
    }

    void insert(Connection c, RecoveryOfficer officer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO kms_recovery_officer (" + OFFICER_COLUMNS
                + ", key_sha256) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?)")) {
            ps.setString(1, officer.officerId());
            ps.setString(2, officer.domain());
            ps.setString(3, officer.name());
            ps.setBytes(4, officer.publicKey());
            ps.setObject(5, utc(officer.addedAt()));
            ps.setString(6, officer.addedBy());
            ps.setString(7, officer.keySha256());
            ps.executeUpdate();
        }
    }

    /** Marks an active officer removed; false when it was already removed (or does not exist). */
    boolean markRemoved(Connection c, String officerId, Instant now, String actor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE kms_recovery_officer SET removed_at = ?, removed_by = ? WHERE officer_id = ? AND removed_at IS NULL")) {
            ps.setObject(1, utc(now));
            ps.setString(2, actor);
            ps.setString(3, officerId);
            return ps.executeUpdate() == 1;
        }
    }

    Optional<RecoveryOfficer> find(Connection c, String officerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + OFFICER_COLUMNS + " FROM kms_recovery_officer WHERE officer_id = ?")) {
            ps.setString(1, officerId);
            return read(ps).stream().findFirst();
        }
    }

    /** Every officer of {@code domain}, active and removed, oldest first. */
    List<RecoveryOfficer> officers(Connection c, String domain) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + OFFICER_COLUMNS
                + " FROM kms_recovery_officer WHERE mail_domain = ? ORDER BY added_at, officer_id")) {
            ps.setString(1, domain);
            return read(ps);
        }
    }

    private static List<RecoveryOfficer> read(PreparedStatement ps) throws SQLException {
        List<RecoveryOfficer> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                OffsetDateTime removed = rs.getObject(7, OffsetDateTime.class);
                result.add(new RecoveryOfficer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getString(6),
                        Optional.ofNullable(removed).map(OffsetDateTime::toInstant), Optional.ofNullable(rs.getString(8))));
            }
        }
        return List.copyOf(result);
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
