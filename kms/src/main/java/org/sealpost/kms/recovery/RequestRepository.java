package org.sealpost.kms.recovery;

import static org.sealpost.kms.recovery.OfficerRepository.utc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of tables {@code kms_recovery_request} and {@code kms_recovery_decision} (migration V32),
 * on the caller's connection. Stateless.
 */
final class RequestRepository {
    private static final String COLUMNS = "request_id, address, mail_domain, transport_key, reason, requested_by, required_approvals,"
            + " created_at, expires_at, state, closed_at, closed_by";

    void insert(Connection c, RecoveryRequest r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO kms_recovery_request (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)")) {
            ps.setString(1, r.requestId());
            ps.setString(2, r.address());
            ps.setString(3, r.domain());
            ps.setBytes(4, r.transportKey());
            ps.setString(5, r.reason());
            ps.setString(6, r.requestedBy());
            ps.setInt(7, r.requiredApprovals());
            ps.setObject(8, utc(r.createdAt()));
            ps.setObject(9, utc(r.expiresAt()));
            ps.setString(10, r.state().dbValue());
            ps.executeUpdate();
        }
    }

    /** Request {@code requestId}, its row locked until the transaction ends: decisions and the release on one request run one at a time. */
    Optional<RecoveryRequest> lock(Connection c, String requestId) throws SQLException {
        return select(c, requestId, " FOR UPDATE");
    }

    Optional<RecoveryRequest> find(Connection c, String requestId) throws SQLException {
        return select(c, requestId, "");
    }

    private static Optional<RecoveryRequest> select(Connection c, String requestId, String lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM kms_recovery_request WHERE request_id = ?" + lock)) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                OffsetDateTime closed = rs.getObject(11, OffsetDateTime.class);
                return Optional.of(new RecoveryRequest(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getString(5),
                        rs.getString(6), rs.getInt(7), rs.getObject(8, OffsetDateTime.class).toInstant(),
                        rs.getObject(9, OffsetDateTime.class).toInstant(), RequestState.fromDbValue(rs.getString(10)),
                        Optional.ofNullable(closed).map(OffsetDateTime::toInstant), Optional.ofNullable(rs.getString(12))));
            }
        }
    }

    /** Moves an open request to {@code to}; false when it is not open (compare-and-set). */
    boolean close(Connection c, String requestId, RequestState to, Instant now, String actor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE kms_recovery_request SET state = ?, closed_at = ?, closed_by = ? WHERE request_id = ? AND state = 'open'")) {
            ps.setString(1, to.dbValue());
            ps.setObject(2, utc(now));
            ps.setString(3, actor);
            ps.setString(4, requestId);
            return ps.executeUpdate() == 1;
        }
    }

    void insertDecision(Connection c, RecoveryDecision d) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO kms_recovery_decision (request_id, officer_id, decision, signature, decided_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, d.requestId());
            ps.setString(2, d.officerId());
            ps.setString(3, d.decision().word());
            ps.setBytes(4, d.signature());
            ps.setObject(5, utc(d.decidedAt()));
            ps.executeUpdate();
        }
    }

    /** The decisions on {@code requestId}, oldest first. */
    List<RecoveryDecision> decisions(Connection c, String requestId) throws SQLException {
        List<RecoveryDecision> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT officer_id, decision, signature, decided_at FROM kms_recovery_decision"
                + " WHERE request_id = ? ORDER BY decided_at, officer_id")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new RecoveryDecision(requestId, rs.getString(1), Decision.fromWord(rs.getString(2)), rs.getBytes(3),
                            rs.getObject(4, OffsetDateTime.class).toInstant()));
                }
            }
        }
        return List.copyOf(result);
    }

    /** The open requests of {@code domain}, oldest first (expired ones included: nothing marks them). */
    List<String> openRequestIds(Connection c, String domain) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT request_id FROM kms_recovery_request WHERE mail_domain = ? AND state = 'open' ORDER BY created_at, request_id")) {
            ps.setString(1, domain);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return List.copyOf(ids);
    }
}
