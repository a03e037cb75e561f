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
import java.util.concurrent.Semaphore;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.sealpost.storage.Database;
import org.sealpost.storage.StorageException;
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
 * <p>Argon2 holds {@link Argon2Settings#memoryKib()} of memory per hash and, with one lane, one core:
 * at most as many hashes as there are cores run at once (more would only add memory, not speed), so
 * a burst of password checks queues instead of exhausting the heap.
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
    private final Semaphore hashing = new Semaphore(Runtime.getRuntime().availableProcessors(), true);

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
        NewVerifier created = newVerifier(password);
        try {
            db.inTransaction(c -> {
                Instant now = now();
                int updated = replaceVerifier(c, owner, created, now);
                if (updated == 0) {
                    insertVerifier(c, owner, created, now);
                }
                audit.append(c, new AuditEvent(ACTOR, updated == 0 ? "kms.protection.set" : "kms.protection.change", owner, ""));
                return null;
            });
        } finally {
            created.wipe();
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

    /**
     * Sets the first protection password of {@code address}, for the owner's device: unlike
     * {@link #setPassword}, never replaces one (of two devices setting a password at once, one wins
     * and the other learns that a password is set).
     *
     * @param actor who sets it, for the audit trail
     * @return false when the address already has a password (nothing changed)
     * @throws IllegalArgumentException when the password is empty
     */
    public boolean setFirstPassword(String address, char[] password, String actor) {
        String owner = OwnerAddress.lookupForm(address);
        requireActor(actor);
        NewVerifier created = newVerifier(password);
        try {
            return db.inTransaction(c -> {
                insertVerifier(c, owner, created, now());
                audit.append(c, new AuditEvent(actor, "kms.protection.set", owner, ""));
                return true;
            });
        } catch (StorageException e) {
            if (e.isUniqueViolation()) {
                return false;
            }
            throw e;
        } finally {
            created.wipe();
        }
    }

    /**
     * Replaces the protection password of {@code address} when {@code current} is right. The check
     * counts toward the same lock-out as a release and is audited like one; only on {@link
     * PasswordCheck.Ok} is the password replaced (and the counters reset), in the same transaction.
     *
     * @param actor who asks, for the audit trail
     * @return the check of {@code current}; {@link PasswordCheck.NotProtected} when the address has no
     *         password (nothing changed: use {@link #setFirstPassword})
     * @throws IllegalArgumentException when the new password is empty
     */
    public PasswordCheck changePassword(String address, char[] current, char[] replacement, String actor) {
        String owner = OwnerAddress.lookupForm(address);
        requireActor(actor);
        // Hashed before the row is locked: the lock is then held for one Argon2 run, not two.
        NewVerifier created = newVerifier(replacement);
        try {
            return db.inTransaction(c -> {
                PasswordCheck check = check(c, owner, current, actor);
                if (check instanceof PasswordCheck.Ok) {
                    replaceVerifier(c, owner, created, now());
                    audit.append(c, new AuditEvent(actor, "kms.protection.change", owner, ""));
                }
                return check;
            });
        } finally {
            created.wipe();
        }
    }

    /**
     * Removes the protection password of {@code address} when {@code current} is right; the check
     * counts toward the lock-out and is audited, as for {@link #changePassword}.
     *
     * @param actor who asks, for the audit trail
     * @return the check of {@code current}; {@link PasswordCheck.NotProtected} when there was none
     */
    public PasswordCheck removePassword(String address, char[] current, String actor) {
        String owner = OwnerAddress.lookupForm(address);
        requireActor(actor);
        return db.inTransaction(c -> {
            PasswordCheck check = check(c, owner, current, actor);
            if (check instanceof PasswordCheck.Ok) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM kms_protection WHERE address = ?")) {
                    ps.setString(1, owner);
                    ps.executeUpdate();
                }
                audit.append(c, new AuditEvent(actor, "kms.protection.clear", owner, ""));
            }
            return check;
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
        return db.inTransaction(c -> check(c, owner, password, ACTOR));
    }

    /** Checks under the row lock, updates the counters and audits the attempt in {@code c}'s transaction. */
    private PasswordCheck check(Connection c, String owner, char[] password, String actor) throws SQLException {
        Stored stored = lockRow(c, owner);
        Instant now = now();
        if (stored == null) {
            audit.append(c, new AuditEvent(actor, "kms.protection.verify", owner, "result=not-protected"));
            return new PasswordCheck.NotProtected();
        }
        if (stored.lockedUntil() != null && now.isBefore(stored.lockedUntil())) {
            audit.append(c, new AuditEvent(actor, "kms.protection.verify", owner, "result=locked until=" + stored.lockedUntil()));
            return new PasswordCheck.Locked(stored.lockedUntil());
        }
        boolean right = rightPassword(password, stored);
        if (right) {
            update(c, owner, 0, 0, null, now);
            audit.append(c, new AuditEvent(actor, "kms.protection.verify", owner, "result=ok"));
            return new PasswordCheck.Ok();
        }
        int failed = stored.failedTries() + 1;
        if (failed < settings.maxTries()) {
            update(c, owner, failed, stored.lockouts(), null, now);
            int remaining = settings.maxTries() - failed;
            audit.append(c, new AuditEvent(actor, "kms.protection.verify", owner, "result=wrong remaining=" + remaining));
            return new PasswordCheck.Wrong(remaining);
        }
        int lockouts = stored.lockouts() + 1;
        Instant until = now.plus(settings.delay(lockouts)).truncatedTo(ChronoUnit.MICROS);
        // failed stays at the limit: after the lock-out the next wrong try locks again, longer.
        update(c, owner, settings.maxTries(), lockouts, until, now);
        audit.append(c, new AuditEvent(actor, "kms.protection.verify", owner,
                "result=wrong locked lockout=" + lockouts + " until=" + until));
        return new PasswordCheck.Locked(until);
    }

    private boolean rightPassword(char[] password, Stored stored) {
        if (password == null || password.length == 0) {
            return false;
        }
        byte[] candidate = boundedHash(password, stored.salt(), stored.argon2());
        try {
            // MessageDigest.isEqual takes time independent of where the arrays differ.
            return MessageDigest.isEqual(candidate, stored.verifier());
        } finally {
            Arrays.fill(candidate, (byte) 0);
        }
    }

    /** A fresh salt and the Argon2id verifier of a new password under the current settings. */
    private NewVerifier newVerifier(char[] password) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("the protection password must not be empty");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Argon2Settings argon2 = settings.argon2();
        return new NewVerifier(salt, boundedHash(password, salt, argon2), argon2);
    }

    private byte[] boundedHash(char[] password, byte[] salt, Argon2Settings argon2) {
        hashing.acquireUninterruptibly();
        try {
            return hash(password, salt, argon2);
        } finally {
            hashing.release();
        }
    }

    private static void requireActor(String actor) {
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("a change of the protection password needs the actor");
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

    /** Replaces the verifier and resets the counters; the number of rows changed (0: no password yet). */
    private static int replaceVerifier(Connection c, String owner, NewVerifier created, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE kms_protection SET salt = ?, verifier = ?, memory_kib = ?, iterations = ?,"
                + " parallelism = ?, failed_tries = 0, lockouts = 0, locked_until = NULL, updated_at = ? WHERE address = ?")) {
            bindVerifier(ps, created, owner, now);
            return ps.executeUpdate();
        }
    }

    /** Inserts the first verifier of {@code owner}; a unique violation when there is one already. */
    private static void insertVerifier(Connection c, String owner, NewVerifier created, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO kms_protection (salt, verifier, memory_kib, iterations, parallelism,"
                + " updated_at, address, failed_tries, lockouts) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)")) {
            bindVerifier(ps, created, owner, now);
            ps.executeUpdate();
        }
    }

    private static void bindVerifier(PreparedStatement ps, NewVerifier created, String owner, Instant now) throws SQLException {
        ps.setBytes(1, created.salt());
        ps.setBytes(2, created.verifier());
        ps.setInt(3, created.argon2().memoryKib());
        ps.setInt(4, created.argon2().iterations());
        ps.setInt(5, created.argon2().parallelism());
        ps.setObject(6, utc(now));
        ps.setString(7, owner);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A verifier about to be stored; {@link #wipe()} clears it once written (or not). */
    private record NewVerifier(byte[] salt, byte[] verifier, Argon2Settings argon2) {
        void wipe() {
            Arrays.fill(verifier, (byte) 0);
        }
    }

    /** A row of kms_protection. */
    private record Stored(byte[] salt, byte[] verifier, Argon2Settings argon2, int failedTries, int lockouts, Instant lockedUntil) {
    }
}
