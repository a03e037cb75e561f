package org.sealpost.server.auth;

import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import org.sealpost.storage.Database;
import org.sealpost.storage.StorageException;

/**
 * Remembers the tokens already accepted, in the database that every API node shares. The primary
 * key on (certificate, jti) makes the insert the check: of two nodes given one token at the same
 * moment, exactly one insert commits.
 */
final class ReplayGuard {
    private final Database db;

    ReplayGuard(Database db) {
        this.db = db;
    }

    /**
     * Records a token's first use.
     *
     * @param keepUntil the last instant at which the token could pass the time check
     * @return false when the token was used before
     */
    boolean firstUse(BigInteger serial, String jti, Instant keepUntil) {
        try {
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO device_token_use (certificate_serial, jti, expires_at) VALUES (?, ?, ?)")) {
                    ps.setString(1, serial.toString(16));
                    ps.setString(2, jti);
                    ps.setObject(3, keepUntil.atOffset(ZoneOffset.UTC));
                    return ps.executeUpdate();
                }
            });
            return true;
        } catch (StorageException e) {
            if (e.isUniqueViolation()) {
                return false;
            }
            throw e;
        }
    }

    /** Forgets the tokens that expired before {@code before}; returns how many. */
    int purge(Instant before) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM device_token_use WHERE expires_at < ?")) {
                ps.setObject(1, before.atOffset(ZoneOffset.UTC));
                return ps.executeUpdate();
            }
        });
    }
}
