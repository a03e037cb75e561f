package org.sealpost.validation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.sealpost.validation.StoredChallenge.Status;

/** The SQL of table {@code validation_challenge} (migration V40); every method joins the caller's transaction. */
final class ChallengeStore {
    private static final String COLUMNS = "challenge_id, address, client_id, key_thumbprint, verifier, status, wrong_answers, issued_at, expires_at";

    void insert(Connection c, StoredChallenge ch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO validation_challenge (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, ch.challengeId());
            ps.setString(2, ch.address());
            ps.setString(3, ch.clientId());
            ps.setString(4, ch.keyThumbprint());
            ps.setBytes(5, ch.verifier());
            ps.setString(6, ch.status().column());
            ps.setInt(7, ch.wrongAnswers());
            ps.setObject(8, Times.utc(ch.issuedAt()));
            ps.setObject(9, Times.utc(ch.expiresAt()));
            ps.executeUpdate();
        }
    }

    /** The challenge, its row locked until the transaction ends. */
    Optional<StoredChallenge> lock(Connection c, String challengeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM validation_challenge WHERE challenge_id = ? FOR UPDATE")) {
            ps.setString(1, challengeId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredChallenge(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBytes(5),
                        Status.of(rs.getString(6)), rs.getInt(7), instant(rs, 8), instant(rs, 9)));
            }
        }
    }

    void update(Connection c, String challengeId, Status status, int wrongAnswers) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE validation_challenge SET status = ?, wrong_answers = ? WHERE challenge_id = ?")) {
            ps.setString(1, status.column());
            ps.setInt(2, wrongAnswers);
            ps.setString(3, challengeId);
            ps.executeUpdate();
        }
    }

    void delete(Connection c, String challengeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM validation_challenge WHERE challenge_id = ?")) {
            ps.setString(1, challengeId);
            ps.executeUpdate();
        }
    }

    /**
     * Deletes the challenges issued at or before {@code cutoff}, and the rate-limit lock rows that no
     * longer have a challenge; returns the number of challenges deleted.
     */
    int purge(Connection c, Instant cutoff) throws SQLException {
        int deleted;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM validation_challenge WHERE issued_at <= ?")) {
            ps.setObject(1, Times.utc(cutoff));
            deleted = ps.executeUpdate();
        }
        // A lock row is only a mutex: one removed here is made again by the next request that needs it.
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM validation_rate_lock WHERE scope = 'address' AND NOT EXISTS"
                + " (SELECT 1 FROM validation_challenge ch WHERE ch.address = validation_rate_lock.scope_key)")) {
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM validation_rate_lock WHERE scope = 'client' AND NOT EXISTS"
                + " (SELECT 1 FROM validation_challenge ch WHERE ch.client_id = validation_rate_lock.scope_key)")) {
            ps.executeUpdate();
        }
        return deleted;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
