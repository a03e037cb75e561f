package org.sealpost.validation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import org.sealpost.storage.Dialect;
import org.sealpost.validation.Refusal.RateLimited;
import org.sealpost.validation.Refusal.RateLimited.Scope;

/**
 * The per-address and per-client sliding-window limits, counted over the challenges in the
 * database, so that any number of stateless API nodes share them. {@link #check} locks the lock rows
 * of both the address and the client until the caller's transaction ends; the caller inserts its
 * challenge in that transaction, so concurrent requests are counted one after another.
 */
final class RateLimiter {
    private final ValidationSettings settings;
    private final String ensureLockRow;

    RateLimiter(ValidationSettings settings, Dialect dialect) {
        this.settings = Objects.requireNonNull(settings, "settings");
        // Creating the lock row must not fail when another transaction creates it at the same moment.
        this.ensureLockRow = switch (dialect) {
            case POSTGRESQL -> "INSERT INTO validation_rate_lock (scope, scope_key) VALUES (?, ?) ON CONFLICT DO NOTHING";
            case H2 -> "MERGE INTO validation_rate_lock (scope, scope_key) KEY (scope, scope_key) VALUES (?, ?)";
        };
    }

    /**
     * Locks the address's and the client's rows and counts their challenges in the windows ending
     * {@code now}. Empty when a new challenge is allowed; otherwise the limit reached, with the
     * moment the window has room again (the later of the two when both are reached).
     */
    Optional<RateLimited> check(Connection c, String address, String clientId, Instant now) throws SQLException {
        // Always the address before the client: every transaction locks in the same order, so none deadlock.
        lock(c, "address", address);
        lock(c, "client", clientId);
        Optional<Instant> addressRetry = retryAt(c, "address", address, settings.perAddress(), now);
        Optional<Instant> clientRetry = retryAt(c, "client_id", clientId, settings.perClient(), now);
        if (clientRetry.isPresent() && (addressRetry.isEmpty() || clientRetry.get().isAfter(addressRetry.get()))) {
            return Optional.of(new RateLimited(Scope.CLIENT, clientRetry.get()));
        }
        return addressRetry.map(at -> new RateLimited(Scope.ADDRESS, at));
    }

    private void lock(Connection c, String scope, String key) throws SQLException {
        // A purge may delete an idle lock row between the two statements; then it is made again.
        boolean locked = false;
        while (!locked) {
            try (PreparedStatement ps = c.prepareStatement(ensureLockRow)) {
                ps.setString(1, scope);
                ps.setString(2, key);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT scope FROM validation_rate_lock WHERE scope = ? AND scope_key = ? FOR UPDATE")) {
                ps.setString(1, scope);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    locked = rs.next();
                }
            }
        }
    }

    /**
     * When the limit is reached: the time the max-th newest challenge in the window leaves it, which
     * is when the window holds one challenge fewer than the limit.
     */
    private static Optional<Instant> retryAt(Connection c, String column, String key, RateLimit limit, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT issued_at FROM validation_challenge WHERE " + column + " = ? AND issued_at > ?"
                + " ORDER BY issued_at DESC OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY")) {
            ps.setString(1, key);
            ps.setObject(2, Times.utc(now.minus(limit.window())));
            ps.setInt(3, limit.max() - 1);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(rs.getObject(1, OffsetDateTime.class).toInstant().plus(limit.window()));
            }
        }
    }
}
