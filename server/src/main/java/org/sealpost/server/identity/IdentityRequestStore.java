package org.sealpost.server.identity;

import static org.sealpost.server.identity.SqlTimes.instant;
import static org.sealpost.server.identity.SqlTimes.utc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of table {@code identity_request} (migrations V54, V56); every method joins the caller's transaction. */
final class IdentityRequestStore {
    private static final String COLUMNS = "request_id, address, level, status, device_serial, device_key, given_name,"
            + " surname, title, organization, locality, state, country, created_at, decided_by, reason, certificate";

    void insert(Connection c, IdentityRequest r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO identity_request (" + COLUMNS
                + ", decided_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " (SELECT device_id FROM device WHERE signing_serial = ?))")) {
            ps.setString(1, r.id());
            ps.setString(2, r.address());
            ps.setString(3, r.level().name());
            ps.setString(4, r.status().id());
            ps.setString(5, r.deviceSerial());
            ps.setBytes(6, r.deviceKey());
            SubjectDetails d = r.details();
            ps.setString(7, d.givenName().orElse(null));
            ps.setString(8, d.surname().orElse(null));
            ps.setString(9, d.title().orElse(null));
            ps.setString(10, d.organization().orElse(null));
            ps.setString(11, d.locality().orElse(null));
            ps.setString(12, d.state().orElse(null));
            ps.setString(13, d.country().orElse(null));
            ps.setObject(14, utc(r.createdAt()));
            ps.setString(15, r.decidedBy().orElse(null));
            ps.setString(16, r.reason().orElse(null));
            ps.setBytes(17, r.certificate().orElse(null));
            ps.setObject(18, r.decidedBy().isPresent() ? utc(r.createdAt()) : null);
            ps.setString(19, r.deviceSerial());
            ps.executeUpdate();
        }
    }

    Optional<IdentityRequest> find(Connection c, String id, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM identity_request WHERE request_id = ?"
                + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(request(rs)) : Optional.empty();
            }
        }
    }

    List<IdentityRequest> list(Connection c, Optional<RequestStatus> status, int limit) throws SQLException {
        String where = status.isPresent() ? " WHERE status = ?" : "";
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM identity_request" + where
                + " ORDER BY created_at, request_id")) {
            if (status.isPresent()) {
                ps.setString(1, status.get().id());
            }
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<IdentityRequest> requests = new ArrayList<>();
                while (rs.next()) {
                    requests.add(request(rs));
                }
                return requests;
            }
        }
    }

    /** Whether the device has a request of this level that is pending or approved and not yet issued. */
    boolean hasOpen(Connection c, String deviceSerial, IdentityLevel level) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM identity_request WHERE device_serial = ? AND level = ?"
                + " AND status IN ('pending', 'approved')")) {
            ps.setString(1, deviceSerial);
            ps.setString(2, level.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The address's requests that are approved and not yet issued, oldest first. */
    List<IdentityRequest> approved(Connection c, String address) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM identity_request WHERE address = ?"
                + " AND status = 'approved' ORDER BY created_at, request_id")) {
            ps.setString(1, address);
            try (ResultSet rs = ps.executeQuery()) {
                List<IdentityRequest> requests = new ArrayList<>();
                while (rs.next()) {
                    requests.add(request(rs));
                }
                return requests;
            }
        }
    }

    /** The device's latest issued request of this level, if any. */
    Optional<IdentityRequest> latestIssued(Connection c, String deviceSerial, IdentityLevel level) throws SQLException {
        return latestIssuedWhere(c, "device_serial", deviceSerial, level);
    }

    /**
     * The latest issued request of this level of device {@code deviceId}, whichever of its
     * certificates asked: the basis of a renewal after the device renewed its own certificate.
     */
    Optional<IdentityRequest> latestIssuedOfDevice(Connection c, String deviceId, IdentityLevel level) throws SQLException {
        return latestIssuedWhere(c, "device_id", deviceId, level);
    }

    private static Optional<IdentityRequest> latestIssuedWhere(Connection c, String column, String value, IdentityLevel level)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM identity_request WHERE " + column + " = ?"
                + " AND level = ? AND status = 'issued' ORDER BY created_at DESC")) {
            ps.setString(1, value);
            ps.setString(2, level.name());
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(request(rs)) : Optional.empty();
            }
        }
    }

    void decide(Connection c, String id, RequestStatus status, String by, String reason, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE identity_request SET status = ?, decided_by = ?, reason = ?,"
                + " decided_at = ? WHERE request_id = ?")) {
            ps.setString(1, status.id());
            ps.setString(2, by);
            ps.setString(3, reason);
            ps.setObject(4, utc(at));
            ps.setString(5, id);
            ps.executeUpdate();
        }
    }

    void issued(Connection c, String id, byte[] certificate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE identity_request SET status = 'issued', certificate = ?"
                + " WHERE request_id = ?")) {
            ps.setBytes(1, certificate);
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    private static IdentityRequest request(ResultSet rs) throws SQLException {
        SubjectDetails details = new SubjectDetails(opt(rs, "given_name"), opt(rs, "surname"), opt(rs, "title"),
                opt(rs, "organization"), opt(rs, "locality"), opt(rs, "state"), opt(rs, "country"));
        return new IdentityRequest(rs.getString("request_id"), rs.getString("address"),
                IdentityLevel.valueOf(rs.getString("level")), RequestStatus.of(rs.getString("status")),
                rs.getString("device_serial"), rs.getBytes("device_key"), details, instant(rs, "created_at"),
                opt(rs, "decided_by"), opt(rs, "reason"), Optional.ofNullable(rs.getBytes("certificate")));
    }

    private static Optional<String> opt(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }
}
