package org.sealpost.server.apikey;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.sealpost.server.auth.BearerSecrets;
import org.sealpost.server.identity.IdentityProblem;
import org.sealpost.server.identity.MailDomain;
import org.sealpost.storage.Database;
import org.sealpost.storage.StorageException;
import org.sealpost.storage.audit.AuditEvent;
import org.sealpost.storage.audit.AuditLog;

/**
 * Business API keys of the directory (table {@code api_key}, migration V57): created by an operator
 * with a fresh secret, listed, disabled, and looked up by secret. Stored like admin tokens: only the
 * secret's SHA-256. Creation and disabling are audited in the same transaction ({@code apikey.create},
 * {@code apikey.disable}). Thread-safe.
 */
public final class ApiKeys {
    /** The secrets: {@code spk_} and 256 random bits. */
    private static final BearerSecrets SECRETS = new BearerSecrets("spk_");
    /**
     * How stale {@code last_used_at} may get: a key authenticates thousands of requests a minute, and
     * writing each use would put a row lock and a write in front of every look-up.
     */
    static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final String COLUMNS = "key_id, name, org_domain, created_at, created_by, disabled_at, last_used_at";

    private final Database db;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random;

    public ApiKeys(Database db, AuditLog audit, Clock clock, SecureRandom random) {
        this.db = Objects.requireNonNull(db, "db");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Creates a key and its secret.
     *
     * @param org   the mail domain of the organization it serves; null or blank for none
     * @param actor who creates it, for the audit log (e.g. {@code operator:cli})
     * @throws IdentityProblem a bad name or domain (INVALID), or the name is taken (CONFLICT)
     */
    public CreatedApiKey create(String name, String org, String actor) throws IdentityProblem {
        Objects.requireNonNull(actor, "actor");
        if (name == null || !NAME.matcher(name).matches()) {
            throw IdentityProblem.invalid("an API key name is 1 to 64 of a-z, 0-9, '.', '_' and '-', starting with a letter or digit");
        }
        Optional<String> domain = org == null || org.isBlank() ? Optional.empty() : Optional.of(MailDomain.of(org));
        String secret = SECRETS.generate(random);
        ApiKey key = new ApiKey(newId(), name, domain, now(), actor, Optional.empty(), Optional.empty());
        try {
            db.inTransaction(c -> {
                insert(c, key, SECRETS.hash(secret));
                audit.append(c, new AuditEvent(actor, "apikey.create", key.actor(),
                        "id=" + key.id() + domain.map(d -> " org=" + d).orElse("")));
                return null;
            });
        } catch (StorageException e) {
            if (e.isUniqueViolation()) {
                throw IdentityProblem.conflict("an API key named '" + name + "' exists already");
            }
            throw e;
        }
        return new CreatedApiKey(key, secret);
    }

    /** Every key, active or disabled, by name. */
    public List<ApiKey> list() {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_key ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                List<ApiKey> keys = new ArrayList<>();
                while (rs.next()) {
                    keys.add(key(rs));
                }
                return keys;
            }
        });
    }

    /**
     * Disables a key: it stops working at once, on every node (each request looks it up).
     *
     * @throws IdentityProblem no such key (NOT_FOUND) or it is disabled already (CONFLICT)
     */
    public ApiKey disable(String name, String actor) throws IdentityProblem {
        Objects.requireNonNull(actor, "actor");
        Instant now = now();
        Optional<ApiKey> before = db.inTransaction(c -> {
            Optional<ApiKey> found = find(c, name);
            if (found.isPresent() && found.get().active()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE api_key SET disabled_at = ?, disabled_by = ? WHERE key_id = ?")) {
                    ps.setObject(1, utc(now));
                    ps.setString(2, actor);
                    ps.setString(3, found.get().id());
                    ps.executeUpdate();
                }
                audit.append(c, new AuditEvent(actor, "apikey.disable", found.get().actor(), "id=" + found.get().id()));
            }
            return found;
        });
        ApiKey key = before.orElseThrow(() -> IdentityProblem.notFound("no API key named '" + name + "'"));
        if (!key.active()) {
            throw IdentityProblem.conflict("the API key '" + name + "' was disabled already");
        }
        return new ApiKey(key.id(), key.name(), key.org(), key.createdAt(), key.createdBy(), Optional.of(now), key.lastUsedAt());
    }

    /**
     * The active key whose secret this is, its use recorded; empty for anything else (malformed,
     * unknown, disabled). Never logs or keeps the secret.
     */
    public Optional<ApiKey> authenticate(String secret) {
        if (!SECRETS.wellFormed(secret)) {
            return Optional.empty();
        }
        Instant now = now();
        return db.inTransaction(c -> {
            Optional<ApiKey> found;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_key WHERE key_sha256 = ?")) {
                ps.setString(1, SECRETS.hash(secret));
                try (ResultSet rs = ps.executeQuery()) {
                    found = rs.next() ? Optional.of(key(rs)) : Optional.empty();
                }
            }
            if (found.isEmpty() || !found.get().active()) {
                return Optional.<ApiKey>empty();
            }
            ApiKey key = found.get();
            Instant stale = now.minus(LAST_USE_RESOLUTION);
            if (key.lastUsedAt().map(t -> t.isBefore(stale)).orElse(true)) {
                // Conditional, so that nodes racing for the same minute write once between them.
                try (PreparedStatement ps = c.prepareStatement("UPDATE api_key SET last_used_at = ? WHERE key_id = ?"
                        + " AND (last_used_at IS NULL OR last_used_at < ?)")) {
                    ps.setObject(1, utc(now));
                    ps.setString(2, key.id());
                    ps.setObject(3, utc(stale));
                    ps.executeUpdate();
                }
            }
            return Optional.of(key);
        });
    }

    private String newId() {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    private static Optional<ApiKey> find(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_key WHERE name = ? FOR UPDATE")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(key(rs)) : Optional.empty();
            }
        }
    }

    private static void insert(Connection c, ApiKey k, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_key (key_id, name, org_domain, key_sha256, created_at,"
                + " created_by) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, k.id());
            ps.setString(2, k.name());
            ps.setString(3, k.org().orElse(null));
            ps.setString(4, hash);
            ps.setObject(5, utc(k.createdAt()));
            ps.setString(6, k.createdBy());
            ps.executeUpdate();
        }
    }

    private static ApiKey key(ResultSet rs) throws SQLException {
        return new ApiKey(rs.getString(1), rs.getString(2), Optional.ofNullable(rs.getString(3)),
                rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), instant(rs, 6), instant(rs, 7));
    }

    private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
