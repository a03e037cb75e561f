package org.sealpost.kms;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditEvent;
import org.sealpost.storage.audit.AuditLog;

/**
 * The enhanced-protection password of an address: when set, release also requires it.
 *
 * <p>Only an Argon2id verifier (Bouncy Castle, random 16-byte salt, 32-byte output) is stored, in
 * table {@code kms_protection} (migration V31), compared in constant time. After
 * {@link ProtectionSettings#maxTries()} wrong tries release is locked for a delay that doubles with
 * each further lock-out; once a lock-out has passed, the next wrong try locks again at once (no
 * fresh set of tries), and only the right password resets the counters. While locked, the password
 * is not even checked, so a locked address cannot be probed.
 *
 * <p>Every attempt, its outcome and every change is audited through {@link AuditLog} in the same
 * transaction as the counter update; audit records name the address and the outcome, never the
 * password. Each check locks the address's row for its duration (including the Argon2 work), so
 * parallel guesses for one address are counted one after another and cannot overrun the limit.
 *
 * <p>The caller's password array is not changed; the UTF-8 bytes made from it are zeroed after use.
 * Thread-safe.
 */
public final class KeyProtection {
    private static final String ACTOR = "kms";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final Database db;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random;
    private final ProtectionSettings settings;

    /** Protection passwords stored in {@code db}, audited to {@code audit}. */
    public KeyProtection(Database db, AuditLog audit, Clock clock, SecureRandom random, ProtectionSettings settings) {
        this.db = Objects.requireNonNull(db, "db");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Sets or replaces the protection password of {@code address} and resets its counters. Whether
     * the caller may do so (the owner, proven) is the caller's business.
     *
     * @throws IllegalArgumentException when the password is empty
     */
    public void setPassword(String address, char[] password) {
        String owner = OwnerAddress.lookupForm(address);
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("the protection password must not be empty");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Argon2Settings argon2 = settings.argon2();
        byte[] verifier = hash(password, salt, argon2);
        try {
            db.inTransaction(c -> {
                Instant now = now();
                int updated;
                try (PreparedStatement ps = c.prepareStatement("UPDATE kms_protection SET salt = ?, verifier = ?, memory_kib = ?, iterations = ?,"
                        + " parallelism = ?, failed_tries = 0, lockouts = 0, locked_until = NULL, updated_at = ? WHERE address = ?")) {
                    bindVerifier(ps, salt, verifier, argon2);
                    ps.setObject(6, utc(now));
                    ps.setString(7, owner);
                    updated = ps.executeUpdate();
                }
                if (updated == 0) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO kms_protection (salt, verifier, memory_kib, iterations, parallelism,"
                            + " updated_at, address, failed_tries, lockouts) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)")) {
                        bindVerifier(ps, salt, verifier, argon2);
                        ps.setObject(6, utc(now));
                        ps.setString(7, owner);
                        ps.executeUpdate();
                    }
                }
                audit.append(c, new AuditEvent(ACTOR, updated == 0 ? "kms.protection.set" : "kms.protection.change", owner, ""));
                return null;
            });
        } finally {
            Arrays.fill(verifier, (byte) 0);
        }
    }

    /** Removes the protection password of {@code address}; false when there was none. Audited. */
    public boolean clearPassword(String address) {
        String owner = OwnerAddress.lookupForm(address);
        return db.inTransaction(c -> {
            int deleted;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM kms_protection WHERE address = ?")) {
                ps.setString(1, owner);
                deleted = ps.executeUpdate();
            }
            if (deleted > 0) {
                audit.append(c, new AuditEvent(ACTOR, "kms.protection.clear", owner, ""));
            }
            return deleted > 0;
        });
    }

    /** Whether {@code address} has a protection password. */
    public boolean isProtected(String address) {
        String owner = OwnerAddress.lookupForm(address);
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM kms_protection WHERE address = ?")) {
                ps.setString(1, owner);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /**
     * Checks {@code password} for {@code address}, updates the counters and audits the attempt, all in
     * one transaction.
     */
    public PasswordCheck verify(String address, char[] password) {
        String owner = OwnerAddress.lookupForm(address);
        return db.inTransaction(c -> {
            Stored stored = lockRow(c, owner);
            Instant now = now();
            if (stored == null) {
                audit.append(c, new AuditEvent(ACTOR, "kms.protection.verify", owner, "result=not-protected"));
                return new PasswordCheck.NotProtected();
            }
            if (stored.lockedUntil() != null && now.isBefore(stored.lockedUntil())) {
                audit.append(c, new AuditEvent(ACTOR, "kms.protection.verify", owner, "result=locked until=" + stored.lockedUntil()));
                return new PasswordCheck.Locked(stored.lockedUntil());
            }
            boolean right = rightPassword(password, stored);
            if (right) {
                update(c, owner, 0, 0, null, now);
                audit.append(c, new AuditEvent(ACTOR, "kms.protection.verify", owner, "result=ok"));
                return new PasswordCheck.Ok();
            }
            int failed = stored.failedTries() + 1;
            if (failed < settings.maxTries()) {
                update(c, owner, failed, stored.lockouts(), null, now);
                int remaining = settings.maxTries() - failed;
                audit.append(c, new AuditEvent(ACTOR, "kms.protection.verify", owner, "result=wrong remaining=" + remaining));
                return new PasswordCheck.Wrong(remaining);
            }
            int lockouts = stored.lockouts() + 1;
            Instant until = now.plus(settings.delay(lockouts)).truncatedTo(ChronoUnit.MICROS);
            // failed stays at the limit: after the lock-out the next wrong try locks again, longer.
            update(c, owner, settings.maxTries(), lockouts, until, now);
            audit.append(c, new AuditEvent(ACTOR, "kms.protection.verify", owner,
                    "result=wrong locked lockout=" + lockouts + " until=" + until));
            return new PasswordCheck.Locked(until);
        });
    }

    private boolean rightPassword(char[] password, Stored stored) {
        if (password == null || password.length == 0) {
            return false;
        }
        byte[] candidate = hash(password, stored.salt(), stored.argon2());
        try {
            // MessageDigest.isEqual takes time independent of where the arrays differ.
            return MessageDigest.isEqual(candidate, stored.verifier());
        } finally {
            Arrays.fill(candidate, (byte) 0);
        }
    }

    /** Argon2id of the password's UTF-8 bytes. */
    static byte[] hash(char[] password, byte[] salt, Argon2Settings argon2) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        // The encoder's buffer holds the password too; clear it before it is dropped.
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        try {
            Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withSalt(salt)
                    .withMemoryAsKB(argon2.memoryKib())
                    .withIterations(argon2.iterations())
                    .withParallelism(argon2.parallelism())
                    .build();
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(parameters);
            byte[] out = new byte[HASH_BYTES];
            generator.generateBytes(bytes, out);
            return out;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static Stored lockRow(Connection c, String owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT salt, verifier, memory_kib, iterations, parallelism, failed_tries, lockouts,"
                + " locked_until FROM kms_protection WHERE address = ? FOR UPDATE")) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                OffsetDateTime until = rs.getObject(8, OffsetDateTime.class);
                return new Stored(rs.getBytes(1), rs.getBytes(2), new Argon2Settings(rs.getInt(3), rs.getInt(4), rs.getInt(5)),
                        rs.getInt(6), rs.getInt(7), until == null ? null : until.toInstant());
            }
        }
    }

    private static void update(Connection c, String owner, int failed, int lockouts, Instant lockedUntil, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE kms_protection SET failed_tries = ?, lockouts = ?, locked_until = ?, updated_at = ?"
                + " WHERE address = ?")) {
            ps.setInt(1, failed);
            ps.setInt(2, lockouts);
            ps.setObject(3, lockedUntil == null ? null : utc(lockedUntil), java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setObject(4, utc(now));
            ps.setString(5, owner);
            ps.executeUpdate();
        }
    }

    private static void bindVerifier(PreparedStatement ps, byte[] salt, byte[] verifier, Argon2Settings argon2) throws SQLException {
        ps.setBytes(1, salt);
        ps.setBytes(2, verifier);
        ps.setInt(3, argon2.memoryKib());
        ps.setInt(4, argon2.iterations());
        ps.setInt(5, argon2.parallelism());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A row of kms_protection. */
    private record Stored(byte[] salt, byte[] verifier, Argon2Settings argon2, int failedTries, int lockouts, Instant lockedUntil) {
    }
}
