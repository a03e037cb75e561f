package org.sealpost.kms;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.sealpost.storage.Database;
import org.sealpost.storage.audit.AuditLog;
import org.sealpost.storage.audit.AuditRecord;
import org.sealpost.vault.Vault;
import org.sealpost.vault.VaultClient;

/**
 * A key service for one test: its database (H2 or PostgreSQL), n embedded vaults in a temporary
 * directory behind switchable clients, a test clock and tiny Argon2 parameters.
 */
final class KeyServiceRig implements AutoCloseable {
    static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    static final SecureRandom RANDOM = new SecureRandom();
    // The lock-out rules are tested in KeyProtectionTest; here only their effect on release matters.
    static final ProtectionSettings PROTECTION =
            new ProtectionSettings(new Argon2Settings(64, 1, 1), 5, Duration.ofMinutes(1), Duration.ofMinutes(10));

    final MutableClock clock = new MutableClock(START);
    final Database db;
    final AuditLog audit;
    final KeyPool pool = new KeyPool(new KeyPairFactory(RANDOM), new KeyPoolSettings(Map.of(), 1));
    final EmbeddedVaults embedded;
    final List<SwitchableVaultClient> vaults;
    final KeyProtection protection;
    final KeyService service;

    KeyServiceRig(Database db, Path dir, int k, int n) {
        this.db = db;
        this.audit = new AuditLog(db, clock);
        this.embedded = EmbeddedVaults.open(dir, n, RANDOM);
        this.vaults = embedded.clients().stream().map(SwitchableVaultClient::new).toList();
        this.protection = new KeyProtection(db, audit, clock, RANDOM, PROTECTION);
        this.service = new KeyService(db, audit, pool, List.<VaultClient>copyOf(vaults), k, protection, clock, RANDOM);
    }

    /** Vault {@code i} (0-based) itself, for reading its stored shares directly. */
    Vault vault(int i) {
        return embedded.services().get(i).vault();
    }

    List<KeyRecord> history(String address) {
        return db.inTransaction(c -> new KeyRepository().history(c, address));
    }

    java.util.Optional<KeyRecord> current(String address) {
        return db.inTransaction(c -> new KeyRepository().current(c, address));
    }

    java.util.Optional<KeyRecord> find(String keyId) {
        return db.inTransaction(c -> new KeyRepository().find(c, keyId));
    }

    List<KeyRecord> pendingBefore(Instant cutoff) {
        return db.inTransaction(c -> new KeyRepository().pendingOlderThan(c, cutoff));
    }

    List<AuditRecord> auditRecords() {
        return audit.tail(10_000);
    }

    static KeyPair transportKey() {
        return new KeyPairFactory(RANDOM).generate(KeySpec.EC_P256);
    }

    @Override
    public void close() {
        pool.close();
        embedded.close();
    }
}
