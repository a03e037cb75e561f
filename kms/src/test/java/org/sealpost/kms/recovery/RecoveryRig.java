package org.sealpost.kms.recovery;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.sealpost.kms.Argon2Settings;
import org.sealpost.kms.EmbeddedVaults;
import org.sealpost.kms.KeyPairFactory;
import org.sealpost.kms.KeyPool;
import org.sealpost.kms.KeyPoolSettings;
import org.sealpost.kms.KeyProtection;
import org.sealpost.kms.KeyService;
import org.sealpost.kms.KeySpec;
import org.sealpost.kms.MutableClock;
import org.sealpost.kms.ProtectionSettings;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.audit.AuditRecord;

/**
 * Legal-hold recovery for one test: the key service's database (H2 or PostgreSQL), two embedded
 * vaults (2-of-2) in a temporary directory, a test clock, the officer registry and the recovery
 * service. The vaults can be closed and opened again, as a vault outage.
 */
final class RecoveryRig implements AutoCloseable {
    static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    static final SecureRandom RANDOM = new SecureRandom();
    static final KeyPairFactory KEYS = new KeyPairFactory(RANDOM);
    private static final ProtectionSettings PROTECTION =
            new ProtectionSettings(new Argon2Settings(64, 1, 1), 5, Duration.ofMinutes(1), Duration.ofMinutes(10));

    final MutableClock clock = new MutableClock(START);
    final Database db;
    final AuditLog audit;
    final KeyPool pool = new KeyPool(KEYS, new KeyPoolSettings(Map.of(), 1));
    final KeyProtection protection;
    final RecoveryOfficers officers;
    final RecoveryRequests requests;
    private final Path dir;
    private EmbeddedVaults vaults;
    KeyService keys;
    RecoveryService recovery;

    RecoveryRig(Database db, Path dir) {
        this.db = db;
        this.dir = dir;
        this.audit = new AuditLog(db, clock);
        this.protection = new KeyProtection(db, audit, clock, RANDOM, PROTECTION);
        this.officers = new RecoveryOfficers(db, audit, clock, RANDOM);
        this.requests = new RecoveryRequests(db, clock);
        openVaults();
    }

    private void openVaults() {
        vaults = EmbeddedVaults.open(dir, 2, RANDOM);
        keys = new KeyService(db, audit, pool, vaults.clients(), 2, protection, clock, RANDOM);
        recovery = new RecoveryService(db, audit, keys, clock, RANDOM, RecoveryService.DEFAULT_LIFETIME);
    }

    /** Both vaults go down: every read fails until {@link #vaultsBack()}. */
    void vaultsDown() {
        vaults.close();
    }

    /** The vaults are opened again from their directories (same ids, same shares), with a new key and recovery service. */
    void vaultsBack() {
        openVaults();
    }

    List<AuditRecord> auditRecords() {
        return audit.tail(10_000);
    }

    List<String> auditActions() {
        return auditRecords().stream().map(AuditRecord::action).toList();
    }

    /** A recovery officer's key pair of {@code spec}. */
    static KeyPair officerKey(KeySpec spec) {
        return KEYS.generate(spec);
    }

    /** {@code key}'s signature over {@code message}, as {@code openssl dgst -sha256 -sign} makes it. */
    static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature signer = Signature.getInstance(key instanceof RSAPrivateKey ? "SHA256withRSA" : "SHA256withECDSA");
            signer.initSign(key, RANDOM);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        pool.close();
        vaults.close();
    }
}
